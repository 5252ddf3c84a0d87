/**
 * The dashboard through the real server: who may open it, only clients the viewer may see
 * (office managers through their specialists), counts per category that match the rows, plans
 * waiting for 同意 or the 支給決定, sorting, and the CSV export (BOM, CRLF, quoting, audit).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parseCsv } from '#app/modules/dashboard/csv.ts'
import { DASHBOARD_CATEGORIES, type DashboardRow } from '#app/modules/dashboard/dashboard.ts'
import { dueItems } from '#app/modules/monitoring/schedule.ts'
import { loader as dashboardLoader } from '#app/routes/dashboard.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { todayJst } from '#app/utils/dates.ts'
import { auditRows, sessionCookie, startAppServer, type TestServer } from '#tests/helpers/collab.ts'
import { CLIENTS, USERS, call, cookieFor, jsonOf } from './clients-helpers.ts'

type DashboardData = { rows: DashboardRow[]; counts: Record<string, number>; clientCount: number; sort: string; dir: string }

const OUTSIDER = 'client-outsider-1'

describe('dashboard', () => {
	let server: TestServer
	const cookies: Record<string, string> = {}

	beforeAll(async () => {
		server = await startAppServer()
		for (const [key, id] of Object.entries(USERS)) cookies[key] = await cookieFor(id)
		const today = todayJst()
		// A client of another consultation office with a monitoring due this month: nobody here sees it.
		await prisma.organization.create({ data: { id: 'org-other-sodan', kind: 'consultation', name: '別の相談支援事業所' } })
		await prisma.client.create({
			data: { id: OUTSIDER, familyName: '外部', givenName: '太郎', familyNameKana: 'がいぶ', givenNameKana: 'たろう', birthDate: '1980-05-05', category: 'adult' },
		})
		await prisma.careTeamMember.create({
			data: { id: 'team-outsider-1', clientId: OUTSIDER, userId: null, externalName: '他の専門員', organizationId: 'org-other-sodan', role: 'specialist', startsOn: '2026-01-01', consentBasis: 'contract' },
		})
		await prisma.certificate.create({
			data: {
				id: 'cert-outsider-1',
				clientId: OUTSIDER,
				kind: 'welfare',
				number: '9999999999',
				copayCap: 0,
				effectiveFrom: '2026-01-01',
				decisionStart: '2026-01-01',
				decisionEnd: '2027-12-31',
				monitoringPeriod: 'monthly',
				monitoringMonths: today.slice(0, 7),
				createdById: USERS.sodan,
			},
		})
		// Plans in the cycle: 山田's 計画案 waits for 同意, 鈴木's for the 支給決定; an ended cycle counts for nothing.
		await prisma.planCycle.createMany({
			data: [
				{ id: 'cycle-yamada-1', clientId: CLIENTS.yamada, number: 1, variant: 'specialist', state: 'draft', createdById: USERS.sodan },
				{ id: 'cycle-suzuki-1', clientId: CLIENTS.suzuki, number: 1, variant: 'specialist', state: 'submitted', createdById: USERS.sodan },
				{ id: 'cycle-outsider-1', clientId: OUTSIDER, number: 1, variant: 'specialist', state: 'final', createdById: USERS.sodan },
				{ id: 'cycle-sato-old', clientId: CLIENTS.sato, number: 1, variant: 'specialist', state: 'final', endedAt: new Date(), createdById: USERS.sodan },
			],
		})
	})
	afterAll(async () => {
		await server?.close()
	})

	const open = (cookie: string, query = '') => call(dashboardLoader, { path: `/dashboard${query}`, cookie })

	test('only the specialist and office managers open it', async () => {
		for (const who of ['sodan', 'kanri'] as const) expect((await open(cookies[who])).status, who).toBe(200)
		for (const who of ['sabikan', 'staff', 'kazoku', 'city', 'kyoten', 'admin'] as const) expect((await open(cookies[who])).status, who).toBe(403)
	})

	test('lists only visible clients, and the counts match the rows and the schedule', async () => {
		const today = todayJst()
		for (const who of ['sodan', 'kanri'] as const) {
			const data = await jsonOf<DashboardData>(await open(cookies[who]))
			expect(data.clientCount, who).toBe(3)
			expect(new Set(data.rows.map((r) => r.clientId)).has(OUTSIDER)).toBe(false)
			for (const category of DASHBOARD_CATEGORIES) expect(data.counts[category], `${who} ${category}`).toBe(data.rows.filter((r) => r.category === category).length)
			expect(data.counts.awaiting_consent).toBe(1)
			expect(data.counts.awaiting_decision).toBe(1)
			expect(data.rows.find((r) => r.category === 'awaiting_consent')).toMatchObject({ clientId: CLIENTS.yamada, href: `/clients/${CLIENTS.yamada}/cycle` })
			expect(data.rows.find((r) => r.category === 'awaiting_decision')?.clientId).toBe(CLIENTS.suzuki)
		}
		// The monitoring counts are those of the schedule module over the three seeded certificates.
		const certificates = await prisma.certificate.findMany({ where: { clientId: { in: Object.values(CLIENTS) } }, include: { services: false } })
		const people = await prisma.client.findMany({ where: { id: { in: Object.values(CLIENTS) } }, select: { id: true, birthDate: true } })
		const items = dueItems(
			people.map((p) => ({ clientId: p.id, birthDate: p.birthDate, certificate: certificates.find((c) => c.clientId === p.id) ?? null })),
			today,
		)
		const data = await jsonOf<DashboardData>(await open(cookies.sodan))
		expect(data.counts.monitoring_due).toBe(items.filter((i) => i.kind === 'monitoring_due').length)
		expect(data.counts.monitoring_overdue).toBe(items.filter((i) => i.kind === 'monitoring_overdue').length)
		expect(data.counts.renewal).toBe(items.filter((i) => i.kind === 'renewal').length)
		expect(data.counts.certificate).toBe(items.filter((i) => i.kind === 'certificate_expiring' || i.kind === 'certificate_expired').length)

		// A completed report for a due month takes it off the list.
		const due = data.rows.find((r) => r.category === 'monitoring_due' || r.category === 'monitoring_overdue')
		if (due) {
			await prisma.document.create({ data: { id: 'doc-mon-test', clientId: due.clientId, kind: 'monitoring', title: 'モニタリング報告書' } })
			await prisma.monitoringReport.create({
				data: { id: 'mr-test', clientId: due.clientId, documentId: 'doc-mon-test', month: due.when, status: 'completed', conductedOn: `${due.when}-01`, createdById: USERS.sodan },
			})
			const after = await jsonOf<DashboardData>(await open(cookies.sodan))
			expect(after.rows.some((r) => r.clientId === due.clientId && r.category === due.category && r.when === due.when)).toBe(false)
		}
	})

	test('sorting and filtering by query parameters', async () => {
		const byClient = await jsonOf<DashboardData>(await open(cookies.sodan, '?sort=client&dir=desc'))
		expect(byClient.sort).toBe('client')
		const kana = byClient.rows.map((r) => r.clientNameKana)
		expect(kana).toEqual([...kana].sort((a, b) => b.localeCompare(a, 'ja')))
		const filtered = await jsonOf<DashboardData>(await open(cookies.sodan, '?category=awaiting_decision'))
		expect(filtered.rows.map((r) => r.clientId)).toEqual([CLIENTS.suzuki])
	})

	test('CSV: UTF-8 with BOM, CRLF, Japanese headers, parses back to the rows; audited with counts only', async () => {
		const { cookie } = await sessionCookie(USERS.sodan)
		const response = await fetch(`http://127.0.0.1:${server.port}/dashboard.csv`, { headers: { cookie } })
		expect(response.status).toBe(200)
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
		expect(response.headers.get('content-disposition')).toContain('attachment')
		const bytes = new Uint8Array(await response.arrayBuffer())
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
		const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
		expect(text.includes('\r\n')).toBe(true)
		expect(text.replaceAll('\r\n', '').includes('\n')).toBe(false)
		const [header, ...rows] = parseCsv(text)
		expect(header).toEqual(['区分', '利用者氏名', 'ふりがな', '内容', '対象年月・期日', '残り日数'])
		const page = await jsonOf<DashboardData>(await open(cookies.sodan))
		expect(rows.map((r) => r[1])).toEqual(page.rows.map((r) => r.clientName))
		expect(rows.map((r) => r[3])).toEqual(page.rows.map((r) => r.label))

		const exports = auditRows(server.sqlite, 'export')
		expect(exports).toHaveLength(1)
		expect(exports[0]).toMatchObject({ userId: USERS.sodan, target: 'dashboard.csv' })
		const detail = JSON.parse(exports[0].detail)
		expect(detail.rows).toBe(page.rows.length)
		expect(detail.counts.awaiting_decision).toBe(1)
		expect(exports[0].detail).not.toContain('佐藤')

		const denied = await fetch(`http://127.0.0.1:${server.port}/dashboard.csv`, { headers: { cookie: (await sessionCookie(USERS.sabikan)).cookie } })
		expect(denied.status).toBe(403)
		expect(auditRows(server.sqlite, 'export')).toHaveLength(1)
	})
})
