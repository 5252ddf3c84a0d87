import { useBlocker } from '@remix-run/react'
import { useEffect, useRef } from 'react'

/**
 * "You have unsaved edits" warnings for live documents. A page may hold several documents at
 * once (the meeting page: the plan and the minutes), but React Router supports only one
 * navigation blocker per page — so each document only reports its state here, and one guard
 * in the root layout blocks in-app navigation while any of them has unsaved edits. Leaving
 * the page (reload, closing the tab) is warned by each document's own beforeunload listener.
 */
const unsavedDocuments = new Set<symbol>()

export function hasUnsavedChanges(): boolean {
	return unsavedDocuments.size > 0
}

/** Reports one document's unsaved state for as long as the calling component is mounted. */
export function useUnsavedWarning(unsaved: boolean): void {
	const id = useRef(Symbol('document'))
	useEffect(() => {
		if (!unsaved) return
		const key = id.current
		unsavedDocuments.add(key)
		const onBeforeUnload = (event: BeforeUnloadEvent) => {
			event.preventDefault()
			// Older browsers need returnValue set to show the prompt.
			event.returnValue = ''
		}
		window.addEventListener('beforeunload', onBeforeUnload)
		return () => {
			unsavedDocuments.delete(key)
			window.removeEventListener('beforeunload', onBeforeUnload)
		}
	}, [unsaved])
}

/** The page's one navigation blocker (rendered once, in the root layout, in the browser). */
export function UnsavedNavigationGuard() {
	const blocker = useBlocker(({ currentLocation, nextLocation }) => hasUnsavedChanges() && currentLocation.pathname !== nextLocation.pathname)
	useEffect(() => {
		if (blocker.state !== 'blocked') return
		if (window.confirm('まだ保存されていない変更があります。このページを離れると失われます。移動しますか？')) blocker.proceed()
		else blocker.reset()
	}, [blocker])
	return null
}
