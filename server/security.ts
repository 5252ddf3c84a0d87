import crypto from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { TLSSocket } from 'node:tls'
import type { NextFunction, Request, Response } from 'express'
import { CLIENT_IP_HEADER } from '#app/modules/auth/auth.server.ts'
import { getEnv } from '#app/utils/env.server.ts'

function forwardedList(value: string | string[] | undefined): string[] {
	const joined = Array.isArray(value) ? value.join(',') : (value ?? '')
	return joined
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean)
}

/**
 * The address a request came from. Behind TRUST_PROXY reverse proxies it is read from
 * X-Forwarded-For, counting that many hops from the right (entries further left were written by
 * the client and are not believed); otherwise it is the socket's peer.
 */
export function clientAddress(req: IncomingMessage, hops = getEnv().TRUST_PROXY): string {
	const peer = req.socket.remoteAddress ?? ''
	if (hops === 0) return peer
	const chain = [...forwardedList(req.headers['x-forwarded-for']), peer]
	return chain[Math.max(0, chain.length - 1 - hops)].slice(0, 64)
}

/** Whether the browser reached us over HTTPS (directly, or at the trusted proxy). */
export function isSecureRequest(req: IncomingMessage, hops = getEnv().TRUST_PROXY): boolean {
	if ((req.socket as TLSSocket).encrypted) return true
	if (hops === 0) return false
	const protos = forwardedList(req.headers['x-forwarded-proto'])
	return protos.length > 0 && protos[Math.max(0, protos.length - hops)].toLowerCase() === 'https'
}

/** Origins allowed for state-changing requests and websocket handshakes. */
export function allowedOrigins(req: { headers: Record<string, string | string[] | undefined> }, extra: string[]): Set<string> {
	const host = req.headers.host
	const origins = new Set(extra)
	if (typeof host === 'string' && host.length > 0) {
		origins.add(`http://${host}`)
		origins.add(`https://${host}`)
	}
	return origins
}

export function parseOriginList(value: string): string[] {
	return value
		.split(',')
		.map((s) => s.trim().replace(/\/$/, ''))
		.filter(Boolean)
}

export function isAllowedOrigin(origin: string | undefined, allowed: Set<string>): boolean {
	return typeof origin === 'string' && allowed.has(origin)
}

/**
 * CSRF defence from the Lucia guide: every non-GET request must carry an Origin header that
 * names this site. Requests without Origin are refused too.
 */
export function originCheck(extraOrigins: string[]) {
	return (req: Request, res: Response, next: NextFunction) => {
		if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next()
		const origin = req.headers.origin
		if (isAllowedOrigin(origin, allowedOrigins(req, extraOrigins))) return next()
		res
			.status(403)
			.type('text/plain; charset=utf-8')
			.send('このリクエストは受け付けられません（送信元を確認できません）。ページを再読み込みしてからもう一度お試しください。')
	}
}

/** Security headers with a per-request CSP nonce for Remix's inline scripts. */
export function securityHeaders(req: Request, res: Response, next: NextFunction) {
	const nonce = crypto.randomBytes(16).toString('base64')
	res.locals.cspNonce = nonce
	res.setHeader(
		'Content-Security-Policy',
		[
			"default-src 'self'",
			`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
			"style-src 'self' 'unsafe-inline'",
			"img-src 'self' data:",
			"connect-src 'self' ws: wss:",
			"font-src 'self'",
			"object-src 'none'",
			"base-uri 'self'",
			"form-action 'self'",
			"frame-ancestors 'none'",
		].join('; '),
	)
	res.setHeader('X-Content-Type-Options', 'nosniff')
	res.setHeader('Referrer-Policy', 'same-origin')
	res.setHeader('X-Frame-Options', 'DENY')
	res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()')
	res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
	// HTTPS only from here on, for two years (set only on HTTPS answers, as RFC 6797 asks).
	if (isSecureRequest(req)) res.setHeader('Strict-Transport-Security', 'max-age=63072000; includeSubDomains')
	// The address the request really came from; a client cannot supply its own.
	req.headers[CLIENT_IP_HEADER] = clientAddress(req)
	next()
}
