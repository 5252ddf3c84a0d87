import { describe, expect, test } from 'vitest'
import { dueItems } from '#app/modules/monitoring/schedule.ts'
import { buildDashboardRows, countByCategory, dashboardCsvRows, parseSort, sortDashboardRows, supportLevelRows, ispReviewRows } from './dashboard.ts'

const CLIENTS = [
	{ id: 'c-sato', name: '佐藤 誠', nameKana: 'さとう まこと' },
	{ id: 'c-abe', name: '阿部 一郎', nameKana: 'あべ いちろう' },
]
const TODAY = '2026-12-02'

function rows() {
	const items = dueItems(
		[
			{ clientId: 'c-sato', birthDate: '1999-06-14', certificate: { decisionStart: '2026-11-01', decisionEnd: '2027-06-30', monitoringPeriod: 'custom', monitoringMonths: '2026-11,2026-12,2027-01,2027-06' } },
			{ clientId: 'c-abe', birthDate: '1985-01-20', certificate: { decisionStart: '2026-02-01', decisionEnd: '2027-01-31', monitoringPeriod: 'every6', monitoringMonths: '2026-07,2027-01' }, monitoringReports: ['2026-07-10'] },
			// not visible: ignored
			{ clientId: 'c-hidden', birthDate: '1990-01-01', certificate: { decisionStart: '2026-11-01', decisionEnd: '2027-06-30', monitoringPeriod: 'monthly' } },
		],
		TODAY,
	)
	return buildDashboardRows(CLIENTS, items, [
		{ clientId: 'c-abe', state: 'draft', stateLabel: '計画案作成中', since: '2026-11-30' },
		{ clientId: 'c-sato', state: 'submitted', stateLabel: '計画案 提出済み', since: '2026-11-20' },
		{ clientId: 'c-sato', state: 'active', stateLabel: '実施中', since: '2026-11-20' },
	])
}

describe('dashboard rows', () => {
	test('categories and counts from due items and cycle states; invisible clients never appear', () => {
		const all = rows()
		expect(all.every((r) => r.clientId !== 'c-hidden')).toBe(true)
		expect(countByCategory(all)).toEqual({
			monitoring_overdue: 1,
			monitoring_due: 1,
			certificate: 1,
			support_level: 0,
			isp_review: 0,
			// 阿部's birth month is his end month (the expiry row speaks for it); 佐藤's is months away
			renewal: 0,
			awaiting_consent: 1,
			awaiting_decision: 1,
			invalid_record: 0,
		})
		expect(all.find((r) => r.category === 'monitoring_overdue')).toMatchObject({ clientId: 'c-sato', when: '2026-11', href: '/clients/c-sato/monitoring' })
		expect(all.find((r) => r.category === 'certificate')).toMatchObject({ clientId: 'c-abe', when: '2027-01-31', days: 60 })
	})

	test('sorting by each column, both directions, with a stable tie-break', () => {
		const all = rows()
		const byClient = sortDashboardRows(all, 'client', 'asc').map((r) => r.clientId)
		expect(byClient.indexOf('c-sato')).toBeGreaterThan(byClient.lastIndexOf('c-abe'))
		const byWhenDesc = sortDashboardRows(all, 'when', 'desc').map((r) => r.when)
		expect(byWhenDesc).toEqual([...byWhenDesc].sort().reverse())
		expect(sortDashboardRows(all, 'category', 'asc')).toEqual(sortDashboardRows([...all].reverse(), 'category', 'asc'))
		expect(parseSort('when', 'desc')).toEqual({ sort: 'when', dir: 'desc' })
		expect(parseSort('evil', 'up')).toEqual({ sort: 'category', dir: 'asc' })
	})

	test('CSV rows carry Japanese category labels', () => {
		const csv = dashboardCsvRows(rows())
		expect(csv[0][0]).toBe('モニタリング未実施（期限超過）')
		expect(csv[0][1]).toBe('佐藤 誠')
	})

	test('障害支援区分: adults whose 認定有効期間 ends within 90 days or has ended; never a child', () => {
		const clients = [
			{ id: 'c-a', name: '甲 一', nameKana: 'こう いち' },
			{ id: 'c-b', name: '乙 二', nameKana: 'おつ に' },
			{ id: 'c-c', name: '丙 三', nameKana: 'へい さん' },
			{ id: 'c-child', name: '丁 四', nameKana: 'てい し' },
			{ id: 'c-none', name: '戊 五', nameKana: 'ぼ ご' },
		]
		const result = supportLevelRows(
			clients,
			[
				{ clientId: 'c-a', category: 'adult', supportLevel: '3', until: '2027-03-07' },
				{ clientId: 'c-b', category: 'adult', supportLevel: '2', until: '2027-03-08' },
				{ clientId: 'c-c', category: 'adult', supportLevel: '4', until: '2026-12-01' },
				{ clientId: 'c-child', category: 'child', supportLevel: 'none', until: '2026-12-31' },
				{ clientId: 'c-none', category: 'adult', supportLevel: '1', until: '' },
			],
			'2026-12-07',
		)
		expect(result.map((r) => [r.clientId, r.category, r.days, r.label])).toEqual([
			['c-a', 'support_level', 90, '障害支援区分（区分3）の認定有効期間の終了まであと90日（2027年3月7日まで）'],
			['c-c', 'support_level', -6, '障害支援区分（区分4）の認定有効期間が終了しています（2026年12月1日まで）'],
		])
	})

	test('個別支援計画: the 見直し予定日 within 30 days or past', () => {
		const clients = [{ id: 'c-a', name: '甲 一', nameKana: 'こう いち' }]
		const rows = ispReviewRows(
			clients,
			[
				{ clientId: 'c-a', documentId: 'isp-1', organizationName: 'ひだまり', reviewBy: '2027-01-06' },
				{ clientId: 'c-a', documentId: 'isp-2', organizationName: 'あおば', reviewBy: '2027-01-07' },
				{ clientId: 'c-a', documentId: 'isp-3', organizationName: 'そら', reviewBy: '2026-12-01' },
			],
			'2026-12-07',
		)
		expect(rows.map((r) => [r.href, r.days])).toEqual([
			['/clients/c-a/documents/isp-1', 30],
			['/clients/c-a/documents/isp-3', -6],
		])
		expect(rows[1].label).toBe('個別支援計画（そら）の見直し期限を過ぎています（2026年12月1日まで）')
	})
})
