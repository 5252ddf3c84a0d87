import { snapshotRows, type DocumentSnapshot } from '../structure.ts'
import { WEEKLY_TABLE } from './definitions.ts'
import { TableFrame } from '#app/components/table-frame.tsx'
import {
	SLOT_COUNT,
	WEEK_DAYS,
	dayLabel,
	entriesInReadingOrder,
	entryKindLabel,
	formatSheetTime,
	hourMarks,
	parseSheetTime,
	placeEntries,
	type WeeklyEntry,
} from './weekly-grid.ts'

/**
 * 週間計画表's grid as a pure component (no Yjs, no browser-only code): the editing form, its
 * print sheet and the frozen plan version's print render the same picture.
 */

export function entriesOf(snapshot: DocumentSnapshot): WeeklyEntry[] {
	return snapshotRows(snapshot, WEEKLY_TABLE).map((row) => ({
		id: row.id,
		day: row.cells.day ?? '',
		start: row.cells.start ?? '',
		end: row.cells.end ?? '',
		label: row.cells.label ?? '',
		kind: row.cells.kind ?? '',
	}))
}

/** The visual grid: entries positioned by day (column) and time (rows of 30 minutes). */
export function WeeklyGrid({ entries, compact = false }: { entries: readonly WeeklyEntry[]; compact?: boolean }) {
	const { placed } = placeEntries(entries)
	const byId = new Map(entries.map((e) => [e.id, e]))
	return (
		<div className={`weekly-grid${compact ? ' weekly-grid--compact' : ''}`} aria-hidden="true" data-testid={compact ? 'weekly-print-grid' : 'weekly-grid'} style={{ gridTemplateRows: `auto repeat(${SLOT_COUNT}, var(--slot-height))` }}>
			<div className="weekly-grid__corner" style={{ gridColumn: 1, gridRow: 1 }} />
			{WEEK_DAYS.map((d, i) => (
				<div key={d.key} className="weekly-grid__day" style={{ gridColumn: i + 2, gridRow: 1 }}>
					{d.label}
				</div>
			))}
			{hourMarks().map((mark) => (
				<div key={mark.slot} className="weekly-grid__hour" style={{ gridColumn: 1, gridRow: `${mark.slot + 2} / span 4` }}>
					{mark.label}
				</div>
			))}
			{hourMarks().map((mark) =>
				WEEK_DAYS.map((d, i) => <div key={`${mark.slot}-${d.key}`} className="weekly-grid__cell" style={{ gridColumn: i + 2, gridRow: `${mark.slot + 2} / span 4` }} />),
			)}
			{placed.map((p) => {
				const entry = byId.get(p.id)
				if (!entry) return null
				return (
					<div
						key={p.id}
						className={`weekly-grid__entry weekly-grid__entry--${entry.kind || 'other'}`}
						data-testid={compact ? 'weekly-print-entry' : 'weekly-grid-entry'}
						data-day={entry.day}
						style={{
							gridColumn: p.dayIndex + 2,
							gridRow: `${p.startSlot + 2} / ${p.endSlot + 2}`,
							width: `calc(${100 / p.lanes}% - 2px)`,
							marginLeft: `calc(${(100 * p.lane) / p.lanes}% + 1px)`,
						}}
						title={`${formatSheetTime(p.startMinutes)}〜${formatSheetTime(p.endMinutes)} ${entry.label}`}
					>
						<span className="weekly-grid__time">
							{formatSheetTime(p.startMinutes)}〜{formatSheetTime(p.endMinutes)}
						</span>
						<span className="weekly-grid__label">{entry.label}</span>
						<span className="weekly-grid__kind">［{entryKindLabel(entry.kind)}］</span>
					</div>
				)
			})}
		</div>
	)
}

/** The entries in reading order (day, then time) as a table: what the grid shows, in words. */
export function EntryTable({ entries }: { entries: readonly WeeklyEntry[] }) {
	const ordered = entriesInReadingOrder(entries)
	const { unplaced } = placeEntries(entries)
	const problems = new Map(unplaced.map((u) => [u.id, u.reason]))
	return (
		<TableFrame label="週間の予定（一覧）">
			<table className="data weekly-entries" data-testid="weekly-entry-table">
				<caption>週間の予定（一覧）</caption>
				<thead>
					<tr>
						<th scope="col">曜日</th>
						<th scope="col">時間</th>
						<th scope="col">内容</th>
						<th scope="col">種別</th>
					</tr>
				</thead>
				<tbody>
					{ordered.length === 0 ? (
						<tr>
							<td colSpan={4} className="muted">
								予定はまだありません。
							</td>
						</tr>
					) : null}
					{ordered.map((e) => {
						const start = parseSheetTime(e.start)
						const end = parseSheetTime(e.end)
						return (
							<tr key={e.id}>
								<th scope="row">{dayLabel(e.day)}</th>
								<td>
									{start !== null ? formatSheetTime(start) : '—'}〜{end !== null ? formatSheetTime(end) : '—'}
									{problems.has(e.id) ? <span className="sub">（{problems.get(e.id)}）</span> : null}
								</td>
								<td>{e.label}</td>
								<td>{entryKindLabel(e.kind)}</td>
							</tr>
						)
					})}
				</tbody>
			</table>
		</TableFrame>
	)
}
