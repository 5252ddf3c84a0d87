import type { MouseEvent } from 'react'

/**
 * 本文へ移動: the first stop of the keyboard, past the header to the page's main content.
 * A plain `#main` jump would change the address's hash, which the router sees as a navigation
 * outside it (and warns about while a document blocks leaving with unsaved edits); and Chromium
 * leaves keyboard focus behind when the target cannot take it. So the link moves focus itself
 * (main has tabIndex -1) and the address stays as it is. Without JavaScript the anchor still jumps.
 */
export function SkipLink({ targetId = 'main' }: { targetId?: string }) {
	const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
		const target = document.getElementById(targetId)
		if (!target) return
		event.preventDefault()
		target.focus({ preventScroll: true })
		target.scrollIntoView({ block: 'start' })
	}
	return (
		<a className="skip-link" href={`#${targetId}`} onClick={onClick} data-testid="skip-link">
			本文へ移動
		</a>
	)
}
