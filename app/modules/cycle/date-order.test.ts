import { describe, expect, it } from 'vitest'
import { dateOrderErrors, futureDateError, recordedCycleDates } from './date-order.ts'

const HINT = 'アセスメント → 計画案作成 → 支給決定 → サービス担当者会議 → 本計画作成（説明・同意）→ サービス利用開始 の順になるよう、日付を確認してください'

describe('dateOrderErrors: アセスメント ≤ 計画案 ≤ 支給決定 ≤ 会議 ≤ 本計画 ≤ サービス開始', () => {
	const inOrder = { assessment: '2026-03-05', draft: '2026-03-10', decision: '2026-04-01', meeting: '2026-04-15', plan: '2026-04-20', servicesStart: '2026-05-01' }

	it('accepts dates in order, and equal dates', () => {
		for (const key of Object.keys(inOrder) as Array<keyof typeof inOrder>) expect(dateOrderErrors(inOrder, key)).toEqual([])
		const sameDay = { assessment: '2026-04-01', draft: '2026-04-01', decision: '2026-04-01', meeting: '2026-04-01', plan: '2026-04-01', servicesStart: '2026-04-01' }
		expect(dateOrderErrors(sameDay, 'servicesStart')).toEqual([])
	})

	it('refuses a 計画案作成日 before the アセスメント', () => {
		expect(dateOrderErrors({ assessment: '2026-03-05', draft: '2026-03-04' }, 'draft')).toEqual([
			`計画案作成日（2026年3月4日）がアセスメントの実施日（2026年3月5日）より前です。${HINT}`,
		])
	})
	it('refuses a 支給決定 before the 計画案', () => {
		expect(dateOrderErrors({ ...inOrder, decision: '2026-03-09' }, 'decision')).toEqual([
			`支給決定日（受給者証の交付年月日）（2026年3月9日）が計画案作成日（2026年3月10日）より前です。${HINT}`,
		])
	})
	it('refuses a meeting held before the 支給決定', () => {
		expect(dateOrderErrors({ ...inOrder, meeting: '2026-03-31' }, 'meeting')).toEqual([
			`サービス担当者会議の開催日（2026年3月31日）が支給決定日（受給者証の交付年月日）（2026年4月1日）より前です。${HINT}`,
		])
	})
	it('refuses a 本計画 made before the meeting', () => {
		expect(dateOrderErrors({ ...inOrder, plan: '2026-04-14' }, 'plan')).toEqual([
			`本計画の計画作成日（説明・同意日）（2026年4月14日）がサービス担当者会議の開催日（2026年4月15日）より前です。${HINT}`,
		])
	})
	it('refuses services starting before the 本計画', () => {
		expect(dateOrderErrors({ ...inOrder, servicesStart: '2026-04-19' }, 'servicesStart')).toEqual([
			`サービス利用開始日（2026年4月19日）が本計画の計画作成日（説明・同意日）（2026年4月20日）より前です。${HINT}`,
		])
	})
	it('names every earlier date it precedes, and a later one it follows', () => {
		expect(dateOrderErrors({ assessment: '2026-03-05', draft: '2026-03-10', meeting: '2026-03-01' }, 'meeting')).toHaveLength(2)
		expect(dateOrderErrors({ draft: '2026-03-10', meeting: '2026-03-01' }, 'draft')).toEqual([
			`計画案作成日（2026年3月10日）がサービス担当者会議の開催日（2026年3月1日）より後です。${HINT}`,
		])
	})
	it('leaves missing or malformed dates to the state machine', () => {
		expect(dateOrderErrors({ assessment: '2026-03-05' }, 'draft')).toEqual([])
		expect(dateOrderErrors({ assessment: '2026-03-05', draft: '3月4日' }, 'draft')).toEqual([])
	})
})

describe('futureDateError', () => {
	it('refuses a recorded day after today only', () => {
		expect(futureDateError('2026-12-08', 'meeting', '2026-12-07')).toBe('サービス担当者会議の開催日（2026年12月8日）に未来の日付は指定できません')
		expect(futureDateError('2026-12-07', 'meeting', '2026-12-07')).toBeNull()
		expect(futureDateError(undefined, 'meeting', '2026-12-07')).toBeNull()
	})
})

describe('recordedCycleDates: the dates the earlier steps recorded', () => {
	it('reads each step’s date, the latest of a repeated step, and forgets a 案 sent back', () => {
		const steps = [
			{ action: 'write_draft', occurredOn: '2026-03-05', detail: { assessmentDate: '2026-03-05' } },
			{ action: 'consent_draft', occurredOn: '2026-03-12', detail: { draftDate: '2026-03-10' } },
			{ action: 'send_back', occurredOn: '2026-03-20', detail: {} },
		]
		expect(recordedCycleDates(steps)).toEqual({ assessment: '2026-03-05' })
		const again = [
			...steps,
			{ action: 'consent_draft', occurredOn: '2026-03-25', detail: { draftDate: '2026-03-24' } },
			{ action: 'record_decision', occurredOn: '2026-04-01', detail: { decisionDate: '2026-04-01' } },
			{ action: 'hold_meeting', occurredOn: '2026-04-15', detail: { meetingHeldOn: '2026-04-16' } },
			{ action: 'consent_final', occurredOn: '2026-04-20', detail: { planDate: '2026-04-20' } },
			{ action: 'start_services', occurredOn: '2026-05-01', detail: { servicesStartOn: '2026-05-01' } },
		]
		expect(recordedCycleDates(again)).toEqual({
			assessment: '2026-03-05',
			draft: '2026-03-24',
			decision: '2026-04-01',
			meeting: '2026-04-16',
			plan: '2026-04-20',
			servicesStart: '2026-05-01',
		})
	})
	it('falls back to the day of the step for events recorded before the details were kept', () => {
		expect(recordedCycleDates([{ action: 'hold_meeting', occurredOn: '2026-04-15', detail: {} }])).toEqual({ meeting: '2026-04-15' })
	})
})
