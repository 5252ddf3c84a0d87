import { describe, expect, it } from 'vitest'
import type { MonitoringContent } from '#app/document-forms/monitoring.ts'
import type { DocumentSnapshot } from '#app/document-forms/structure.ts'
import { goalSeedsOf, withPlanGoals } from './plan-goals.ts'

const version: DocumentSnapshot = {
	fields: { policy: '自宅で暮らし続ける' },
	meta: {},
	rows: [
		{ id: 'g1', table: 'goals', order: 1, cells: { need: '日中活動', goal: '週4回通所する', targetDate: '6か月後' }, links: [] },
		{ id: 'g2', table: 'goals', order: 2, cells: { need: '家事を覚えたい', goal: '', targetDate: '' }, links: [] },
		{ id: 'x', table: 'other', order: 1, cells: { goal: '別の表' }, links: [] },
	],
}

const empty = { kind: null, amount: null, weekly: null }

describe('goalSeedsOf: the consented version’s goals as monitoring rows start', () => {
	it('takes the goals table in order, the need where no goal is written', () => {
		expect(goalSeedsOf(version)).toEqual([
			{ goalId: 'g1', goal: '週4回通所する', targetDate: '6か月後' },
			{ goalId: 'g2', goal: '家事を覚えたい', targetDate: '' },
		])
	})
})

describe('withPlanGoals: the print shows the goals as agreed', () => {
	const content: MonitoringContent = {
		conductedOn: '2026-12-07',
		fields: { place: '自宅', overall: '安定', notes: '' },
		rows: [
			{ id: 'own', priority: 1, cells: { goal: '本人が加えた目標', provision: '—' }, links: [], changes: empty },
			{ id: 'r1', priority: 2, cells: { goal: '毎日通所する（書き換え）', targetDate: '', provision: '週4日通所' }, links: ['g1'], changes: { kind: 'no', amount: 'no', weekly: 'no' } },
		],
	}
	it('replaces a linked row’s 支援目標 and 達成時期 with the version’s, keeps its evaluation, and lists every goal first', () => {
		const result = withPlanGoals(content, goalSeedsOf(version))
		expect(result.rows.map((r) => [r.priority, r.cells.goal, r.cells.targetDate ?? '', r.cells.provision ?? ''])).toEqual([
			[1, '週4回通所する', '6か月後', '週4日通所'],
			[2, '家事を覚えたい', '', ''],
			[3, '本人が加えた目標', '', '—'],
		])
		expect(result.rows[0].changes).toEqual({ kind: 'no', amount: 'no', weekly: 'no' })
		expect(result.rows[1].changes).toEqual(empty)
		expect(result.fields).toEqual(content.fields)
	})
})
