import { describe, expect, it } from 'vitest'
import {
	expiryStatus,
	nextMonitoringMonth,
	parseClientSort,
	parseMonthList,
	pickCurrentCertificate,
	sortClients,
	suggestMonitoringMonths,
} from './summary.ts'

describe('pickCurrentCertificate', () => {
	const v1 = { id: 'v1', effectiveFrom: '2026-02-01', createdAt: new Date('2026-01-20T00:00:00Z') }
	const v2 = { id: 'v2', effectiveFrom: '2026-11-01', createdAt: new Date('2026-10-20T00:00:00Z') }
	const future = { id: 'v3', effectiveFrom: '2027-04-01', createdAt: new Date('2026-11-20T00:00:00Z') }

	it('takes the latest version that has started', () => {
		expect(pickCurrentCertificate([v1, v2, future], '2026-11-24')?.id).toBe('v2')
		expect(pickCurrentCertificate([future, v1], '2026-11-24')?.id).toBe('v1')
	})
	it('a version is current from its first day', () => {
		expect(pickCurrentCertificate([v1, v2], '2026-10-31')?.id).toBe('v1')
		expect(pickCurrentCertificate([v1, v2], '2026-11-01')?.id).toBe('v2')
	})
	it('a correction with the same start supersedes the earlier entry', () => {
		const fix = { id: 'fix', effectiveFrom: '2026-11-01', createdAt: new Date('2026-11-05T00:00:00Z') }
		expect(pickCurrentCertificate([fix, v2], '2026-11-24')?.id).toBe('fix')
	})
	it('is null before any version starts', () => {
		expect(pickCurrentCertificate([future], '2026-11-24')).toBeNull()
		expect(pickCurrentCertificate([], '2026-11-24')).toBeNull()
	})
})

describe('expiryStatus', () => {
	it('expired, within 60 days, or fine', () => {
		expect(expiryStatus('2026-11-23', '2026-11-24')).toEqual({ kind: 'expired', days: -1 })
		expect(expiryStatus('2026-11-24', '2026-11-24')).toEqual({ kind: 'soon', days: 0 })
		expect(expiryStatus('2027-01-23', '2026-11-24')).toEqual({ kind: 'soon', days: 60 })
		expect(expiryStatus('2027-01-24', '2026-11-24')).toEqual({ kind: 'ok', days: 61 })
	})
})

describe('monitoring months', () => {
	it('next month is this month or later', () => {
		const months = ['2026-11', '2026-12', '2027-01', '2027-06']
		expect(nextMonitoringMonth(months, '2026-11-24')).toBe('2026-11')
		expect(nextMonitoringMonth(months, '2026-12-01')).toBe('2026-12')
		expect(nextMonitoringMonth(months, '2027-07-01')).toBeNull()
	})

	it('suggests months as the municipality prints them (docs/domain/monitoring.md worked example)', () => {
		expect(suggestMonitoringMonths('every3', '2012-05-01', '2013-04-30')).toEqual(['2012-07', '2012-10', '2013-01', '2013-04'])
		expect(suggestMonitoringMonths('every6', '2012-05-01', '2013-04-30')).toEqual(['2012-10', '2013-04'])
		expect(suggestMonitoringMonths('monthly', '2026-11-01', '2027-01-31')).toEqual(['2026-11', '2026-12', '2027-01'])
		expect(suggestMonitoringMonths('custom', '2026-11-01', '2027-01-31')).toEqual([])
	})

	it('reads typed month lists', () => {
		expect(parseMonthList('2027-1, 2026/12 2026年11月、2026-11')).toEqual({ months: ['2026-11', '2026-12', '2027-01'], invalid: [] })
		expect(parseMonthList('2026-00 hello')).toEqual({ months: [], invalid: ['2026-00', 'hello'] })
		expect(parseMonthList('２０２６－１１')).toEqual({ months: ['2026-11'], invalid: [] })
	})
})

describe('sortClients', () => {
	const a = { id: 'a', familyNameKana: 'さとう', givenNameKana: 'まこと', nextRenewalMonth: '2027-06', certificate: { decisionEnd: '2027-06-30', nextMonitoringMonth: '2026-11' } }
	const b = { id: 'b', familyNameKana: 'すずき', givenNameKana: 'はなこ', nextRenewalMonth: '2027-01', certificate: { decisionEnd: '2027-01-31', nextMonitoringMonth: '2027-01' } }
	const c = { id: 'c', familyNameKana: 'やまだ', givenNameKana: 'はると', nextRenewalMonth: '2027-04', certificate: null }

	it('orders by reading, renewal, expiry and monitoring (missing last)', () => {
		expect(sortClients([c, b, a], 'name').map((x) => x.id)).toEqual(['a', 'b', 'c'])
		expect(sortClients([a, b, c], 'renewal').map((x) => x.id)).toEqual(['b', 'c', 'a'])
		expect(sortClients([c, a, b], 'expiry').map((x) => x.id)).toEqual(['b', 'a', 'c'])
		expect(sortClients([c, b, a], 'monitoring').map((x) => x.id)).toEqual(['a', 'b', 'c'])
	})
	it('falls back to name for unknown sort keys', () => {
		expect(parseClientSort('drop table')).toBe('name')
		expect(parseClientSort('expiry')).toBe('expiry')
	})
})
