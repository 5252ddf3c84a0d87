import type { DocumentSnapshot, MetaValue, RowSnapshot } from '#app/document-forms/structure.ts'
import { diffChars, type DiffSegment } from './text-diff.ts'

/**
 * Side-by-side comparison of two versions of a structured form, per field and per table row
 * (rows are matched by their stable row id, so a reordered goal is "moved", not "deleted and
 * added"). Pure: the comparison page renders what this returns.
 */

/**
 * Labels and order of what a kind's form shows; fields and tables not listed follow, labelled by
 * key. Meta values are codes and ISO dates: a listed one is shown through its `format` (a label,
 * a Japanese date), and when the layout lists meta, unlisted meta keys (internal flags) are left
 * out — the comparison never shows a code.
 */
export type FormLayout = {
	fields: ReadonlyArray<{ key: string; label: string }>
	meta?: ReadonlyArray<{ key: string; label: string; format?: (value: string) => string }>
	tables: ReadonlyArray<{ table: string; label: string; columns: ReadonlyArray<{ key: string; label: string }> }>
}

export type FieldComparison = {
	key: string
	label: string
	changed: boolean
	segments: DiffSegment[]
}

export type RowStatus = 'same' | 'changed' | 'added' | 'removed' | 'moved'

export type RowComparison = {
	rowId: string
	status: RowStatus
	/** 1-based positions in each version (null where the row does not exist) */
	positionBefore: number | null
	positionAfter: number | null
	cells: FieldComparison[]
}

export type TableComparison = { table: string; label: string; rows: RowComparison[]; changed: boolean }

export type VersionComparison = {
	fields: FieldComparison[]
	meta: FieldComparison[]
	tables: TableComparison[]
	/** counts for the summary line */
	changedFields: number
	changedRows: number
}

function compareText(key: string, label: string, before: string, after: string): FieldComparison {
	return { key, label, changed: before !== after, segments: diffChars(before, after) }
}

function metaText(value: MetaValue | undefined): string {
	return value === null || value === undefined ? '' : String(value)
}

/** Listed keys first in layout order, then the rest sorted. */
function orderedKeys(listed: ReadonlyArray<{ key: string; label: string }>, present: Iterable<string>): Array<{ key: string; label: string }> {
	const known = new Set(listed.map((item) => item.key))
	const extra = [...new Set(present)].filter((key) => !known.has(key)).sort()
	return [...listed, ...extra.map((key) => ({ key, label: key }))]
}

export function compareVersions(before: DocumentSnapshot, after: DocumentSnapshot, layout: FormLayout): VersionComparison {
	const fields = orderedKeys(layout.fields, [...Object.keys(before.fields), ...Object.keys(after.fields)]).map(({ key, label }) =>
		compareText(key, label, before.fields[key] ?? '', after.fields[key] ?? ''),
	)
	const metaLayout = layout.meta ?? []
	const metaKeys = metaLayout.length > 0 ? metaLayout : orderedKeys([], [...Object.keys(before.meta), ...Object.keys(after.meta)])
	const meta = metaKeys.map((item) => {
		const format = 'format' in item && item.format ? item.format : (value: string) => value
		const shown = (value: MetaValue | undefined) => {
			const text = metaText(value)
			return text === '' ? '' : format(text)
		}
		return compareText(item.key, item.label, shown(before.meta[item.key]), shown(after.meta[item.key]))
	})
	const tableNames = new Set([...before.rows, ...after.rows].map((row) => row.table))
	const tableLayouts = [
		...layout.tables,
		...[...tableNames]
			.filter((table) => !layout.tables.some((t) => t.table === table))
			.sort()
			.map((table) => ({ table, label: table, columns: [] as Array<{ key: string; label: string }> })),
	]
	const tables = tableLayouts.map(({ table, label, columns }) => {
		const rows = compareRows(
			before.rows.filter((row) => row.table === table),
			after.rows.filter((row) => row.table === table),
			columns,
		)
		return { table, label, rows, changed: rows.some((row) => row.status !== 'same') }
	})
	return {
		fields,
		meta,
		tables,
		changedFields: fields.filter((f) => f.changed).length + meta.filter((m) => m.changed).length,
		changedRows: tables.reduce((sum, t) => sum + t.rows.filter((row) => row.status !== 'same').length, 0),
	}
}

function compareRows(
	before: readonly RowSnapshot[],
	after: readonly RowSnapshot[],
	columns: ReadonlyArray<{ key: string; label: string }>,
): RowComparison[] {
	const beforeIndex = new Map(before.map((row, i) => [row.id, i]))
	const afterIndex = new Map(after.map((row, i) => [row.id, i]))
	const cellsOf = (a: RowSnapshot | undefined, b: RowSnapshot | undefined) =>
		orderedKeys(columns, [...Object.keys(a?.cells ?? {}), ...Object.keys(b?.cells ?? {})]).map(({ key, label }) =>
			compareText(key, label, a?.cells[key] ?? '', b?.cells[key] ?? ''),
		)
	const result: RowComparison[] = []
	// The newer version's order; removed rows are shown where they used to be.
	const removedBefore = new Map<number, RowSnapshot[]>()
	for (const row of before) {
		if (afterIndex.has(row.id)) continue
		// Attach a removed row after the last surviving row that preceded it.
		let anchor = -1
		for (let i = (beforeIndex.get(row.id) ?? 0) - 1; i >= 0; i--) {
			const survivor = afterIndex.get(before[i].id)
			if (survivor !== undefined) {
				anchor = survivor
				break
			}
		}
		const list = removedBefore.get(anchor) ?? []
		list.push(row)
		removedBefore.set(anchor, list)
	}
	const pushRemoved = (anchor: number) => {
		for (const row of removedBefore.get(anchor) ?? []) {
			result.push({ rowId: row.id, status: 'removed', positionBefore: (beforeIndex.get(row.id) ?? 0) + 1, positionAfter: null, cells: cellsOf(row, undefined) })
		}
	}
	pushRemoved(-1)
	after.forEach((row, i) => {
		const previousIndex = beforeIndex.get(row.id)
		if (previousIndex === undefined) {
			result.push({ rowId: row.id, status: 'added', positionBefore: null, positionAfter: i + 1, cells: cellsOf(undefined, row) })
		} else {
			const cells = cellsOf(before[previousIndex], row)
			const changed = cells.some((c) => c.changed) || before[previousIndex].links.join() !== row.links.join()
			const moved = relativeOrderChanged(row.id, before, after, beforeIndex, afterIndex)
			const status: RowStatus = changed ? 'changed' : moved ? 'moved' : 'same'
			result.push({ rowId: row.id, status, positionBefore: previousIndex + 1, positionAfter: i + 1, cells })
		}
		pushRemoved(i)
	})
	return result
}

/** Whether the row's place among the rows present in both versions changed (its 優先順位). */
function relativeOrderChanged(
	id: string,
	before: readonly RowSnapshot[],
	after: readonly RowSnapshot[],
	beforeIndex: Map<string, number>,
	afterIndex: Map<string, number>,
): boolean {
	const common = (rows: readonly RowSnapshot[], other: Map<string, number>) => rows.filter((row) => other.has(row.id)).map((row) => row.id)
	return common(before, afterIndex).indexOf(id) !== common(after, beforeIndex).indexOf(id)
}
