import type { ErrorRequestHandler, NextFunction, Request, Response } from 'express'

/**
 * The one place where malformed requests are answered before they reach Remix, so that no input
 * can produce a 5xx or a redirect (issue 15):
 * - paths that do not decode, or that decode to dot segments, NUL or backslashes, answer 400/404
 *   and never reach the static file server (which would redirect a directory with a 301);
 * - bodies: the app's forms post application/x-www-form-urlencoded or multipart/form-data.
 *   Anything else is 415, a multipart body without a usable boundary is 400; a multipart body
 *   that does not parse is turned into 400 where it is read (installFormDataGuard);
 * - errors that escape Express are answered without a stack trace.
 */
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data'])
const BODYLESS_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

function plain(res: Response, status: number, message: string): void {
	res.status(status).type('text/plain; charset=utf-8').set('Cache-Control', 'no-store').send(message)
}

export function pathGuard(req: Request, res: Response, next: NextFunction): void {
	const rawPath = (req.originalUrl || req.url || '/').split('?', 1)[0]
	let decoded: string
	try {
		decoded = decodeURIComponent(rawPath)
	} catch {
		return plain(res, 400, 'URLの形式が正しくありません。')
	}
	if (/[\0\\]/.test(decoded) || decoded.split('/').some((segment) => segment === '..' || segment === '.')) {
		return plain(res, 404, 'ページが見つかりません。')
	}
	next()
}

function hasBody(req: Request): boolean {
	const length = req.headers['content-length']
	if (req.headers['transfer-encoding']) return true
	return length !== undefined && length !== '0'
}

export function bodyGuard(req: Request, res: Response, next: NextFunction): void {
	if (BODYLESS_METHODS.has(req.method)) return next()
	const header = req.headers['content-type']
	if (!header) {
		if (!hasBody(req)) return next()
		return plain(res, 415, '送信形式が指定されていません。フォームから送信してください。')
	}
	const [typePart, ...params] = header.split(';')
	const type = typePart.trim().toLowerCase()
	if (!FORM_TYPES.has(type)) {
		return plain(res, 415, `この送信形式（${type.slice(0, 60) || '不明'}）は受け付けていません。フォームから送信してください。`)
	}
	if (type === 'multipart/form-data') {
		const boundary = params
			.map((p) => p.trim())
			.find((p) => p.toLowerCase().startsWith('boundary='))
			?.slice('boundary='.length)
			.replace(/^"(.*)"$/, '$1')
		if (!boundary || boundary.length > 70 || !/^[0-9A-Za-z'()+_,\-./:=? ]+$/.test(boundary)) {
			return plain(res, 400, '送信された内容の形式が正しくありません（multipart の境界がありません）。')
		}
	}
	next()
}

/** Thrown where a body is read: Remix answers a thrown Response as it is (400), never as a 500. */
export function unreadableBodyResponse(): Response {
	return new globalThis.Response('送信された内容を読み取れませんでした。ページを再読み込みしてからもう一度お試しください。', {
		status: 400,
		headers: { 'Content-Type': 'text/plain; charset=utf-8' },
	}) as unknown as Response
}

const GUARD_KEY = Symbol.for('kizuna.form-data-guard')

/**
 * Every action reads its body with request.formData(); a body that does not parse (a broken
 * multipart payload) would throw a TypeError and become a 500. Wrapped once, process-wide, it
 * throws a 400 Response instead — loaders and actions need no try/catch of their own.
 */
export function installFormDataGuard(): void {
	const proto = globalThis.Request.prototype as unknown as Record<symbol, unknown> & { formData(): Promise<FormData> }
	if (proto[GUARD_KEY]) return
	const original = proto.formData
	proto.formData = async function guardedFormData(this: globalThis.Request) {
		try {
			return await original.call(this)
		} catch {
			throw unreadableBodyResponse()
		}
	}
	proto[GUARD_KEY] = true
}

/** Last resort for errors inside Express itself: a short answer, a one-line log, no stack. */
export const errorGuard: ErrorRequestHandler = (error, _req, res, _next) => {
	const status = typeof error?.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500
	if (status >= 500) console.error(`[kizuna] request failed: ${error instanceof Error ? error.message : String(error)}`)
	if (res.headersSent) return
	plain(res, status, status >= 500 ? 'サーバーで問題が発生しました。しばらくしてからもう一度お試しください。' : '要求を処理できませんでした。')
}
