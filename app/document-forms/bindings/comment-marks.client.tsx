import { forwardRef, useEffect, useRef, useState } from 'react'
import type * as Y from 'yjs'
import { useComments, type CommentsApi } from '#app/components/comments/context.ts'
import { resolveAnchor } from '#app/modules/comments/anchors.ts'
import { highlightSegments, type MarkRange } from './comment-marks.ts'

/** Comment highlights and selection inside fields and rows (the margin itself is app/components/comments/). */

/** The open threads on a field: passages resolved in the current text, and whether any is on the whole field. */
export function commentMarks(doc: Y.Doc, target: string, comments: CommentsApi): { ranges: MarkRange[]; whole: boolean } {
	const ranges: MarkRange[] = []
	let whole = false
	for (const thread of comments.threadsOn(target)) {
		if (thread.resolved) continue
		if (!thread.start) {
			whole = true
			continue
		}
		const resolved = resolveAnchor(doc, { target, start: thread.start, end: thread.end })
		if (resolved.state === 'attached' && !resolved.whole) ranges.push({ from: resolved.from, to: resolved.to, ids: [thread.id], active: thread.active })
	}
	return { ranges, whole }
}

/**
 * A mirror of the textarea's text behind it (same box, font and wrapping; the textarea's own
 * background is transparent), with the commented passages marked. Only the marks are
 * visible: the mirrored text itself is transparent.
 */
export const CommentBackdrop = forwardRef<HTMLSpanElement, { value: string; ranges: MarkRange[] }>(function CommentBackdrop({ value, ranges }, ref) {
	return (
		<span ref={ref} className="collab-field-backdrop no-print" aria-hidden="true" data-testid="comment-backdrop">
			{highlightSegments(value, ranges).map((segment, i) =>
				segment.ids.length > 0 ? (
					<mark key={i} className={`comment-mark${segment.active ? ' comment-mark--active' : ''}`} data-thread-ids={segment.ids.join(' ')}>
						{segment.text}
					</mark>
				) : (
					<span key={i}>{segment.text}</span>
				),
			)}
			{/* a trailing line break needs a character after it to take up its line */}
			{'\u200b'}
		</span>
	)
})

/**
 * The passage selected in a field (read-only fields included: readers comment too), kept
 * while focus moves from the field to its comment button. A click inside a commented
 * passage brings that thread forward in the margin.
 */
export function useCommentSelection(
	ref: React.RefObject<HTMLTextAreaElement & HTMLInputElement>,
	comments: CommentsApi | null,
	target: string | null,
	text: Y.Text | null,
) {
	const [selection, setSelection] = useState<{ from: number; to: number } | null>(null)
	const buttonRef = useRef<HTMLButtonElement>(null)
	const commentsRef = useRef(comments)
	commentsRef.current = comments
	useEffect(() => {
		const el = ref.current
		if (!el || !target) return
		const update = () => {
			if (document.activeElement !== el) return
			const from = el.selectionStart ?? 0
			const to = el.selectionEnd ?? 0
			setSelection(to > from && el.value.slice(from, to).trim() ? { from, to } : null)
		}
		const onClick = () => {
			const api = commentsRef.current
			const doc = text?.doc
			if (!api || !doc || el.selectionStart !== el.selectionEnd) return
			const caret = el.selectionStart ?? 0
			for (const thread of api.threadsOn(target)) {
				if (!thread.start || thread.resolved) continue
				const resolved = resolveAnchor(doc, { target, start: thread.start, end: thread.end })
				if (resolved.state === 'attached' && resolved.from <= caret && caret <= resolved.to) return api.activate(thread.id)
			}
		}
		for (const type of ['select', 'mouseup', 'keyup'] as const) el.addEventListener(type, update)
		el.addEventListener('click', onClick)
		document.addEventListener('selectionchange', update)
		return () => {
			for (const type of ['select', 'mouseup', 'keyup'] as const) el.removeEventListener(type, update)
			el.removeEventListener('click', onClick)
			document.removeEventListener('selectionchange', update)
		}
	}, [ref, target, text])
	return {
		selection: comments ? selection : null,
		buttonRef,
		clear: () => setSelection(null),
		onBlur: (event: React.FocusEvent) => {
			if (event.relatedTarget !== buttonRef.current) setSelection(null)
		},
	}
}

/** Row-level comment hooks for tables: the attributes the margin aligns to, and the highlight. */
export function rowCommentProps(comments: CommentsApi | null, rowId: string, label: string) {
	if (!comments) return {}
	const target = `row:${rowId}`
	const commented = comments.threadsOn(target).some((t) => !t.resolved)
	return { 'data-comment-target': target, 'data-comment-label': label, className: commented ? 'row--commented' : undefined }
}

/** 「コメント」 for a whole table row (e.g. a goal), for everyone who may comment. */
export function RowCommentButton({ rowId, label }: { rowId: string; label: string }) {
	const comments = useComments()
	if (!comments?.canCreate) return null
	return (
		<button
			type="button"
			className="button small comment-row-button no-print"
			data-testid="row-comment-add"
			aria-label={`${label}にコメント`}
			onClick={() => comments.startComment({ target: `row:${rowId}`, text: null, label })}
		>
			コメント
		</button>
	)
}
