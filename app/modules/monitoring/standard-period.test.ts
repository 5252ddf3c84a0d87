import { describe, expect, it } from 'vitest'
import { suggestStandardPeriod, type StandardPeriodInput } from './standard-period.ts'

const adult: StandardPeriodInput = { serviceTypes: [], birthDate: '1999-06-14', category: 'adult', on: '2026-11-01' }

function suggest(overrides: Partial<StandardPeriodInput>) {
	return suggestStandardPeriod({ ...adult, ...overrides })
}

describe('suggestStandardPeriod — docs/domain/monitoring.md standard periods', () => {
	it('nothing to go on without services', () => {
		expect(suggest({ serviceTypes: [] })).toBeNull()
		expect(suggest({ serviceTypes: ['  '] })).toBeNull()
	})

	it.each([
		['居宅介護'],
		['行動援護'],
		['同行援護'],
		['重度訪問介護'],
		['短期入所'],
		['就労移行支援'],
		['自立訓練（生活訓練）'],
		['自立訓練（機能訓練）'],
		['就労定着支援'],
		['自立生活援助'],
		['日中サービス支援型共同生活援助'],
	])('%s → 3ヶ月ごと', (service) => {
		const result = suggest({ serviceTypes: [service] })
		expect(result?.period).toBe('every3')
		expect(result?.reason).toMatch(/を利用するため3ヶ月ごと$/)
	})

	it.each([['生活介護'], ['就労継続支援A型'], ['就労継続支援B型'], ['共同生活援助'], ['施設入所支援'], ['療養介護'], ['地域移行支援']])('%s → 6ヶ月ごと', (service) => {
		expect(suggest({ serviceTypes: [service] })).toEqual({ period: 'every6', reason: `${service}の利用は6ヶ月ごと`, newUserMonthly: false })
	})

	it('the shortest applicable period wins (生活介護 + 短期入所 → 3ヶ月, because of 短期入所)', () => {
		expect(suggest({ serviceTypes: ['生活介護', '短期入所'] })).toEqual({ period: 'every3', reason: '短期入所を利用するため3ヶ月ごと', newUserMonthly: false })
	})

	it('障害児通所支援 → 3ヶ月ごと (was 6 before H30)', () => {
		const child = { birthDate: '2018-04-02', category: 'child' }
		expect(suggest({ ...child, serviceTypes: ['放課後等デイサービス'] })).toEqual({
			period: 'every3',
			reason: '障害児通所支援（放課後等デイサービス）の利用は3ヶ月ごと',
			newUserMonthly: false,
		})
		expect(suggest({ ...child, serviceTypes: ['児童発達支援'] })?.period).toBe('every3')
	})

	it('65歳以上 without 介護保険 care management → 3ヶ月ごと; with it, the service decides', () => {
		const older = { birthDate: '1961-10-31', serviceTypes: ['生活介護'] }
		expect(suggest(older)).toEqual({ period: 'every3', reason: '65歳以上（65歳）で介護保険のケアマネジメントを受けていないため3ヶ月ごと', newUserMonthly: false })
		expect(suggest({ ...older, careInsurance: true })?.period).toBe('every6')
		// the day before the 65th birthday the person is 64
		expect(suggest({ ...older, birthDate: '1961-11-02' })?.period).toBe('every6')
	})

	it('集中的支援が必要 → 毎月, even without services', () => {
		expect(suggest({ intensive: true })?.period).toBe('monthly')
		expect(suggest({ intensive: true, serviceTypes: ['生活介護'] })?.period).toBe('monthly')
	})

	it('a new user keeps the standard period and is told about the first 3 months of 毎月', () => {
		expect(suggest({ serviceTypes: ['就労継続支援B型'], newUser: true })).toEqual({
			period: 'every6',
			reason: '就労継続支援B型の利用は6ヶ月ごと。新規利用のため最初の3か月は毎月',
			newUserMonthly: true,
		})
	})

	it('reads full-width and spaced spellings', () => {
		expect(suggest({ serviceTypes: ['短期 入所'] })?.period).toBe('every3')
	})
})
