import type { RubySegment } from './readings.ts'

/**
 * Pure helpers around the analyzer's output: HTML escaping, reading kuroshiro's furigana HTML
 * back into segments, and rendering segments as ruby HTML (for print and the benchmark; pages
 * render segments with React, which escapes by itself).
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
const UNESCAPES: Record<string, string> = Object.fromEntries(Object.entries(ESCAPES).map(([k, v]) => [v, k]))

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => ESCAPES[c])
}

export function unescapeHtml(text: string): string {
	return text.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => UNESCAPES[e])
}

const RUBY = /<ruby>([^<]*)<rp>\(<\/rp><rt>([^<]*)<\/rt><rp>\)<\/rp><\/ruby>/g

/**
 * kuroshiro's furigana output (`<ruby>漢<rp>(</rp><rt>かん</rt><rp>)</rp></ruby>`) back into
 * segments. The input to kuroshiro was escaped first, so the only markup in its output is its
 * own ruby; the text and readings are unescaped here and escaped again when rendered.
 */
export function parseFuriganaHtml(html: string): RubySegment[] {
	const segments: RubySegment[] = []
	let last = 0
	for (const match of html.matchAll(RUBY)) {
		if (match.index > last) segments.push({ text: unescapeHtml(html.slice(last, match.index)) })
		segments.push({ text: unescapeHtml(match[1]), reading: unescapeHtml(match[2]) })
		last = match.index + match[0].length
	}
	if (last < html.length) segments.push({ text: unescapeHtml(html.slice(last)) })
	return mergePlain(segments)
}

/** Adjacent segments without a reading become one (smaller payloads, same rendering). */
export function mergePlain(segments: readonly RubySegment[]): RubySegment[] {
	const merged: RubySegment[] = []
	for (const segment of segments) {
		if (segment.text === '') continue
		const previous = merged[merged.length - 1]
		if (previous && previous.reading === undefined && segment.reading === undefined) previous.text += segment.text
		else merged.push({ ...segment })
	}
	return merged
}

/** Segments as HTML: every text and reading escaped, kanji words wrapped in ruby. */
export function segmentsToHtml(segments: readonly RubySegment[]): string {
	return segments
		.map((s) =>
			s.reading ? `<ruby>${escapeHtml(s.text)}<rp>(</rp><rt>${escapeHtml(s.reading)}</rt><rp>)</rp></ruby>` : escapeHtml(s.text),
		)
		.join('')
}

/** The plain text again (what the segments were made from). */
export function segmentsText(segments: readonly RubySegment[]): string {
	return segments.map((s) => s.text).join('')
}

/** The text read aloud: readings in place of kanji (speech engines misread welfare terms too). */
export function segmentsSpoken(segments: readonly RubySegment[]): string {
	return segments.map((s) => s.reading ?? s.text).join('')
}
