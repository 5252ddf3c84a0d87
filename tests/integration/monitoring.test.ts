/**
 * モニタリング through the real server: the schedule from the seeded 受給者証, creating a report
 * (authorization, idempotence, bad months change nothing), the goal rows from the plan's
 * projection, completing it from the stored document (validation, facts, audit), the print view,
 * and closing a case: records read-only at once (an open writer downgraded), audited, retention.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { MONITORING_FIELD_KEYS, MONITORING_META, applyGoalsPrefill, changeMetaKey, goalRowId, type GoalSeed } from '#app/document-forms/monitoring.ts'
import { PLAN_GOAL_COLUMN_KEYS, PLAN_GOALS_TABLE } from '#app/document-forms/plan.ts'
import { applyTemplate, cellText, createRow, fieldText, orderedRows, setMeta } from '#app/document-forms/structure.ts'
import { CLOSE } from '#app/editor/collab-protocol.ts'
import { loadClientScope } from '#app/modules/authz.server.ts'
import { ensurePlanDocument } from '#app/modules/documents/documents.server.ts'
import { monitoringDocumentId } from '#app/modules/monitoring/report.ts'
import { documentAccess } from '#app/policies/index.ts'
import { action as closeAction, loader as closeLoader } from '#app/routes/clients.$clientId.close.tsx'
import { loader as clientPageLoader } from '#app/routes/clients.$clientId._index.tsx'
import { loader as documentLoader } from '#app/routes/clients.$clientId.documents.$documentId.tsx'
import { loader as printLoader } from '#app/routes/clients.$clientId.monitoring.$documentId.print.tsx'
import { action as monitoringAction, loader as scheduleLoader } from '#app/routes/clients.$clientId.monitoring._index.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { todayJst } from '#app/utils/dates.ts'
import { auditRows, connectClient, startAppServer, waitFor, type TestClient, type TestServer } from '#tests/helpers/collab.ts'
import { CLIENTS, USERS, actorFor, call, cookieFor, jsonOf } from './clients-helpers.ts'

const SATO = CLIENTS.sato
const SATO_MONTHS = ['2026-11', '2026-12', '2027-01', '2027-06']

type ScheduleData = {
	schedule: {
		state: string
		months: Array<{ month: string; status: string; canCreate: boolean; report: { documentId: string; status: string } | null }>
		renewals: Array<{ month: string; reason: string }>
	}
}

function expectedStatus(month: string, today: string): string {
	const thisMonth = today.slice(0, 7)
	return month === thisMonth ? 'due' : month < thisMonth ? 'overdue' : 'upcoming'
}

describe('モニタリング', () => {
	let server: TestServer
	const clients: TestClient[] = []
	const cookies: Record<string, string> = {}
	const connect = (docName: string, cookie: string) => {
		const client = connectClient(server, docName, { cookie, saved: true })
		clients.push(client)
		return client
	}
	let reportMonth = ''
	let reportId = ''

	beforeAll(async () => {
		server = await startAppServer()
		for (const [key, id] of Object.entries(USERS)) cookies[key] = await cookieFor(id)
	})
	afterAll(async () => {
		for (const client of clients) client.destroy()
		await server?.close()
	})

	const schedule = async (cookie: string, clientId: string = SATO) => call(scheduleLoader, { path: `/clients/${clientId}/monitoring`, params: { clientId }, cookie })
	const post = (cookie: string, form: Record<string, string>, clientId: string = SATO) =>
		call(monitoringAction, { path: `/clients/${clientId}/monitoring`, params: { clientId }, cookie, form })

	test('the schedule comes from the seeded 受給者証: months, states and renewals', async () => {
		const today = todayJst()
		const data = await jsonOf<ScheduleData>(await schedule(cookies.sodan))
		expect(data.schedule.state).toBe('ok')
		expect(data.schedule.months.map((m) => [m.month, m.status])).toEqual(SATO_MONTHS.map((m) => [m, expectedStatus(m, today)]))
		// Writers may start a due or overdue month; nobody an upcoming one.
		for (const m of data.schedule.months) expect(m.canCreate).toBe(m.status === 'due' || m.status === 'overdue')
		// 支給決定 ends 2027-06 (prepare 2027-04/05); his birthday is in June.
		expect(data.schedule.renewals.map((r) => [r.month, r.reason])).toEqual([
			['2027-04', 'preparation'],
			['2027-05', 'preparation'],
			['2027-06', 'decision_end'],
			['2027-06', 'birth_month'],
		])
		// 鈴木 花子: every 6 months, listed on the certificate.
		const suzuki = await jsonOf<ScheduleData>(await schedule(cookies.sodan, CLIENTS.suzuki))
		expect(suzuki.schedule.months.map((m) => m.month)).toEqual(['2026-07', '2027-01'])
		// The client page shows the same section; readers see it without the create buttons.
		const page = await jsonOf<ScheduleData>(await call(clientPageLoader, { path: `/clients/${SATO}`, params: { clientId: SATO }, cookie: cookies.kazoku }))
		expect(page.schedule.months.every((m) => m.canCreate === false)).toBe(true)
		// The hub coordinator does not see the 受給者証, so not the schedule either.
		expect((await schedule(cookies.kyoten)).status).toBe(403)
		expect((await schedule(cookies.sabikan, CLIENTS.suzuki)).status).toBe(404)
		reportMonth = data.schedule.months.find((m) => m.canCreate)?.month ?? ''
		expect(reportMonth, 'a due or overdue month on the seeded certificate').not.toBe('')
	})

	test('creating a report: only writers of the report, only due / overdue months, once per month', async () => {
		const before = await prisma.monitoringReport.count()
		for (const who of ['kazoku', 'city'] as const) expect((await post(cookies[who], { intent: 'create', month: reportMonth })).status, who).toBe(403)
		expect((await post(cookies.kyoten, { intent: 'create', month: reportMonth })).status).toBe(403)
		expect((await post(cookies.sabikan, { intent: 'create', month: reportMonth }, CLIENTS.suzuki)).status).toBe(404)
		const notScheduled = await post(cookies.sodan, { intent: 'create', month: '2026-10' })
		expect(notScheduled.status).toBe(400)
		expect(await jsonOf(notScheduled)).toEqual({ ok: false, errors: ['2026年10月はモニタリング月ではありません。臨時モニタリングとして行う場合は理由を入力してください'] })
		// A 臨時 month must lie in the 支給決定期間 (2026-11 onwards here).
		expect(await jsonOf(await post(cookies.sodan, { intent: 'create', month: '2026-10', extraordinaryReason: '母の入院' }))).toEqual({
			ok: false,
			errors: ['2026年10月は支給決定期間の外です'],
		})
		expect((await post(cookies.sodan, { intent: 'create', month: '2027-06' })).status).toBe(400)
		expect((await post(cookies.sodan, { intent: 'create', month: 'x' })).status).toBe(400)
		expect(await prisma.monitoringReport.count()).toBe(before)

		// The service manager may start it too (providers write their part); a second press opens the same.
		const [first, second] = await Promise.all([
			post(cookies.sabikan, { intent: 'create', month: reportMonth }),
			post(cookies.sodan, { intent: 'create', month: reportMonth }),
		])
		reportId = monitoringDocumentId(SATO, reportMonth)
		expect(first.status).toBe(302)
		expect(second.status).toBe(302)
		expect(first.headers.get('location')).toBe(`/clients/${SATO}/documents/${reportId}`)
		expect(second.headers.get('location')).toBe(`/clients/${SATO}/documents/${reportId}`)
		expect(await prisma.monitoringReport.findMany({ where: { clientId: SATO }, select: { month: true, status: true, documentId: true } })).toEqual([
			{ month: reportMonth, status: 'draft', documentId: reportId },
		])
		expect(await prisma.document.findUniqueOrThrow({ where: { id: reportId } })).toMatchObject({ kind: 'monitoring', clientId: SATO })
		expect(auditRows(server.sqlite, 'monitoring.create')).toHaveLength(1)
		const data = await jsonOf<ScheduleData>(await schedule(cookies.sodan))
		expect(data.schedule.months.find((m) => m.month === reportMonth)?.report).toMatchObject({ documentId: reportId, status: 'draft' })
	})

	test('the report: goal rows from the plan, providers write 提供状況, completion checks the stored document', async () => {
		const today = todayJst()
		// 佐藤's plan with two goals, projected into PlanGoal by the server.
		const scope = (await loadClientScope(SATO))!
		const plan = await ensurePlanDocument(await actorFor(USERS.sodan), scope, today, { ipAddress: '127.0.0.1' })
		if (!plan.ok) throw new Error('plan')
		const planClient = connect(`plan.${plan.id}`, cookies.sodan)
		await planClient.synced()
		await waitFor(() => planClient.access === 'write', { message: 'plan writer' })
		const g1 = createRow(planClient.doc, PLAN_GOALS_TABLE, PLAN_GOAL_COLUMN_KEYS, { cells: { goal: '生活介護に週5日通う', targetDate: '6か月' } })
		const g2 = createRow(planClient.doc, PLAN_GOALS_TABLE, PLAN_GOAL_COLUMN_KEYS, { cells: { need: '家事を覚えたい', targetDate: '1年' } })
		await waitFor(async () => (await prisma.planGoal.count({ where: { clientId: SATO, deletedAt: null } })) === 2, { message: 'plan goals projected' })

		const page = await jsonOf<{ monitoring: { goalSeeds: GoalSeed[]; canComplete: boolean; report: { status: string } } }>(
			await call(documentLoader, { path: `/clients/${SATO}/documents/${reportId}`, params: { clientId: SATO, documentId: reportId }, cookie: cookies.sabikan }),
		)
		// A goal without 支援目標 falls back to its need.
		expect(page.monitoring.goalSeeds).toEqual([
			{ goalId: g1, goal: '生活介護に週5日通う', targetDate: '6か月' },
			{ goalId: g2, goal: '家事を覚えたい', targetDate: '1年' },
		])
		expect(page.monitoring.canComplete).toBe(false)
		expect(page.monitoring.report.status).toBe('draft')

		// The specialist and the service manager open it at the same moment: one row per goal.
		const sodan = connect(`monitoring.${reportId}`, cookies.sodan)
		const sabikan = connect(`monitoring.${reportId}`, cookies.sabikan)
		const family = connect(`monitoring.${reportId}`, cookies.kazoku)
		await Promise.all([sodan.synced(), sabikan.synced(), family.synced()])
		await waitFor(() => sodan.access === 'write' && sabikan.access === 'write' && family.access === 'read', { message: 'access' })
		for (const client of [sodan, sabikan]) {
			applyTemplate(client.doc, MONITORING_FIELD_KEYS)
			applyGoalsPrefill(client.doc, page.monitoring.goalSeeds)
		}
		const row1 = goalRowId(g1)
		cellText(sabikan.doc, row1, 'provision')!.insert(0, '週5日休まず通所')
		fieldText(sodan.doc, 'overall')!.insert(0, '生活リズムが安定している')
		await waitFor(() => cellText(sodan.doc, row1, 'provision')?.toString() === '週5日休まず通所' && fieldText(sabikan.doc, 'overall')?.toString() === '生活リズムが安定している', {
			message: 'both edits everywhere',
		})
		expect(orderedRows(sodan.doc, 'goals')).toHaveLength(2)
		expect(orderedRows(family.doc, 'goals')).toHaveLength(2)

		const complete = (cookie: string) => post(cookie, { intent: 'complete', documentId: reportId })
		expect((await complete(cookies.sabikan)).status).toBe(403)
		const incomplete = await complete(cookies.sodan)
		expect(incomplete.status).toBe(400)
		const { errors } = await jsonOf<{ errors: string[] }>(incomplete)
		expect(errors).toContain('モニタリング実施日を入力してください')
		expect(errors).toContain('実施場所を入力してください')
		expect(errors).toContain('1番目の目標：計画変更の必要性（サービス種類の変更・サービス量の変更・週間計画の変更）の有・無を選んでください')
		expect(await prisma.monitoringReport.findUniqueOrThrow({ where: { documentId: reportId } })).toMatchObject({ status: 'draft', conductedOn: '' })

		const conductedOn = reportMonth === today.slice(0, 7) ? today : `${reportMonth}-28`
		setMeta(sodan.doc, MONITORING_META.conductedOn, conductedOn)
		fieldText(sodan.doc, 'place')!.insert(0, '自宅')
		for (const goalId of [g1, g2]) for (const kind of ['kind', 'amount', 'weekly'] as const) setMeta(sodan.doc, changeMetaKey(kind, goalRowId(goalId)), 'no')
		// The service manager changes one answer after seeing the specialist's (no concurrent set).
		await waitFor(() => sabikan.doc.getMap('meta').get(changeMetaKey('amount', goalRowId(g2))) === 'no', { message: 'answers reach the provider' })
		setMeta(sabikan.doc, changeMetaKey('amount', goalRowId(g2)), 'yes')
		// The server is write-ahead: once each writer sees the other's last edit, both are stored.
		await waitFor(
			() =>
				fieldText(sabikan.doc, 'place')?.toString() === '自宅' &&
				sabikan.doc.getMap('meta').get(changeMetaKey('weekly', goalRowId(g2))) === 'no' &&
				sodan.doc.getMap('meta').get(changeMetaKey('amount', goalRowId(g2))) === 'yes',
			{ message: 'edits exchanged' },
		)
		const completed = await complete(cookies.sodan)
		expect(completed.status).toBe(200)
		// No plan cycle is open here, so the report does not move one (the e2e covers that).
		expect(await jsonOf(completed)).toEqual({ ok: true, changeNeeded: true, cycleAdvanced: false })
		expect(await prisma.monitoringReport.findUniqueOrThrow({ where: { documentId: reportId } })).toMatchObject({
			status: 'completed',
			conductedOn,
			changeNeeded: true,
			completedById: USERS.sodan,
		})
		const completions = auditRows(server.sqlite, 'monitoring.complete')
		expect(completions.length).toBeGreaterThanOrEqual(1)
		expect(JSON.parse(completions.at(-1)!.detail)).toMatchObject({ month: reportMonth, changeNeeded: true })
		expect(completions.at(-1)!.detail).not.toContain('自宅')

		// The month is done once the report is completed and its 実施日 has come.
		const data = await jsonOf<ScheduleData>(await schedule(cookies.sodan))
		expect(data.schedule.months.find((m) => m.month === reportMonth)).toMatchObject({ status: 'done', report: { status: 'completed' } })

		// Print: the stored report as the A4 form, for readers too.
		const print = await call(printLoader, { path: `/clients/${SATO}/monitoring/${reportId}/print`, params: { clientId: SATO, documentId: reportId }, cookie: cookies.kazoku })
		expect(print.status).toBe(200)
		const printed = await jsonOf<{ content: { conductedOn: string; fields: { overall: string }; rows: Array<{ cells: Record<string, string>; changes: Record<string, string> }> } }>(print)
		expect(printed.content.conductedOn).toBe(conductedOn)
		expect(printed.content.fields.overall).toBe('生活リズムが安定している')
		expect(printed.content.rows.map((r) => [r.cells.goal, r.cells.provision, r.changes.amount])).toEqual([
			['生活介護に週5日通う', '週5日休まず通所', 'no'],
			['家事を覚えたい', '', 'yes'],
		])
		const hub = await call(printLoader, { path: `/clients/${SATO}/monitoring/${reportId}/print`, params: { clientId: SATO, documentId: reportId }, cookie: cookies.kyoten })
		expect(hub.status).toBe(404)
	})
})

describe('closing a case (終了)', () => {
	let server: TestServer
	const clients: TestClient[] = []
	const cookies: Record<string, string> = {}
	const SUZUKI = CLIENTS.suzuki

	beforeAll(async () => {
		server = await startAppServer()
		for (const [key, id] of Object.entries(USERS)) cookies[key] = await cookieFor(id)
	})
	afterAll(async () => {
		for (const client of clients) client.destroy()
		await server?.close()
		delete process.env.KIZUNA_RETENTION_YEARS
	})

	const close = (cookie: string, form: Record<string, string>) => call(closeAction, { path: `/clients/${SUZUKI}/close`, params: { clientId: SUZUKI }, cookie, form })
	const valid = () => ({ closedOn: todayJst(), reason: 'transfer', reasonDetail: '隣市の相談支援事業所へ', evaluation: '就労継続支援B型に安定して通えるようになった。', confirm: 'yes' })

	test('only the consultation office may close; bad input changes nothing', async () => {
		expect((await call(closeLoader, { path: `/clients/${SUZUKI}/close`, params: { clientId: SUZUKI }, cookie: cookies.city })).status).toBe(403)
		expect((await close(cookies.city, valid())).status).toBe(403)
		expect((await close(cookies.sabikan, valid())).status).toBe(404)
		const bad = await close(cookies.sodan, { ...valid(), evaluation: ' ', confirm: '' })
		expect(bad.status).toBe(400)
		expect((await jsonOf<{ fieldErrors: Record<string, string[]> }>(bad)).fieldErrors).toEqual({
			evaluation: ['事後評価を入力してください'],
			confirm: ['終了後は記録が閲覧のみになることを確認してください'],
		})
		expect(await prisma.client.findUniqueOrThrow({ where: { id: SUZUKI } })).toMatchObject({ closedAt: null, retainUntil: '' })
	})

	test('closing records reason, evaluation and retention, turns an open writer read-only at once, and is audited', async () => {
		const writer = connectClient(server, 'note.doc-note-suzuki', { cookie: cookies.sodan, saved: true })
		clients.push(writer)
		await writer.synced()
		await waitFor(() => writer.access === 'write', { message: 'initial write access' })

		process.env.KIZUNA_RETENTION_YEARS = '7'
		const today = todayJst()
		const response = await close(cookies.sodan, valid())
		expect(response.status).toBe(302)
		expect(response.headers.get('location')).toBe(`/clients/${SUZUKI}?closed`)
		expect((await writer.closed(1000)).code).toBe(CLOSE.authorizationChanged)
		await waitFor(() => writer.access === 'read', { message: 'reconnected read-only', timeoutMs: 5000 })

		const [y, m, d] = today.split('-')
		const record = await prisma.client.findUniqueOrThrow({ where: { id: SUZUKI } })
		expect(record).toMatchObject({ closedById: USERS.sodan, closeReason: 'transfer:隣市の相談支援事業所へ', closeEvaluation: '就労継続支援B型に安定して通えるようになった。' })
		expect(record.closedAt).not.toBeNull()
		// 7 years from the closing day (KIZUNA_RETENTION_YEARS; never fewer than 5).
		expect(record.retainUntil).toBe(m === '02' && d === '29' ? `${Number(y) + 7}-02-28` : `${Number(y) + 7}-${m}-${d}`)

		const rows = auditRows(server.sqlite, 'client.close')
		expect(rows).toHaveLength(1)
		expect(rows[0]).toMatchObject({ userId: USERS.sodan, clientId: SUZUKI })
		expect(JSON.parse(rows[0].detail)).toMatchObject({ reason: 'transfer', retentionYears: 7 })
		expect(rows[0].detail).not.toContain('就労')

		// Everything is read-only now; the page shows the banner facts; closing again is refused.
		const scope = (await loadClientScope(SUZUKI))!
		expect(documentAccess(await actorFor(USERS.sodan), { kind: 'plan', organizationId: null, frozen: false, client: scope }, today)).toBe('read')
		const page = await jsonOf<{ closing: { retainUntil: string; reasonLabel: string }; page: { abilities: Record<string, boolean> } }>(
			await call(clientPageLoader, { path: `/clients/${SUZUKI}`, params: { clientId: SUZUKI }, cookie: cookies.sodan }),
		)
		expect(page.closing).toMatchObject({ retainUntil: record.retainUntil, reasonLabel: '他の相談支援事業所へ移行' })
		expect(page.page.abilities['client.close']).toBe(false)
		expect((await close(cookies.sodan, valid())).status).toBe(403)
	})
})
