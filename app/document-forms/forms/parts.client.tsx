import { useEffect, useState, type ReactNode } from 'react'
import type * as Y from 'yjs'
import { CollabDate, CollabMetaText, CollabTextField, useOrderedRows } from '../bindings/index.client.ts'
import { focusTargetAfterRemoval } from '../bindings/row-focus.client.ts'
import { formatWareki } from '#app/utils/wareki.ts'
import { cellText, createRow, deleteRow, fieldText, type DocumentSnapshot } from '../structure.ts'
import { COMMON_META, type FieldDef } from './definitions.ts'

/** What the page knows about the document's header block (client record, care team). */
export type DocumentHeaderInfo = { clientName: string; authorName: string; agencyName: string; person?: PersonFacts }

/**
 * The person as the client record and the 受給者証 register know them (アセスメント 2. 利用者の状況,
 * the クライシスプラン identity block). Values the record lacks are typed on the form (meta
 * `person_<key>`, last writer wins) — the record stays where it is edited (client page).
 */
export type PersonFacts = {
	birthDate: string
	age: number
	gender: string
	address: string
	phone: string
	disabilities: string
	supportLevel: string
	handbook: string
	certificateNumbers: string
}

export type PersonFactKey = keyof PersonFacts | 'housing' | 'allergies' | 'doctor'
export const PERSON_FACT_LABELS: Record<PersonFactKey, string> = {
	birthDate: '生年月日',
	age: '年齢',
	gender: '性別',
	address: '住所',
	housing: '住居形態',
	phone: '連絡先',
	disabilities: '障害名・疾患名',
	supportLevel: '障害支援区分',
	handbook: '手帳の種類・等級',
	certificateNumbers: '受給者証番号',
	allergies: 'アレルギー',
	doctor: '主治医・医療機関',
}

export function personMetaKey(key: PersonFactKey): string {
	return `person_${key}`
}

function recordValue(person: PersonFacts | undefined, key: PersonFactKey): string {
	if (!person || key === 'housing' || key === 'allergies' || key === 'doctor') return ''
	if (key === 'birthDate') return person.birthDate ? formatWareki(person.birthDate) : ''
	if (key === 'age') return `${person.age}歳`
	const value = person[key]
	return value === '—' ? '' : String(value ?? '')
}

/** The facts as a table: from the record where it has them, typed on the form where it has not. */
export function PersonFactsBlock({
	doc,
	snapshot,
	person,
	keys,
	writable,
	caption,
	testId,
}: {
	doc: Y.Doc | null
	snapshot: DocumentSnapshot | null
	person: PersonFacts | undefined
	keys: readonly PersonFactKey[]
	writable: boolean
	caption: string
	testId: string
}) {
	// Readers who may not see the record's facts (policy: certificate.view) get no block at all.
	if (!person) return null
	return (
		<table className="sheet-header__table person-facts" data-testid={testId}>
			<caption>{caption}</caption>
			<tbody>
				{keys.map((key) => {
					const fromRecord = recordValue(person, key)
					const typed = snapshot?.meta[personMetaKey(key)]
					return (
						<tr key={key}>
							<th scope="row">{PERSON_FACT_LABELS[key]}</th>
							<td data-testid={`person-${key}`}>
								{fromRecord ? (
									fromRecord
								) : doc ? (
									<CollabMetaText doc={doc} metaKey={personMetaKey(key)} label={PERSON_FACT_LABELS[key]} writable={writable} />
								) : typeof typed === 'string' && typed ? (
									typed
								) : (
									'—'
								)}
							</td>
						</tr>
					)
				})}
			</tbody>
		</table>
	)
}

/** A labelled free-text field of the form. */
export function TextFieldBlock({ doc, def, writable, idPrefix }: { doc: Y.Doc; def: FieldDef; writable: boolean; idPrefix: string }) {
	const id = `${idPrefix}-${def.key}`
	return (
		<div className="form-field collab-form__field">
			<label htmlFor={id}>{def.label}</label>
			{def.hint ? (
				<p className="hint" id={`${id}-hint`}>
					{def.hint}
				</p>
			) : null}
			<CollabTextField
				text={fieldText(doc, def.key)}
				fieldKey={def.key}
				label={def.label}
				writable={writable}
				rows={def.rows ?? 3}
				id={id}
				describedBy={def.hint ? `${id}-hint` : undefined}
				testId={`field-${def.key}`}
			/>
		</div>
	)
}

/** The value of a cell whose Y.Text holds a code (select cells), re-rendered on change. */
function useCellValue(text: Y.Text | null): string {
	const [value, setValue] = useState(() => text?.toString() ?? '')
	useEffect(() => {
		if (!text) return
		const update = () => setValue(text.toString())
		update()
		text.observe(update)
		return () => text.unobserve(update)
	}, [text])
	return value
}

/**
 * A select bound to a cell's Y.Text: the code is replaced as a whole (last writer wins), so
 * a cell keeps being a Y.Text like every other cell of the conventions.
 */
export function CellSelect({
	doc,
	rowId,
	column,
	label,
	options,
	writable,
	testId,
}: {
	doc: Y.Doc
	rowId: string
	column: string
	label: string
	options: readonly { value: string; label: string }[]
	writable: boolean
	testId?: string
}) {
	const text = cellText(doc, rowId, column)
	const value = useCellValue(text)
	const current = options.find((o) => o.value === value)
	if (!writable || !text) return <span data-testid={testId}>{current?.label ?? (value || '—')}</span>
	return (
		<select
			aria-label={label}
			value={current ? value : ''}
			data-testid={testId}
			onChange={(event) => {
				const next = event.currentTarget.value
				doc.transact(() => {
					text.delete(0, text.length)
					if (next) text.insert(0, next)
				})
			}}
		>
			{current || options.some((o) => o.value === '') ? null : <option value="">選択してください</option>}
			{options.map((o) => (
				<option key={o.value} value={o.value}>
					{o.label}
				</option>
			))}
		</select>
	)
}

/** Adds a row with preset cells (e.g. a suggested scenario) — used by "候補から追加" buttons. */
export function addRowWith(doc: Y.Doc, table: string, columns: readonly string[], cells: Record<string, string>): string {
	return createRow(doc, table, columns, { cells })
}

/** Rows of one table with a delete button per row, for tables whose cells are not all text. */
export function useRows(doc: Y.Doc, table: string) {
	return useOrderedRows(doc, table)
}

export function removeRow(doc: Y.Doc, rowId: string, label: string, columns: readonly string[]): void {
	const hasText = columns.some((key) => (cellText(doc, rowId, key)?.length ?? 0) > 0)
	if (hasText && !window.confirm(`${label}を削除しますか？入力された内容も削除されます。`)) return
	const restoreFocus = focusTargetAfterRemoval(rowId)
	deleteRow(doc, rowId)
	restoreFocus()
}

/** The on-screen header block: 利用者氏名, 計画作成担当者 and the editable 作成日. */
export function ScreenHeader({ doc, writable, header, children }: { doc: Y.Doc; writable: boolean; header: DocumentHeaderInfo; children?: ReactNode }) {
	return (
		<dl className="facts collab-form__header no-print" data-testid="document-header">
			<dt>利用者氏名</dt>
			<dd>{header.clientName}</dd>
			<dt>計画作成担当者</dt>
			<dd>
				{header.authorName || '—'}
				{header.agencyName ? <span className="sub">（{header.agencyName}）</span> : null}
			</dd>
			<dt>
				<label htmlFor="meta-createdOn">作成日</label>
			</dt>
			<dd>
				<CollabDate doc={doc} metaKey={COMMON_META.createdOn} label="作成日" writable={writable} id="meta-createdOn" format={formatWareki} />
			</dd>
			{children}
		</dl>
	)
}

/** The header block of a print sheet (official layout: title, then the person and the author). */
export function PrintHeader({ title, header, snapshot, extra }: { title: string; header: DocumentHeaderInfo; snapshot: DocumentSnapshot; extra?: ReactNode }) {
	const createdOn = snapshot.meta[COMMON_META.createdOn]
	return (
		<header className="sheet-header">
			<h2 className="sheet-title">{title}</h2>
			<table className="sheet-header__table">
				<tbody>
					<tr>
						<th scope="row">利用者氏名</th>
						<td>{header.clientName}</td>
						<th scope="row">計画作成担当者</th>
						<td>
							{header.authorName}
							{header.agencyName ? `（${header.agencyName}）` : ''}
						</td>
						<th scope="row">作成日</th>
						<td>{typeof createdOn === 'string' && createdOn ? formatWareki(createdOn) : ''}</td>
						{extra}
					</tr>
				</tbody>
			</table>
		</header>
	)
}

/** Plain text with line breaks kept, for print sheets. */
export function SheetText({ value }: { value: string | undefined }) {
	return <span className="sheet-text">{value ?? ''}</span>
}
