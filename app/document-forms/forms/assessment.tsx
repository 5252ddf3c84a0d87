import type * as Y from 'yjs'
import { CollabRowTable, CollabTextField } from '../bindings/index.client.ts'
import { focusRowWhenShown } from '../bindings/row-focus.client.ts'
import { cellText, createRow, type DocumentSnapshot } from '../structure.ts'
import {
	ASSESSMENT_FIELDS,
	FAMILY_ALL_COLUMNS,
	FAMILY_CAREGIVER_COLUMN,
	FAMILY_COLUMNS,
	FAMILY_TABLE,
	OTHER_SUPPORT_TABLE,
	PUBLIC_SUPPORT_TABLE,
	RELATIONS_ALL_COLUMNS,
	RELATIONS_COLUMNS,
	RELATIONS_TABLE,
	RELATIONS_TYPE_COLUMN,
	RELATION_TYPES,
	SUPPORT_COLUMNS,
	SUPPORT_COLUMN_KEYS,
	type ColumnDef,
} from './definitions.ts'
import { useDocumentSnapshot } from './form-session.client.tsx'
import { CellSelect, PersonFactsBlock, PrintHeader, ScreenHeader, TextFieldBlock, removeRow, useRows, type DocumentHeaderInfo, type PersonFactKey } from './parts.client.tsx'
import { SheetBox, SheetRowsTable } from './sheet-parts.tsx'

/** 2. 利用者の状況 (docs/domain/forms.md): from the client record, typed here where it has nothing. */
const ASSESSMENT_PERSON_KEYS: readonly PersonFactKey[] = ['birthDate', 'age', 'gender', 'address', 'housing', 'phone', 'disabilities', 'supportLevel', 'handbook']

/**
 * アセスメント (申請者の現状, docs/domain/forms.md): 1. 概要, 2. 利用者の状況 (生活歴, 医療, 家族構成,
 * 主訴, 社会関係図 as a list of people and agencies), 3. 支援の状況 (公的支援 / その他の支援).
 */

const [OVERVIEW, LIFE_HISTORY, MEDICAL, PERSON_WISHES, FAMILY_WISHES] = ASSESSMENT_FIELDS
const CAREGIVER_OPTIONS = [
	{ value: '', label: '—' },
	{ value: 'yes', label: '主たる介護者' },
]

export function AssessmentForm({ doc, writable, header }: { doc: Y.Doc; writable: boolean; header: DocumentHeaderInfo }) {
	const snapshot = useDocumentSnapshot(doc)
	return (
		<div className="kind-form assessment-form">
			<div className="no-print">
				<ScreenHeader doc={doc} writable={writable} header={header} />
				<section aria-labelledby="assessment-1">
					<h2 id="assessment-1">1. 概要</h2>
					<TextFieldBlock doc={doc} def={OVERVIEW} writable={writable} idPrefix="assessment" />
				</section>
				<PersonFactsBlock
					doc={doc}
					snapshot={snapshot}
					person={header.person}
					keys={ASSESSMENT_PERSON_KEYS}
					writable={writable}
					caption="2. 利用者の状況（利用者情報から。記録にない項目はここで入力）"
					testId="assessment-person"
				/>
				<section aria-labelledby="assessment-2">
					<h2 id="assessment-2">2. 利用者の状況</h2>
					<TextFieldBlock doc={doc} def={LIFE_HISTORY} writable={writable} idPrefix="assessment" />
					<TextFieldBlock doc={doc} def={MEDICAL} writable={writable} idPrefix="assessment" />
					<h3>家族構成</h3>
					<FamilyTable doc={doc} writable={writable} />
					<TextFieldBlock doc={doc} def={PERSON_WISHES} writable={writable} idPrefix="assessment" />
					<TextFieldBlock doc={doc} def={FAMILY_WISHES} writable={writable} idPrefix="assessment" />
					<h3>社会関係図（本人を取り巻く人・機関）</h3>
					<RelationsTable doc={doc} writable={writable} />
				</section>
				<section aria-labelledby="assessment-3">
					<h2 id="assessment-3">3. 支援の状況</h2>
					<CollabRowTable
						doc={doc}
						table={PUBLIC_SUPPORT_TABLE}
						columns={SUPPORT_COLUMNS}
						allColumns={SUPPORT_COLUMN_KEYS}
						writable={writable}
						caption="公的支援（障害福祉サービス、介護保険等）"
						positionLabel="No."
						itemLabel="公的支援"
						testId="table-publicSupport"
					/>
					<CollabRowTable
						doc={doc}
						table={OTHER_SUPPORT_TABLE}
						columns={SUPPORT_COLUMNS}
						allColumns={SUPPORT_COLUMN_KEYS}
						writable={writable}
						caption="その他の支援（家族・近隣・ボランティア等）"
						positionLabel="No."
						itemLabel="その他の支援"
						testId="table-otherSupport"
					/>
				</section>
			</div>
			<AssessmentSheet snapshot={snapshot} header={header} />
		</div>
	)
}

/** A row table whose last column is a select (主たる介護者, フォーマル/インフォーマル). */
function MixedRowTable({
	doc,
	writable,
	table,
	columns,
	allColumns,
	select,
	caption,
	itemLabel,
	testId,
}: {
	doc: Y.Doc
	writable: boolean
	table: string
	columns: readonly ColumnDef[]
	allColumns: readonly string[]
	select: { key: string; label: string; options: readonly { value: string; label: string }[] }
	caption: string
	itemLabel: string
	testId: string
}) {
	const rows = useRows(doc, table)
	return (
		<div className="table-wrap">
			<table className="data row-table" data-testid={testId}>
				<caption>{caption}</caption>
				<thead>
					<tr>
						{columns.map((c) => (
							<th key={c.key} scope="col">
								{c.label}
							</th>
						))}
						<th scope="col">{select.label}</th>
						{writable ? (
							<th scope="col">
								<span className="visually-hidden">操作</span>
							</th>
						) : null}
					</tr>
				</thead>
				<tbody>
					{rows.length === 0 ? (
						<tr>
							<td colSpan={columns.length + (writable ? 2 : 1)} className="muted">
								{itemLabel}はまだありません。
							</td>
						</tr>
					) : null}
					{rows.map((row, index) => {
						const n = index + 1
						return (
							<tr key={row.id} data-row-id={row.id} data-testid="row">
								{columns.map((c) => (
									<td key={c.key}>
										<CollabTextField
											text={cellText(doc, row.id, c.key)}
											fieldKey={`row:${row.id}:${c.key}`}
											label={`${n}番目の${itemLabel}：${c.label}`}
											writable={writable}
											multiline={false}
											testId={`cell-${c.key}`}
										/>
									</td>
								))}
								<td>
									<CellSelect doc={doc} rowId={row.id} column={select.key} label={`${n}番目の${itemLabel}：${select.label}`} options={select.options} writable={writable} testId={`cell-${select.key}`} />
								</td>
								{writable ? (
									<td>
										<button type="button" className="button small danger" aria-label={`${n}番目の${itemLabel}を削除`} onClick={() => removeRow(doc, row.id, `${n}番目の${itemLabel}`, allColumns)}>
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
				<p className="button-row">
					<button type="button" className="button small" data-testid={`add-${table}`} onClick={() => focusRowWhenShown(createRow(doc, table, allColumns))}>
						＋ {itemLabel}を追加
					</button>
				</p>
			) : null}
		</div>
	)
}

function FamilyTable({ doc, writable }: { doc: Y.Doc; writable: boolean }) {
	return (
		<MixedRowTable
			doc={doc}
			writable={writable}
			table={FAMILY_TABLE}
			columns={FAMILY_COLUMNS}
			allColumns={FAMILY_ALL_COLUMNS}
			select={{ key: FAMILY_CAREGIVER_COLUMN, label: '主たる介護者', options: CAREGIVER_OPTIONS }}
			caption="家族構成"
			itemLabel="家族"
			testId="table-family"
		/>
	)
}

function RelationsTable({ doc, writable }: { doc: Y.Doc; writable: boolean }) {
	return (
		<MixedRowTable
			doc={doc}
			writable={writable}
			table={RELATIONS_TABLE}
			columns={RELATIONS_COLUMNS}
			allColumns={RELATIONS_ALL_COLUMNS}
			select={{ key: RELATIONS_TYPE_COLUMN, label: '種別', options: RELATION_TYPES }}
			caption="社会関係図（人・機関の一覧）"
			itemLabel="関係先"
			testId="table-relations"
		/>
	)
}

function AssessmentSheet({ snapshot, header }: { snapshot: DocumentSnapshot; header: DocumentHeaderInfo }) {
	const box = (key: string, label: string) => <SheetBox key={key} label={label} value={snapshot.fields[key]} />
	return (
		<div className="print-only sheet assessment-sheet" data-testid="print-sheet">
			<PrintHeader title="アセスメント（申請者の現状）" header={header} snapshot={snapshot} />
			<h3 className="sheet-section">1. 概要（支援経過・現状と課題等）</h3>
			{box(OVERVIEW.key, '概要')}
			<h3 className="sheet-section">2. 利用者の状況</h3>
			<PersonFactsBlock doc={null} snapshot={snapshot} person={header.person} keys={ASSESSMENT_PERSON_KEYS} writable={false} caption="利用者の状況" testId="assessment-person-sheet" />
			{box(LIFE_HISTORY.key, LIFE_HISTORY.label)}
			{box(MEDICAL.key, MEDICAL.label)}
			<SheetRowsTable
				snapshot={snapshot}
				table={FAMILY_TABLE}
				caption="家族構成"
				columns={[...FAMILY_COLUMNS, { key: FAMILY_CAREGIVER_COLUMN, label: '主たる介護者' }]}
				render={(key, value) => (key === FAMILY_CAREGIVER_COLUMN ? (value === 'yes' ? '○' : '') : value)}
			/>
			{box(PERSON_WISHES.key, PERSON_WISHES.label)}
			{box(FAMILY_WISHES.key, FAMILY_WISHES.label)}
			<SheetRowsTable
				snapshot={snapshot}
				table={RELATIONS_TABLE}
				caption="社会関係図（本人を取り巻く人・機関）"
				columns={[...RELATIONS_COLUMNS, { key: RELATIONS_TYPE_COLUMN, label: '種別' }]}
				render={(key, value) => (key === RELATIONS_TYPE_COLUMN ? (RELATION_TYPES.find((t) => t.value === value)?.label ?? '') : value)}
			/>
			<h3 className="sheet-section">3. 支援の状況</h3>
			<SheetRowsTable snapshot={snapshot} table={PUBLIC_SUPPORT_TABLE} caption="公的支援" columns={SUPPORT_COLUMNS} />
			<SheetRowsTable snapshot={snapshot} table={OTHER_SUPPORT_TABLE} caption="その他の支援" columns={SUPPORT_COLUMNS} />
		</div>
	)
}
