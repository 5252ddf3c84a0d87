import { describe, expect, it } from 'vitest'
import { suggestMonitoringMonths } from '#app/modules/clients/summary.ts'
import {
	decisionPeriodErrors,
	dueItems,
	monitoringMonths,
	monitoringStatus,
	renewalWindow,
	type DueClient,
	type ScheduleCertificate,
} from './schedule.ts'

function cert(overrides: Partial<ScheduleCertificate> = {}): ScheduleCertificate {
	return { decisionStart: '2026-04-01', decisionEnd: '2027-03-31', monitoringPeriod: 'every3', monitoringMonths: '', ...overrides }
}

function months(result: ReturnType<typeof monitoringMonths>): string[] {
	if (!result.ok) throw new Error(`expected a schedule, got errors: ${result.errors.join(' / ')}`)
	return result.months
}

function errors(result: { ok: boolean; errors?: string[] }): string[] {
	if (result.ok) throw new Error('expected errors')
	return result.errors ?? []
}

describe('monitoringMonths — docs/domain/monitoring.md worked examples (nihonkousei.jp/qa-fukushi/?p=2833)', () => {
	// 支給決定 H24.5.1–H25.4.30
	const h24 = { decisionStart: '2012-05-01', decisionEnd: '2013-04-30' }

	it('3ヶ月ごと → H24.7 → H24.10 → H25.1 → H25.4', () => {
		const result = monitoringMonths({ ...h24, monitoringPeriod: 'every3' })
		expect(result).toEqual({ ok: true, months: ['2012-07', '2012-10', '2013-01', '2013-04'], source: 'derived', dropped: [], period: 'every3' })
	})

	it('the 受給者証 print "3月ごと (H24.7–H25.4)" is taken as listed', () => {
		const result = monitoringMonths({ ...h24, monitoringPeriod: 'every3', monitoringMonths: '2012-07,2012-10,2013-01,2013-04' })
		expect(result).toMatchObject({ ok: true, months: ['2012-07', '2012-10', '2013-01', '2013-04'], source: 'certificate' })
	})

	it('new user: plan month H24.4, 毎月 H24.5/6/7, then 6ヶ月ごと → H24.10 → H25.4', () => {
		// counted from the month after the plan month (= モニタリング開始年月 H24.5)
		expect(months(monitoringMonths({ ...h24, monitoringPeriod: 'every6' }, { startMonth: '2012-05', initialMonthly: 3 }))).toEqual([
			'2012-05',
			'2012-06',
			'2012-07',
			'2012-10',
			'2013-04',
		])
		// the start month defaults to the decision's first month, which is the same here
		expect(months(monitoringMonths({ ...h24, monitoringPeriod: 'every6' }, { initialMonthly: 3 }))).toEqual([
			'2012-05',
			'2012-06',
			'2012-07',
			'2012-10',
			'2013-04',
		])
	})

	it('6ヶ月ごと alone → H24.10, H25.4', () => {
		expect(months(monitoringMonths({ ...h24, monitoringPeriod: 'every6' }))).toEqual(['2012-10', '2013-04'])
	})
})

describe('monitoringMonths — derived months', () => {
	it('毎月: every month of the period, across the year end', () => {
		expect(months(monitoringMonths(cert({ decisionStart: '2026-11-01', decisionEnd: '2027-02-28', monitoringPeriod: 'monthly' })))).toEqual([
			'2026-11',
			'2026-12',
			'2027-01',
			'2027-02',
		])
	})

	it('3ヶ月ごと across the year end', () => {
		expect(months(monitoringMonths(cert({ decisionStart: '2026-10-01', decisionEnd: '2027-09-30' })))).toEqual([
			'2026-12',
			'2027-03',
			'2027-06',
			'2027-09',
		])
	})

	it('agrees with what the certificate form pre-fills (suggestMonitoringMonths)', () => {
		const periods = [
			['2026-04-01', '2027-03-31'],
			['2026-10-15', '2027-10-14'],
			['2025-04-01', '2028-03-31'],
			['2026-01-31', '2026-12-31'],
		] as const
		for (const [decisionStart, decisionEnd] of periods) {
			for (const period of ['monthly', 'every3', 'every6'] as const) {
				expect(months(monitoringMonths({ decisionStart, decisionEnd, monitoringPeriod: period }))).toEqual(
					suggestMonitoringMonths(period, decisionStart, decisionEnd),
				)
			}
		}
	})

	it('a decision starting mid-month counts that month as month 1; startMonth moves the count', () => {
		const midMonth = cert({ decisionStart: '2026-04-15', decisionEnd: '2027-04-14' })
		expect(months(monitoringMonths(midMonth))).toEqual(['2026-06', '2026-09', '2026-12', '2027-03'])
		// a municipality that counts from the next month (plan made in April, services from May)
		expect(months(monitoringMonths(midMonth, { startMonth: '2026-05' }))).toEqual(['2026-07', '2026-10', '2027-01', '2027-04'])
	})

	it('end-of-month and leap-day periods: only the months matter', () => {
		expect(months(monitoringMonths(cert({ decisionStart: '2026-01-31', decisionEnd: '2028-02-29', monitoringPeriod: 'every6' })))).toEqual([
			'2026-06',
			'2026-12',
			'2027-06',
			'2027-12',
		])
		expect(months(monitoringMonths(cert({ decisionStart: '2027-12-31', decisionEnd: '2028-02-29', monitoringPeriod: 'monthly' })))).toEqual([
			'2027-12',
			'2028-01',
			'2028-02',
		])
	})

	it('a one-day decision still has its month', () => {
		expect(months(monitoringMonths(cert({ decisionStart: '2026-05-31', decisionEnd: '2026-05-31', monitoringPeriod: 'monthly' })))).toEqual([
			'2026-05',
		])
	})

	it('a period shorter than the interval has no monitoring month (empty, not an error)', () => {
		expect(monitoringMonths(cert({ decisionStart: '2026-04-01', decisionEnd: '2026-06-30', monitoringPeriod: 'every6' }))).toEqual({
			ok: true,
			months: [],
			source: 'derived',
			dropped: [],
			period: 'every6',
		})
	})

	it('the first monthly window overlaps the interval without duplicates', () => {
		expect(months(monitoringMonths(cert(), { initialMonthly: 3 }))).toEqual(['2026-04', '2026-05', '2026-06', '2026-09', '2026-12', '2027-03'])
		expect(months(monitoringMonths(cert({ monitoringPeriod: 'monthly' }), { initialMonthly: 3 }))).toHaveLength(12)
	})

	it('the first monthly window is clipped to the period', () => {
		expect(months(monitoringMonths(cert({ decisionStart: '2026-04-01', decisionEnd: '2026-05-31', monitoringPeriod: 'every6' }), { initialMonthly: 3 }))).toEqual([
			'2026-04',
			'2026-05',
		])
	})
})

describe('monitoringMonths — months listed on the 受給者証', () => {
	it('are authoritative whatever the period says', () => {
		// the municipality counted from the month after a mid-month decision
		const listed = cert({ decisionStart: '2026-04-15', decisionEnd: '2027-04-14', monitoringMonths: '2026-07,2026-10,2027-01,2027-04' })
		expect(monitoringMonths(listed)).toMatchObject({ ok: true, months: ['2026-07', '2026-10', '2027-01', '2027-04'], source: 'certificate' })
		// options only shape derived months
		expect(months(monitoringMonths(listed, { startMonth: '2026-04', initialMonthly: 3 }))).toEqual(['2026-07', '2026-10', '2027-01', '2027-04'])
		expect(months(monitoringMonths({ ...listed, monitoringPeriod: 'monthly' }))).toEqual(['2026-07', '2026-10', '2027-01', '2027-04'])
	})

	it('その他: sorted, de-duplicated and clipped to the period; clipped months are reported', () => {
		const result = monitoringMonths(
			cert({ monitoringPeriod: 'custom', monitoringMonths: '2027-01, 2026-08,2026-08 , 2026-03,2027-04,2026-12' }),
		)
		expect(result).toEqual({ ok: true, months: ['2026-08', '2026-12', '2027-01'], source: 'certificate', dropped: ['2026-03', '2027-04'], period: 'custom' })
	})

	it('accepts a list as well as the stored comma-separated text', () => {
		expect(months(monitoringMonths(cert({ monitoringPeriod: 'custom', monitoringMonths: ['2026-12', '2026-06'] })))).toEqual(['2026-06', '2026-12'])
	})

	it('その他 without months is an error', () => {
		for (const empty of ['', ' , ', null, undefined, []]) {
			expect(errors(monitoringMonths(cert({ monitoringPeriod: 'custom', monitoringMonths: empty })))).toEqual([
				'モニタリング期間が「その他（月を指定）」ですが、モニタリング月が記録されていません',
			])
		}
	})

	it('months that all fall outside the period are an error', () => {
		expect(errors(monitoringMonths(cert({ monitoringPeriod: 'custom', monitoringMonths: '2025-12,2027-06' })))).toEqual([
			'モニタリング月（2025年12月、2027年6月）がすべて支給決定期間（2026年4月〜2027年3月）の外です',
		])
	})

	it('unreadable months are an error naming them', () => {
		expect(errors(monitoringMonths(cert({ monitoringMonths: '2026-13,2026-07,someday' })))).toEqual([
			'モニタリング月「2026-13、someday」が読み取れません（YYYY-MM で記録してください）',
		])
	})
})

describe('monitoringMonths — invalid records', () => {
	it('reports every problem at once', () => {
		expect(errors(monitoringMonths({ decisionStart: '2026-02-30', decisionEnd: '', monitoringPeriod: 'yearly' }))).toEqual([
			'支給決定期間の開始日「2026-02-30」が正しい日付ではありません',
			'支給決定期間の終了日「」が正しい日付ではありません',
			'モニタリング期間「yearly」が不明です（毎月・3ヶ月ごと・6ヶ月ごと・その他のいずれか）',
		])
	})

	it('an end before the start', () => {
		expect(errors(monitoringMonths(cert({ decisionStart: '2027-04-01', decisionEnd: '2026-03-31' })))).toEqual([
			'支給決定期間の終了日（2026年3月31日）が開始日（2027年4月1日）より前です',
		])
	})

	it('an implausibly long period', () => {
		expect(decisionPeriodErrors({ decisionStart: '2016-04-01', decisionEnd: '2026-03-31' })).toEqual([])
		expect(decisionPeriodErrors({ decisionStart: '2016-04-01', decisionEnd: '2026-04-01' })).toEqual([
			'支給決定期間が10年以上になっています。開始日と終了日を確認してください',
		])
	})

	it('bad options', () => {
		expect(errors(monitoringMonths(cert(), { startMonth: '2026-4' }))).toEqual(['モニタリング開始年月「2026-4」が正しくありません（YYYY-MM で記録してください）'])
		expect(errors(monitoringMonths(cert(), { startMonth: '2027-04' }))).toEqual([
			'モニタリング開始年月（2027年4月）が支給決定期間（2026年4月〜2027年3月）の外です',
		])
		for (const initialMonthly of [-1, 1.5, 13, Number.NaN]) {
			expect(errors(monitoringMonths(cert(), { initialMonthly }))).toEqual(['新規・変更時の毎月モニタリングの月数は0〜12で指定してください'])
		}
	})
})

describe('renewalWindow', () => {
	it('prepares in the two months before the end; the birth month nearest the end', () => {
		const result = renewalWindow(cert(), '1990-03-15')
		expect(result).toEqual({
			ok: true,
			entries: [
				{ month: '2027-01', reason: 'preparation', label: '更新の準備（計画案の作成）' },
				{ month: '2027-02', reason: 'preparation', label: '更新の準備（計画案の作成）' },
				{ month: '2027-03', reason: 'decision_end', label: '支給決定期間の終了' },
				{ month: '2027-03', reason: 'birth_month', label: '誕生月の更新' },
			],
			months: ['2027-01', '2027-02', '2027-03'],
			preparationMonths: ['2027-01', '2027-02'],
			decisionEndMonth: '2027-03',
			birthMonth: '2027-03',
		})
	})

	it('preparation crosses the year end', () => {
		const result = renewalWindow(cert({ decisionStart: '2026-02-01', decisionEnd: '2027-01-31' }), '1990-08-01')
		expect(result).toMatchObject({ ok: true, preparationMonths: ['2026-11', '2026-12'], decisionEndMonth: '2027-01', birthMonth: '2026-08' })
		if (result.ok) expect(result.months).toEqual(['2026-08', '2026-11', '2026-12', '2027-01'])
	})

	it('a birth month just after the end (小平市 style: renewal in the birth month)', () => {
		const result = renewalWindow(cert({ decisionStart: '2026-06-01', decisionEnd: '2027-05-31' }), '1985-06-20')
		expect(result).toMatchObject({ ok: true, birthMonth: '2027-06', months: ['2027-03', '2027-04', '2027-05', '2027-06'] })
	})

	it('a 3-year decision (生活介護) uses the birth month of its last year', () => {
		expect(renewalWindow(cert({ decisionStart: '2025-04-01', decisionEnd: '2028-03-31' }), '1970-10-05')).toMatchObject({ birthMonth: '2027-10' })
		expect(renewalWindow(cert({ decisionStart: '2025-04-01', decisionEnd: '2028-03-31' }), '1970-12-05')).toMatchObject({ birthMonth: '2027-12' })
		// exactly six months either side: the later one (the renewal still to come)
		expect(renewalWindow(cert({ decisionStart: '2025-04-01', decisionEnd: '2028-03-31' }), '1970-09-05')).toMatchObject({ birthMonth: '2028-09' })
	})

	it('a 2月29日 birthday renews in February; an end on a leap day', () => {
		expect(renewalWindow(cert({ decisionStart: '2027-03-01', decisionEnd: '2028-02-29' }), '2004-02-29')).toMatchObject({
			ok: true,
			preparationMonths: ['2027-12', '2028-01'],
			decisionEndMonth: '2028-02',
			birthMonth: '2028-02',
		})
	})

	it('invalid records', () => {
		expect(errors(renewalWindow(cert(), '2001-02-29'))).toEqual(['生年月日「2001-02-29」が正しい日付ではありません'])
		expect(errors(renewalWindow(cert({ decisionEnd: '2027-13-01' }), ''))).toEqual([
			'支給決定期間の終了日「2027-13-01」が正しい日付ではありません',
			'生年月日「」が正しい日付ではありません',
		])
	})
})

describe('monitoringStatus', () => {
	const schedule = ['2026-09', '2026-10', '2026-11', '2026-12']

	it('done / overdue / due / upcoming', () => {
		expect(monitoringStatus(schedule, ['2026-09-15', '2026-12-01'], '2026-11-24')).toEqual([
			{ month: '2026-09', status: 'done', reportDates: ['2026-09-15'] },
			{ month: '2026-10', status: 'overdue', reportDates: [] },
			{ month: '2026-11', status: 'due', reportDates: [] },
			// dated after today: not held yet
			{ month: '2026-12', status: 'upcoming', reportDates: [] },
		])
	})

	it('a report in this month makes it done; several reports are listed in order', () => {
		expect(monitoringStatus(schedule, ['2026-11-20', '2026-11-02'], '2026-11-24')[2]).toEqual({
			month: '2026-11',
			status: 'done',
			reportDates: ['2026-11-02', '2026-11-20'],
		})
	})

	it('a report counts for its own month only', () => {
		expect(monitoringStatus(['2026-10'], ['2026-11-01', '2026-09-30'], '2026-11-24')).toEqual([
			{ month: '2026-10', status: 'overdue', reportDates: [] },
		])
	})

	it('month boundaries: the last day is still due, the next day overdue', () => {
		expect(monitoringStatus(['2026-11'], [], '2026-11-30')[0].status).toBe('due')
		expect(monitoringStatus(['2026-11'], [], '2026-12-01')[0].status).toBe('overdue')
		expect(monitoringStatus(['2026-12'], [], '2026-11-30')[0].status).toBe('upcoming')
		expect(monitoringStatus(['2027-01'], ['2027-01-01'], '2027-01-01')[0].status).toBe('done')
	})

	it('takes a schedule result, sorts and de-duplicates; empty stays empty', () => {
		const result = monitoringMonths(cert())
		if (!result.ok) throw new Error('schedule')
		expect(monitoringStatus(result, [], '2026-04-01').map((r) => r.status)).toEqual(['upcoming', 'upcoming', 'upcoming', 'upcoming'])
		expect(monitoringStatus(['2026-12', '2026-10', '2026-12'], [], '2026-11-01').map((r) => r.month)).toEqual(['2026-10', '2026-12'])
		expect(monitoringStatus([], ['2026-11-01'], '2026-11-24')).toEqual([])
	})

	it('throws on malformed arguments (caller bugs)', () => {
		expect(() => monitoringStatus(schedule, [], '2026/11/24')).toThrow(RangeError)
		expect(() => monitoringStatus(schedule, [], '2026-11-31')).toThrow(/today must be a YYYY-MM-DD/)
		expect(() => monitoringStatus(['2026-13'], [], '2026-11-24')).toThrow(/schedule months must be YYYY-MM/)
		expect(() => monitoringStatus(schedule, ['2026-11'], '2026-11-24')).toThrow(/report dates must be YYYY-MM-DD/)
	})
})

describe('dueItems', () => {
	const TODAY = '2026-11-24'

	it('builds the dashboard list, most urgent first', () => {
		const clients: DueClient[] = [
			// monitoring this month and last month (missed), renewal far away
			{
				clientId: 'sato',
				birthDate: '1999-06-10',
				certificate: cert({ decisionStart: '2026-05-01', decisionEnd: '2027-04-30', monitoringPeriod: 'monthly' }),
				monitoringReports: ['2026-05-20', '2026-06-18', '2026-07-15', '2026-08-19', '2026-09-16'],
			},
			// period ends in 37 days; its birth month is the end month (no second item)
			{
				clientId: 'suzuki',
				birthDate: '1980-12-03',
				certificate: cert({ decisionStart: '2026-01-01', decisionEnd: '2026-12-31', monitoringMonths: '2026-03,2026-06,2026-09,2026-12' }),
				monitoringReports: ['2026-03-10', '2026-06-10', '2026-09-10'],
			},
			// expired yesterday; both monitorings missed (the May visit was a month late)
			{
				clientId: 'yamada',
				birthDate: '2015-11-01',
				certificate: cert({ decisionStart: '2025-11-24', decisionEnd: '2026-11-23', monitoringPeriod: 'every6' }),
				monitoringReports: ['2026-05-02'],
			},
			// birth-month renewal in January (period ends later); monitoring done this month
			{
				clientId: 'tanaka',
				birthDate: '1960-01-15',
				certificate: cert({ decisionStart: '2026-08-01', decisionEnd: '2027-03-31', monitoringMonths: '2026-11,2027-02' }),
				monitoringReports: ['2026-11-05'],
			},
			// no certificate yet: nothing to schedule
			{ clientId: 'new', birthDate: '2000-01-01', certificate: null },
		]
		expect(dueItems(clients, TODAY)).toEqual([
			{ clientId: 'yamada', kind: 'certificate_expired', month: '2026-11', date: '2026-11-23', days: -1, label: '支給決定期間が終了しています（2026年11月23日まで）' },
			{ clientId: 'yamada', kind: 'monitoring_overdue', month: '2026-04', date: null, label: 'モニタリング未実施（2026年4月）' },
			{ clientId: 'sato', kind: 'monitoring_overdue', month: '2026-10', date: null, label: 'モニタリング未実施（2026年10月）' },
			{ clientId: 'yamada', kind: 'monitoring_overdue', month: '2026-10', date: null, label: 'モニタリング未実施（2026年10月）' },
			{ clientId: 'suzuki', kind: 'certificate_expiring', month: '2026-12', date: '2026-12-31', days: 37, label: '支給決定期間の終了まであと37日（2026年12月31日まで）' },
			{ clientId: 'sato', kind: 'monitoring_due', month: '2026-11', date: null, label: '今月のモニタリング（2026年11月）' },
			{ clientId: 'tanaka', kind: 'renewal', month: '2027-01', date: null, label: '更新の準備: 誕生月の更新（2027年1月）' },
		])
	})

	it('a report dated later this month does not count yet', () => {
		const items = dueItems(
			[{ clientId: 'c', birthDate: '1990-01-01', certificate: cert({ monitoringPeriod: 'monthly' }), monitoringReports: ['2026-11-25'] }],
			TODAY,
		)
		expect(items.filter((i) => i.kind === 'monitoring_due')).toEqual([
			{ clientId: 'c', kind: 'monitoring_due', month: '2026-11', date: null, label: '今月のモニタリング（2026年11月）' },
		])
	})

	it('the 60-day warning boundary, with a leap-day end', () => {
		const at = (decisionEnd: string, today: string) =>
			dueItems([{ clientId: 'c', birthDate: '1990-07-01', certificate: cert({ decisionStart: '2027-03-01', decisionEnd, monitoringMonths: '2027-03' }), monitoringReports: ['2027-03-01'] }], today)
		expect(at('2028-02-29', '2027-12-31')).toEqual([
			{ clientId: 'c', kind: 'certificate_expiring', month: '2028-02', date: '2028-02-29', days: 60, label: '支給決定期間の終了まであと60日（2028年2月29日まで）' },
		])
		// 61 days: no expiry warning yet, but the end month is within the renewal notice
		expect(at('2028-02-29', '2027-12-30')).toEqual([
			{ clientId: 'c', kind: 'renewal', month: '2028-02', date: null, label: '更新の準備: 支給決定期間の終了（2028年2月）' },
		])
		// three months ahead: nothing yet
		expect(at('2028-02-29', '2027-11-30')).toEqual([])
	})

	it('renewal reasons falling in the same month are named together', () => {
		const items = dueItems(
			[{ clientId: 'c', birthDate: '1990-02-10', certificate: cert({ decisionStart: '2026-03-01', decisionEnd: '2027-02-28', monitoringMonths: '2026-06' }), monitoringReports: ['2026-06-01'] }],
			'2026-12-01',
		)
		expect(items).toEqual([{ clientId: 'c', kind: 'renewal', month: '2027-02', date: null, label: '更新の準備: 支給決定期間の終了・誕生月の更新（2027年2月）' }])
	})

	it('a record that cannot be scheduled is shown instead of silently dropped', () => {
		const items = dueItems(
			[
				{ clientId: 'bad', birthDate: '1990-02-30', certificate: cert({ monitoringPeriod: 'custom', monitoringMonths: '' }) },
				{ clientId: 'reports', birthDate: '1990-07-01', certificate: cert({ monitoringMonths: '2026-11' }), monitoringReports: ['2026-11-31', '2026-11-02'] },
			],
			TODAY,
		)
		expect(items).toEqual([
			{
				clientId: 'bad',
				kind: 'invalid_record',
				month: null,
				date: null,
				label: '受給者証・利用者情報を確認してください: モニタリング期間が「その他（月を指定）」ですが、モニタリング月が記録されていません / 生年月日「1990-02-30」が正しい日付ではありません',
			},
			{ clientId: 'reports', kind: 'invalid_record', month: null, date: null, label: '受給者証・利用者情報を確認してください: モニタリング実施日「2026-11-31」が正しい日付ではありません' },
		])
	})

	it('an invalid period is reported once', () => {
		const items = dueItems([{ clientId: 'c', birthDate: '1990-01-01', certificate: cert({ decisionEnd: 'soon' }) }], TODAY)
		expect(items).toEqual([
			{ clientId: 'c', kind: 'invalid_record', month: null, date: null, label: '受給者証・利用者情報を確認してください: 支給決定期間の終了日「soon」が正しい日付ではありません' },
		])
	})

	it('is empty for no clients; throws on a malformed today', () => {
		expect(dueItems([], TODAY)).toEqual([])
		expect(() => dueItems([], '24/11/2026')).toThrow(RangeError)
	})
})

describe('monitoringMonths — the new-user rule read off the 受給者証 (newUserMonthlyFrom)', () => {
	const h24 = { decisionStart: '2012-05-01', decisionEnd: '2013-04-30' }

	it('docs/domain/monitoring.md: plan month H24.4, 毎月 H24.5/6/7, then 6ヶ月ごと → H24.10 → H25.4', () => {
		expect(months(monitoringMonths({ ...h24, monitoringPeriod: 'every6', newUserMonthlyFrom: '2012-05' }))).toEqual([
			'2012-05',
			'2012-06',
			'2012-07',
			'2012-10',
			'2013-04',
		])
	})

	it('the municipality may start the 毎月 window the month after the decision month', () => {
		expect(months(monitoringMonths({ ...h24, monitoringPeriod: 'every6', newUserMonthlyFrom: '2012-06' }))).toEqual([
			'2012-06',
			'2012-07',
			'2012-08',
			'2012-10',
			'2013-04',
		])
	})

	it('then 3ヶ月ごと: H24.5/6/7 and H24.10, H25.1, H25.4', () => {
		expect(months(monitoringMonths({ ...h24, monitoringPeriod: 'every3', newUserMonthlyFrom: '2012-05' }))).toEqual([
			'2012-05',
			'2012-06',
			'2012-07',
			'2012-10',
			'2013-01',
			'2013-04',
		])
	})

	it('is added to months listed on the 受給者証 (a list that already holds them is unchanged)', () => {
		const listed = { ...h24, monitoringPeriod: 'every6', monitoringMonths: '2012-10,2013-04' }
		expect(months(monitoringMonths({ ...listed, newUserMonthlyFrom: '2012-05' }))).toEqual(['2012-05', '2012-06', '2012-07', '2012-10', '2013-04'])
		expect(months(monitoringMonths({ ...listed, monitoringMonths: '2012-05,2012-06,2012-07,2012-10,2013-04', newUserMonthlyFrom: '2012-05' }))).toHaveLength(5)
	})

	it('an empty value means the rule does not apply', () => {
		expect(months(monitoringMonths({ ...h24, monitoringPeriod: 'every6', newUserMonthlyFrom: '' }))).toEqual(['2012-10', '2013-04'])
	})

	it('the 毎月 window is clipped to the 支給決定期間', () => {
		expect(months(monitoringMonths({ decisionStart: '2026-11-01', decisionEnd: '2026-12-31', monitoringPeriod: 'every6', newUserMonthlyFrom: '2026-11' }))).toEqual([
			'2026-11',
			'2026-12',
		])
	})

	it('refuses a malformed or out-of-period start month in Japanese', () => {
		expect(errors(monitoringMonths({ ...h24, monitoringPeriod: 'every6', newUserMonthlyFrom: '2012/5' }))).toEqual([
			'新規利用者の毎月モニタリングの開始年月「2012/5」が正しくありません（YYYY-MM で記録してください）',
		])
		expect(errors(monitoringMonths({ ...h24, monitoringPeriod: 'every6', newUserMonthlyFrom: '2013-05' }))).toEqual([
			'新規利用者の毎月モニタリングの開始年月（2013年5月）が支給決定期間（2012年5月〜2013年4月）の外です',
		])
	})

	it('dueItems follows the same rule: a new user is due every month at first', () => {
		const client: DueClient = {
			clientId: 'c1',
			birthDate: '1985-01-20',
			certificate: { decisionStart: '2026-11-01', decisionEnd: '2027-10-31', monitoringPeriod: 'every6', newUserMonthlyFrom: '2026-11' },
			monitoringReports: ['2026-11-20'],
		}
		const items = dueItems([client], '2026-12-07').filter((i) => i.kind.startsWith('monitoring'))
		expect(items.map((i) => [i.kind, i.month])).toEqual([['monitoring_due', '2026-12']])
	})
})
