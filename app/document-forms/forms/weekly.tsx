import type * as Y from 'yjs'
import { formatJpMonth } from '#app/utils/dates.ts'
import { CollabDate, CollabTextField } from '../bindings/index.client.ts'
import { focusRowWhenShown } from '../bindings/row-focus.client.ts'
import { cellText, createRow, type DocumentSnapshot } from '../structure.ts'
import { WEEKLY_COLUMNS, WEEKLY_FIELDS, WEEKLY_META, WEEKLY_TABLE } from './definitions.ts'
import { useDocumentSnapshot } from './form-session.client.tsx'
import { EntryTable, WeeklyGrid, entriesOf } from './weekly-view.tsx'
import { CellSelect, PrintHeader, ScreenHeader, SheetText, TextFieldBlock, removeRow, useRows, type DocumentHeaderInfo } from './parts.client.tsx'
import { ENTRY_KINDS, WEEK_DAYS, timeOptions } from './weekly-grid.ts'

/**
 * 週間計画表 (様式1-2): the week as a 月–日・祝 × 6:00–翌4:00 grid of entries, with the three
 * free-text blocks of the official sheet. The grid is a picture (aria-hidden); the same
 * entries are a table for keyboard and screen-reader users, and the editing table for writers.
 */

const DAY_OPTIONS = WEEK_DAYS.map((d) => ({ value: d.key, label: d.label }))
const KIND_OPTIONS = ENTRY_KINDS.map((k) => ({ value: k.key, label: k.label }))
const TIME_OPTIONS = timeOptions()

export function WeeklyForm({ doc, writable, header }: { doc: Y.Doc; writable: boolean; header: DocumentHeaderInfo }) {
	const snapshot = useDocumentSnapshot(doc)
	const entries = entriesOf(snapshot)
	return (
		<div className="kind-form weekly-form">
			<div className="no-print">
				<ScreenHeader doc={doc} writable={writable} header={header}>
					<dt>
						<label htmlFor="meta-startMonth">計画開始年月</label>
					</dt>
					<dd>
						<CollabDate doc={doc} metaKey={WEEKLY_META.startMonth} label="計画開始年月" type="month" writable={writable} id="meta-startMonth" format={formatJpMonth} />
					</dd>
				</ScreenHeader>
				<h2>週間の予定</h2>
				<WeeklyGrid entries={entries} />
				{writable ? <EntryEditor doc={doc} /> : <EntryTable entries={entries} />}
				{WEEKLY_FIELDS.map((def) => (
					<TextFieldBlock key={def.key} doc={doc} def={def} writable={writable} idPrefix="weekly" />
				))}
			</div>
			<WeeklySheet snapshot={snapshot} header={header} />
		</div>
	)
}

/** Writers edit the entries in a table (keyboard-friendly); the grid above follows live. */
function EntryEditor({ doc }: { doc: Y.Doc }) {
	const rows = useRows(doc, WEEKLY_TABLE)
	return (
		<div className="table-wrap">
			<table className="data weekly-editor" data-testid="weekly-editor">
				<caption>週間の予定（編集）</caption>
				<thead>
					<tr>
						<th scope="col">曜日</th>
						<th scope="col">開始</th>
						<th scope="col">終了</th>
						<th scope="col">内容</th>
						<th scope="col">種別</th>
						<th scope="col">
							<span className="visually-hidden">操作</span>
						</th>
					</tr>
				</thead>
				<tbody>
					{rows.length === 0 ? (
						<tr>
							<td colSpan={6} className="muted">
								まだ予定がありません。「予定を追加」で追加してください。
							</td>
						</tr>
					) : null}
					{rows.map((row, index) => {
						const n = index + 1
						return (
							<tr key={row.id} data-row-id={row.id} data-testid="weekly-editor-row">
								<td>
									<CellSelect doc={doc} rowId={row.id} column="day" label={`${n}番目の予定：曜日`} options={DAY_OPTIONS} writable testId="entry-day" />
								</td>
								<td>
									<CellSelect doc={doc} rowId={row.id} column="start" label={`${n}番目の予定：開始`} options={TIME_OPTIONS} writable testId="entry-start" />
								</td>
								<td>
									<CellSelect doc={doc} rowId={row.id} column="end" label={`${n}番目の予定：終了`} options={TIME_OPTIONS} writable testId="entry-end" />
								</td>
								<td>
									<CollabTextField
										text={cellText(doc, row.id, 'label')}
										fieldKey={`row:${row.id}:label`}
										label={`${n}番目の予定：内容`}
										writable
										multiline={false}
										testId="entry-label"
									/>
								</td>
								<td>
									<CellSelect doc={doc} rowId={row.id} column="kind" label={`${n}番目の予定：種別`} options={KIND_OPTIONS} writable testId="entry-kind" />
								</td>
								<td>
									<button type="button" className="button small danger" aria-label={`${n}番目の予定を削除`} onClick={() => removeRow(doc, row.id, `${n}番目の予定`, ['label'])}>
										削除
									</button>
								</td>
							</tr>
						)
					})}
				</tbody>
			</table>
			<p className="button-row">
				<button
					type="button"
					className="button small"
					data-testid="add-entry"
					onClick={() => focusRowWhenShown(createRow(doc, WEEKLY_TABLE, WEEKLY_COLUMNS, { cells: { day: 'mon', start: '09:00', end: '10:00', kind: 'service' } }))}
				>
					＋ 予定を追加
				</button>
			</p>
		</div>
	)
}

/** The printout: A4 landscape, header block, grid, then the three text blocks. */
function WeeklySheet({ snapshot, header }: { snapshot: DocumentSnapshot; header: DocumentHeaderInfo }) {
	const startMonth = snapshot.meta[WEEKLY_META.startMonth]
	return (
		<div className="print-only sheet weekly-sheet" data-testid="print-sheet">
			<PrintHeader
				title="週間計画表"
				header={header}
				snapshot={snapshot}
				extra={
					<>
						<th scope="row">計画開始年月</th>
						<td>{typeof startMonth === 'string' && startMonth ? formatJpMonth(startMonth) : ''}</td>
					</>
				}
			/>
			<div className="weekly-sheet__body">
				<WeeklyGrid entries={entriesOf(snapshot)} compact />
				<div className="weekly-sheet__notes">
					{WEEKLY_FIELDS.map((def) => (
						<section key={def.key} className="sheet-box">
							<h3>{def.label}</h3>
							<SheetText value={snapshot.fields[def.key]} />
						</section>
					))}
				</div>
			</div>
		</div>
	)
}
