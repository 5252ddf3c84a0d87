import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CLOSE } from '#app/editor/collab-protocol.ts'
import { ISP_COLUMN_KEYS, ISP_FIELD_KEYS, ISP_SUPPORT_TABLE } from '#app/document-forms/isp.ts'
import { PLAN_FIELD_KEYS, PLAN_GOAL_COLUMN_KEYS, PLAN_GOALS_TABLE } from '#app/document-forms/plan.ts'
import { applyTemplate, cellText, createRow, deleteRow, fieldText, moveRow, orderedRows, readDocument, setRowLink } from '#app/document-forms/structure.ts'
import { loadActor } from '#app/modules/auth/auth.server.ts'
import { loadClientScope } from '#app/modules/authz.server.ts'
import { ensurePlanDocument } from '#app/modules/documents/documents.server.ts'
import { creatableIspOrganizations, ensureIspDocument, ispDocumentId, loadCoverage, loadPlanGoals } from '#app/modules/documents/isp.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { todayJst } from '#app/utils/dates.ts'
import { auditRows, connectClient, sessionCookie, startAppServer, waitFor, type TestClient, type TestServer } from '#tests/helpers/collab.ts'

const SATO = 'client-sato-makoto'
const HIDAMARI = 'org-hidamari'
const META = { ipAddress: '127.0.0.1' }

async function actorOf(userId: string) {
	const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, role: true, disabledAt: true } })
	return loadActor(user)
}

function converged(...clients: TestClient[]): boolean {
	const states = clients.map((c) => JSON.stringify(readDocument(c.doc)))
	return states.every((s) => s === states[0])
}

// Through the real composition root: y-websocket clients, the write queue, the projector.
describe('ISP goal links and the server-side projection', () => {
	let server: TestServer
	const clients: TestClient[] = []
	const connect = (docName: string, cookie: string) => {
		const client = connectClient(server, docName, { cookie, saved: true })
		clients.push(client)
		return client
	}
	let planId = ''
	let ispId = ''

	beforeAll(async () => {
		server = await startAppServer()
	})
	afterAll(async () => {
		for (const client of clients) client.destroy()
		await server?.close()
	})

	test('a provider creates its own ISP once (deterministic id, audited); others may not', async () => {
		const today = todayJst()
		const scope = (await loadClientScope(SATO))!
		const plan = await ensurePlanDocument(await actorOf('user-sodan'), scope, today, META)
		expect(plan.ok).toBe(true)
		planId = plan.ok ? plan.id : ''

		const sabikan = await actorOf('user-sabikan')
		expect(await creatableIspOrganizations(sabikan, scope, today)).toEqual([{ id: HIDAMARI, name: '生活介護事業所ひだまり' }])
		expect(await ensureIspDocument(await actorOf('user-sodan'), scope, HIDAMARI, today, META)).toEqual({ ok: false, status: 403 })
		expect(await ensureIspDocument(await actorOf('user-kazoku'), scope, HIDAMARI, today, META)).toEqual({ ok: false, status: 403 })
		// Not on 鈴木's team: the client does not exist for them.
		expect(await ensureIspDocument(sabikan, (await loadClientScope('client-suzuki-hanako'))!, HIDAMARI, today, META)).toEqual({ ok: false, status: 404 })

		const [first, second] = await Promise.all([
			ensureIspDocument(sabikan, scope, HIDAMARI, today, META),
			ensureIspDocument(await actorOf('user-staff'), scope, HIDAMARI, today, META),
		])
		ispId = ispDocumentId(SATO, HIDAMARI)
		expect(first).toMatchObject({ ok: true, id: ispId })
		expect(second).toMatchObject({ ok: true, id: ispId })
		expect(await creatableIspOrganizations(sabikan, scope, today)).toEqual([])
		const document = await prisma.document.findUniqueOrThrow({ where: { id: ispId } })
		expect(document).toMatchObject({ kind: 'isp', organizationId: HIDAMARI, title: '個別支援計画（生活介護事業所ひだまり）' })
		expect(auditRows(server.sqlite, 'document.create').filter((r) => r.target === `document:isp.${ispId}`)).toHaveLength(1)
	})

	test('permissions per kind over the websocket', async () => {
		const [sodan, sabikan, kazoku, city] = await Promise.all(['user-sodan', 'user-sabikan', 'user-kazoku', 'user-city'].map((id) => sessionCookie(id)))
		const sabikanPlan = connect(`plan.${planId}`, sabikan.cookie)
		const sabikanIsp = connect(`isp.${ispId}`, sabikan.cookie)
		const sodanIsp = connect(`isp.${ispId}`, sodan.cookie)
		const familyPlan = connect(`plan.${planId}`, kazoku.cookie)
		const familyIsp = connect(`isp.${ispId}`, kazoku.cookie)
		await Promise.all([sabikanPlan, sabikanIsp, sodanIsp, familyPlan, familyIsp].map((c) => c.synced()))
		await waitFor(
			() =>
				sabikanPlan.access === 'read' && sabikanIsp.access === 'write' && sodanIsp.access === 'read' && familyPlan.access === 'read' && familyIsp.access === 'read',
			{ message: 'access messages' },
		)
		// Readers' writes are dropped by the server: a later writer's edit arrives, theirs never does.
		createRow(sabikanPlan.doc, PLAN_GOALS_TABLE, PLAN_GOAL_COLUMN_KEYS, { cells: { need: 'サビ管の書き込み' } })
		createRow(familyIsp.doc, ISP_SUPPORT_TABLE, ISP_COLUMN_KEYS, { cells: { target: '家族の書き込み' } })
		createRow(familyPlan.doc, PLAN_GOALS_TABLE, PLAN_GOAL_COLUMN_KEYS, { cells: { need: '家族の書き込み' } })
		applyTemplate(sabikanIsp.doc, ISP_FIELD_KEYS)
		fieldText(sabikanIsp.doc, 'policy')!.insert(0, '日中活動を支える')
		await waitFor(() => fieldText(sodanIsp.doc, 'policy')?.toString() === '日中活動を支える', { message: 'the provider writes its ISP' })
		const sodanPlan = connect(`plan.${planId}`, sodan.cookie)
		await sodanPlan.synced()
		expect(orderedRows(sodanPlan.doc, PLAN_GOALS_TABLE)).toEqual([])
		expect(orderedRows(sodanIsp.doc, ISP_SUPPORT_TABLE)).toEqual([])
		sodanPlan.destroy()
		sabikanPlan.destroy()
		familyPlan.destroy()
		familyIsp.destroy()

		const cityIsp = connect(`isp.${ispId}`, city.cookie)
		expect([CLOSE.notFound, CLOSE.forbidden]).toContain((await cityIsp.closed()).code)
	})

	test('concurrent edits of plan goals and ISP rows; the projection and coverage follow', async () => {
		const [sodan, kanri, sabikan, staff] = await Promise.all(['user-sodan', 'user-kanri', 'user-sabikan', 'user-staff'].map((id) => sessionCookie(id)))
		const planA = connect(`plan.${planId}`, sodan.cookie)
		const planB = connect(`plan.${planId}`, kanri.cookie)
		const ispA = connect(`isp.${ispId}`, sabikan.cookie)
		const ispB = connect(`isp.${ispId}`, staff.cookie)
		await Promise.all([planA, planB, ispA, ispB].map((c) => c.synced()))
		await waitFor(() => [planA, planB, ispA, ispB].every((c) => c.access === 'write'), { message: 'writers' })

		applyTemplate(planA.doc, PLAN_FIELD_KEYS)
		applyTemplate(ispA.doc, ISP_FIELD_KEYS)
		const goal1 = createRow(planA.doc, PLAN_GOALS_TABLE, PLAN_GOAL_COLUMN_KEYS, { cells: { need: '日中活動に通いたい', goal: '週5日 作業に参加する' } })
		const goal2 = createRow(planB.doc, PLAN_GOALS_TABLE, PLAN_GOAL_COLUMN_KEYS, { cells: { need: '家事を覚えたい', goal: '調理を練習する' } })
		await waitFor(() => converged(planA, planB) && orderedRows(planA.doc, PLAN_GOALS_TABLE).length === 2, { message: 'plan goals' })
		const [first, second] = orderedRows(planA.doc, PLAN_GOALS_TABLE).map((r) => r.id)

		// Two provider writers add rows at once and link them to the plan's goals.
		const row1 = createRow(ispA.doc, ISP_SUPPORT_TABLE, ISP_COLUMN_KEYS, { cells: { target: '作業に参加する', staff: '伊藤' } })
		const row2 = createRow(ispB.doc, ISP_SUPPORT_TABLE, ISP_COLUMN_KEYS, { cells: { target: '連絡帳で家族と共有する' } })
		setRowLink(ispA.doc, row1, goal1, true)
		await waitFor(() => converged(ispA, ispB) && orderedRows(ispB.doc, ISP_SUPPORT_TABLE).length === 2, { message: 'isp rows' })

		// Edits on both sides while the link stands: the plan reorders and rewrites goal 1, the
		// ISP edits the linked row's text.
		moveRow(planB.doc, second, 'up')
		cellText(planA.doc, goal1, 'goal')!.insert(0, '［重点］')
		cellText(ispB.doc, row1, 'content')!.insert(0, '送迎時に声かけ')
		await waitFor(() => converged(planA, planB) && converged(ispA, ispB), { message: 'edits converge' })
		expect(readDocument(ispA.doc).rows.find((r) => r.id === row1)?.links).toEqual([goal1])

		const projected = () => loadCoverage(SATO)
		await waitFor(
			async () => {
				const coverage = await projected()
				return coverage.goals.length === 2 && coverage.goals.some((g) => g.goal.goalId === goal1 && g.goal.goal === '［重点］週5日 作業に参加する' && g.rows.length === 1)
			},
			{ message: 'projection of goals and links' },
		)
		let coverage = await projected()
		// After the move the goal that was second is first.
		expect(coverage.goals.map((g) => [g.goal.priority, g.goal.goalId])).toEqual([
			[1, second],
			[2, first],
		])
		expect(coverage.goals.find((g) => g.goal.goalId === goal1)?.rows.map((r) => [r.organizationName, r.summary])).toEqual([['生活介護事業所ひだまり', '作業に参加する']])
		expect(coverage.unserved.map((g) => g.goalId)).toEqual([goal2])
		expect(coverage.unlinked.map((r) => r.rowId)).toEqual([row2])

		// Both sides at once: the plan deletes goal 1 while the ISP links row 2 to goal 2.
		deleteRow(planA.doc, goal1)
		setRowLink(ispB.doc, row2, goal2, true)
		await waitFor(
			async () => {
				const c = await projected()
				return c.goals.length === 1 && c.unlinked.length === 0 && c.deleted.length === 1
			},
			{ message: 'deleted goal flagged' },
		)
		coverage = await projected()
		expect(coverage.goals.map((g) => [g.goal.goalId, g.rows.map((r) => r.rowId)])).toEqual([[goal2, [row2]]])
		expect(coverage.unserved).toEqual([])
		// The deleted goal keeps its last text so readers of the ISP know what it was.
		expect(coverage.deleted[0].goal).toMatchObject({ goalId: goal1, goal: '［重点］週5日 作業に参加する', deleted: true })
		expect(coverage.deleted[0].rows.map((r) => r.rowId)).toEqual([row1])
		const goals = await loadPlanGoals(SATO)
		expect(goals.find((g) => g.goalId === goal1)?.deleted).toBe(true)
		// The ISP itself still holds the link: deleting a goal never edits another document.
		expect(readDocument(ispA.doc).rows.find((r) => r.id === row1)?.links).toEqual([goal1])
		expect(fieldText(ispA.doc, 'policy')).not.toBeNull()

		// Deleting an ISP row removes it from the projection.
		deleteRow(ispA.doc, row1)
		await waitFor(async () => (await projected()).deleted.length === 0, { message: 'row deletion projected' })
	})

	test('the projection is rebuilt from stored state (snapshot + updates)', async () => {
		await prisma.planGoal.deleteMany({ where: { clientId: SATO } })
		await prisma.supportRow.deleteMany({ where: { clientId: SATO } })
		await prisma.supportRowLink.deleteMany({ where: { clientId: SATO } })
		expect((await loadCoverage(SATO)).goals).toEqual([])
		// Close every connection so the rebuild reads storage, not the rooms.
		for (const client of clients) client.destroy()
		await waitFor(() => !server.collab.isLoaded(`isp.${ispId}`) && !server.collab.isLoaded(`plan.${planId}`), {
			message: 'rooms unloaded',
		})
		expect(server.collab.rebuildProjection()).toBeGreaterThanOrEqual(2)
		const coverage = await loadCoverage(SATO)
		expect(coverage.goals).toHaveLength(1)
		expect(coverage.goals[0].rows).toHaveLength(1)
		// Goals deleted before the rebuild are simply absent (no links point at them any more).
		expect(coverage.deleted).toEqual([])
	})
})
