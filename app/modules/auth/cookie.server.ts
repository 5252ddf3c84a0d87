import { parse, serialize } from 'cookie'
import { ABSOLUTE_LIFETIME_MS } from './session.server.ts'

/**
 * The session cookie. In production it carries the `__Host-` prefix and `Secure`
 * (HTTPS only, no Domain, Path=/); in development and tests the app runs on plain-http
 * localhost, where a Secure cookie cannot be relied on, so the prefix is dropped too.
 */
export function sessionCookieName(): string {
	return isSecureCookie() ? '__Host-kizuna_session' : 'kizuna_session'
}

/**
 * The server decides once at start-up (server/app.ts sets KIZUNA_SECURE_COOKIES from its
 * NODE_ENV). We cannot read NODE_ENV here: the Remix compiler replaces it in the bundled
 * copy of this module, and the websocket server's copy must agree on the cookie name.
 */
export function isSecureCookie(): boolean {
	const configured = process.env.KIZUNA_SECURE_COOKIES
	if (configured === '1') return true
	if (configured === '0') return false
	return process.env.NODE_ENV === 'production'
}

export function readSessionToken(cookieHeader: string | null | undefined): string | null {
	if (!cookieHeader) return null
	try {
		const value = parse(cookieHeader)[sessionCookieName()]
		return typeof value === 'string' && value.length > 0 ? value : null
	} catch {
		return null
	}
}

export function serializeSessionCookie(token: string): string {
	return serialize(sessionCookieName(), token, {
		httpOnly: true,
		secure: isSecureCookie(),
		sameSite: 'lax',
		path: '/',
		maxAge: Math.floor(ABSOLUTE_LIFETIME_MS / 1000),
	})
}

export function serializeClearedSessionCookie(): string {
	return serialize(sessionCookieName(), '', {
		httpOnly: true,
		secure: isSecureCookie(),
		sameSite: 'lax',
		path: '/',
		maxAge: 0,
	})
}
