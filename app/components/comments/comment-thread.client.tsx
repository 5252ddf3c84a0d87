import { useState } from 'react'
import { type ResolvedAnchor } from '#app/modules/comments/anchors.ts'
import { bodySegments, untokenizeMentions } from '#app/modules/comments/schemas.ts'
import { formatJstDateTime } from '#app/utils/dates.ts'
import { type CommentData, type MemberData, type SubmitResult, type ThreadData } from './use-comment-data.client.ts'
import { Composer } from './comment-composer.client.tsx'

/**
 * One thread of the comment margin: its quote, its comments with their bodies (text only, never
 * HTML), replies, resolving and reopening.
 */

// ---------------------------------------------------------------------------------------------
// Threads and comments

export function CommentThread({
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
