import { json, redirect } from '@remix-run/node'
import type { Actor } from '#app/policies/index.ts'
import { isAccountRole, type AccountRole } from '#app/policies/roles.ts'
import { activeOn } from '#app/policies/index.ts'
import { prisma } from '#app/utils/db.server.ts'
import { todayJst } from '#app/utils/dates.ts'
import { readSessionToken, serializeClearedSessionCookie } from './cookie.server.ts'
import { validateSessionToken, type SessionRecord, type SessionUser } from './session.server.ts'

export type CurrentUser = {
	user: SessionUser & { role: AccountRole }
	session: SessionRecord
	actor: Actor
}

/** The server sets this header from the socket address and strips any incoming copy. */
export const CLIENT_IP_HEADER = 'x-kizuna-client-ip'

export function clientIp(request: Request): string {
	return request.headers.get(CLIENT_IP_HEADER) ?? ''
}

/** The actor the policy module needs: account role plus current organisation memberships. */
export async function loadActor(user: { id: string; role: string; disabledAt?: Date | null; clientId?: string | null }): Promise<Actor> {
	const today = todayJst()
	const memberships = await prisma.organizationMembership.findMany({
		where: { userId: user.id, ...activeOn(today) },
		select: { organizationId: true },
	})
	if (!isAccountRole(user.role)) throw new Error(`Unknown account role ${user.role}`)
	// A 本人 account reaches only its own case (policies/self-plan.ts): always load which one.
	const ownClientId =
		user.role !== 'client_self'
			? undefined
			: user.clientId !== undefined
				? user.clientId
				: ((await prisma.user.findUnique({ where: { id: user.id }, select: { clientId: true } }))?.clientId ?? null)
	return {
		id: user.id,
		role: user.role,
		organizationIds: memberships.map((m) => m.organizationId),
		disabled: Boolean(user.disabledAt),
		...(ownClientId !== undefined ? { ownClientId } : {}),
	}
}

// The root loader and the route loader of one document request share the Request object:
// validate its session once.
const resolved = new WeakMap<Request, Promise<CurrentUser | null>>()

/** Resolves the session cookie of a request. Garbage and expired cookies give null. */
export function getCurrentUser(request: Request): Promise<CurrentUser | null> {
	let pending = resolved.get(request)
	if (!pending) {
		pending = resolveCurrentUser(request)
		resolved.set(request, pending)
	}
	return pending
}

async function resolveCurrentUser(request: Request): Promise<CurrentUser | null> {
	const token = readSessionToken(request.headers.get('cookie'))
	if (!token) return null
	const result = await validateSessionToken(token)
	if (!result.ok) return null
	// A half-signed session (second factor not yet given) is nobody to the app.
	if (result.session.stage !== 'full') return null
	if (!isAccountRole(result.user.role)) return null
	const actor = await loadActor(result.user)
	return { user: { ...result.user, role: result.user.role }, session: result.session, actor }
}

/** For pages: sends anonymous visitors to the login page and back afterwards. */
export async function requireUser(request: Request): Promise<CurrentUser> {
	const current = await getCurrentUser(request)
	if (current) return current
	const url = new URL(request.url)
	const redirectTo = `${url.pathname}${url.search}`
	const params = new URLSearchParams({ redirectTo })
	// Half-way through signing in (password given, code not yet): back to that step, cookie kept.
	const pending = await getPendingSignIn(request)
	if (pending) throw redirect(`${pending.session.stage === 'enrol' ? '/login/enrol' : '/login/two-factor'}?${params}`)
	const hadCookie = Boolean(readSessionToken(request.headers.get('cookie')))
	throw redirect(`/login?${params}`, hadCookie ? { headers: { 'Set-Cookie': serializeClearedSessionCookie() } } : undefined)
}

/** For the JSON API: anonymous → 401 with a JSON body. */
export async function requireApiUser(request: Request): Promise<CurrentUser> {
	const current = await getCurrentUser(request)
	if (current) return current
	throw json({ error: 'unauthenticated', message: 'ログインが必要です' }, { status: 401 })
}

export async function requireAnonymous(request: Request): Promise<void> {
	if (await getCurrentUser(request)) throw redirect('/')
}

export type PendingSignIn = { user: SessionUser & { role: AccountRole }; session: SessionRecord; token: string }

/** The half-signed session of a request (password checked, second factor awaited), or null. */
export async function getPendingSignIn(request: Request): Promise<PendingSignIn | null> {
	const token = readSessionToken(request.headers.get('cookie'))
	if (!token) return null
	const result = await validateSessionToken(token)
	if (!result.ok || result.session.stage === 'full' || !isAccountRole(result.user.role)) return null
	return { user: { ...result.user, role: result.user.role }, session: result.session, token }
}

export { safeRedirect } from '#app/utils/safe-redirect.ts'
