import type { ReactNode } from 'react'
import { useHydrated } from '#app/utils/use-hydrated.ts'

/**
 * Renders `children()` only in the browser after hydration; `fallback` on the server and
 * during hydration. Children are a function so browser-only modules (*.client.tsx, which the
 * server build replaces with empty modules) are not even touched on the server.
 */
export function ClientOnly({ children, fallback = null }: { children: () => ReactNode; fallback?: ReactNode }) {
	return useHydrated() ? <>{children()}</> : <>{fallback}</>
}
