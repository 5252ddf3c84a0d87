import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CLOSE } from '#app/editor/collab-protocol.ts'
import { emitAuthzEvent } from '#app/modules/authz-events.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import {
	auditRows,
	connectClient,
	rawClient,
	sessionCookie,
	startAppServer,
	updateFrame,
	updateRowCount,
	waitFor,
	type TestClient,
	type TestServer,
} from '#tests/helpers/collab.ts'

/**
 * 地域生活支援拠点 (issue #12) through the real server: HTTP (Remix loaders/actions with ?_data)
 * and the websocket, on a fresh copy of the seeded database.
 */

const SATO = 'client-sato-makoto'
const MORI = 'client-mori-takumi'
const YAMADA = 'client-yamada-haruto'
const SUZUKI = 'client-suzuki-hanako'
const MORI_CRISIS = 'crisis-plan-client-mori-takumi'
const SOCKET_BUDGET_MS = 1000

let app: TestServer
const cookies: Record<string, string> = {}
const opened: TestClient[] = []

async function cookieOf(userId: string): Promise<string> {
	cookies[userId] ??= (await sessionCookie(userId)).cookie
	return cookies[userId]
}

/** GET a route's loader data as JSON (Remix ?_data). */
async function loaderData(user: string, path: string, route: string): Promise<{ status: number; body: Record<string, unknown> }> {
	const url = new URL(path, app.origin)
	url.searchParams.set('_data', route)
	const res = await fetch(url, { headers: { Cookie: await cookieOf(user) } })
	const text = await res.text()
	return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }
}

/** POST a form to a route's action; redirects come back as 204 + X-Remix-Redirect. */
async function post(user: string, path: string, route: string, form: Record<string, string | string[]>) {
	const url = new URL(path, app.origin)
	url.searchParams.set('_data', route)
	const body = new URLSearchParams()
	for (const [k, v] of Object.entries(form)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item)
	const res = await fetch(url, { method: 'POST', body, headers: { Cookie: await cookieOf(user), Origin: app.origin, 'Content-Type': 'application/x-www-form-urlencoded' } })
	const text = await res.text()
	return { status: res.status, redirect: res.headers.get('x-remix-redirect'), body: text ? (JSON.parse(text) as { errors?: string[]; fieldErrors?: Record<string, string[]> }) : {} }
}

const REQUEST = 'routes/emergency-access._index'
const breakGlass = (clientId: string, extra: Record<string, string> = {}) => ({
	intent: 'request',
	clientId,
	reasonCategory: 'carer_emergency',
	reasonText: '姉から夜間に連絡。本人と連絡が取れず自宅で倒れている可能性がある',
	hours: '24',
	...extra,
})

beforeAll(async () => {
	app = await startAppServer()
})
afterAll(async () => {
	for (const c of opened) c.destroy()
	await app?.close()
})

describe('the hub roster', () => {
	it("shows the coordinator only the hub's registered people", async () => {
		// A second hub in the same city with its own registered person: never on this roster.
		await prisma.organization.create({ data: { id: 'org-hub-2', kind: 'hub', name: '第二拠点', city: '希望が丘市' } })
		await prisma.hubRegistration.create({ data: { id: 'hreg-suzuki-other', clientId: SUZUKI, hubOrganizationId: 'org-hub-2', registeredOn: '2026-10-01', reasons: 'alone' } })
		const { status, body } = await loaderData('user-kyoten', '/hub', 'routes/hub._index')
		expect(status).toBe(200)
		const roster = body.roster as Array<{ clientId: string; reasonLabels: string[]; arrangements: unknown[] }>
		expect(roster.map((r) => r.clientId)).toEqual([SATO])
		expect(roster[0].reasonLabels).toEqual(['8050（親の高齢化）', '介護者の高齢・疾病'])
		expect(roster[0].arrangements).toHaveLength(2)
		// Not a roster for anyone else: on-call staff, the specialist.
		expect((await loaderData('user-oncall', '/hub', 'routes/hub._index')).status).toBe(403)
		expect((await loaderData('user-sodan', '/hub', 'routes/hub._index')).status).toBe(403)
		// The coordinator reads a registered person's sheet, not an unregistered one's.
		const sheet = await loaderData('user-kyoten', `/emergency/${SATO}`, 'routes/emergency.$clientId')
		expect(sheet.status).toBe(200)
		const registration = (sheet.body.sheet as { registration: { arrangements: Array<{ providerName: string }> } }).registration
		expect(registration.arrangements.map((a) => a.providerName)).toEqual(['生活介護事業所ひだまり', 'ヘルパーステーション希望が丘'])
		expect((await loaderData('user-kyoten', `/emergency/${SUZUKI}`, 'routes/emergency.$clientId')).status).toBe(404)
	})
})

describe('break-glass: bad input stores nothing', () => {
	const grants = () => prisma.emergencyAccessGrant.count()

	it('refuses a missing reason, a reason category that does not exist, and an expiry over the maximum', async () => {
		const before = await grants()
		const noReason = await post('user-oncall', '/emergency-access', REQUEST, breakGlass(MORI, { reasonText: '' }))
		expect(noReason.status).toBe(400)
		expect(noReason.body.fieldErrors?.reasonText).toEqual(['緊急時アクセスの理由を入力してください（理由がなければ開けません）'])
		const badCategory = await post('user-oncall', '/emergency-access', REQUEST, breakGlass(MORI, { reasonCategory: 'curiosity' }))
		expect(badCategory.status).toBe(400)
		const tooLong = await post('user-oncall', '/emergency-access', REQUEST, breakGlass(MORI, { hours: '73' }))
		expect(tooLong.status).toBe(400)
		expect(tooLong.body.errors).toContain('有効時間は最長24時間です。それより長くはできません')
		expect(await grants()).toBe(before)
	})

	it("refuses another municipality's person, forged ids, and people who are not hub staff", async () => {
		const before = await grants()
		const other = await post('user-oncall', '/emergency-access', REQUEST, breakGlass(YAMADA))
		expect(other.status).toBe(403)
		expect(other.body.errors).toEqual(['この拠点の対象市町村（支給決定を行う市町村）の方ではないため、緊急時アクセスはできません'])
		const forged = await post('user-oncall', '/emergency-access', REQUEST, breakGlass('client-does-not-exist'))
		expect(forged.status).toBe(404)
		expect(forged.body.errors?.[0]).toContain('見つかりません')
		const malformed = await post('user-oncall', '/emergency-access', REQUEST, breakGlass("x' OR 1=1"))
		expect(malformed.status).toBe(400)
		const notHub = await post('user-sabikan', '/emergency-access', REQUEST, breakGlass(MORI))
		expect(notHub.status).toBe(403)
		// The coordinator on 佐藤 誠's team already has access and does not break glass on him.
		const onTeam = await post('user-kyoten', '/emergency-access', REQUEST, breakGlass(SATO))
		expect(onTeam.status).toBe(409)
		expect(await grants()).toBe(before)
	})

	it('the search needs both name and birth date and finds only people of the hub municipality', async () => {
		const found = await loaderData('user-oncall', '/emergency-access?name=森拓海&birthDate=1990-08-03', REQUEST)
		expect((found.body.search as { matches: Array<{ id: string }> }).matches.map((m) => m.id)).toEqual([MORI])
		const kana = await loaderData('user-oncall', '/emergency-access?name=もり たくみ&birthDate=1990-08-03', REQUEST)
		expect((kana.body.search as { matches: unknown[] }).matches).toHaveLength(1)
		const otherCity = await loaderData('user-oncall', '/emergency-access?name=山田はると&birthDate=2018-04-02', REQUEST)
		expect((otherCity.body.search as { matches: unknown[] }).matches).toHaveLength(0)
		const nameOnly = await loaderData('user-oncall', '/emergency-access?name=森拓海', REQUEST)
		expect((nameOnly.body.search as { errors: string[] }).errors).toEqual(['氏名（2文字以上）と生年月日の両方を入力してください'])
	})
})

describe('break-glass with a reason', () => {
	let grantId = ''

	it('opens exactly the emergency sheet and the クライシスプラン, read-only, and notifies the specialist and the office manager', async () => {
		// A second document of the person that the grant must not open.
		await prisma.document.create({ data: { id: 'doc-note-mori', clientId: MORI, kind: 'note', title: '支援メモ（チーム共有）' } })
		const res = await post('user-oncall', '/emergency-access', REQUEST, breakGlass(MORI))
		expect(res.status).toBe(204)
		expect(res.redirect).toBe(`/emergency/${MORI}`)
		const grant = await prisma.emergencyAccessGrant.findFirstOrThrow({ where: { userId: 'user-oncall', clientId: MORI } })
		grantId = grant.id
		expect(grant.expiresAt.getTime() - grant.createdAt.getTime()).toBe(24 * 3_600_000)

		const sheet = await loaderData('user-oncall', `/emergency/${MORI}`, 'routes/emergency.$clientId')
		expect(sheet.status).toBe(200)
		expect(sheet.body.basis).toBe('grant')
		// The whole page renders on the server, with the contacts as tap-to-call links.
		const html = await fetch(`${app.origin}/emergency/${MORI}`, { headers: { Cookie: await cookieOf('user-oncall') } })
		const page = await html.text()
		expect(html.status, page.slice(0, 500)).toBe(200)
		expect(page).toContain('href="tel:0120000921"')
		expect(sheet.body.canRecord).toBe(false)
		const crisis = await loaderData('user-oncall', `/clients/${MORI}/documents/${MORI_CRISIS}`, 'routes/clients.$clientId.documents.$documentId')
		expect(crisis.status).toBe(200)
		expect(crisis.body.access).toBe('read')
		// Nothing else of the person.
		for (const [path, route] of [
			[`/clients/${MORI}`, 'routes/clients.$clientId._index'],
			[`/clients/${MORI}/documents/doc-note-mori`, 'routes/clients.$clientId.documents.$documentId'],
			[`/clients/${MORI}/emergencies`, 'routes/clients.$clientId.emergencies'],
			[`/clients/${MORI}/cycle`, 'routes/clients.$clientId.cycle'],
			[`/clients/${MORI}/hub-registration`, 'routes/clients.$clientId.hub-registration._index'],
		] as const) {
			expect((await loaderData('user-oncall', path, route)).status, path).toBe(404)
		}
		// No comments (the team's discussion) and no writing of them.
		const comments = await fetch(`${app.origin}/clients/${MORI}/documents/${MORI_CRISIS}/comments`, { headers: { Cookie: await cookieOf('user-oncall'), Accept: 'application/json' } })
		if (comments.status === 200) expect(((await comments.json()) as { threads: unknown[] }).threads).toEqual([])
		else expect(comments.status).toBe(404)
		// The banner data: the grant in force.
		const root = await loaderData('user-oncall', '/', 'root')
		expect((root.body.user as { emergencyGrants: Array<{ id: string }> }).emergencyGrants.map((g) => g.id)).toEqual([grantId])

		// The specialist and the office manager are told at once.
		for (const user of ['user-aozora-sodan', 'user-aozora-kanri']) {
			const notes = await loaderData(user, '/notifications', 'routes/notifications')
			const list = notes.body.notifications as Array<{ kind: string; clientId: string; excerpt: string }>
			const mine = list.find((n) => n.kind === 'emergency_access' && n.clientId === MORI)
			expect(mine, user).toBeTruthy()
			expect(mine!.excerpt).toContain('松本 亮')
		}
	})

	it('on the websocket: the クライシスプラン opens read-only, a write is dropped (0 bytes stored), other documents are refused', async () => {
		const cookie = await cookieOf('user-oncall')
		const reader = connectClient(app, `crisis_plan.${MORI_CRISIS}`, { cookie, saved: true })
		opened.push(reader)
		await reader.synced()
		await waitFor(() => reader.access === 'read', { message: 'read access' })
		const before = updateRowCount(app.sqlite, MORI_CRISIS)
		const dropped = app.collab.stats().droppedReadOnlyUpdates
		// A forged write on a raw socket, and an edit in the stock client.
		const raw = rawClient(`${app.collabUrl}/crisis_plan.${MORI_CRISIS}`, { Cookie: cookie, Origin: app.origin })
		await raw.opened
		const forged = new Y.Doc()
		forged.getMap('fields').set('alertSigns', new Y.Text('書き換え'))
		raw.ws.send(updateFrame(Y.encodeStateAsUpdate(forged)))
		reader.doc.getMap('fields').set('hacked', new Y.Text('x'))
		await waitFor(() => app.collab.stats().droppedReadOnlyUpdates >= dropped + 2, { message: 'the writes to be dropped' })
		expect(updateRowCount(app.sqlite, MORI_CRISIS)).toBe(before)
		const bytes = app.sqlite.prepare('SELECT COALESCE(SUM(LENGTH("data")), 0) AS n FROM "DocUpdate" WHERE "documentId" = ?').get(MORI_CRISIS) as { n: number }
		expect(Number(bytes.n)).toBe(0)
		raw.ws.terminate()
		// The person's other document is not opened.
		const note = connectClient(app, 'note.doc-note-mori', { cookie })
		opened.push(note)
		expect((await note.closed()).code).toBe(CLOSE.forbidden)
		// The connection is audited with its grant.
		await waitFor(() => auditRows(app.sqlite, 'document.connect').find((r) => r.detail.includes(grantId)), { message: 'connect audited with the grant' })
		reader.destroy()
	})

	it('every view is in the audit log linked to the grant', async () => {
		const views = await prisma.auditLog.findMany({ where: { action: 'emergency_access.view', target: `grant:${grantId}` } })
		expect(views.length).toBeGreaterThanOrEqual(2)
		for (const v of views) {
			expect(v.userId).toBe('user-oncall')
			expect(v.clientId).toBe(MORI)
			expect(JSON.parse(v.detail).grantId).toBe(grantId)
		}
		expect(await prisma.auditLog.count({ where: { action: 'emergency_access.grant', target: `grant:${grantId}` } })).toBe(1)
	})

	it('ending the grant early closes the open socket within a second and shuts the pages', async () => {
		const cookie = await cookieOf('user-oncall')
		const reader = connectClient(app, `crisis_plan.${MORI_CRISIS}`, { cookie })
		opened.push(reader)
		await reader.synced()
		const endedAt = Date.now()
		const end = await post('user-oncall', '/emergency-access', REQUEST, { intent: 'end', grantId })
		expect(end.status).toBe(204)
		const close = await reader.closed(SOCKET_BUDGET_MS + 500)
		expect(close.code).toBe(CLOSE.forbidden)
		expect(Date.now() - endedAt).toBeLessThanOrEqual(SOCKET_BUDGET_MS)
		expect((await loaderData('user-oncall', `/emergency/${MORI}`, 'routes/emergency.$clientId')).status).toBe(404)
		const again = connectClient(app, `crisis_plan.${MORI_CRISIS}`, { cookie })
		opened.push(again)
		expect((await again.closed()).code).toBe(CLOSE.forbidden)
	})

	it('the office manager reviews it: not while in force, 不適切 needs a note, then 適切 is recorded once', async () => {
		const queue = await loaderData('user-aozora-kanri', '/emergency-access/review', 'routes/emergency-access.review')
		const pending = queue.body.pending as Array<{ id: string; views: number }>
		expect(pending.map((g) => g.id)).toContain(grantId)
		expect(pending.find((g) => g.id === grantId)!.views).toBeGreaterThanOrEqual(2)
		expect((await loaderData('user-aozora-sodan', '/emergency-access/review', 'routes/emergency-access.review')).status).toBe(403)
		// Another office's manager does not see it.
		expect(((await loaderData('user-kanri', '/emergency-access/review', 'routes/emergency-access.review')).body.pending as unknown[]).length).toBe(0)
		const noNote = await post('user-aozora-kanri', '/emergency-access/review', 'routes/emergency-access.review', { intent: 'review', grantId, outcome: 'inappropriate', note: '' })
		expect(noNote.status).toBe(400)
		expect(noNote.body.errors).toEqual(['不適切と判定する場合は、その理由を所見に記入してください'])
		const forged = await post('user-aozora-kanri', '/emergency-access/review', 'routes/emergency-access.review', { intent: 'review', grantId: 'bgl-forged', outcome: 'appropriate', note: '' })
		expect(forged.status).toBe(404)
		const ok = await post('user-aozora-kanri', '/emergency-access/review', 'routes/emergency-access.review', { intent: 'review', grantId, outcome: 'appropriate', note: '姉からの通報で妥当' })
		expect(ok.status).toBe(204)
		const twice = await post('user-aozora-kanri', '/emergency-access/review', 'routes/emergency-access.review', { intent: 'review', grantId, outcome: 'inappropriate', note: 'x' })
		expect(twice.status).toBe(409)
		const row = await prisma.emergencyAccessGrant.findUniqueOrThrow({ where: { id: grantId } })
		expect([row.reviewOutcome, row.reviewedById]).toEqual(['appropriate', 'user-aozora-kanri'])
	})

	it('expiry closes the open socket within a second of the grant lapsing', async () => {
		const res = await post('user-oncall', '/emergency-access', REQUEST, breakGlass(MORI, { hours: '1' }))
		expect(res.status).toBe(204)
		const grant = await prisma.emergencyAccessGrant.findFirstOrThrow({ where: { userId: 'user-oncall', clientId: MORI, endedAt: null } })
		// Bring the expiry close (waiting an hour is not a test); the event drops cached decisions.
		const expiresAt = new Date(Date.now() + 1500)
		await prisma.emergencyAccessGrant.update({ where: { id: grant.id }, data: { expiresAt } })
		emitAuthzEvent({ type: 'client-team-changed', clientId: MORI })
		const reader = connectClient(app, `crisis_plan.${MORI_CRISIS}`, { cookie: await cookieOf('user-oncall') })
		opened.push(reader)
		await reader.synced()
		const close = await reader.closed(5000)
		expect(close.code).toBe(CLOSE.forbidden)
		const lag = Date.now() - expiresAt.getTime()
		expect(lag).toBeGreaterThanOrEqual(0)
		expect(lag).toBeLessThanOrEqual(SOCKET_BUDGET_MS)
		expect((await loaderData('user-oncall', `/emergency/${MORI}`, 'routes/emergency.$clientId')).status).toBe(404)
	})

	it('unreviewed grants older than 7 days show on the office manager\'s dashboard', async () => {
		const old = await prisma.emergencyAccessGrant.findFirstOrThrow({ where: { userId: 'user-oncall', clientId: MORI, reviewOutcome: '' } })
		await prisma.emergencyAccessGrant.update({ where: { id: old.id }, data: { createdAt: new Date(Date.now() - 9 * 86_400_000) } })
		const dash = await loaderData('user-aozora-kanri', '/dashboard', 'routes/dashboard')
		expect((dash.body.overdueEmergencyAccess as Array<{ id: string }>).map((g) => g.id)).toEqual([old.id])
		const specialist = await loaderData('user-aozora-sodan', '/dashboard', 'routes/dashboard')
		expect(specialist.body.overdueEmergencyAccess).toEqual([])
	})
})

describe('emergency records', () => {
	const ROUTE = 'routes/clients.$clientId.emergencies'
	const record = (extra: Record<string, string | string[]> = {}) => ({
		intent: 'create',
		occurredAt: '2026-12-01T23:15',
		callerName: '佐藤 洋子',
		callerRelation: '母',
		category: 'carer_illness',
		situation: '母が転倒し救急搬送。本人が一人になる',
		actionsTaken: '事前調整先に緊急短期入所を依頼し受入',
		contacted: '生活介護事業所ひだまり',
		handoffNote: '朝に担当へ',
		svc_serviceType: ['緊急短期入所', ''],
		svc_providerName: ['生活介護事業所ひだまり', ''],
		svc_fromDate: ['2026-12-01', ''],
		svc_toDate: ['2026-12-04', ''],
		svc_note: ['', ''],
		...extra,
	})

	it('bad input is refused in Japanese and stores nothing', async () => {
		const before = await prisma.emergencyResponse.count()
		const missing = await post('user-kyoten', `/clients/${SATO}/emergencies`, ROUTE, record({ situation: '' }))
		expect(missing.status).toBe(400)
		expect(missing.body.errors).toContain('状況（何が起きたか）を入力してください')
		const badService = await post('user-kyoten', `/clients/${SATO}/emergencies`, ROUTE, record({ svc_toDate: ['2026-11-01', ''] }))
		expect(badService.status).toBe(400)
		expect(badService.body.errors).toContain('計画外のサービス1行目：期間の終わりが始まりより前です')
		// Not registered with the hub: not found for the coordinator.
		expect((await post('user-kyoten', `/clients/${MORI}/emergencies`, ROUTE, record())).status).toBe(404)
		expect((await post('user-kyoten', '/clients/client-forged/emergencies', ROUTE, record())).status).toBe(404)
		expect(await prisma.emergencyResponse.count()).toBe(before)
	})

	it('the coordinator logs one; the specialist is notified, sees it on the client page and opens a revision', async () => {
		const res = await post('user-kyoten', `/clients/${SATO}/emergencies`, ROUTE, record())
		expect(res.status).toBe(204)
		const created = await prisma.emergencyResponse.findFirstOrThrow({ where: { clientId: SATO, callerName: '佐藤 洋子', situation: { startsWith: '母が転倒' } }, include: { services: true } })
		expect(created.services.map((s) => [s.serviceType, s.providerOrganizationId, s.fromDate, s.toDate])).toEqual([['緊急短期入所', 'org-hidamari', '2026-12-01', '2026-12-04']])
		expect(created.hubOrganizationId).toBe('org-kibougaoka-hub')
		const notes = await loaderData('user-sodan', '/notifications', 'routes/notifications')
		expect((notes.body.notifications as Array<{ kind: string; clientId: string }>).some((n) => n.kind === 'emergency_response' && n.clientId === SATO)).toBe(true)
		const page = await loaderData('user-sodan', `/clients/${SATO}`, 'routes/clients.$clientId._index')
		expect((page.body.hub as { emergencies: Array<{ id: string }> }).emergencies.map((e) => e.id)).toContain(created.id)
		// The coordinator may not open the revision; the specialist does.
		expect((await post('user-kyoten', `/clients/${SATO}/emergencies`, ROUTE, { intent: 'revise', emergencyId: created.id })).status).toBe(403)
		const revise = await post('user-sodan', `/clients/${SATO}/emergencies`, ROUTE, { intent: 'revise', emergencyId: created.id })
		expect(revise.status).toBe(204)
		expect(revise.redirect).toBe(`/clients/${SATO}/cycle?emergency=${created.id}`)
		const after = await prisma.emergencyResponse.findUniqueOrThrow({ where: { id: created.id } })
		expect(after.revisionCycleId).toBeTruthy()
		expect(await prisma.planCycle.findUnique({ where: { id: after.revisionCycleId! } })).toBeTruthy()
	})

	it('the monthly summary counts emergencies and 緊急受入 days, and exports CSV', async () => {
		const res = await fetch(`${app.origin}/hub/summary.csv?month=2026-11`, { headers: { Cookie: await cookieOf('user-kyoten') } })
		expect(res.status).toBe(200)
		const raw = new Uint8Array(await res.arrayBuffer())
		// Excel needs the byte order mark (fetch's text() would hide it).
		expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
		const text = new TextDecoder().decode(raw)
		const [header, row] = text.trim().split('\r\n').map((l) => l.split(','))
		expect(row[header.indexOf('緊急対応件数')]).toBe('1')
		expect(row[header.indexOf('緊急受入日数（短期入所）')]).toBe('7')
		const bad = await fetch(`${app.origin}/hub/summary.csv?month=2026-13`, { headers: { Cookie: await cookieOf('user-kyoten') } })
		expect(bad.status).toBe(400)
		expect((await fetch(`${app.origin}/hub/summary.csv?month=2026-11`, { headers: { Cookie: await cookieOf('user-sodan') } })).status).toBe(403)
	})

	it('a 調整会議 names only registered people', async () => {
		const ROUTE_M = 'routes/hub.meetings'
		const base = { date: '2026-12-01', title: '12月 調整会議', participants: '小林 美穂（拠点）', outcomes: '次回までに見直し' }
		const before = await prisma.hubMeeting.count()
		expect((await post('user-kyoten', '/hub/meetings', ROUTE_M, { ...base, clientIds: [MORI] })).status).toBe(400)
		expect((await post('user-kyoten', '/hub/meetings', ROUTE_M, { ...base, outcomes: '' })).status).toBe(400)
		expect(await prisma.hubMeeting.count()).toBe(before)
		expect((await post('user-kyoten', '/hub/meetings', ROUTE_M, { ...base, clientIds: [SATO] })).status).toBe(204)
	})
})

describe('registration', () => {
	const ROUTE = 'routes/clients.$clientId.hub-registration._index'
	const form = (extra: Record<string, string | string[]> = {}) => ({
		intent: 'save',
		hubOrganizationId: 'org-kibougaoka-hub',
		coordinatorId: 'user-kyoten',
		registeredOn: '2026-12-01',
		reasons: ['alone'],
		reasonOther: '',
		consentBy: '森 拓海',
		consentRelation: '本人',
		consentMethod: 'written',
		consentOn: '2026-12-01',
		coreCenterOrganizationId: '',
		coreCenterNote: '',
		reviewOn: '2027-06-01',
		arr_serviceType: '短期入所',
		arr_providerName: '生活介護事業所ひだまり',
		arr_conditions: '',
		arr_agreedOn: '',
		...extra,
	})

	it('bad input, another municipality and forged ids are refused and store nothing', async () => {
		const before = await prisma.hubRegistration.count()
		const noReason = await post('user-aozora-sodan', `/clients/${MORI}/hub-registration`, ROUTE, form({ reasons: [] }))
		expect(noReason.status).toBe(400)
		expect(noReason.body.errors).toContain('登録の理由を1つ以上選んでください')
		const forgedHub = await post('user-aozora-sodan', `/clients/${MORI}/hub-registration`, ROUTE, form({ hubOrganizationId: 'org-kizuna-sodan' }))
		expect(forgedHub.status).toBe(400)
		const otherCity = await post('user-sodan', `/clients/${YAMADA}/hub-registration`, ROUTE, form())
		expect(otherCity.status).toBe(400)
		expect(otherCity.body.errors).toContain('この拠点の対象市町村（支給決定を行う市町村）の方ではないため、登録できません')
		const forgedCoordinator = await post('user-aozora-sodan', `/clients/${MORI}/hub-registration`, ROUTE, form({ coordinatorId: 'user-oncall' }))
		expect(forgedCoordinator.status).toBe(400)
		expect((await post('user-oncall', `/clients/${MORI}/hub-registration`, ROUTE, form())).status).toBe(404)
		expect(await prisma.hubRegistration.count()).toBe(before)
	})

	it('the specialist registers a person; the coordinator then sees them on the roster', async () => {
		const res = await post('user-aozora-sodan', `/clients/${MORI}/hub-registration`, ROUTE, form())
		expect(res.status).toBe(204)
		const roster = await loaderData('user-kyoten', '/hub', 'routes/hub._index')
		expect((roster.body.roster as Array<{ clientId: string }>).map((r) => r.clientId).sort()).toEqual([MORI, SATO].sort())
		// Registered: the coordinator reads the crisis plan without a grant.
		const crisis = await loaderData('user-kyoten', `/clients/${MORI}/documents/${MORI_CRISIS}`, 'routes/clients.$clientId.documents.$documentId')
		expect(crisis.body.access).toBe('read')
	})

	it('ending a registration needs its reason; the person then leaves the roster and the coordinator loses access', async () => {
		const active = await prisma.hubRegistration.findFirstOrThrow({ where: { clientId: MORI, status: 'active' } })
		const noReason = await post('user-aozora-sodan', `/clients/${MORI}/hub-registration`, ROUTE, { intent: 'end', registrationId: active.id, endedOn: '2026-12-02', endReason: '' })
		expect(noReason.status).toBe(400)
		expect(noReason.body.errors).toEqual(['終了の理由を入力してください'])
		const forged = await post('user-aozora-sodan', `/clients/${MORI}/hub-registration`, ROUTE, { intent: 'end', registrationId: 'hreg-sato-1', endedOn: '2026-12-02', endReason: '転居' })
		expect(forged.status).toBe(404)
		expect((await prisma.hubRegistration.findUniqueOrThrow({ where: { id: active.id } })).status).toBe('active')
		const ended = await post('user-aozora-sodan', `/clients/${MORI}/hub-registration`, ROUTE, { intent: 'end', registrationId: active.id, endedOn: '2026-12-02', endReason: '市外へ転居' })
		expect(ended.status).toBe(204)
		const roster = await loaderData('user-kyoten', '/hub', 'routes/hub._index')
		expect((roster.body.roster as Array<{ clientId: string }>).map((r) => r.clientId)).toEqual([SATO])
		expect((await loaderData('user-kyoten', `/clients/${MORI}/documents/${MORI_CRISIS}`, 'routes/clients.$clientId.documents.$documentId')).status).toBe(404)
	})

	it('without a specialist under contract, the product says so and requires the 基幹相談支援センター', async () => {
		await prisma.careTeamMember.create({ data: { id: 'team-suzuki-hub', clientId: SUZUKI, userId: 'user-kyoten', organizationId: 'org-kibougaoka-hub', role: 'hub_coordinator', startsOn: '2026-01-01', consentBasis: 'written_consent' } })
		await prisma.careTeamMember.update({ where: { id: 'team-suzuki-1' }, data: { endsOn: '2026-01-31' } })
		const page = await loaderData('user-kyoten', `/clients/${SUZUKI}/hub-registration`, ROUTE)
		expect(page.body.hasSpecialist).toBe(false)
		const refused = await post('user-kyoten', `/clients/${SUZUKI}/hub-registration`, ROUTE, form({ consentBy: '鈴木 花子' }))
		expect(refused.status).toBe(400)
		expect(refused.body.errors?.[0]).toContain('契約している相談支援専門員がいません')
	})
})
