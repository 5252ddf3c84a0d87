import { describe, expect, it } from 'vitest'
import { ISP_ALL_FIELD_KEYS, ISP_FIELD_KEYS, ISP_FIELD_TEMPLATE, ispReviewMonths, ispReviewProblem } from './isp.ts'

describe('個別支援計画 fields and review interval (docs/domain/forms.md)', () => {
	it('generation 0 never changes; the added fields come as generation 1', () => {
		expect(ISP_FIELD_KEYS).toEqual(['wishes', 'policy', 'targetGoal', 'longTermGoal', 'shortTermGoal'])
		expect(ISP_FIELD_TEMPLATE[1]).toEqual(['lifeIssues', 'standardHours'])
		expect(ISP_ALL_FIELD_KEYS).toHaveLength(7)
	})

	it('reviews at least every 6 months, every 3 for 自立訓練・就労移行支援', () => {
		expect(ispReviewMonths(['生活介護'])).toBe(6)
		expect(ispReviewMonths(['自立訓練（生活訓練）'])).toBe(3)
		expect(ispReviewMonths(['就労移行支援'])).toBe(3)
		expect(ispReviewProblem('2026-11-05', '2027-05-05', 6)).toBeNull()
		expect(ispReviewProblem('2026-11-05', '2027-05-06', 6)).toBe('見直し予定日は作成日から6か月以内（2027-05-05まで）にしてください')
		expect(ispReviewProblem('2026-11-05', '2027-02-06', 3)).toBe('見直し予定日は作成日から3か月以内（2027-02-05まで）にしてください')
		expect(ispReviewProblem('2026-11-05', '2026-11-01', 6)).toBe('見直し予定日は作成日より後にしてください')
	})
})
