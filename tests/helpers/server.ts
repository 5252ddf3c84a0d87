import type { AddressInfo } from 'node:net'
import { createAppServer, type AppServer } from '#server/app.ts'

/** Starts the real app server (Remix build + collaboration endpoint) on an ephemeral port. */
export async function startTestServer(): Promise<{ server: AppServer; origin: string; stop(): Promise<void> }> {
	const server = await createAppServer()
	await new Promise<void>((resolve) => server.httpServer.listen(0, '127.0.0.1', resolve))
	const { port } = server.httpServer.address() as AddressInfo
	return { server, origin: `http://127.0.0.1:${port}`, stop: () => server.close() }
}

/** Extracts "name=value" from a Set-Cookie header. */
export function cookiePair(setCookie: string | null): string {
	if (!setCookie) throw new Error('no Set-Cookie header')
	return setCookie.split(';')[0]
}
