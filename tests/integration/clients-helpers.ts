/**
 * Helpers for calling route loaders and actions the way Remix does: a real Request with
 * the session cookie, and thrown Responses (redirects, 403/404 JSON) returned as values.
 */
import { loadActor } from '#app/modules/auth/auth.server.ts'
import { createSession } from '#app/modules/auth/session.server.ts'
import type { Actor } from '#app/policies/index.ts'
import { prisma } from '#app/utils/db.server.ts'

export const USERS = {
	sodan: 'user-sodan',
	kanri: 'user-kanri',
	sabikan: 'user-sabikan',
	staff: 'user-staff',
	kazoku: 'user-kazoku',
	city: 'user-city',
	kyoten: 'user-kyoten',
	admin: 'user-admin',
} as const

export const CLIENTS = {
	sato: 'client-sato-makoto',
	yamada: 'client-yamada-haruto',
	suzuki: 'client-suzuki-hanako',
} as const

export async function cookieFor(userId: string, now?: Date): Promise<string> {
	const { token } = await createSession(userId, {}, now)
	return `kizuna_session=${token}`
}

export async function actorFor(userId: string): Promise<Actor> {
	const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, role: true, disabledAt: true } })
	return loadActor(user)
}

type RouteFn = (args: { request: Request; params: Record<string, string | undefined>; context: { cspNonce: string } }) => Promise<unknown>

/** Runs a loader or action; a thrown Response is returned like a returned one. */
export async function call(
	fn: RouteFn,
	options: {
		path: string
		params?: Record<string, string>
		cookie?: string
		form?: Record<string, string | string[]>
	},
): Promise<Response> {
	const headers = new Headers()
	if (options.cookie) headers.set('cookie', options.cookie)
	let body: FormData | undefined
	if (options.form) {
		body = new FormData()
		for (const [key, value] of Object.entries(options.form)) {
			for (const v of Array.isArray(value) ? value : [value]) body.append(key, v)
		}
	}
	const request = new Request(`http://localhost${options.path}`, {
		method: body ? 'POST' : 'GET',
		headers,
		body,
	})
	try {
		const result = await fn({ request, params: options.params ?? {}, context: { cspNonce: '' } })
		if (result instanceof Response) return result
		throw new Error(`Route returned a non-Response: ${String(result)}`)
	} catch (thrown) {
		if (thrown instanceof Response) return thrown
		throw thrown
	}
}

export async function jsonOf<T = Record<string, unknown>>(response: Response): Promise<T> {
	return (await response.json()) as T
}
