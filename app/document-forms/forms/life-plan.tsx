import type * as Y from 'yjs'
import { CollabDate, CollabTextField } from '../bindings/index.client.ts'
import { focusRowWhenShown } from '../bindings/row-focus.client.ts'
import { formatWareki } from '#app/utils/wareki.ts'
import { cellText, createRow, type DocumentSnapshot } from '../structure.ts'
import {
	LIFE_PLAN_ASPECTS,
	LIFE_PLAN_FIELDS,
	LIFE_PLAN_META,
	LIFE_PLAN_PARENT_FIELDS,
	LIFE_PLAN_SECTIONS,
	RESOURCES_ALL_COLUMNS,
	RESOURCES_COLUMNS,
	RESOURCES_TABLE,
	RESOURCES_TRIAL_COLUMN,
	TRIAL_STATES,
	lifePlanFieldKey,
} from './definitions.ts'
import { useDocumentSnapshot } from './form-session.client.tsx'
import { CellSelect, PrintHeader, ScreenHeader, TextFieldBlock, removeRow, useRows, type DocumentHeaderInfo } from './parts.client.tsx'
import { FieldGrid, metaWareki, SheetBox, SheetGrid, SheetRowsTable } from './sheet-parts.tsx'

/**
 * Myライフプラン (かなざわ安心プラン): the life the person wants now and after the parents can
 * no longer support them (親なき後), area by area — 本人の希望 / 将来の見通し / 必要な準備 —
 * and the social resources discussed, with 体験利用 (trial use) status.
 */

const VISION = LIFE_PLAN_FIELDS[0]
const [INFO_DATE, TRIAL_DATE] = ['infoDate', 'trialDate'] as const

export function LifePlanForm({ doc, writable, header }: { doc: Y.Doc; writable: boolean; header: DocumentHeaderInfo }) {
	const snapshot = useDocumentSnapshot(doc)
	return (
		<div className="kind-form life-plan-form">
			<div className="no-print">
				<ScreenHeader doc={doc} writable={writable} header={header} />
				<TextFieldBlock doc={doc} def={VISION} writable={writable} idPrefix="life" />
				<section aria-labelledby="life-parents" data-testid="life-plan-parents">
					<h2 id="life-parents">親なき後に向けて</h2>
					{LIFE_PLAN_PARENT_FIELDS.map((def) => (
						<TextFieldBlock key={def.key} doc={doc} def={def} writable={writable} idPrefix="life" />
					))}
					<p className="form-field">
						<label htmlFor="meta-reviewOn">見直し日</label>{' '}
						<CollabDate doc={doc} metaKey={LIFE_PLAN_META.reviewOn} label="見直し日" writable={writable} id="meta-reviewOn" format={formatWareki} />
					</p>
				</section>
				<FieldGrid
					doc={doc}
					writable={writable}
					rows={LIFE_PLAN_SECTIONS}
					aspects={LIFE_PLAN_ASPECTS}
					fieldKey={lifePlanFieldKey}
					cellLabel={(row, a) => `${row.label}：${a.label}`}
					corner="分野"
					caption="分野ごとの希望と準備"
					className="life-plan-grid"
					testId="life-plan-sections"
				/>
				<h2>情報提供・体験利用した社会資源</h2>
				<ResourcesTable doc={doc} writable={writable} />
			</div>
			<LifePlanSheet snapshot={snapshot} header={header} />
		</div>
	)
}

function ResourcesTable({ doc, writable }: { doc: Y.Doc; writable: boolean }) {
	const rows = useRows(doc, RESOURCES_TABLE)
	return (
		<div className="table-wrap">
			<table className="data row-table" data-testid="table-resources">
				<caption>社会資源</caption>
				<thead>
					<tr>
						<th scope="col">資源名</th>
						<th scope="col">内容</th>
						<th scope="col">情報提供日</th>
						<th scope="col">体験利用</th>
						<th scope="col">体験日</th>
						<th scope="col">メモ</th>
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
							<td colSpan={writable ? 7 : 6} className="muted">
								社会資源はまだありません。
							</td>
						</tr>
					) : null}
					{rows.map((row, index) => {
						const n = index + 1
						const cell = (key: string, label: string, multiline = false) => (
							<td>
								<CollabTextField text={cellText(doc, row.id, key)} fieldKey={`row:${row.id}:${key}`} label={`${n}番目の社会資源：${label}`} writable={writable} multiline={multiline} rows={2} testId={`cell-${key}`} />
							</td>
						)
						return (
							<tr key={row.id} data-row-id={row.id} data-testid="row">
								{cell('name', '資源名')}
								{cell('content', '内容', true)}
								{cell(INFO_DATE, '情報提供日')}
								<td>
									<CellSelect doc={doc} rowId={row.id} column={RESOURCES_TRIAL_COLUMN} label={`${n}番目の社会資源：体験利用`} options={TRIAL_STATES} writable={writable} testId="cell-trial" />
								</td>
								{cell(TRIAL_DATE, '体験日')}
								{cell('memo', 'メモ', true)}
								{writable ? (
									<td>
										<button type="button" className="button small danger" aria-label={`${n}番目の社会資源を削除`} onClick={() => removeRow(doc, row.id, `${n}番目の社会資源`, RESOURCES_ALL_COLUMNS)}>
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
					<button type="button" className="button small" data-testid="add-resources" onClick={() => focusRowWhenShown(createRow(doc, RESOURCES_TABLE, RESOURCES_ALL_COLUMNS))}>
						＋ 社会資源を追加
					</button>
				</p>
			) : null}
		</div>
	)
}

/** The resources as printed: the 体験利用 state (a code) after the first three columns, by its label. */
const RESOURCES_SHEET_COLUMNS = [...RESOURCES_COLUMNS.slice(0, 3), { key: RESOURCES_TRIAL_COLUMN, label: '体験利用' }, ...RESOURCES_COLUMNS.slice(3)]

function LifePlanSheet({ snapshot, header }: { snapshot: DocumentSnapshot; header: DocumentHeaderInfo }) {
	return (
		<div className="print-only sheet life-plan-sheet" data-testid="print-sheet">
			<PrintHeader
				title="Myライフプラン"
				header={header}
				snapshot={snapshot}
				extra={
					<>
						<th scope="row">見直し日</th>
						<td>{metaWareki(snapshot, LIFE_PLAN_META.reviewOn)}</td>
					</>
				}
			/>
			<SheetBox label={VISION.label} value={snapshot.fields[VISION.key]} />
			{LIFE_PLAN_PARENT_FIELDS.filter((def) => def.key in snapshot.fields).map((def) => (
				<SheetBox key={def.key} label={def.label} value={snapshot.fields[def.key]} />
			))}
			<SheetGrid snapshot={snapshot} rows={LIFE_PLAN_SECTIONS} aspects={LIFE_PLAN_ASPECTS} fieldKey={lifePlanFieldKey} corner="分野" />
			<SheetRowsTable
				snapshot={snapshot}
				table={RESOURCES_TABLE}
				columns={RESOURCES_SHEET_COLUMNS}
				caption="情報提供・体験利用した社会資源"
				render={(key, value) => (key === RESOURCES_TRIAL_COLUMN ? (TRIAL_STATES.find((t) => t.value === value)?.label ?? '') : value)}
			/>
		</div>
	)
}
