import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { BODY_MAX_LENGTH, characterCount, tokenizeMentions } from '#app/modules/comments/schemas.ts'
import { type MemberData, type SubmitResult } from './use-comment-data.client.ts'

/**
 * Writing a comment: the new-thread composer for a selected passage and the composer shared by
 * replies and edits (length count, @mentions of the care team).
 */

/** A new thread being written: where it goes and the passage it quotes. */
export type Draft = { target: string; start: string; end: string; quote: string; label: string }

// ---------------------------------------------------------------------------------------------
// Composers

export function NewThreadComposer({
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

export function Composer({
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
