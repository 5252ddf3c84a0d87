import { Transform } from 'node:stream'
import type { AppLoadContext, EntryContext } from '@remix-run/node'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { isRouteErrorResponse, RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { trimUnwrittenBytes } from './utils/html-chunk.ts'
import { NonceProvider } from './utils/nonce.tsx'

const ABORT_DELAY = 5_000

export default function handleRequest(
	request: Request,
	responseStatusCode: number,
	responseHeaders: Headers,
	remixContext: EntryContext,
	loadContext: AppLoadContext,
) {
	const nonce = loadContext.cspNonce ?? ''
	const callback = isbot(request.headers.get('user-agent') ?? '') ? 'onAllReady' : 'onShellReady'
	return new Promise((resolve, reject) => {
		let shellRendered = false
		const { pipe, abort } = renderToPipeableStream(
			<NonceProvider value={nonce}>
				<RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />
			</NonceProvider>,
			{
				nonce,
				[callback]() {
					shellRendered = true
					// Not a PassThrough: React 18 can leave NULs inside Japanese text (see html-chunk.ts).
					const body = new Transform({
						transform(chunk: Uint8Array, _encoding, done) {
							done(null, trimUnwrittenBytes(chunk))
						},
					})
					const stream = createReadableStreamFromReadable(body)
					responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
					resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }))
					pipe(body)
				},
				onShellError(error: unknown) {
					reject(error)
				},
				onError(error: unknown) {
					responseStatusCode = 500
					if (shellRendered) console.error(error)
				},
			},
		)
		setTimeout(abort, ABORT_DELAY)
	})
}

/**
 * Remix's default logs every error with its stack, including "no route matches" for any URL a
 * scanner tries. Unmatched URLs and other 4xx answers are not faults: log only real errors.
 */
export function handleError(error: unknown, { request }: { request: Request }) {
	if (request.signal.aborted) return
	if (isRouteErrorResponse(error) && error.status < 500) return
	if (error instanceof Response && error.status < 500) return
	console.error(error)
}
