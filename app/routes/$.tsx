import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'

/**
 * Every address no other route matches: a 404 inside the normal page layout (header, skip link).
 * Without this route an unknown address is answered by the root error boundary, and with lazy
 * route discovery the browser may then match the address differently from the server (e.g.
 * /login/x/y partly matches /login) and re-render the page instead of hydrating it.
 */
function notFound(): never {
	throw new Response('Not Found', { status: 404 })
}

export const loader = notFound
export const action = notFound

export default function NotFound() {
	// Never rendered: the loader always throws.
	return null
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
