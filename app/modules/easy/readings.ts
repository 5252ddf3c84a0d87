import { WELFARE_READINGS } from './welfare-readings.ts'

/**
 * The reviewed reading list (welfare-readings.ts) as a glossary: parsed and checked once, then
 * used to cut a text into fixed-reading terms and the free text between them, which the
 * analyzer reads. Pure.
 */

/** One piece of text with its reading; no reading = shown without ruby (kana, Latin, punctuation). */
export type RubySegment = { text: string; reading?: string }

export type GlossaryEntry = { term: string; segments: RubySegment[] }

const HIRAGANA = /^[\u3041-\u309f\u30fc]+$/u
const KANJI = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆]/u

export function hasKanji(text: string): boolean {
	return KANJI.test(text)
}

/**
 * Parses and checks the list: every word split has its reading, readings are hiragana, a word
 * with kanji has a reading, no term twice. Throws with every problem at once (a broken list
 * must fail the tests and the start-up, never show wrong furigana quietly).
 */
export function parseReadingList(entries: ReadonlyArray<{ term: string; reading: string }>): GlossaryEntry[] {
	const problems: string[] = []
	const seen = new Set<string>()
	const parsed: GlossaryEntry[] = []
	for (const { term, reading } of entries) {
		const words = term.split('|')
		const readings = reading.split('|')
		const whole = words.join('')
		if (words.length !== readings.length) problems.push(`${whole}: ${words.length}語に対して読みが${readings.length}個です`)
		if (seen.has(whole)) problems.push(`${whole}: 二重に登録されています`)
		seen.add(whole)
		words.forEach((word, i) => {
			const r = readings[i] ?? ''
			if (word === '') problems.push(`${whole}: 空の語があります`)
			if (r !== '' && !HIRAGANA.test(r)) problems.push(`${whole}: 読み「${r}」がひらがなではありません`)
			if (r === '' && hasKanji(word)) problems.push(`${whole}: 漢字の語「${word}」に読みがありません`)
		})
		parsed.push({ term: whole, segments: words.map((text, i) => (readings[i] ? { text, reading: readings[i] } : { text })) })
	}
	if (problems.length > 0) throw new Error(`読みの一覧に誤りがあります:\n${problems.join('\n')}`)
	// Longest first: 相談支援専門員 before 相談支援.
	return parsed.sort((a, b) => b.term.length - a.term.length || a.term.localeCompare(b.term))
}

let glossary: GlossaryEntry[] | null = null
export function welfareGlossary(): GlossaryEntry[] {
	glossary ??= parseReadingList(WELFARE_READINGS)
	return glossary
}

export type GlossaryPiece = { fixed: RubySegment[] } | { free: string }

/**
 * Cuts a text into glossary terms (longest match at each position) and the free runs between
 * them. Scans left to right, so overlapping terms resolve to the one starting first.
 */
export function splitByGlossary(text: string, entries: readonly GlossaryEntry[] = welfareGlossary()): GlossaryPiece[] {
	const pieces: GlossaryPiece[] = []
	let free = ''
	let i = 0
	outer: while (i < text.length) {
		for (const entry of entries) {
			if (text.startsWith(entry.term, i)) {
				if (free) pieces.push({ free })
				free = ''
				pieces.push({ fixed: entry.segments })
				i += entry.term.length
				continue outer
			}
		}
		free += text[i]
		i += 1
	}
	if (free) pieces.push({ free })
	return pieces
}
