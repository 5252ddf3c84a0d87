import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import type * as Y from 'yjs'
import type { CollabSession } from '#app/editor/use-collaboration.client.ts'
import { createRangeAnchor, quoteOf, resolveAnchor, type ResolvedAnchor } from '#app/modules/comments/anchors.ts'
import {
	BODY_MAX_LENGTH,
	bodySegments,
	characterCount,
	tokenizeMentions,
	untokenizeMentions,
} from '#app/modules/comments/schemas.ts'
import { CommentsContext, type CommentsApi, type NewCommentRequest, type TargetThread } from './context.ts'
import { formatJstDateTime } from '#app/utils/dates.ts'
import { useCommentData, type CommentData, type MemberData, type SubmitResult, type ThreadData } from './use-comment-data.client.ts'

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

type Draft = { target: string; start: string; end: string; quote: string; label: string }

const DETACHED_GROUP = '__detached__'

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

/**
 * Places each group of the margin beside its target (wide screens): in document order, each
 * at its target's height or just below the group before it. On narrow screens the margin is
 * an ordinary list below the form, still in document order (CSS `order`). Group labels come
 * from the targets (data-comment-label). Writes styles directly: no re-render per pixel.
 */
function useMarginLayout(
	layoutRef: React.RefObject<HTMLDivElement>,
	mainRef: React.RefObject<HTMLDivElement>,
	marginRef: React.RefObject<HTMLElement>,
	setLabels: (labels: Record<string, string>) => void,
	deps: unknown[],
) {
	const lastLabels = useRef('')
	const layout = useCallback(() => {
		const container = layoutRef.current
		const main = mainRef.current
		const margin = marginRef.current
		if (!container || !main || !margin) return
		const wide = window.matchMedia('(min-width: 1100px)').matches
		const groups = [...margin.querySelectorAll<HTMLElement>('[data-group-target]')]
		const targets = new Map<string, HTMLElement>()
		for (const el of main.querySelectorAll<HTMLElement>('[data-comment-target]')) targets.set(el.dataset.commentTarget ?? '', el)
		const labels: Record<string, string> = {}
		const ordered = groups
			.map((group) => {
				const key = group.dataset.groupTarget ?? ''
				const target = targets.get(key)
				if (target?.dataset.commentLabel) labels[key] = target.dataset.commentLabel
				return { group, target, key }
			})
			.sort((a, b) => {
				if (a.key === DETACHED_GROUP || b.key === DETACHED_GROUP) return a.key === DETACHED_GROUP ? 1 : -1
				if (!a.target || !b.target) return a.target ? -1 : b.target ? 1 : 0
				return a.target.compareDocumentPosition(b.target) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1
			})
		const header = margin.querySelector<HTMLElement>('[data-margin-fixed]')
		const containerTop = container.getBoundingClientRect().top
		let next = header ? header.offsetHeight + 8 : 0
		ordered.forEach(({ group, target }, index) => {
			group.style.order = String(index + 1)
			if (!wide) {
				group.style.position = ''
				group.style.top = ''
				return
			}
			const wanted = target ? target.getBoundingClientRect().top - containerTop : next
			const top = Math.max(wanted, next)
			group.style.position = 'absolute'
			group.style.top = `${top}px`
			next = top + group.offsetHeight + 8
		})
		margin.style.minHeight = wide ? `${next}px` : ''
		const json = JSON.stringify(labels)
		if (json !== lastLabels.current) {
			lastLabels.current = json
			setLabels(labels)
		}
	}, [layoutRef, mainRef, marginRef, setLabels])

	useLayoutEffect(layout)
	// eslint-disable-next-line react-hooks/exhaustive-deps -- deps are the things that move groups
	useLayoutEffect(layout, deps)
	useEffect(() => {
		const observer = new ResizeObserver(() => layout())
		if (mainRef.current) observer.observe(mainRef.current)
		if (marginRef.current) for (const child of marginRef.current.children) observer.observe(child)
		window.addEventListener('resize', layout)
		return () => {
			observer.disconnect()
			window.removeEventListener('resize', layout)
		}
	})
}

// ---------------------------------------------------------------------------------------------
// Threads and comments

function CommentThread({
	thread,
	anchor,
	members,
	active,
	submit,
	onActivate,
	onShowTarget,
}: {
	thread: ThreadData
	anchor: ResolvedAnchor
	members: readonly MemberData[]
	active: boolean
	submit: (fields: Record<string, string>) => Promise<SubmitResult>
	onActivate: () => void
	onShowTarget: () => void
}) {
	const [replying, setReplying] = useState(false)
	const [busy, setBusy] = useState(false)
	const [error, setError] = useState<string | null>(null)
	const resolved = thread.status === 'resolved'
	const detached = anchor.state === 'detached'
	const whole = !thread.start
	const run = async (fields: Record<string, string>) => {
		setBusy(true)
		setError(null)
		const result = await submit(fields)
		setBusy(false)
		if (!result.ok) setError(result.message)
		return result
	}
	const [root, ...replies] = thread.comments
	return (
		<article
			className={`comment-thread${active ? ' comment-thread--active' : ''}${resolved ? ' comment-thread--resolved' : ''}`}
			data-testid="comment-thread"
			data-thread-id={thread.id}
			data-status={thread.status}
			aria-label={`${root?.authorName ?? ''}さんのコメント`}
			onFocusCapture={onActivate}
			onClick={onActivate}
		>
			<div className="comment-thread__badges">
				{resolved ? (
					<span className="badge ok" data-testid="thread-resolved">
						解決済み{thread.resolvedByName ? `（${thread.resolvedByName}）` : ''}
					</span>
				) : null}
				{thread.meetingFlag ? (
					<span className="badge warn" data-testid="thread-meeting-flag">
						会議で検討
					</span>
				) : null}
				{detached ? <span className="badge danger">本文が削除されました</span> : null}
				{whole && !detached ? <span className="badge">{thread.target.startsWith('row:') ? '行全体' : '項目全体'}</span> : null}
			</div>
			{thread.quote && (!whole || detached) ? (
				<blockquote className="comment-thread__quote" data-testid="thread-quote">
					{thread.quote}
				</blockquote>
			) : null}
			<ol className="comment-thread__comments">
				{root ? <CommentItem comment={root} members={members} run={run} busy={busy} /> : null}
				{replies.map((c) => (
					<CommentItem key={c.id} comment={c} members={members} run={run} busy={busy} />
				))}
			</ol>
			{error ? (
				<p className="field-errors" role="alert">
					{error}
				</p>
			) : null}
			{replying ? (
				<Composer
					members={members}
					submitLabel="返信する"
					label="返信"
					onCancel={() => setReplying(false)}
					onSubmit={async (body) => {
						const result = await submit({ intent: 'reply', threadId: thread.id, body })
						if (result.ok) setReplying(false)
						return result
					}}
				/>
			) : (
				<div className="comment-thread__actions">
					{thread.canReply ? (
						<button type="button" className="button small" onClick={() => setReplying(true)} disabled={busy}>
							返信
						</button>
					) : null}
					{thread.canResolve ? (
						<button
							type="button"
							className="button small"
							disabled={busy}
							onClick={() => void run({ intent: resolved ? 'reopen' : 'resolve', threadId: thread.id })}
						>
							{resolved ? '再開する' : '解決にする'}
						</button>
					) : null}
					{thread.canFlag ? (
						<button
							type="button"
							className="button small"
							aria-pressed={thread.meetingFlag}
							disabled={busy}
							onClick={() => void run({ intent: thread.meetingFlag ? 'unflag' : 'flag', threadId: thread.id })}
						>
							{thread.meetingFlag ? '会議で検討を外す' : '会議で検討'}
						</button>
					) : null}
					{!detached ? (
						<button type="button" className="button small link" onClick={onShowTarget}>
							本文の箇所へ
						</button>
					) : null}
				</div>
			)}
		</article>
	)
}

function CommentItem({
	comment,
	members,
	run,
	busy,
}: {
	comment: CommentData
	members: readonly MemberData[]
	run: (fields: Record<string, string>) => Promise<SubmitResult>
	busy: boolean
}) {
	const [editing, setEditing] = useState(false)
	return (
		<li className="comment" id={`comment-${comment.id}`} data-testid="comment" data-comment-id={comment.id}>
			<p className="comment__meta">
				<strong className="comment__author">{comment.authorName}</strong>
				{comment.authorRoleLabel ? <span className="comment__role">{comment.authorRoleLabel}</span> : null}
				<time className="comment__time" dateTime={comment.createdAt}>
					{formatJstDateTime(comment.createdAt)}
				</time>
				{comment.editedAt && !comment.deleted ? (
					<span className="comment__edited" title={formatJstDateTime(comment.editedAt)}>
						（編集済み）
					</span>
				) : null}
			</p>
			{comment.deleted ? (
				<p className="comment__body comment__body--deleted">このコメントは削除されました</p>
			) : editing ? (
				<Composer
					members={members}
					initial={untokenizeMentions(comment.body)}
					submitLabel="保存"
					label="コメントの編集"
					onCancel={() => setEditing(false)}
					onSubmit={async (body) => {
						const result = await run({ intent: 'edit', commentId: comment.id, body })
						if (result.ok) setEditing(false)
						return result
					}}
				/>
			) : (
				<CommentBody body={comment.body} />
			)}
			{!comment.deleted && !editing && (comment.canEdit || comment.canDelete) ? (
				<p className="comment__actions">
					{comment.canEdit ? (
						<button type="button" className="button small link" onClick={() => setEditing(true)} disabled={busy}>
							編集
						</button>
					) : null}
					{comment.canDelete ? (
						<button
							type="button"
							className="button small link danger"
							disabled={busy}
							onClick={() => {
								if (window.confirm('このコメントを削除しますか？削除したことは記録に残ります。')) void run({ intent: 'delete', commentId: comment.id })
							}}
						>
							削除
						</button>
					) : null}
				</p>
			) : null}
		</li>
	)
}

/** A stored body as text: line breaks kept by CSS, mentions set apart. Never HTML. */
export function CommentBody({ body }: { body: string }) {
	return (
		<p className="comment__body" data-testid="comment-body">
			{bodySegments(body).map((segment, i) =>
				segment.kind === 'text' ? (
					<span key={i}>{segment.text}</span>
				) : (
					<span key={i} className="comment__mention" data-user-id={segment.userId}>
						@{segment.name}
					</span>
				),
			)}
		</p>
	)
}

// ---------------------------------------------------------------------------------------------
// Composers

function NewThreadComposer({
	draft,
	members,
	submit,
	onDone,
}: {
	draft: Draft
	members: readonly MemberData[]
	submit: (fields: Record<string, string>) => Promise<SubmitResult>
	onDone: (threadId: string | null) => void
}) {
	return (
		<div className="comment-thread comment-thread--draft" data-testid="comment-draft">
			{draft.quote ? <blockquote className="comment-thread__quote">{draft.quote}</blockquote> : <p className="muted comment-draft__where">{draft.label}全体へのコメント</p>}
			<Composer
				members={members}
				submitLabel="コメントする"
				label={`${draft.label}へのコメント`}
				withMeetingFlag
				autoFocus
				onCancel={() => onDone(null)}
				onSubmit={async (body, meetingFlag) => {
					const result = await submit({
						intent: 'create',
						target: draft.target,
						start: draft.start,
						end: draft.end,
						body,
						meetingFlag: meetingFlag ? 'on' : '',
					})
					if (result.ok) onDone(result.threadId)
					return result
				}}
			/>
		</div>
	)
}

const MENTION_QUERY = /(?:^|\s)@([^\s@]{0,20})$/

function Composer({
	members,
	initial = '',
	submitLabel,
	label,
	withMeetingFlag = false,
	autoFocus = true,
	onCancel,
	onSubmit,
}: {
	members: readonly MemberData[]
	initial?: string
	submitLabel: string
	label: string
	withMeetingFlag?: boolean
	autoFocus?: boolean
	onCancel: () => void
	onSubmit: (body: string, meetingFlag: boolean) => Promise<SubmitResult>
}) {
	const id = useId()
	const [value, setValue] = useState(initial)
	const [meetingFlag, setMeetingFlag] = useState(false)
	const [saving, setSaving] = useState(false)
	const [error, setError] = useState<string | null>(null)
	const [query, setQuery] = useState<string | null>(null)
	const [choice, setChoice] = useState(0)
	const ref = useRef<HTMLTextAreaElement>(null)

	useEffect(() => {
		if (autoFocus) ref.current?.focus()
	}, [autoFocus])

	const candidates = useMemo(() => {
		if (query === null) return []
		const q = query.toLowerCase()
		return members.filter((m) => !q || m.name.toLowerCase().includes(q) || m.kana.includes(q) || m.name.replace(/\s/g, '').includes(q)).slice(0, 8)
	}, [members, query])

	const readQuery = (el: HTMLTextAreaElement) => {
		const before = el.value.slice(0, el.selectionStart ?? 0)
		const match = MENTION_QUERY.exec(before)
		setQuery(match ? match[1] : null)
		setChoice(0)
	}

	const pick = (member: MemberData) => {
		const el = ref.current
		if (!el) return
		const caret = el.selectionStart ?? el.value.length
		const before = el.value.slice(0, caret).replace(/@([^\s@]{0,20})$/, `@${member.name} `)
		pendingCaret.current = before.length
		setValue(before + el.value.slice(caret))
		setQuery(null)
	}
	// The caret goes after the inserted name in the same commit as the new value: a key typed
	// right after picking must land there, not at the end.
	const pendingCaret = useRef<number | null>(null)
	useLayoutEffect(() => {
		const el = ref.current
		if (!el || pendingCaret.current === null) return
		el.focus()
		el.setSelectionRange(pendingCaret.current, pendingCaret.current)
		pendingCaret.current = null
	}, [value])

	const send = async () => {
		if (saving) return
		const body = tokenizeMentions(value, members)
		if (!body.trim()) return setError('コメントを入力してください')
		setSaving(true)
		setError(null)
		const result = await onSubmit(body, meetingFlag)
		setSaving(false)
		if (!result.ok) setError(result.fieldErrors.body?.[0] ?? result.fieldErrors.target?.[0] ?? result.message)
	}

	const count = characterCount(value.trim())
	const listId = `${id}-mentions`
	const open = query !== null && candidates.length > 0
	return (
		<form
			className="comment-composer"
			data-testid="comment-composer"
			onSubmit={(event) => {
				event.preventDefault()
				void send()
			}}
		>
			<label className="visually-hidden" htmlFor={`${id}-body`}>
				{label}
			</label>
			<textarea
				id={`${id}-body`}
				ref={ref}
				className="comment-composer__input"
				value={value}
				rows={3}
				placeholder="コメントを入力（@で担当者をメンション）"
				aria-invalid={error ? true : undefined}
				aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
				aria-autocomplete="list"
				aria-controls={open ? listId : undefined}
				aria-activedescendant={open ? `${listId}-${choice}` : undefined}
				data-testid="comment-input"
				onChange={(event) => {
					setValue(event.target.value)
					readQuery(event.target)
				}}
				onClick={(event) => readQuery(event.currentTarget)}
				onKeyDown={(event) => {
					if (open) {
						if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
							event.preventDefault()
							setChoice((c) => (c + (event.key === 'ArrowDown' ? 1 : candidates.length - 1)) % candidates.length)
							return
						}
						if ((event.key === 'Enter' || event.key === 'Tab') && !event.nativeEvent.isComposing) {
							event.preventDefault()
							pick(candidates[choice])
							return
						}
						if (event.key === 'Escape') {
							event.preventDefault()
							setQuery(null)
							return
						}
					}
					if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
						event.preventDefault()
						void send()
					} else if (event.key === 'Escape' && !value.trim()) {
						onCancel()
					}
				}}
			/>
			{open ? (
				<ul className="mention-list" id={listId} role="listbox" aria-label="メンションする人" data-testid="mention-list">
					{candidates.map((m, i) => (
						<li
							key={m.id}
							id={`${listId}-${i}`}
							role="option"
							aria-selected={i === choice}
							className={i === choice ? 'mention-list__item mention-list__item--active' : 'mention-list__item'}
							onMouseDown={(event) => {
								event.preventDefault()
								pick(m)
							}}
						>
							{m.name} <span className="muted">{m.roleLabel}</span>
						</li>
					))}
				</ul>
			) : null}
			<p className="comment-composer__hint" id={`${id}-hint`}>
				<span className={count > BODY_MAX_LENGTH ? 'comment-composer__count--over' : undefined}>
					{count}/{BODY_MAX_LENGTH}文字
				</span>
				<span className="muted">Ctrl+Enterで送信</span>
			</p>
			{error ? (
				<p className="field-errors" id={`${id}-error`} role="alert" data-testid="comment-error">
					{error}
				</p>
			) : null}
			{withMeetingFlag ? (
				<label className="checkbox comment-composer__flag">
					<input type="checkbox" checked={meetingFlag} onChange={(e) => setMeetingFlag(e.target.checked)} data-testid="comment-meeting-flag" /> 会議で検討する（次のサービス担当者会議で取り上げる）
				</label>
			) : null}
			<div className="comment-composer__buttons">
				<button type="submit" className="button small primary" disabled={saving} data-testid="comment-submit">
					{saving ? '送信中…' : submitLabel}
				</button>
				<button type="button" className="button small" onClick={onCancel} disabled={saving}>
					キャンセル
				</button>
			</div>
		</form>
	)
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
