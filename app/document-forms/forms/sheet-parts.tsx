import { type ReactNode } from 'react'
import type * as Y from 'yjs'
import { CollabTextField } from '../bindings/index.client.ts'
import { fieldText, snapshotRows, type DocumentSnapshot } from '../structure.ts'
import type { ColumnDef } from './definitions.ts'
import { SheetText } from './parts.client.tsx'
import { formatWareki } from '#app/utils/wareki.ts'

/**
 * Parts the structured forms share, on screen and on their A4 sheets: the grid of text fields
 * (one row per stage or area, one column per aspect — クライシスプラン, Myライフプラン), a stored
 * table printed from the snapshot, a boxed text and a date from the meta map.
 */

/** A row of a field grid: its key in the field keys and its header cell. */
export type GridRow = { key: string; label: string; className?: string }

/** The grid on screen: one co-edited text field per row × aspect. */
export function FieldGrid({
	doc,
	writable,
	rows,
	aspects,
	fieldKey,
	rowHeader,
	cellLabel,
	corner,
	caption,
	className,
	testId,
}: {
	doc: Y.Doc
	writable: boolean
	rows: readonly GridRow[]
	aspects: readonly ColumnDef[]
	fieldKey: (row: string, aspect: string) => string
	/** the row's header cell content (defaults to its label) */
	rowHeader?: (row: GridRow) => ReactNode
	/** the accessible name of one cell's field */
	cellLabel: (row: GridRow, aspect: ColumnDef) => string
	corner: string
	caption: string
	className: string
	testId: string
}) {
	return (
		<div className="table-wrap">
			<table className={`data ${className}`} data-testid={testId}>
				<caption>{caption}</caption>
				<GridHead corner={corner} aspects={aspects} />
				<tbody>
					{rows.map((row) => (
						<tr key={row.key} className={row.className}>
							<th scope="row">{rowHeader ? rowHeader(row) : row.label}</th>
							{aspects.map((a) => {
								const key = fieldKey(row.key, a.key)
								return (
									<td key={a.key}>
										<CollabTextField text={fieldText(doc, key)} fieldKey={key} label={cellLabel(row, a)} writable={writable} rows={3} testId={`field-${key}`} />
									</td>
								)
							})}
						</tr>
					))}
				</tbody>
			</table>
		</div>
	)
}

/** The same grid on the printed sheet, read from the snapshot. */
export function SheetGrid({
	snapshot,
	rows,
	aspects,
	fieldKey,
	rowHeader,
	corner,
	className,
}: {
	snapshot: DocumentSnapshot
	rows: readonly GridRow[]
	aspects: readonly ColumnDef[]
	fieldKey: (row: string, aspect: string) => string
	rowHeader?: (row: GridRow) => ReactNode
	corner: string
	className?: string
}) {
	return (
		<table className={className ? `sheet-table ${className}` : 'sheet-table'}>
			<GridHead corner={corner} aspects={aspects} />
			<tbody>
				{rows.map((row) => (
					<tr key={row.key} className={row.className}>
						<th scope="row">{rowHeader ? rowHeader(row) : row.label}</th>
						{aspects.map((a) => (
							<td key={a.key}>
								<SheetText value={snapshot.fields[fieldKey(row.key, a.key)]} />
							</td>
						))}
					</tr>
				))}
			</tbody>
		</table>
	)
}

function GridHead({ corner, aspects }: { corner: string; aspects: readonly ColumnDef[] }) {
	return (
		<thead>
			<tr>
				<th scope="col">{corner}</th>
				{aspects.map((a) => (
					<th key={a.key} scope="col">
						{a.label}
					</th>
				))}
			</tr>
		</thead>
	)
}

/**
 * One stored table printed from the snapshot, 「（記載なし）」 when empty. `numbered` adds a
 * first column counting the rows (e.g. 順位); `render` turns a stored code into its label.
 */
export function SheetRowsTable({
	snapshot,
	table,
	columns,
	caption,
	numbered,
	render,
	cellClassName,
	className,
	testId,
}: {
	snapshot: DocumentSnapshot
	table: string
	columns: readonly ColumnDef[]
	caption?: string
	numbered?: string
	render?: (key: string, value: string) => string
	cellClassName?: (key: string) => string | undefined
	className?: string
	testId?: string
}) {
	const rows = snapshotRows(snapshot, table)
	const width = columns.length + (numbered ? 1 : 0)
	return (
		<table className={className ? `sheet-table ${className}` : 'sheet-table'} data-testid={testId}>
			{caption ? <caption>{caption}</caption> : null}
			<thead>
				<tr>
					{numbered ? <th scope="col">{numbered}</th> : null}
					{columns.map((c) => (
						<th key={c.key} scope="col">
							{c.label}
						</th>
					))}
				</tr>
			</thead>
			<tbody>
				{rows.length === 0 ? (
					<tr>
						<td colSpan={width}>（記載なし）</td>
					</tr>
				) : null}
				{rows.map((row, index) => (
					<tr key={row.id}>
						{numbered ? <td className="sheet-num">{index + 1}</td> : null}
						{columns.map((c) => (
							<td key={c.key} className={cellClassName?.(c.key)}>
								<SheetText value={render ? render(c.key, row.cells[c.key] ?? '') : row.cells[c.key]} />
							</td>
						))}
					</tr>
				))}
			</tbody>
		</table>
	)
}

/** A boxed text of the sheet: its label and the field's text. */
export function SheetBox({ label, value }: { label: string; value: string | undefined }) {
	return (
		<section className="sheet-box">
			<h3>{label}</h3>
			<SheetText value={value} />
		</section>
	)
}

/** A date kept in the meta map, in 和暦 for the sheet ('' when unset). */
export function metaWareki(snapshot: DocumentSnapshot, key: string): string {
	const value = snapshot.meta[key]
	return typeof value === 'string' && value ? formatWareki(value) : ''
}
