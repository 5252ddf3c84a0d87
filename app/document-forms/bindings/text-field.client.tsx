import { useEffect, useRef, useState } from 'react'
import * as Y from 'yjs'
import { useComments } from '#app/components/comments/context.ts'
import { targetOfFieldKey } from '#app/modules/comments/anchors.ts'
import { applyDiff, diffText, fieldText, fieldsMap, transformDiff } from '../structure.ts'
import { CommentBackdrop, commentMarks, useCommentSelection } from './comment-marks.client.tsx'
import { FieldEditors, useFieldPresence } from './presence.client.tsx'
import { RemoteCaretsOverlay, useRemoteCarets } from './remote-carets.client.tsx'
import { fieldCursor } from './remote-carets.ts'

/** Plain textareas and inputs bound to Y.Texts. */

export type CollabTextFieldProps = {
	/** the shared text; null while it does not exist yet (shown empty, read-only) */
	text: Y.Text | null
	/** presence key (awareness `focus`) */
	fieldKey: string
	/** accessible name (also used when the visible label is elsewhere, e.g. a table header) */
	label: string
	writable: boolean
	multiline?: boolean
	rows?: number
	id?: string
	describedBy?: string
	testId?: string
}

/**
 * A textarea (or input) bound to a Y.Text. Typing applies the minimal diff between what the
 * field showed and what it shows now; remote changes replace the value and put the caret back
 * where it was in the text via Y.RelativePosition. While an IME composition is open nothing
 * is exchanged: the composed text goes out on compositionend, transformed over any remote
 * edit that arrived meanwhile.
 */
export function CollabTextField({ text, fieldKey, label, writable, multiline = true, rows = 3, id, describedBy, testId }: CollabTextFieldProps) {
	const ref = useRef<HTMLTextAreaElement & HTMLInputElement>(null)
	// Mirror of the value for print (textareas cut off overflowing text on paper).
	const [value, setValue] = useState(() => text?.toString() ?? '')
	const { editors, setFocus, awareness } = useFieldPresence(fieldKey)
	const canType = writable && text !== null
	const carets = useRemoteCarets(awareness, text, fieldKey)
	const caretsRef = useRef<HTMLSpanElement>(null)
	const comments = useComments()
	const commentTarget = comments ? targetOfFieldKey(fieldKey) : null
	const commentSelection = useCommentSelection(ref, commentTarget ? comments : null, commentTarget, text)

	useEffect(() => {
		const el = ref.current
		if (!el) return
		if (!text || !text.doc) {
			el.value = ''
			setValue('')
			return
		}
		const doc = text.doc
		// True while this field writes its own edit, so the observer skips it. The edit itself
		// carries no origin: that is what the document's undo (undo.ts) tracks as "mine".
		let applying = false
		let publishedCursor = ''
		/** the text as the field last agreed with the Y.Text */
		let shadow = text.toString()
		let composing = false
		let selection: { start: Y.RelativePosition; end: Y.RelativePosition } | null = null
		el.value = shadow
		setValue(shadow)

		const rememberSelection = () => {
			if (composing || document.activeElement !== el || text.toString() !== shadow) return
			selection = {
				start: Y.createRelativePositionFromTypeIndex(text, el.selectionStart ?? 0),
				end: Y.createRelativePositionFromTypeIndex(text, el.selectionEnd ?? 0),
			}
			publishCursor()
		}
		// Tells the others where our caret and selection are (only writers: a reader's caret
		// would claim a place they cannot type in).
		const publishCursor = () => {
			if (!awareness || !canType) return
			const start = el.selectionStart ?? 0
			const end = el.selectionEnd ?? 0
			const backward = el.selectionDirection === 'backward'
			const cursor = fieldCursor(text, fieldKey, backward ? end : start, backward ? start : end)
			const serialized = JSON.stringify(cursor)
			if (serialized === publishedCursor) return
			publishedCursor = serialized
			awareness.setLocalStateField('cursor', cursor)
		}
		const withdrawCursor = () => {
			publishedCursor = ''
			const current = awareness?.getLocalState()?.cursor as { field?: unknown } | null | undefined
			if (awareness && current?.field === fieldKey) awareness.setLocalStateField('cursor', null)
		}
		const pullRemote = () => {
			const next = text.toString()
			shadow = next
			setValue(next)
			if (el.value === next) return
			const focused = document.activeElement === el
			el.value = next
			if (focused && selection) {
				const start = Y.createAbsolutePositionFromRelativePosition(selection.start, doc)
				const end = Y.createAbsolutePositionFromRelativePosition(selection.end, doc)
				if (start && end && start.type === text && end.type === text) el.setSelectionRange(start.index, end.index)
			}
		}
		const pushLocal = () => {
			if (!canType) return
			const typed = el.value
			let diff = diffText(shadow, typed)
			if (!diff) return
			const current = text.toString()
			if (current !== shadow) {
				const remote = diffText(shadow, current)
				if (remote) diff = transformDiff(diff, remote)
			}
			applying = true
			try {
				applyDiff(text, diff)
			} finally {
				applying = false
			}
			shadow = text.toString()
			setValue(shadow)
			if (shadow !== typed) {
				el.value = shadow
				const caret = diff.index + diff.insert.length
				el.setSelectionRange(caret, caret)
			}
			rememberSelection()
		}
		const observer = () => {
			if (applying || composing) return
			pullRemote()
			rememberSelection()
		}
		const onInput = (event: Event) => {
			if (composing || (event as InputEvent).isComposing) return
			pushLocal()
		}
		const onCompositionStart = () => {
			composing = true
		}
		const onCompositionEnd = () => {
			composing = false
			pushLocal()
			pullRemote()
			rememberSelection()
		}
		text.observe(observer)
		el.addEventListener('input', onInput)
		el.addEventListener('compositionstart', onCompositionStart)
		el.addEventListener('compositionend', onCompositionEnd)
		for (const type of ['select', 'keyup', 'mouseup', 'focus'] as const) el.addEventListener(type, rememberSelection)
		document.addEventListener('selectionchange', rememberSelection)
		el.addEventListener('blur', withdrawCursor)
		return () => {
			el.removeEventListener('blur', withdrawCursor)
			withdrawCursor()
			text.unobserve(observer)
			el.removeEventListener('input', onInput)
			el.removeEventListener('compositionstart', onCompositionStart)
			el.removeEventListener('compositionend', onCompositionEnd)
			for (const type of ['select', 'keyup', 'mouseup', 'focus'] as const) el.removeEventListener(type, rememberSelection)
			document.removeEventListener('selectionchange', rememberSelection)
		}
	}, [text, canType, fieldKey, awareness])

	const highlight = editors[0]?.color
	const marks = commentTarget && comments && text?.doc ? commentMarks(text.doc, commentTarget, comments) : null
	const marked = multiline && marks !== null && marks.ranges.length > 0
	const common = {
		ref,
		id,
		'aria-label': label,
		'aria-describedby': describedBy,
		readOnly: !canType,
		'aria-readonly': !canType,
		'data-testid': testId,
		'data-field': fieldKey,
		className: `collab-field${highlight ? ' collab-field--others' : ''}${marked ? ' collab-field--marked' : ''}${marks?.whole ? ' collab-field--commented' : ''}`,
		style: highlight ? { boxShadow: `0 0 0 2px ${highlight}` } : undefined,
		// Readers never claim a field: "…さんが編集中" would be untrue.
		onFocus: () => canType && setFocus(fieldKey),
		onBlur: (event: React.FocusEvent) => {
			if (canType) setFocus(null)
			commentSelection.onBlur(event)
		},
		onScroll: (event: React.UIEvent<HTMLElement>) => {
			if (backdropRef.current) backdropRef.current.scrollTop = event.currentTarget.scrollTop
			const { scrollLeft, scrollTop } = event.currentTarget
			if (caretsRef.current) caretsRef.current.style.transform = `translate(${-scrollLeft}px, ${-scrollTop}px)`
		},
	}
	const backdropRef = useRef<HTMLSpanElement>(null)
	const isCell = commentTarget?.startsWith('cell:') ?? false
	const showCommentButton = Boolean(comments?.canCreate && commentTarget && text && (commentSelection.selection || !isCell))
	return (
		<span className="collab-field-wrap" data-comment-target={commentTarget ?? undefined} data-comment-label={commentTarget ? label : undefined}>
			<FieldEditors editors={editors} />
			<span className="collab-field-box">
				{marked && marks ? <CommentBackdrop ref={backdropRef} value={value} ranges={marks.ranges} /> : null}
				{multiline ? <textarea {...common} rows={rows} /> : <input {...common} type="text" />}
				<RemoteCaretsOverlay ref={caretsRef} value={value} carets={carets} singleLine={!multiline} />
			</span>
			{showCommentButton && comments && commentTarget ? (
				<span className="collab-field-tools no-print">
					<button
						type="button"
						ref={commentSelection.buttonRef}
						className="button small comment-add-button"
						data-testid="comment-add"
						// Keeps the field focused, so its selection is still there on click.
						onMouseDown={(event) => event.preventDefault()}
						onClick={() => {
							const range = commentSelection.selection
							comments.startComment({ target: commentTarget, text, range: range ?? undefined, label })
							commentSelection.clear()
						}}
						aria-label={commentSelection.selection ? `選択した文章にコメント（${label}）` : `${label}にコメント`}
					>
						{commentSelection.selection ? '選択範囲にコメント' : 'コメント'}
					</button>
				</span>
			) : null}
			<span className="collab-field-print print-only" aria-hidden="true">
				{value}
			</span>
		</span>
	)
}

/**
 * The Y.Texts of a form's fields, re-read when a writer's template creates them (a reader may
 * open the document before any writer did). `keys` must be a stable (module-level) list.
 */
export function useFieldTexts(doc: Y.Doc, keys: readonly string[]): Record<string, Y.Text | null> {
	const [texts, setTexts] = useState<Record<string, Y.Text | null>>({})
	useEffect(() => {
		const fields = fieldsMap(doc)
		const read = () => setTexts(Object.fromEntries(keys.map((key) => [key, fieldText(doc, key)])))
		read()
		fields.observe(read)
		return () => fields.unobserve(read)
	}, [doc, keys])
	return texts
}

export type LabelledField = { key: string; label: string; hint?: string; rows?: number; multiline?: boolean }

/**
 * A form's free-text fields, each with its visible label and hint, bound to the field's Y.Text.
 * `name` prefixes the ids, classes (`<name>-field`, `<name>-field--<key>`) and test ids.
 */
export function LabelledTextFields({
	fields,
	texts,
	writable,
	name,
	testIdPrefix = `${name}-`,
}: {
	fields: readonly LabelledField[]
	texts: Readonly<Record<string, Y.Text | null>>
	writable: boolean
	name: string
	testIdPrefix?: string
}) {
	return (
		<>
			{fields.map((field) => {
				const id = `${name}-field-${field.key}`
				const hintId = field.hint ? `${id}-hint` : undefined
				return (
					<div key={field.key} className={`${name}-field ${name}-field--${field.key}`}>
						<label htmlFor={id} className={`${name}-field__label`}>
							{field.label}
						</label>
						{field.hint ? (
							<p id={hintId} className="field-hint no-print">
								{field.hint}
							</p>
						) : null}
						<CollabTextField
							id={id}
							text={texts[field.key] ?? null}
							fieldKey={`field:${field.key}`}
							label={field.label}
							writable={writable}
							rows={field.rows}
							multiline={field.multiline !== false}
							describedBy={hintId}
							testId={`${testIdPrefix}${field.key}`}
						/>
					</div>
				)
			})}
		</>
	)
}
