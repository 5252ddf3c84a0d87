import { useSyncExternalStore } from 'react'

function subscribe(): () => void {
	return () => {}
}

/**
 * False during server rendering and hydration, true afterwards (and on every render after
 * a client-side navigation). Lets browser-only UI wait until `window` exists.
 */
export function useHydrated(): boolean {
	return useSyncExternalStore(
		subscribe,
		() => true,
		() => false,
	)
}
