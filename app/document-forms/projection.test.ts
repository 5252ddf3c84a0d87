import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { ISP_COLUMN_KEYS, ISP_SUPPORT_TABLE, ROW_CATEGORY_KEY, ispDocumentTitle, supportRowSummary } from './isp.ts'
import { PLAN_GOAL_COLUMN_KEYS, PLAN_GOALS_TABLE } from './plan.ts'
import { buildCoverage, goalLabel, projectPlanGoals, projectSupportRows, type CoverageGoal, type CoverageRow } from './projection.ts'
import { createRow, deleteRow, moveRow, rowsMap, setRowLink } from './structure.ts'

function plan(goals: Array<{ need: string; goal: string }>): { doc: Y.Doc; ids: string[] } {
	const doc = new Y.Doc()
	const ids = goals.map((g) => createRow(doc, PLAN_GOALS_TABLE, PLAN_GOAL_COLUMN_KEYS, { cells: { need: g.need, goal: g.goal, targetDate: '6か月' } }))
	return { doc, ids }
}

describe('projectPlanGoals', () => {
	it('lists the goals in priority order with their texts', () => {
		const { doc, ids } = plan([
			{ need: '日中の活動', goal: '作業に毎日参加する' },
			{ need: '生活リズム', goal: '朝食をとる' },
		])
		moveRow(doc, ids[1], 'up')
		expect(projectPlanGoals(doc)).toEqual([
			{ goalId: ids[1], priority: 1, need: '生活リズム', goal: '朝食をとる', dueText: '6か月' },
			{ goalId: ids[0], priority: 2, need: '日中の活動', goal: '作業に毎日参加する', dueText: '6か月' },
		])
	})
})

describe('projectSupportRows', () => {
	it('reads summaries, links and categories; unknown categories count as 本人支援', () => {
		const doc = new Y.Doc()
		const a = createRow(doc, ISP_SUPPORT_TABLE, ISP_COLUMN_KEYS, { cells: { target: '  作業に\n参加する ' } })
		const b = createRow(doc, ISP_SUPPORT_TABLE, ISP_COLUMN_KEYS, { cells: { content: '家族との連絡帳' } })
		const c = createRow(doc, ISP_SUPPORT_TABLE, ISP_COLUMN_KEYS)
		setRowLink(doc, a, 'rgoal-bbbbbbbb', true)
		setRowLink(doc, a, 'rgoal-aaaaaaaa', true)
		rowsMap(doc).get(b)?.set(ROW_CATEGORY_KEY, 'family')
		rowsMap(doc).get(c)?.set(ROW_CATEGORY_KEY, 'nonsense')
		expect(projectSupportRows(doc)).toEqual([
			{ rowId: a, priority: 1, summary: '作業に 参加する', category: 'self', links: ['rgoal-aaaaaaaa', 'rgoal-bbbbbbbb'] },
			{ rowId: b, priority: 2, summary: '家族との連絡帳', category: 'family', links: [] },
			{ rowId: c, priority: 3, summary: '', category: 'self', links: [] },
		])
		deleteRow(doc, a)
		expect(projectSupportRows(doc).map((r) => r.priority)).toEqual([1, 2])
	})

	it('summaries are capped', () => {
		expect(supportRowSummary({ target: 'あ'.repeat(300) })).toHaveLength(200)
		expect(ispDocumentTitle('生活介護事業所ひだまり')).toBe('個別支援計画（生活介護事業所ひだまり）')
	})
})

describe('buildCoverage', () => {
	const goal = (goalId: string, priority: number, deleted = false): CoverageGoal => ({ goalId, priority, need: '', goal: `目標${priority}`, dueText: '', deleted })
	const row = (ispDocumentId: string, organizationName: string, rowId: string, priority: number): CoverageRow => ({
		ispDocumentId,
		organizationId: `org-${organizationName}`,
		organizationName,
		rowId,
		priority,
		summary: `${organizationName}${priority}`,
	})

	it('groups rows under goals, flags unserved goals, unlinked rows and links to deleted goals', () => {
		const goals = [goal('g2', 2), goal('g1', 1), goal('g3', 3), goal('gone', 4, true), goal('gone-unlinked', 5, true)]
		const rows = [row('isp-a', 'ひだまり', 'r1', 1), row('isp-a', 'ひだまり', 'r2', 2), row('isp-b', 'あおば', 'r1', 1), row('isp-b', 'あおば', 'r9', 2)]
		const links = [
			{ ispDocumentId: 'isp-a', rowId: 'r1', goalId: 'g1' },
			{ ispDocumentId: 'isp-b', rowId: 'r1', goalId: 'g1' },
			{ ispDocumentId: 'isp-a', rowId: 'r2', goalId: 'gone' },
			// a stale link of a row that no longer exists is ignored
			{ ispDocumentId: 'isp-a', rowId: 'r-missing', goalId: 'g3' },
		]
		const coverage = buildCoverage(goals, rows, links)
		expect(coverage.goals.map((g) => [g.goal.goalId, g.rows.map((r) => r.summary)])).toEqual([
			['g1', ['あおば1', 'ひだまり1']],
			['g2', []],
			['g3', []],
		])
		expect(coverage.unserved.map((g) => g.goalId)).toEqual(['g2', 'g3'])
		expect(coverage.unlinked.map((r) => r.summary)).toEqual(['あおば2'])
		expect(coverage.deleted.map((d) => [d.goal.goalId, d.rows.map((r) => r.summary)])).toEqual([['gone', ['ひだまり2']]])
	})

	it('labels goals by priority and text', () => {
		expect(goalLabel({ priority: 2, goal: '', need: '生活\nリズム' })).toBe('2. 生活 リズム')
		expect(goalLabel({ priority: 1, goal: '', need: '' })).toBe('1. （未記入の目標）')
	})
})
