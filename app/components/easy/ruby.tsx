import type { RubySegment } from '#app/modules/easy/readings.ts'

/**
 * Text with furigana from the server (segments). React escapes every text node, so user text
 * can never become markup; ruby is shown or hidden by the easy view's setting (CSS), so turning
 * furigana off needs no reload.
 */
export function Ruby({ segments, className }: { segments: readonly RubySegment[]; className?: string }) {
	// Plain runs are bare strings and ruby has no <rp> fallback (every supported browser renders
	// ruby): a full plan has ~600 ruby words, and each extra node is paid on every page view.
	return (
		<span className={className}>
			{segments.map((s, i) =>
				s.reading ? (
					<ruby key={i}>
						{s.text}
						<rt>{s.reading}</rt>
					</ruby>
				) : (
					s.text
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
