import { useCallback, useEffect, useLayoutEffect, useRef } from 'react'

/**
 * Where each thread of the comment margin stands: beside its passage, field or row on wide
 * screens (pushed down so cards never overlap), in document order below the form on narrow ones.
 */

/** The group of threads whose passage was deleted: listed apart, below the others. */
export const DETACHED_GROUP = '__detached__'

/**
 * Places each group of the margin beside its target (wide screens): in document order, each
 * at its target's height or just below the group before it. On narrow screens the margin is
 * an ordinary list below the form, still in document order (CSS `order`). Group labels come
 * from the targets (data-comment-label). Writes styles directly: no re-render per pixel.
 */
export function useMarginLayout(
	layoutRef: React.RefObject<HTMLDivElement>,
	mainRef: React.RefObject<HTMLDivElement>,
	marginRef: React.RefObject<HTMLElement>,
	setLabels: (labels: Record<string, string>) => void,
	deps: unknown[],
) {
	const lastLabels = useRef('')
	const layout = useCallback(() => {
		const container = layoutRef.current
		const main = mainRef.current
		const margin = marginRef.current
		if (!container || !main || !margin) return
		const wide = window.matchMedia('(min-width: 1100px)').matches
		const groups = [...margin.querySelectorAll<HTMLElement>('[data-group-target]')]
		const targets = new Map<string, HTMLElement>()
		for (const el of main.querySelectorAll<HTMLElement>('[data-comment-target]')) targets.set(el.dataset.commentTarget ?? '', el)
		const labels: Record<string, string> = {}
		const ordered = groups
			.map((group) => {
				const key = group.dataset.groupTarget ?? ''
				const target = targets.get(key)
				if (target?.dataset.commentLabel) labels[key] = target.dataset.commentLabel
				return { group, target, key }
			})
			.sort((a, b) => {
				if (a.key === DETACHED_GROUP || b.key === DETACHED_GROUP) return a.key === DETACHED_GROUP ? 1 : -1
				if (!a.target || !b.target) return a.target ? -1 : b.target ? 1 : 0
				return a.target.compareDocumentPosition(b.target) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1
			})
		const header = margin.querySelector<HTMLElement>('[data-margin-fixed]')
		const containerTop = container.getBoundingClientRect().top
		let next = header ? header.offsetHeight + 8 : 0
		ordered.forEach(({ group, target }, index) => {
			group.style.order = String(index + 1)
			if (!wide) {
				group.style.position = ''
				group.style.top = ''
				return
			}
			const wanted = target ? target.getBoundingClientRect().top - containerTop : next
			const top = Math.max(wanted, next)
			group.style.position = 'absolute'
			group.style.top = `${top}px`
			next = top + group.offsetHeight + 8
		})
		margin.style.minHeight = wide ? `${next}px` : ''
		const json = JSON.stringify(labels)
		if (json !== lastLabels.current) {
			lastLabels.current = json
			setLabels(labels)
		}
	}, [layoutRef, mainRef, marginRef, setLabels])

	useLayoutEffect(layout)
	// eslint-disable-next-line react-hooks/exhaustive-deps -- deps are the things that move groups
	useLayoutEffect(layout, deps)
	useEffect(() => {
		const observer = new ResizeObserver(() => layout())
		if (mainRef.current) observer.observe(mainRef.current)
		if (marginRef.current) for (const child of marginRef.current.children) observer.observe(child)
		window.addEventListener('resize', layout)
		return () => {
			observer.disconnect()
			window.removeEventListener('resize', layout)
		}
	})
}
