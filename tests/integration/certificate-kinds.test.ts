/**
 * Several 受給者証 kinds at once (domain.md §0, §3.7): a child holds a 通所受給者証 and a
 * 障害福祉サービス受給者証 together, each with its own effective-dated history; the register, the
 * plan header, GET /api/clients/:id, the schedule and the dashboard all read them, and the
 * monitoring months everywhere come from monitoringMonths (the new-user rule included).
 * Bad input changes nothing; existing databases are migrated, not reset.
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { currentCertificates, getCertificateRegister } from '#app/modules/clients/certificates.server.ts'
import { listVisibleClients } from '#app/modules/clients/clients.server.ts'
import { loadDashboard } from '#app/modules/dashboard/dashboard.server.ts'
import { loadPlanHeader } from '#app/modules/documents/documents.server.ts'
import { loadClientSchedule } from '#app/modules/monitoring/monitoring.server.ts'
import { loadClientScope } from '#app/modules/authz.server.ts'
import { loader as clientApiLoader } from '#app/routes/api.clients.$clientId.ts'
import { action as certificateAction, loader as certificateLoader } from '#app/routes/clients.$clientId.certificates.new.tsx'
import { action as monitoringAction } from '#app/routes/clients.$clientId.monitoring._index.tsx'
import { closeDb, prisma } from '#app/utils/db.server.ts'
import { addMonths, todayJst } from '#app/utils/dates.ts'
import { testTmpDir, useFreshDatabase } from '#tests/helpers/db.ts'
import { CLIENTS, USERS, actorFor, call, cookieFor, jsonOf } from './clients-helpers.ts'

beforeEach(async () => {
	await useFreshDatabase('seeded')
})
afterAll(async () => {
	await closeDb()
})

const YAMADA = CLIENTS.yamada

function welfareForm(today: string, overrides: Record<string, string | string[]> = {}) {
	const start = `${today.slice(0, 7)}-01`
	return {
		kind: 'welfare',
		number: '0987654321',
		issuedBy: '小平市',
		issuedOn: today,
		effectiveFrom: today,
		decisionStart: start,
		decisionEnd: `${addMonths(today.slice(0, 7), 5)}-28`,
		supportLevel: '',
		copayCap: '4600',
		monitoringPeriod: 'every3',
		monitoringMonths: '',
		newUserMonthlyFrom: '',
		serviceType: ['居宅介護'],
		amount: ['10時間/月'],
		note: '',
		...overrides,
	}
}

async function addVersion(clientId: string, form: Record<string, string | string[]>) {
	return call(certificateAction, {
		path: `/clients/${clientId}/certificates/new`,
		params: { clientId },
		cookie: await cookieFor(USERS.sodan),
		form,
	})
}

type ApiCertificate = {
	kind: string
	kindLabel: string
	number: string
	monitoringMonths: string[]
	listedMonitoringMonths: string[]
	nextMonitoringMonth: string | null
	followedBySchedule: boolean
}

describe('a child with 通所 and 障害福祉サービス certificates at once', () => {
	it('adds a 障害福祉サービス受給者証 beside the 通所受給者証: both current, each its own history', async () => {
		const today = todayJst()
		expect((await addVersion(YAMADA, welfareForm(today))).status).toBe(302)

		const register = await getCertificateRegister(YAMADA, today)
		expect(register.currentByKind.map((c) => [c.kind, c.number])).toEqual([
			['welfare', '0987654321'],
			['child_day', '5123456789'],
		])
		// The child's schedule follows the 通所受給者証; nothing was superseded.
		expect(register.current?.kind).toBe('child_day')
		expect(register.history).toEqual([])

		// A new 通所 version supersedes only the 通所 one.
		const res = await addVersion(YAMADA, {
			...welfareForm(today),
			kind: 'child_day',
			number: '5123456780',
			decisionStart: '2026-04-01',
			decisionEnd: '2027-03-31',
			monitoringMonths: '2026-06,2026-09,2026-12,2027-03',
			serviceType: ['放課後等デイサービス'],
			amount: ['23日/月'],
		})
		expect(res.status).toBe(302)
		const after = await getCertificateRegister(YAMADA, today)
		expect(after.currentByKind.map((c) => [c.kind, c.number])).toEqual([
			['welfare', '0987654321'],
			['child_day', '5123456780'],
		])
		expect(after.history.map((c) => [c.kind, c.id])).toEqual([['child_day', 'cert-yamada-1']])
	})

	it('GET /api/clients/:id returns every current certificate, one per kind, with the months of the schedule function', async () => {
		const today = todayJst()
		await addVersion(YAMADA, welfareForm(today))
		const res = await call(clientApiLoader, { path: `/api/clients/${YAMADA}`, params: { clientId: YAMADA }, cookie: await cookieFor(USERS.sodan) })
		expect(res.status).toBe(200)
		const body = await jsonOf<{ certificates: ApiCertificate[]; currentCertificate: ApiCertificate; supportLevelLabel: string }>(res)
		expect(body.certificates.map((c) => [c.kind, c.kindLabel, c.number, c.followedBySchedule])).toEqual([
			['welfare', '障害福祉サービス受給者証', '0987654321', false],
			['child_day', '通所受給者証', '5123456789', true],
		])
		expect(body.currentCertificate.kind).toBe('child_day')
		expect(body.supportLevelLabel).toBe('対象外')

		// The same months the schedule page shows, for the certificate it follows.
		const scope = await loadClientScope(YAMADA)
		const schedule = await loadClientSchedule(await actorFor(USERS.sodan), scope!, today)
		if (schedule.state !== 'ok') throw new Error(`expected a schedule, got ${schedule.state}`)
		expect(schedule.months.map((m) => m.month)).toEqual(body.currentCertificate.monitoringMonths)
		// The welfare certificate's months derived from its own period (3ヶ月ごと).
		const welfare = body.certificates[0]
		expect(welfare.listedMonitoringMonths.length).toBeGreaterThan(0)
		expect(welfare.monitoringMonths).toEqual(welfare.listedMonitoringMonths)
		const mine = (await currentCertificates(YAMADA, today)).map((c) => c.monitoring.months)
		expect(body.certificates.map((c) => c.monitoringMonths)).toEqual(mine)
	})

	it('the plan header carries each number in its own field, and 対象外 for the 区分', async () => {
		const today = todayJst()
		await addVersion(YAMADA, welfareForm(today))
		const header = await loadPlanHeader(YAMADA, today)
		expect(header?.certificateFields).toEqual([
			{ kind: 'child_day', label: '通所受給者証番号', number: '5123456789' },
			{ kind: 'welfare', label: '障害福祉サービス受給者証番号', number: '0987654321' },
		])
		expect(header?.supportLevelLabel).toBe('対象外')
		expect(header?.certificates).toEqual([
			{ kind: 'welfare', kindLabel: '障害福祉サービス受給者証', number: '0987654321' },
			{ kind: 'child_day', kindLabel: '通所受給者証', number: '5123456789' },
		])
	})

	it('the form opens on the requested kind, prefilled from that kind only', async () => {
		const today = todayJst()
		await addVersion(YAMADA, welfareForm(today))
		const cookie = await cookieFor(USERS.sodan)
		const welfare = await jsonOf<{ kind: string; values: Record<string, unknown> }>(
			await call(certificateLoader, { path: `/clients/${YAMADA}/certificates/new?kind=welfare`, params: { clientId: YAMADA }, cookie }),
		)
		expect(welfare).toMatchObject({ kind: 'welfare', values: { number: '0987654321', serviceType: ['居宅介護'] } })
		const community = await jsonOf<{ kind: string; values: Record<string, unknown> }>(
			await call(certificateLoader, { path: `/clients/${YAMADA}/certificates/new?kind=community`, params: { clientId: YAMADA }, cookie }),
		)
		expect(community.kind).toBe('community')
		expect(community.values.number).toBeUndefined()
		// An unknown kind falls back to the child's usual one.
		const fallback = await jsonOf<{ kind: string }>(
			await call(certificateLoader, { path: `/clients/${YAMADA}/certificates/new?kind=constructor`, params: { clientId: YAMADA }, cookie }),
		)
		expect(fallback.kind).toBe('child_day')
	})

	it('a version earlier than the current one of the same kind is refused in Japanese; nothing stored', async () => {
		const today = todayJst()
		await addVersion(YAMADA, welfareForm(today))
		const before = await prisma.certificate.count()
		const res = await addVersion(YAMADA, welfareForm(today, { effectiveFrom: `${today.slice(0, 7)}-01` }))
		if (today.slice(8) === '01') {
			// On the 1st the earlier day does not exist in this month: nothing to check.
			expect(res.status).toBe(302)
			return
		}
		expect(res.status).toBe(400)
		const body = await jsonOf<{ fieldErrors: Record<string, string[]> }>(res)
		expect(body.fieldErrors.effectiveFrom[0]).toMatch(/^適用開始日は現在の障害福祉サービス受給者証の適用開始日（.+）以降にしてください$/)
		expect(await prisma.certificate.count()).toBe(before)
	})
})

describe('the new-user rule wherever months are computed', () => {
	it('毎月 for 3 months from the month the municipality set, then the decided period — on the client list, API, schedule and dashboard', async () => {
		const today = todayJst()
		const thisMonth = today.slice(0, 7)
		const start = addMonths(thisMonth, -1)
		const res = await addVersion(CLIENTS.suzuki, {
			...welfareForm(today),
			number: '2345678901',
			issuedBy: '希望が丘市',
			effectiveFrom: today,
			decisionStart: `${start}-01`,
			decisionEnd: `${addMonths(start, 11)}-28`,
			supportLevel: '2',
			monitoringPeriod: 'every6',
			newUserMonthlyFrom: '令和' + String(Number(start.slice(0, 4)) - 2018) + '年' + Number(start.slice(5)) + '月',
			serviceType: ['就労継続支援B型'],
			amount: ['当該月の日数から8日を控除した日数'],
		})
		expect(res.status).toBe(302)
		const stored = await prisma.certificate.findFirstOrThrow({ where: { clientId: CLIENTS.suzuki, effectiveFrom: today }, orderBy: { createdAt: 'desc' } })
		expect(stored.newUserMonthlyFrom).toBe(start)
		const expected = [start, addMonths(start, 1), addMonths(start, 2), addMonths(start, 5), addMonths(start, 11)]

		const api = await jsonOf<{ currentCertificate: ApiCertificate }>(
			await call(clientApiLoader, { path: `/api/clients/${CLIENTS.suzuki}`, params: { clientId: CLIENTS.suzuki }, cookie: await cookieFor(USERS.sodan) }),
		)
		expect(api.currentCertificate.monitoringMonths).toEqual(expected)
		expect(api.currentCertificate.nextMonitoringMonth).toBe(thisMonth)

		const actor = await actorFor(USERS.sodan)
		const schedule = await loadClientSchedule(actor, (await loadClientScope(CLIENTS.suzuki))!, today)
		if (schedule.state !== 'ok') throw new Error('expected a schedule')
		expect(schedule.months.map((m) => m.month)).toEqual(expected)

		const listed = (await listVisibleClients(actor, today)).find((c) => c.id === CLIENTS.suzuki)
		expect(listed?.certificate?.nextMonitoringMonth).toBe(thisMonth)

		const dashboard = await loadDashboard(actor, today)
		const suzukiRows = dashboard!.rows.filter((r) => r.clientId === CLIENTS.suzuki).map((r) => [r.category, r.when])
		expect(suzukiRows).toContainEqual(['monitoring_due', thisMonth])
		expect(suzukiRows).toContainEqual(['monitoring_overdue', start])
	})

	it('refuses a start month outside the 支給決定期間 in Japanese; nothing stored', async () => {
		const today = todayJst()
		const before = await prisma.certificate.count()
		const res = await addVersion(CLIENTS.suzuki, { ...welfareForm(today), newUserMonthlyFrom: '2020-01' })
		expect(res.status).toBe(400)
		const body = await jsonOf<{ fieldErrors: Record<string, string[]> }>(res)
		expect(body.fieldErrors.newUserMonthlyFrom).toEqual(['新規利用者の毎月モニタリングの開始年月は支給決定期間内の月にしてください'])
		const garbled = await addVersion(CLIENTS.suzuki, { ...welfareForm(today), newUserMonthlyFrom: 'そのうち' })
		expect((await jsonOf<{ fieldErrors: Record<string, string[]> }>(garbled)).fieldErrors.newUserMonthlyFrom).toEqual([
			'新規利用者の毎月モニタリングの開始年月は「令和8年11月」または「2026-11」の形式で入力してください',
		])
		expect(await prisma.certificate.count()).toBe(before)
	})
})

describe('臨時モニタリング', () => {
	it('an unscheduled month needs a reason; with one the report is made and listed with it', async () => {
		const today = todayJst()
		const month = today.slice(0, 7)
		const cookie = await cookieFor(USERS.sodan)
		const scope = (await loadClientScope(CLIENTS.suzuki))!
		const schedule = await loadClientSchedule(await actorFor(USERS.sodan), scope, today)
		if (schedule.state !== 'ok') throw new Error('expected a schedule')
		if (schedule.months.some((m) => m.month === month)) return // this month is scheduled for 鈴木: nothing 臨時 to test
		const post = (form: Record<string, string>) =>
			call(monitoringAction, { path: `/clients/${CLIENTS.suzuki}/monitoring`, params: { clientId: CLIENTS.suzuki }, cookie, form })

		const without = await post({ intent: 'create', month })
		expect(without.status).toBe(400)
		expect(await prisma.monitoringReport.count({ where: { clientId: CLIENTS.suzuki } })).toBe(0)
		const tooLong = await post({ intent: 'create', month, extraordinaryReason: 'あ'.repeat(201) })
		expect(await jsonOf(tooLong)).toEqual({ ok: false, errors: ['臨時モニタリングの理由は200文字以内で入力してください'] })
		const future = await post({ intent: 'create', month: addMonths(month, 1), extraordinaryReason: '状態の変化' })
		expect(future.status).toBe(400)
		expect(await prisma.monitoringReport.count({ where: { clientId: CLIENTS.suzuki } })).toBe(0)

		const made = await post({ intent: 'create', month, extraordinaryReason: '就労先での不調が続いているため' })
		expect(made.status).toBe(302)
		expect(await prisma.monitoringReport.findMany({ where: { clientId: CLIENTS.suzuki }, select: { month: true, extraordinaryReason: true } })).toEqual([
			{ month, extraordinaryReason: '就労先での不調が続いているため' },
		])
		// Pressing again opens the same report.
		expect((await post({ intent: 'create', month, extraordinaryReason: '再送' })).headers.get('location')).toBe(made.headers.get('location'))
		const after = await loadClientSchedule(await actorFor(USERS.sodan), scope, today)
		if (after.state !== 'ok') throw new Error('expected a schedule')
		expect(after.otherReports.map((r) => [r.month, r.extraordinaryReason])).toEqual([[month, '就労先での不調が続いているため']])
	})
})

describe('障害支援区分 認定有効期間 on the dashboard', () => {
	it('an adult whose 認定有効期間 ends within 90 days is listed; a child never', async () => {
		const today = todayJst()
		const until = new Date(Date.parse(`${today}T00:00:00Z`) + 40 * 86_400_000).toISOString().slice(0, 10)
		await prisma.client.update({ where: { id: CLIENTS.suzuki }, data: { supportLevelFrom: '2024-01-01', supportLevelUntil: until } })
		await prisma.client.update({ where: { id: YAMADA }, data: { supportLevelUntil: until } })
		const dashboard = await loadDashboard(await actorFor(USERS.sodan), today)
		const rows = dashboard!.rows.filter((r) => r.category === 'support_level')
		expect(rows.map((r) => [r.clientId, r.days])).toEqual([[CLIENTS.suzuki, 40]])
		expect(rows[0].label).toMatch(/^障害支援区分（区分2）の認定有効期間の終了まであと40日/)
	})
})

describe('migration', () => {
	it('adds the columns to an existing database and keeps every row (no reset)', () => {
		const dir = path.resolve(import.meta.dirname, '../../prisma/migrations')
		const migrations = fs.readdirSync(dir).filter((d) => /^\d{14}_/.test(d)).sort()
		const mine = migrations.findIndex((d) => d.endsWith('_certificate_kinds_monitoring_rules'))
		expect(mine).toBeGreaterThan(0)
		const file = path.join(testTmpDir(), `migrate-${process.pid}-${Date.now()}.db`)
		const db = new Database(file)
		try {
			for (const m of migrations.slice(0, mine)) db.exec(fs.readFileSync(path.join(dir, m, 'migration.sql'), 'utf8'))
			db.exec(`INSERT INTO "Client" (id, familyName, givenName, familyNameKana, givenNameKana, birthDate, category, supportLevel, updatedAt)
				VALUES ('c1', '佐藤', '誠', 'さとう', 'まこと', '1999-06-14', 'adult', '3', 0)`)
			db.exec(`INSERT INTO "Certificate" (id, clientId, kind, number, effectiveFrom, decisionStart, decisionEnd, copayCap, monitoringPeriod, monitoringMonths)
				VALUES ('k1', 'c1', 'welfare', '1234567890', '2026-11-01', '2026-11-01', '2027-06-30', 9300, 'custom', '2026-11,2027-06')`)
			for (const m of migrations.slice(mine)) db.exec(fs.readFileSync(path.join(dir, m, 'migration.sql'), 'utf8'))
			expect(db.prepare('SELECT kind, number, monitoringMonths, newUserMonthlyFrom FROM "Certificate"').all()).toEqual([
				{ kind: 'welfare', number: '1234567890', monitoringMonths: '2026-11,2027-06', newUserMonthlyFrom: '' },
			])
			expect(db.prepare('SELECT supportLevel, supportLevelFrom, supportLevelUntil FROM "Client"').all()).toEqual([
				{ supportLevel: '3', supportLevelFrom: '', supportLevelUntil: '' },
			])
		} finally {
			db.close()
			fs.rmSync(file, { force: true })
		}
	})
})
