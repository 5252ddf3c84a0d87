import { CLOSE } from './collab-protocol.ts'

/**
 * What the page says and does when the collaboration server closes the socket.
 * y-websocket itself stops reconnecting on 4400–4499 and retries everything else.
 */
export type CloseNotice = {
	code: number
	message: string
	/** info: a passing event; error: editing has stopped until the user acts */
	tone: 'info' | 'error'
	/** show a link to the login page */
	login?: boolean
	/** offer a 再接続 button */
	retry?: boolean
	/** reconnect by ourselves after this many ms */
	autoRetryMs?: number
	/** no more edits are possible on this connection (editor turns read-only) */
	stopsEditing: boolean
}

export function closeNotice(code: number): CloseNotice | null {
	switch (code) {
		case CLOSE.unauthenticated:
			return { code, tone: 'error', message: 'ログインの有効期限が切れました。もう一度ログインしてください。', login: true, stopsEditing: true }
		case CLOSE.forbidden:
			return { code, tone: 'error', message: 'この文書へのアクセス権がなくなりました。', stopsEditing: true }
		case CLOSE.notFound:
			return { code, tone: 'error', message: 'この文書は見つかりませんでした。', stopsEditing: true }
		case CLOSE.tooManyMessages:
			return {
				code,
				tone: 'error',
				message: '短時間の送信が多すぎるため、接続を一時停止しました。しばらくすると自動で再接続します。',
				retry: true,
				autoRetryMs: 15_000,
				stopsEditing: true,
			}
		case CLOSE.invalidMessage:
			return {
				code,
				tone: 'error',
				message: '送信内容をサーバーが受け付けませんでした。ページを再読み込みしてください。',
				retry: true,
				stopsEditing: true,
			}
		case CLOSE.documentTooLarge:
			return {
				code,
				tone: 'error',
				message: 'この文書は保存できる大きさの上限に達したため、これ以上編集できません。管理者に相談してください。',
				stopsEditing: true,
			}
		case CLOSE.tooManyConnections:
			return { code, tone: 'info', message: 'サーバーが混み合っています。しばらくして自動で再接続します…', stopsEditing: false }
		case CLOSE.internalError:
			return { code, tone: 'info', message: 'サーバーでエラーが発生しました。再接続しています…', stopsEditing: false }
		case CLOSE.authorizationChanged:
			return { code, tone: 'info', message: 'アクセス権が変更されたため、再接続しています…', stopsEditing: false }
		case CLOSE.storageFailure:
			return { code, tone: 'info', message: 'サーバーで保存できなかったため、再接続して送り直しています…', stopsEditing: false }
		default:
			if (code >= 4400 && code < 4500) {
				return { code, tone: 'error', message: 'サーバーとの接続が終了しました。', retry: true, stopsEditing: true }
			}
			return null
	}
}
