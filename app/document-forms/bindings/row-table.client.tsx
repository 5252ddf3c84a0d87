import { useCallback, useRef } from 'react'
import * as Y from 'yjs'
import { useComments } from '#app/components/comments/context.ts'
import { cellText, createRow, deleteRow, moveRow, orderedRows, rowsMap } from '../structure.ts'
import { RowCommentButton, rowCommentProps } from './comment-marks.client.tsx'
import { useYChange, type DeepObservable } from './observe.client.ts'
import { focusRowWhenShown, focusTargetAfterRemoval } from './row-focus.client.ts'
import { CollabTextField } from './text-field.client.tsx'

/** Row tables: rows in order, added, removed and reordered with buttons. */

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
												const restoreFocus = focusTargetAfterRemoval(row.id)
												deleteRow(doc, row.id)
												if (neighbour) focusAction(neighbour.id, ['remove'])
												else restoreFocus()
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
					<button type="button" className="button small" data-testid="add-row" onClick={() => focusRowWhenShown(createRow(doc, table, allColumns))}>
						＋ {itemLabel}を追加
					</button>
				</p>
			) : null}
		</div>
	)
}
