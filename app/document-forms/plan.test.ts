import { describe, expect, test } from 'vitest'
import { PLAN_FIELD_KEYS, PLAN_GOAL_COLUMN_KEYS, planDocumentTitle, planGoalColumns, planStageOf, planTitle } from './plan.ts'
import { STRUCTURE_KEY_PATTERN } from './structure.ts'

describe('the plan form definition', () => {
	test('child clients get the 障害児支援利用計画; drafts are marked 案', () => {
		expect(planDocumentTitle('adult')).toBe('サービス等利用計画')
		expect(planDocumentTitle('child')).toBe('障害児支援利用計画')
		expect(planTitle('adult', 'draft')).toBe('サービス等利用計画（案）')
		expect(planTitle('child', 'final')).toBe('障害児支援利用計画')
	})

	test('the provider column belongs to the 本計画 only', () => {
		expect(planGoalColumns('draft').map((c) => c.key)).not.toContain('provider')
		expect(planGoalColumns('final').map((c) => c.key)).toEqual([...PLAN_GOAL_COLUMN_KEYS])
		expect(planStageOf('final')).toBe('final')
		expect(planStageOf('garbage')).toBe('draft')
		expect(planStageOf(null)).toBe('draft')
	})

	test('keys are valid structure keys and unique', () => {
		for (const key of [...PLAN_FIELD_KEYS, ...PLAN_GOAL_COLUMN_KEYS]) expect(key).toMatch(STRUCTURE_KEY_PATTERN)
		expect(new Set(PLAN_FIELD_KEYS).size).toBe(PLAN_FIELD_KEYS.length)
		expect(new Set(PLAN_GOAL_COLUMN_KEYS).size).toBe(PLAN_GOAL_COLUMN_KEYS.length)
	})
})
