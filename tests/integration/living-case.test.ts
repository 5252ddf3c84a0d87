/**
 * The living demo case (prisma/seed-data/living-case.ts) as a newcomer finds it after
 * `npm run setup`: 佐藤 誠 mid-cycle with every plan document kind and each role's access, the
 * cycle's dates in order, a consented and delivered 本計画, a held meeting, one completed
 * monitoring and the next one due; 山田 はると's 障害児支援利用計画 in 案 with two certificate
 * kinds; 鈴木 花子 monitored 毎月 for her first three months.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { currentCertificates } from '#app/modules/clients/certificates.server.ts'
import { loader as documentsLoader } from '#app/routes/api.clients.$clientId.documents.ts'
import { closeDb, prisma } from '#app/utils/db.server.ts'
import { useFreshDatabase } from '#tests/helpers/db.ts'
import { CLIENTS, USERS, call, cookieFor, jsonOf } from './clients-helpers.ts'

beforeAll(async () => {
	await useFreshDatabase('demo')
})
afterAll(async () => {
	await closeDb()
})

type Listed = { kind: string; title: string; access: 'read' | 'write' }

async function documentsAs(userId: string, clientId: string): Promise<Listed[]> {
	const res = await call(documentsLoader, { path: `/api/clients/${clientId}/documents`, params: { clientId }, cookie: await cookieFor(userId) })
	expect(res.status).toBe(200)
	return jsonOf<Listed[]>(res)
}

function accessByKind(list: readonly Listed[]): Record<string, string> {
	const result: Record<string, string> = {}
	for (const d of list) if (['plan', 'weekly', 'assessment', 'life_plan', 'crisis_plan', 'isp'].includes(d.kind)) result[d.kind] = d.access
	return result
}

describe('佐藤 誠', () => {
	it('lists all six plan document kinds with the access each role has', async () => {
		expect(accessByKind(await documentsAs(USERS.sodan, CLIENTS.sato))).toEqual({
			plan: 'write',
			weekly: 'write',
			assessment: 'write',
			life_plan: 'write',
			crisis_plan: 'write',
			isp: 'read',
		})
		// ひだまり writes its own 個別支援計画 and reads the plan.
		const sabikan = accessByKind(await documentsAs(USERS.sabikan, CLIENTS.sato))
		expect(sabikan.isp).toBe('write')
		expect(sabikan.plan).toBe('read')
		// The family reads.
		const kazoku = accessByKind(await documentsAs(USERS.kazoku, CLIENTS.sato))
		expect(kazoku.plan).toBe('read')
		expect(Object.values(kazoku).every((a) => a === 'read')).toBe(true)
	})

	it('walked the cycle in date order: アセスメント ≤ 計画案 ≤ 支給決定 ≤ 会議 ≤ 本計画 = 説明 = 同意 ≤ サービス開始', async () => {
		const cycle = await prisma.planCycle.findFirstOrThrow({ where: { clientId: CLIENTS.sato }, select: { id: true, state: true } })
		expect(cycle.state).toBe('active')
		const events = await prisma.planCycleEvent.findMany({ where: { cycleId: cycle.id }, orderBy: { createdAt: 'asc' }, select: { action: true, occurredOn: true } })
		expect(events.map((e) => [e.action, e.occurredOn])).toEqual([
			['write_draft', '2026-09-20'],
			['consent_draft', '2026-09-30'],
			['submit', '2026-10-01'],
			['record_decision', '2026-10-20'],
			['hold_meeting', '2026-10-27'],
			['finalize', '2026-10-30'],
			['consent_final', '2026-10-30'],
			['start_services', '2026-11-01'],
			['start_monitoring', '2026-11-25'],
			['continue_plan', '2026-11-25'],
		])
		const dates = events.map((e) => e.occurredOn)
		expect([...dates].sort()).toEqual(dates)
		const final = await prisma.planConsent.findFirstOrThrow({ where: { cycleId: cycle.id, stage: 'final' } })
		expect([final.explainedOn, final.consentedOn]).toEqual(['2026-10-30', '2026-10-30'])
		const version = await prisma.documentVersion.findUniqueOrThrow({ where: { id: final.versionId } })
		expect(version.reason).toBe('final_consented')
		const deliveries = await prisma.planDelivery.findMany({ where: { versionId: final.versionId }, select: { recipientType: true, deliveredOn: true } })
		expect(deliveries.map((d) => d.recipientType).sort()).toEqual(['municipality', 'provider', 'self'])
	})

	it('held its meeting with minutes, completed the November monitoring and has December due', async () => {
		const held = await prisma.meeting.findFirstOrThrow({ where: { clientId: CLIENTS.sato, status: 'closed' }, select: { date: true, selfAttendance: true, minutesDocumentId: true } })
		expect(held).toMatchObject({ date: '2026-10-27', selfAttendance: 'attended' })
		expect((await prisma.document.findUniqueOrThrow({ where: { id: held.minutesDocumentId } })).frozenAt).not.toBeNull()
		expect(await prisma.monitoringReport.findMany({ where: { clientId: CLIENTS.sato }, select: { month: true, status: true } })).toEqual([{ month: '2026-11', status: 'completed' }])
		const [welfare] = await currentCertificates(CLIENTS.sato, '2026-12-07')
		expect(welfare.monitoring.months.slice(0, 4)).toEqual(['2026-11', '2026-12', '2027-01', '2027-04'])
		expect(welfare.monitoring.nextMonth).toBe('2026-12')
	})

	it("ひだまり's 個別支援計画 links to the plan's goals; comments include one from his mother", async () => {
		const links = await prisma.supportRowLink.findMany({ where: { clientId: CLIENTS.sato }, select: { goalId: true } })
		const goals = await prisma.planGoal.findMany({ where: { clientId: CLIENTS.sato, deletedAt: null }, select: { goalId: true } })
		expect(links).toHaveLength(2)
		for (const link of links) expect(goals.map((g) => g.goalId)).toContain(link.goalId)
		const authors = await prisma.comment.findMany({ where: { clientId: CLIENTS.sato }, select: { authorId: true } })
		expect(authors.map((a) => a.authorId)).toContain(USERS.kazoku)
		expect(authors.length).toBeGreaterThanOrEqual(3)
	})
})

describe('山田 はると and 鈴木 花子', () => {
	it('山田 はると: a 障害児支援利用計画 in 案 and both 通所 and 障害福祉サービス certificates', async () => {
		const cycle = await prisma.planCycle.findFirstOrThrow({ where: { clientId: CLIENTS.yamada }, select: { state: true } })
		expect(cycle.state).toBe('draft')
		expect((await prisma.document.findFirstOrThrow({ where: { clientId: CLIENTS.yamada, kind: 'plan' } })).title).toBe('障害児支援利用計画')
		expect((await currentCertificates(CLIENTS.yamada, '2026-12-07')).map((c) => c.kind)).toEqual(['welfare', 'child_day'])
	})

	it('鈴木 花子: 毎月 for the first three months, then 6ヶ月ごと', async () => {
		const [certificate] = await currentCertificates(CLIENTS.suzuki, '2026-12-07')
		expect(certificate.monitoring.months).toEqual(['2026-11', '2026-12', '2027-01', '2027-04', '2027-10'])
	})
})
