import type { GoalSeed, MonitoringContent } from '#app/document-forms/monitoring.ts'
import { PLAN_GOALS_TABLE } from '#app/document-forms/plan.ts'
import { snapshotRows, type DocumentSnapshot } from '#app/document-forms/structure.ts'

/**
 * A モニタリング報告書 evaluates the goals of the consented plan version it names (issue #11). Pure:
 * the report page's goal rows and the print read the version through these.
 */

/** The goal rows of a frozen plan version, in priority order, as monitoring rows start. */
export function goalSeedsOf(snapshot: DocumentSnapshot): GoalSeed[] {
	return snapshotRows(snapshot, PLAN_GOALS_TABLE).map((row) => ({ goalId: row.id, goal: row.cells.goal || row.cells.need || '', targetDate: row.cells.targetDate ?? '' }))
}

/**
 * The report's rows with the 支援目標 and 達成時期 of the consented version: each row linked to a
 * goal of that version shows the goal as agreed, and a goal the report has no row for yet is
 * printed with its evaluation blank. Rows the report added itself follow as written.
 */
export function withPlanGoals(content: MonitoringContent, goals: readonly GoalSeed[]): MonitoringContent {
	const rowId = (goalId: string) => content.rows.find((row) => row.links.includes(goalId))
	const rows: MonitoringContent['rows'] = []
	for (const goal of goals) {
		const row = rowId(goal.goalId)
		rows.push(
			row
				? { ...row, cells: { ...row.cells, goal: goal.goal, targetDate: goal.targetDate } }
				: { id: `plan-goal:${goal.goalId}`, priority: 0, links: [goal.goalId], cells: { goal: goal.goal, targetDate: goal.targetDate }, changes: { kind: null, amount: null, weekly: null } },
		)
	}
	const planGoalIds = new Set(goals.map((g) => g.goalId))
	for (const row of content.rows) if (!row.links.some((id) => planGoalIds.has(id))) rows.push(row)
	return { ...content, rows: rows.map((row, index) => ({ ...row, priority: index + 1 })) }
}
