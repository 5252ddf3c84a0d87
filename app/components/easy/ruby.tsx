import type { RubySegment } from '#app/modules/easy/readings.ts'

/**
 * Text with furigana from the server (segments). React escapes every text node, so user text
 * can never become markup; ruby is shown or hidden by the easy view's setting (CSS), so turning
 * furigana off needs no reload.
 */
export function Ruby({ segments, className }: { segments: readonly RubySegment[]; className?: string }) {
	return (
		<span className={className}>
			{segments.map((s, i) =>
				s.reading ? (
					<ruby key={i}>
						{s.text}
						<rp>(</rp>
						<rt>{s.reading}</rt>
						<rp>)</rp>
					</ruby>
				) : (
					<span key={i}>{s.text}</span>
				),
			)}
		</span>
	)
}

/** Multi-line text: line breaks kept (the texts are written with them). */
export function RubyText({ segments, empty = 'まだ 書かれていません' }: { segments: readonly RubySegment[]; empty?: string }) {
	if (segments.length === 0 || segments.every((s) => s.text.trim() === '')) return <p className="easy-empty">{empty}</p>
	return <Ruby segments={segments} className="easy-text" />
}
