import { createContext, forwardRef, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import type { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { useComments, type CommentsApi } from '#app/components/comments/context.ts'
import { safeColor, textColorOn } from '#app/editor/presence.ts'
import { resolveAnchor, targetOfFieldKey } from '#app/modules/comments/anchors.ts'
import {
	applyDiff,
	fieldText,
	fieldsMap,
	cellText,
	createRow,
	deleteRow,
	diffText,
	metaMap,
	moveRow,
	orderedRows,
	readMeta,
	rowsMap,
	setMeta,
	transformDiff,
	type MetaValue,
} from './structure.ts'

/**
 * React bindings for structured forms (app/documents/structure.ts): plain textareas and
 * inputs bound to Y.Texts and meta keys, a row table, and field-level presence. Browser only.
 */

// ---------------------------------------------------------------------------------------------
// Field-level presence: awareness `focus` is the key of the field the person is typing in.

export type FieldEditor = { clientId: number; name: string; color: string }

type PresenceContextValue = {
	editorsOf: (fieldKey: string) => FieldEditor[]
	setFocus: (fieldKey: string | null) => void
}

const NO_PRESENCE: PresenceContextValue = { editorsOf: () => [], setFocus: () => {} }
const PresenceContext = createContext<PresenceContextValue>(NO_PRESENCE)

/** Who (other than us) has which field focused, from awareness states. */
export function fieldEditorsFromAwareness(states: ReadonlyMap<number, unknown>, selfClientId: number): Map<string, FieldEditor[]> {
	const result = new Map<string, FieldEditor[]>()
	for (const [clientId, state] of states) {
		if (clientId === selfClientId || !state || typeof state !== 'object') continue
		const { focus, user } = state as { focus?: unknown; user?: unknown }
		if (typeof focus !== 'string' || !user || typeof user !== 'object') continue
		const { name, color } = user as { name?: unknown; color?: unknown }
		if (typeof name !== 'string' || !name.trim()) continue
		const list = result.get(focus) ?? []
		list.push({ clientId, name: name.slice(0, 80), color: safeColor(color) })
		result.set(focus, list)
	}
	return result
}

export function FieldPresenceProvider({ awareness, children }: { awareness: Awareness | null; children: ReactNode }) {
	const [editors, setEditors] = useState<Map<string, FieldEditor[]>>(() => new Map())
	useEffect(() => {
		if (!awareness) return
		const update = () => setEditors(fieldEditorsFromAwareness(awareness.getStates(), awareness.clientID))
		update()
		awareness.on('change', update)
		return () => {
			awareness.off('change', update)
			awareness.setLocalStateField('focus', null)
		}
	}, [awareness])
	const value = useMemo<PresenceContextValue>(
		() => ({
			editorsOf: (key) => editors.get(key) ?? [],
			setFocus: (key) => {
				if (awareness && awareness.getLocalState()?.focus !== key) awareness.setLocalStateField('focus', key)
			},
		}),
		[awareness, editors],
	)
	return <PresenceContext.Provider value={value}>{children}</PresenceContext.Provider>
}

function useFieldPresence(fieldKey: string) {
	const { editorsOf, setFocus } = useContext(PresenceContext)
	return { editors: editorsOf(fieldKey), setFocus }
}

/** "伊藤 直樹さんが編集中" chips in each editor's colour. */
export function FieldEditors({ editors }: { editors: readonly FieldEditor[] }) {
	if (editors.length === 0) return null
	return (
		<span className="field-editors no-print" data-testid="field-editors">
			{editors.map((e) => (
				<span key={e.clientId} className="field-editors__chip" style={{ backgroundColor: e.color, color: textColorOn(e.color) }}>
					{e.name}さんが編集中
				</span>
			))}
		</span>
	)
}

// ---------------------------------------------------------------------------------------------
// Observing Y types

type DeepEvents = Array<Y.YEvent<Y.AbstractType<unknown>>>
type DeepObservable = {
	observeDeep(f: (events: DeepEvents, transaction: Y.Transaction) => void): void
	unobserveDeep(f: (events: DeepEvents, transaction: Y.Transaction) => void): void
}

/** Re-renders when anything inside the type changes that `filter` (if any) accepts. */
function useYChange(type: DeepObservable | null, filter?: (events: DeepEvents) => boolean): number {
	const [version, setVersion] = useState(0)
	const filterRef = useRef(filter)
	filterRef.current = filter
	useEffect(() => {
		if (!type) return
		const onDeep = (events: DeepEvents) => {
			if (!filterRef.current || filterRef.current(events)) setVersion((v) => v + 1)
		}
		type.observeDeep(onDeep)
		setVersion((v) => v + 1)
		return () => type.unobserveDeep(onDeep)
	}, [type])
	return version
}

export function useMetaValue(doc: Y.Doc, key: string): MetaValue {
	const meta = metaMap(doc)
	useYChange(meta as unknown as DeepObservable, (events) =>
		events.some((e) => (e.target as unknown) === meta && e instanceof Y.YMapEvent && e.keysChanged.has(key)),
	)
	return readMeta(doc, key)
}

// ---------------------------------------------------------------------------------------------
// Text fields

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
	const { editors, setFocus } = useFieldPresence(fieldKey)
	const canType = writable && text !== null
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
		// Identifies our own transactions, so the observer skips them.
		const origin = { binding: fieldKey }
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
			applyDiff(text, diff, origin)
			shadow = text.toString()
			setValue(shadow)
			if (shadow !== typed) {
				el.value = shadow
				const caret = diff.index + diff.insert.length
				el.setSelectionRange(caret, caret)
			}
			rememberSelection()
		}
		const observer = (_event: Y.YTextEvent, transaction: Y.Transaction) => {
			if (transaction.origin === origin || composing) return
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
		return () => {
			text.unobserve(observer)
			el.removeEventListener('input', onInput)
			el.removeEventListener('compositionstart', onCompositionStart)
			el.removeEventListener('compositionend', onCompositionEnd)
			for (const type of ['select', 'keyup', 'mouseup', 'focus'] as const) el.removeEventListener(type, rememberSelection)
			document.removeEventListener('selectionchange', rememberSelection)
		}
	}, [text, canType, fieldKey])

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

// ---------------------------------------------------------------------------------------------
// Comment highlights and selection (the margin itself is app/components/comments/)

type MarkRange = { from: number; to: number; ids: string[]; active: boolean }

/** The open threads on a field: passages resolved in the current text, and whether any is on the whole field. */
function commentMarks(doc: Y.Doc, target: string, comments: CommentsApi): { ranges: MarkRange[]; whole: boolean } {
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

/** Splits the text at every range boundary: each piece knows which threads cover it. */
export function highlightSegments(value: string, ranges: ReadonlyArray<{ from: number; to: number; ids: string[]; active: boolean }>) {
	const cuts = new Set([0, value.length])
	for (const r of ranges) {
		cuts.add(Math.max(0, Math.min(value.length, r.from)))
		cuts.add(Math.max(0, Math.min(value.length, r.to)))
	}
	const points = [...cuts].sort((a, b) => a - b)
	const segments: Array<{ text: string; ids: string[]; active: boolean }> = []
	for (let i = 0; i < points.length - 1; i++) {
		const [from, to] = [points[i], points[i + 1]]
		const covering = ranges.filter((r) => r.from <= from && r.to >= to)
		segments.push({ text: value.slice(from, to), ids: covering.flatMap((r) => r.ids), active: covering.some((r) => r.active) })
	}
	return segments
}

/**
 * A mirror of the textarea's text behind it (same box, font and wrapping; the textarea's own
 * background is transparent), with the commented passages marked. Only the marks are
 * visible: the mirrored text itself is transparent.
 */
const CommentBackdrop = forwardRef<HTMLSpanElement, { value: string; ranges: MarkRange[] }>(function CommentBackdrop({ value, ranges }, ref) {
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
function useCommentSelection(
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

// ---------------------------------------------------------------------------------------------
// Meta values (scalars, last writer wins)

export type SelectOption = { value: string; label: string }

export function CollabSelect({
	doc,
	metaKey,
	label,
	options,
	writable,
	id,
	defaultValue,
}: {
	doc: Y.Doc
	metaKey: string
	label: string
	options: readonly SelectOption[]
	writable: boolean
	id?: string
	defaultValue: string
}) {
	const raw = useMetaValue(doc, metaKey)
	const value = typeof raw === 'string' && options.some((o) => o.value === raw) ? raw : defaultValue
	const current = options.find((o) => o.value === value)
	if (!writable) {
		return (
			<span id={id} data-testid={`meta-${metaKey}`} data-value={value}>
				{current?.label ?? '—'}
			</span>
		)
	}
	return (
		<>
			<select
				id={id}
				className="collab-meta no-print"
				aria-label={label}
				value={value}
				data-testid={`meta-${metaKey}`}
				onChange={(event) => setMeta(doc, metaKey, event.currentTarget.value)}
			>
				{options.map((o) => (
					<option key={o.value} value={o.value}>
						{o.label}
					</option>
				))}
			</select>
			<span className="print-only">{current?.label ?? ''}</span>
		</>
	)
}

const DATE_PATTERN = { date: /^\d{4}-\d{2}-\d{2}$/, month: /^\d{4}-\d{2}$/ } as const

export function CollabDate({
	doc,
	metaKey,
	label,
	writable,
	type = 'date',
	id,
	format,
}: {
	doc: Y.Doc
	metaKey: string
	label: string
	writable: boolean
	type?: 'date' | 'month'
	id?: string
	/** how the value reads in read-only mode and on paper */
	format: (value: string) => string
}) {
	const raw = useMetaValue(doc, metaKey)
	const value = typeof raw === 'string' && DATE_PATTERN[type].test(raw) ? raw : ''
	if (!writable) {
		return (
			<span id={id} data-testid={`meta-${metaKey}`}>
				{value ? format(value) : '—'}
			</span>
		)
	}
	return (
		<>
			<input
				id={id}
				type={type}
				className="collab-meta no-print"
				aria-label={label}
				value={value}
				data-testid={`meta-${metaKey}`}
				onChange={(event) => {
					const next = event.currentTarget.value
					if (next === '' || DATE_PATTERN[type].test(next)) setMeta(doc, metaKey, next)
				}}
			/>
			<span className="print-only">{value ? format(value) : ''}</span>
		</>
	)
}

/**
 * A short text kept as a meta scalar (a name, a reason): last writer wins, like the dates —
 * meant for one-line facts one person records, not for co-written prose (that is a Y.Text field).
 */
export function CollabMetaText({ doc, metaKey, label, writable, maxLength = 200 }: { doc: Y.Doc; metaKey: string; label: string; writable: boolean; maxLength?: number }) {
	const raw = useMetaValue(doc, metaKey)
	const value = typeof raw === 'string' ? raw : ''
	const [draft, setDraft] = useState(value)
	useEffect(() => setDraft(value), [value])
	if (!writable) return <span data-testid={`meta-${metaKey}`}>{value || '—'}</span>
	return (
		<>
			<input
				type="text"
				className="collab-meta no-print"
				aria-label={label}
				value={draft}
				maxLength={maxLength}
				data-testid={`meta-${metaKey}`}
				onChange={(event) => setDraft(event.currentTarget.value)}
				onBlur={() => setMeta(doc, metaKey, draft.trim())}
			/>
			<span className="print-only">{value}</span>
		</>
	)
}

// ---------------------------------------------------------------------------------------------
// Row tables

export type RowColumn = { key: string; label: string }

/** Rows of a table in order, re-rendered when rows are added, removed or reordered (not on typing). */
export function useOrderedRows(doc: Y.Doc, table: string) {
	const rows = rowsMap(doc)
	useYChange(rows as unknown as DeepObservable, (events) =>
		events.some((e) => (e.target as unknown) === rows || (e.target instanceof Y.Map && (e.target.parent as unknown) === rows)),
	)
	return orderedRows(doc, table)
}

/**
 * An editable table of rows: add at the end, remove, move up / down (buttons, so keyboard
 * and screen-reader users reorder the same way everyone else does). The first column is the
 * row's position (e.g. 優先順位). `allColumns` get a Y.Text on creation even when hidden.
 */
export function CollabRowTable({
	doc,
	table,
	columns,
	allColumns,
	writable,
	caption,
	positionLabel,
	itemLabel = '行',
	testId,
}: {
	doc: Y.Doc
	table: string
	columns: readonly RowColumn[]
	allColumns: readonly string[]
	writable: boolean
	caption: string
	positionLabel: string
	itemLabel?: string
	testId?: string
}) {
	const rows = useOrderedRows(doc, table)
	const comments = useComments()
	const tableRef = useRef<HTMLTableElement>(null)
	const focusAction = useCallback((rowId: string, actions: readonly string[]) => {
		// The row's DOM moved: give focus back to the pressed button, or — when that is now
		// disabled (the row reached the top or bottom) — to the next best one in the row.
		requestAnimationFrame(() => {
			const row = tableRef.current?.querySelector(`[data-row-id="${CSS.escape(rowId)}"]`)
			for (const action of actions) {
				const button = row?.querySelector<HTMLButtonElement>(`[data-row-action="${action}"]`)
				if (button && !button.disabled) return button.focus()
			}
		})
	}, [])

	return (
		<div className="table-wrap row-table-wrap">
			<table className="data row-table" ref={tableRef} data-testid={testId}>
				<caption>{caption}</caption>
				<thead>
					<tr>
						<th scope="col" className="row-table__position">
							{positionLabel}
						</th>
						{columns.map((c) => (
							<th key={c.key} scope="col">
								{c.label}
							</th>
						))}
						{writable ? (
							<th scope="col" className="no-print">
								<span className="visually-hidden">操作</span>
							</th>
						) : null}
					</tr>
				</thead>
				<tbody>
					{rows.length === 0 ? (
						<tr>
							<td colSpan={columns.length + (writable ? 2 : 1)} className="muted">
								{writable ? `まだ${itemLabel}がありません。「${itemLabel}を追加」で追加してください。` : `${itemLabel}はまだありません。`}
							</td>
						</tr>
					) : null}
					{rows.map((row, index) => {
						const position = index + 1
						return (
							<tr key={row.id} data-row-id={row.id} data-testid="row" {...rowCommentProps(comments, row.id, `${position}番目の${itemLabel}`)}>
								<th scope="row" className="row-table__position">
									<span data-testid="row-position">{position}</span>
									<RowCommentButton rowId={row.id} label={`${position}番目の${itemLabel}`} />
								</th>
								{columns.map((c) => (
									<td key={c.key}>
										<CollabTextField
											text={cellText(doc, row.id, c.key)}
											fieldKey={`row:${row.id}:${c.key}`}
											label={`${position}番目の${itemLabel}：${c.label}`}
											writable={writable}
											rows={3}
											testId={`cell-${c.key}`}
										/>
									</td>
								))}
								{writable ? (
									<td className="row-table__actions no-print">
										<button
											type="button"
											className="button small"
											data-row-action="up"
											disabled={index === 0}
											aria-label={`${position}番目の${itemLabel}を上へ移動`}
											onClick={() => {
												moveRow(doc, row.id, 'up')
												focusAction(row.id, ['up', 'down'])
											}}
										>
											↑ 上へ
										</button>
										<button
											type="button"
											className="button small"
											data-row-action="down"
											disabled={index === rows.length - 1}
											aria-label={`${position}番目の${itemLabel}を下へ移動`}
											onClick={() => {
												moveRow(doc, row.id, 'down')
												focusAction(row.id, ['down', 'up'])
											}}
										>
											↓ 下へ
										</button>
										<button
											type="button"
											className="button small danger"
											data-row-action="remove"
											aria-label={`${position}番目の${itemLabel}を削除`}
											onClick={() => {
												const hasText = allColumns.some((key) => (cellText(doc, row.id, key)?.length ?? 0) > 0)
												if (hasText && !window.confirm(`${position}番目の${itemLabel}を削除しますか？入力された内容も削除されます。`)) return
												const neighbour = rows[index + 1] ?? rows[index - 1]
												deleteRow(doc, row.id)
												if (neighbour) focusAction(neighbour.id, ['remove'])
											}}
										>
											削除
										</button>
									</td>
								) : null}
							</tr>
						)
					})}
				</tbody>
			</table>
			{writable ? (
				<p className="button-row no-print">
					<button type="button" className="button small" data-testid="add-row" onClick={() => createRow(doc, table, allColumns)}>
						＋ {itemLabel}を追加
					</button>
				</p>
			) : null}
		</div>
	)
}
