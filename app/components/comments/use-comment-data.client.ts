import { useCallback, useEffect, useRef, useState } from 'react'
import type { CollabSession } from '#app/editor/use-collaboration.client.ts'
import type { CommentsPayload } from '#app/routes/clients.$clientId.documents.$documentId.comments.ts'

export type { CommentsPayload }
export type ThreadData = CommentsPayload['threads'][number]
export type CommentData = ThreadData['comments'][number]
export type MemberData = CommentsPayload['members'][number]

export type SubmitResult = { ok: true; commentId: string; threadId: string } | { ok: false; message: string; fieldErrors: Record<string, string[]> }

export function commentsUrl(clientId: string, documentId: string): string {
	return `/clients/${encodeURIComponent(clientId)}/documents/${encodeURIComponent(documentId)}/comments`
}

/**
 * The comments of one document from the JSON resource route, reloaded whenever the server
 * announces a change ('comments' on the collaboration socket) and after every resync (topics
 * sent while the socket was down are not replayed). Plain fetch, not a Remix fetcher: a
 * comment changes nothing the page's loaders show.
 */
export function useCommentData(clientId: string, documentId: string, session: CollabSession) {
	const url = commentsUrl(clientId, documentId)
	const [data, setData] = useState<CommentsPayload | null>(null)
	const [loadState, setLoadState] = useState<'loading' | 'idle' | 'error'>('loading')
	const sequence = useRef(0)

	const reload = useCallback(async () => {
		const mine = ++sequence.current
		try {
			const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
			if (!response.ok) throw new Error(`HTTP ${response.status}`)
			const payload = (await response.json()) as CommentsPayload
			// An older answer arriving after a newer one must not win.
			if (mine !== sequence.current) return
			setData(payload)
			setLoadState('idle')
		} catch {
			if (mine === sequence.current) setLoadState('error')
		}
	}, [url])

	useEffect(() => {
		void reload()
		const onTopic = () => void reload()
		const onSync = (synced: boolean) => {
			if (synced) void reload()
		}
		session.topics.addEventListener('comments', onTopic)
		session.provider.on('sync', onSync)
		return () => {
			session.topics.removeEventListener('comments', onTopic)
			session.provider.off('sync', onSync)
		}
	}, [session, reload])

	const submit = useCallback(
		async (fields: Record<string, string>): Promise<SubmitResult> => {
			try {
				const response = await fetch(url, {
					method: 'POST',
					credentials: 'same-origin',
					headers: { Accept: 'application/json' },
					body: new URLSearchParams(fields),
				})
				const body = (await response.json().catch(() => null)) as Partial<SubmitResult> & { message?: string } | null
				if (response.ok && body?.ok) {
					void reload()
					return body as SubmitResult
				}
				const message = body?.message ?? (response.status === 403 ? 'この操作を行う権限がありません' : '保存できませんでした')
				return { ok: false, message, fieldErrors: (body as { fieldErrors?: Record<string, string[]> } | null)?.fieldErrors ?? {} }
			} catch {
				return { ok: false, message: '通信できませんでした。接続を確認してもう一度お試しください', fieldErrors: {} }
			}
		},
		[url, reload],
	)

	return { data, loadState, reload, submit }
}
