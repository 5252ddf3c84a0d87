import { describe, expect, it } from 'vitest'
import { parseCsv } from '#app/modules/dashboard/csv.ts'
import { monthBounds, monthlySummary, overlapDays, summaryCsv, SUMMARY_CSV_HEADER } from './summary.ts'

describe('monthly summary of a hub', () => {
	it('month bounds, including December and leap February', () => {
		expect(monthBounds('2026-12')).toEqual({ first: '2026-12-01', last: '2026-12-31' })
		expect(monthBounds('2028-02')).toEqual({ first: '2028-02-01', last: '2028-02-29' })
	})
	it('counts stay days inclusively and only inside the month', () => {
		expect(overlapDays('2026-12-05', '2026-12-08', '2026-12-01', '2026-12-31')).toBe(4)
		expect(overlapDays('2026-11-29', '2026-12-02', '2026-12-01', '2026-12-31')).toBe(2)
		expect(overlapDays('2026-10-01', '2026-10-03', '2026-12-01', '2026-12-31')).toBe(0)
	})
	it('registrations at month end, new and ended; emergencies by type; 緊急受入 days', () => {
		const summary = monthlySummary(
			'2026-12',
			[
				{ registeredOn: '2026-09-15', endedOn: '', status: 'active' },
				{ registeredOn: '2026-12-03', endedOn: '', status: 'active' },
				{ registeredOn: '2026-05-01', endedOn: '2026-12-10', status: 'ended' },
				{ registeredOn: '2026-05-01', endedOn: '2026-06-10', status: 'ended' },
				{ registeredOn: '2027-01-05', endedOn: '', status: 'active' },
			],
			[
				{ occurredOn: '2026-12-06', category: 'carer_illness', services: [{ serviceType: '緊急短期入所', fromDate: '2026-12-06', toDate: '2026-12-09' }, { serviceType: '居宅介護', fromDate: '2026-12-06', toDate: '2026-12-06' }] },
				{ occurredOn: '2026-12-20', category: 'disaster', services: [] },
				{ occurredOn: '2026-11-30', category: 'health', services: [{ serviceType: '短期入所', fromDate: '2026-11-30', toDate: '2026-12-01' }] },
				{ occurredOn: '2026-12-21', category: 'nonsense', services: [] },
			],
		)
		expect(summary.registeredAtMonthEnd).toBe(2)
		expect(summary.newRegistrations).toBe(1)
		expect(summary.endedRegistrations).toBe(1)
		expect(summary.emergencies).toBe(3)
		expect(summary.byCategory.carer_illness).toBe(1)
		expect(summary.byCategory.disaster).toBe(1)
		expect(summary.byCategory.other).toBe(1)
		expect(summary.byCategory.health).toBe(0)
		expect(summary.emergencyStayDays).toBe(5)
	})
	it('CSV for Excel: BOM, header, one row', () => {
		const csv = summaryCsv('=拠点', monthlySummary('2026-12', [], []))
		expect(csv.startsWith('\uFEFF')).toBe(true)
		const rows = parseCsv(csv)
		expect(rows[0]).toEqual([...SUMMARY_CSV_HEADER])
		expect(rows[1][0]).toBe("'=拠点")
		expect(rows[1][1]).toBe('2026-12')
	})
})
