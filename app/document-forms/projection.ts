import type * as Y from 'yjs'
import { ISP_SUPPORT_TABLE, ROW_CATEGORY_KEY, rowCategoryOf, supportRowSummary, type RowCategory } from './isp.ts'
import { PLAN_GOALS_TABLE } from './plan.ts'
import { orderedRows, readDocument, snapshotRows } from './structure.ts'

/**
 * The チームアプローチ projection, pure: what the overall plan's goals are, which provider ISP
 * rows link to them, and the coverage view built from both. The collaboration server
 * computes the rows from stored documents (server/collab/projection.ts); pages read the tables.
 */

export type ProjectedGoal = { goalId: string; priority: number; need: string; goal: string; dueText: string }

export type ProjectedSupportRow = {
	rowId: string
	priority: number
	summary: string
	category: RowCategory
	/** goal ids, sorted */
	links: string[]
}

/** The plan's goals in priority order (1-based positions of the 'goals' table). */
export function projectPlanGoals(doc: Y.Doc): ProjectedGoal[] {
	return snapshotRows(readDocument(doc), PLAN_GOALS_TABLE).map((row, index) => ({
		goalId: row.id,
		priority: index + 1,
		need: row.cells.need ?? '',
		goal: row.cells.goal ?? '',
		dueText: row.cells.targetDate ?? '',
	}))
}

/** An ISP's support rows in priority order, with their links and (child providers) category. */
export function projectSupportRows(doc: Y.Doc): ProjectedSupportRow[] {
	const snapshot = readDocument(doc)
	const categories = new Map(orderedRows(doc, ISP_SUPPORT_TABLE).map((r) => [r.id, rowCategoryOf(r.row.get(ROW_CATEGORY_KEY))]))
	return snapshotRows(snapshot, ISP_SUPPORT_TABLE).map((row, index) => ({
		rowId: row.id,
		priority: index + 1,
		summary: supportRowSummary(row.cells),
		category: categories.get(row.id) ?? 'self',
		links: row.links,
	}))
}

// ---------------------------------------------------------------------------------------------
// Coverage view

export type CoverageGoal = ProjectedGoal & { deleted: boolean }
export type CoverageRow = { ispDocumentId: string; organizationId: string; organizationName: string; rowId: string; priority: number; summary: string }
export type CoverageLink = { ispDocumentId: string; rowId: string; goalId: string }

export type Coverage = {
	/** current goals in priority order, each with the rows that serve it */
	goals: Array<{ goal: CoverageGoal; rows: CoverageRow[] }>
	/** current goals no row serves (未対応) */
	unserved: CoverageGoal[]
	/** rows linked to no goal at all (リンクなし) */
	unlinked: CoverageRow[]
	/** deleted goals that rows still link to, with those rows */
	deleted: Array<{ goal: CoverageGoal; rows: CoverageRow[] }>
}

export function buildCoverage(goals: readonly CoverageGoal[], rows: readonly CoverageRow[], links: readonly CoverageLink[]): Coverage {
	const key = (ispDocumentId: string, rowId: string) => `${ispDocumentId}\u0000${rowId}`
	const rowsByKey = new Map(rows.map((r) => [key(r.ispDocumentId, r.rowId), r]))
	const rowsByGoal = new Map<string, CoverageRow[]>()
	const linkedRows = new Set<string>()
	for (const link of links) {
		const row = rowsByKey.get(key(link.ispDocumentId, link.rowId))
		if (!row) continue
		linkedRows.add(key(row.ispDocumentId, row.rowId))
		const list = rowsByGoal.get(link.goalId) ?? []
		list.push(row)
		rowsByGoal.set(link.goalId, list)
	}
	const byRowOrder = (a: CoverageRow, b: CoverageRow) =>
		a.organizationName.localeCompare(b.organizationName, 'ja') || a.ispDocumentId.localeCompare(b.ispDocumentId) || a.priority - b.priority
	const current = goals.filter((g) => !g.deleted).sort((a, b) => a.priority - b.priority)
	const withRows = current.map((goal) => ({ goal, rows: (rowsByGoal.get(goal.goalId) ?? []).sort(byRowOrder) }))
	return {
		goals: withRows,
		unserved: withRows.filter((g) => g.rows.length === 0).map((g) => g.goal),
		unlinked: rows.filter((r) => !linkedRows.has(key(r.ispDocumentId, r.rowId))).sort(byRowOrder),
		deleted: goals
			.filter((g) => g.deleted && rowsByGoal.has(g.goalId))
			.sort((a, b) => a.priority - b.priority)
			.map((goal) => ({ goal, rows: (rowsByGoal.get(goal.goalId) ?? []).sort(byRowOrder) })),
	}
}

/** How a goal is named in pickers and notices: 「1. <支援目標>」, falling back to the need. */
export function goalLabel(goal: Pick<ProjectedGoal, 'priority' | 'goal' | 'need'>): string {
	const text = (goal.goal || goal.need).trim().replace(/\s+/g, ' ')
	return `${goal.priority}. ${text || '（未記入の目標）'}`
}
