import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import type * as Y from 'yjs'
import type { CollabSession } from '#app/editor/use-collaboration.client.ts'
import { createRangeAnchor, quoteOf, resolveAnchor, type ResolvedAnchor } from '#app/modules/comments/anchors.ts'
import { CommentsContext, type CommentsApi, type NewCommentRequest, type TargetThread } from './context.ts'
import { useCommentData, type ThreadData } from './use-comment-data.client.ts'
import { NewThreadComposer, type Draft } from './comment-composer.client.tsx'
import { CommentThread } from './comment-thread.client.tsx'
import { DETACHED_GROUP, useMarginLayout } from './use-margin-layout.client.ts'

/**
 * The comment margin (右側の余白) of a structured form. Wrap the form with it — one line:
 *
 *   <DocumentComments clientId={…} documentId={…} session={collab.session}>{form}</DocumentComments>
 *
 * Bound fields and rows inside (CollabTextField, CollabRowTable, RowCommentButton) then show
 * highlights and 「コメント」 buttons; the margin lists threads beside the passage, field or row
 * they are on, in document order (below the form on narrow screens), and those whose text was
 * deleted in a group of their own. Comments live in the database, not in the Y.Doc: everything
 * goes through the document's comments resource route.
 */

/** Re-renders (at most every 150 ms) when the document changes, so anchors are re-resolved. */
function useDocVersion(doc: Y.Doc): number {
	const [version, setVersion] = useState(0)
	useEffect(() => {
		let timer: ReturnType<typeof setTimeout> | null = null
		const onUpdate = () => {
			timer ??= setTimeout(() => {
				timer = null
				setVersion((v) => v + 1)
			}, 150)
		}
		doc.on('update', onUpdate)
		return () => {
			doc.off('update', onUpdate)
			if (timer) clearTimeout(timer)
		}
	}, [doc])
	return version
}

export function DocumentComments({
	clientId,
	documentId,
	session,
	children,
}: {
	clientId: string
	documentId: string
	session: CollabSession
	children: ReactNode
}) {
	const { data, loadState, reload, submit } = useCommentData(clientId, documentId, session)
	const [draft, setDraft] = useState<Draft | null>(null)
	const [activeId, setActiveId] = useState<string | null>(null)
	const [showResolved, setShowResolved] = useState(false)
	const docVersion = useDocVersion(session.doc)
	const layoutRef = useRef<HTMLDivElement>(null)
	const mainRef = useRef<HTMLDivElement>(null)
	const marginRef = useRef<HTMLElement>(null)
	const threads = useMemo(() => data?.threads ?? [], [data])

	const byTarget = useMemo(() => {
		const map = new Map<string, TargetThread[]>()
		for (const t of threads) {
			const list = map.get(t.target) ?? []
			list.push({ id: t.id, start: t.start, end: t.end, active: t.id === activeId, resolved: t.status === 'resolved' })
			map.set(t.target, list)
		}
		return map
	}, [threads, activeId])

	const api = useMemo<CommentsApi>(
		() => ({
			canCreate: data?.canCreate ?? false,
			threadsOn: (target) => byTarget.get(target) ?? [],
			startComment: (request: NewCommentRequest) => setDraft(draftOf(request)),
			activate: (threadId) => setActiveId(threadId),
		}),
		[data?.canCreate, byTarget],
	)

	// Where each thread is now (re-resolved as the text changes).
	const placed = useMemo(() => {
		const groups = new Map<string, Array<{ thread: ThreadData; anchor: ResolvedAnchor }>>()
		for (const thread of threads) {
			if (thread.status === 'resolved' && !showResolved && thread.id !== activeId) continue
			const anchor = resolveAnchor(session.doc, { target: thread.target, start: thread.start, end: thread.end })
			const key = anchor.state === 'detached' ? DETACHED_GROUP : thread.target
			groups.set(key, [...(groups.get(key) ?? []), { thread, anchor }])
		}
		return groups
		// docVersion: the Y.Doc changed, positions may have
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [threads, showResolved, activeId, session.doc, docVersion])

	const groupKeys = useMemo(() => {
		const keys = [...placed.keys()].filter((k) => k !== DETACHED_GROUP)
		if (draft && !keys.includes(draft.target)) keys.push(draft.target)
		return keys
	}, [placed, draft])

	// Deep links (#comment-<id>, e.g. from a notification): bring that thread forward once loaded.
	const linked = useRef(false)
	useEffect(() => {
		if (linked.current || !data) return
		const match = /^#comment-([A-Za-z0-9_-]{1,100})$/.exec(window.location.hash)
		if (!match) return
		linked.current = true
		const thread = data.threads.find((t) => t.comments.some((c) => c.id === match[1]))
		if (!thread) return
		setActiveId(thread.id)
		requestAnimationFrame(() => document.getElementById(`comment-${match[1]}`)?.scrollIntoView({ block: 'center' }))
	}, [data])

	const [labels, setLabels] = useState<Record<string, string>>({})
	useMarginLayout(layoutRef, mainRef, marginRef, setLabels, [groupKeys, placed, draft, data, docVersion])

	const showTarget = useCallback(
		(thread: ThreadData) => {
			setActiveId(thread.id)
			const el = mainRef.current?.querySelector<HTMLElement>(`[data-comment-target="${CSS.escape(thread.target)}"]`)
			if (!el) return
			el.scrollIntoView({ block: 'center', behavior: 'smooth' })
			const field = el.querySelector<HTMLTextAreaElement | HTMLInputElement>('textarea, input')
			if (!field) return
			field.focus({ preventScroll: true })
			const anchor = resolveAnchor(session.doc, { target: thread.target, start: thread.start, end: thread.end })
			if (anchor.state === 'attached' && !anchor.whole) field.setSelectionRange(anchor.from, anchor.to)
		},
		[session.doc],
	)

	const openCount = threads.filter((t) => t.status === 'open').length
	const resolvedCount = threads.length - openCount
	const members = data?.members ?? []
	const detached = placed.get(DETACHED_GROUP) ?? []

	const renderThread = ({ thread, anchor }: { thread: ThreadData; anchor: ResolvedAnchor }) => (
		<CommentThread
			key={thread.id}
			thread={thread}
			anchor={anchor}
			members={members}
			active={thread.id === activeId}
			submit={submit}
			onActivate={() => setActiveId(thread.id)}
			onShowTarget={() => showTarget(thread)}
		/>
	)

	return (
		<CommentsContext.Provider value={api}>
			<div className="comment-layout" ref={layoutRef}>
				<div className="comment-layout__main" ref={mainRef}>
					{children}
				</div>
				<aside className="comment-margin no-print" ref={marginRef} aria-label="コメント" data-testid="comment-margin">
					<div className="comment-margin__header" data-margin-fixed="">
						<h2 className="comment-margin__title">
							コメント <span className="muted">（{openCount}件）</span>
						</h2>
						{resolvedCount > 0 ? (
							<label className="checkbox comment-margin__filter">
								<input type="checkbox" checked={showResolved} onChange={(e) => setShowResolved(e.target.checked)} /> 解決済み（{resolvedCount}件）も表示
							</label>
						) : null}
						{loadState === 'loading' && !data ? (
							<p className="muted" aria-busy="true">
								コメントを読み込んでいます…
							</p>
						) : null}
						{loadState === 'error' ? (
							<p className="alert error" role="alert">
								コメントを読み込めませんでした。
								<button type="button" className="button link" onClick={() => void reload()}>
									再読み込み
								</button>
							</p>
						) : null}
						{data && threads.length === 0 && !draft ? (
							<p className="muted comment-margin__empty" data-testid="comments-empty">
								{data.canCreate ? 'まだコメントはありません。文章を選ぶか「コメント」ボタンからコメントできます。' : 'まだコメントはありません。'}
							</p>
						) : null}
					</div>
					{groupKeys.map((key) => {
						const items = placed.get(key) ?? []
						return (
							<section key={key} className="comment-group" data-group-target={key} data-testid="comment-group" aria-label="コメントのまとまり">
								<h3 className="comment-group__label">{labels[key] ?? (draft?.target === key ? draft.label : 'そのほかの箇所')}</h3>
								{draft?.target === key ? (
									<NewThreadComposer
										draft={draft}
										members={members}
										submit={submit}
										onDone={(threadId) => {
											setDraft(null)
											if (threadId) setActiveId(threadId)
										}}
									/>
								) : null}
								{items.map(renderThread)}
							</section>
						)
					})}
					{detached.length > 0 ? (
						<section className="comment-group comment-group--detached" data-group-target={DETACHED_GROUP} data-testid="detached-comments" aria-labelledby="detached-title">
							<h3 className="comment-group__label" id="detached-title">
								本文が削除されたコメント
							</h3>
							{detached.map(renderThread)}
						</section>
					) : null}
				</aside>
			</div>
		</CommentsContext.Provider>
	)
}

function draftOf(request: NewCommentRequest): Draft {
	if (request.text && request.range) {
		const value = request.text.toString()
		const from = Math.max(0, Math.min(value.length, request.range.from))
		const to = Math.max(from, Math.min(value.length, request.range.to))
		if (to > from) {
			const { start, end } = createRangeAnchor(request.text, from, to)
			return { target: request.target, start, end, quote: quoteOf(value.slice(from, to)), label: request.label }
		}
	}
	return { target: request.target, start: '', end: '', quote: '', label: request.label }
}

/** Where a page's comments live; null for pages without a comment margin. */
export type CommentsTarget = { clientId: string; documentId: string }

/** The margin when the page has a comments target, the bare form otherwise. */
export function WithComments({ target, session, children }: { target: CommentsTarget | null | undefined; session: CollabSession; children: ReactNode }) {
	if (!target) return <>{children}</>
	return (
		<DocumentComments clientId={target.clientId} documentId={target.documentId} session={session}>
			{children}
		</DocumentComments>
	)
}
