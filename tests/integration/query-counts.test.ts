/**
 * Queries per page (issue #16): the main pages' loaders send the same number of SQL statements
 * whether the data is small or grown — more clients on the specialist's caseload, more team
 * members, more documents, ISPs and comments — and stay under a ceiling. A page that grows an
 * N+1 fails here. Counted at the driver adapter (app/utils/query-count.server.ts), i.e. the
 * statements that reach SQLite, on the whole demo database.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loader as clientListLoader } from '#app/routes/_index.tsx'
import { loader as clientPageLoader } from '#app/routes/clients.$clientId._index.tsx'
import { loader as documentLoader } from '#app/routes/clients.$clientId.documents.$documentId.tsx'
import { loader as dashboardLoader } from '#app/routes/dashboard.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { countQueries } from '#app/utils/query-count.server.ts'
import { closeDb } from '#app/utils/db.server.ts'
import { useFreshDatabase } from '#tests/helpers/db.ts'
import { CLIENTS, USERS, call, cookieFor } from './clients-helpers.ts'

const SATO = CLIENTS.sato
const ASSESSMENT = `assessment-${SATO}`
const PLAN = `plan-${SATO}`
const ISP_PROVIDERS = ['org-aoba', 'org-sora']

/** Ceilings: today's counts with a little room; an N+1 passes them as soon as the data grows. */
const PAGES = {
	'client page': { ceiling: 40, run: (cookie: string) => call(clientPageLoader, { path: `/clients/${SATO}`, params: { clientId: SATO }, cookie }) },
	dashboard: { ceiling: 20, run: (cookie: string) => call(dashboardLoader, { path: '/dashboard', cookie }) },
	'document page': {
		ceiling: 30,
		run: (cookie: string) => call(documentLoader, { path: `/clients/${SATO}/documents/${ASSESSMENT}`, params: { clientId: SATO, documentId: ASSESSMENT }, cookie }),
	},
	'plan page': {
		ceiling: 35,
		run: (cookie: string) => call(documentLoader, { path: `/clients/${SATO}/documents/${PLAN}`, params: { clientId: SATO, documentId: PLAN }, cookie }),
	},
	'client list': { ceiling: 10, run: (cookie: string) => call(clientListLoader, { path: '/', cookie }) },
} as const
type PageName = keyof typeof PAGES

async function measure(cookie: string): Promise<Record<PageName, { queries: number; statements: string[] }>> {
	const out = {} as Record<PageName, { queries: number; statements: string[] }>
	for (const [name, page] of Object.entries(PAGES) as Array<[PageName, (typeof PAGES)[PageName]]>) {
		await page.run(cookie) // first call: one-off work (cached lookups) is not what this counts
		const { result, queries, statements } = await countQueries(() => page.run(cookie))
		expect(result.status, name).toBe(200)
		out[name] = { queries, statements }
	}
	return out
}

/** n more clients on 田中's caseload, and n more of everything on 佐藤 誠's pages. */
async function growData(n: number, round: number): Promise<void> {
	for (let i = 0; i < n; i++) {
		const id = `qc-client-${round}-${i}`
		await prisma.client.create({
			data: { id, familyName: '検証', givenName: `${round}-${i}`, familyNameKana: 'けんしょう', givenNameKana: 'たろう', birthDate: '1990-01-01', category: 'adult' },
		})
		await prisma.careTeamMember.createMany({
			data: [
				{ id: `${id}-t1`, clientId: id, userId: USERS.sodan, organizationId: 'org-kizuna-sodan', role: 'specialist', startsOn: '2026-01-01', consentBasis: 'contract' },
				{ id: `${id}-t2`, clientId: id, userId: USERS.sabikan, organizationId: 'org-hidamari', role: 'service_manager', startsOn: '2026-01-01', consentBasis: 'written_consent' },
			],
		})
		await prisma.certificate.create({
			data: {
				id: `${id}-cert`, clientId: id, kind: 'welfare', number: `99${round}${String(i).padStart(7, '0')}`, copayCap: 0,
				effectiveFrom: '2026-01-01', decisionStart: '2026-01-01', decisionEnd: '2027-12-31', monitoringPeriod: 'semiannual', createdById: USERS.sodan,
			},
		})
		await prisma.planCycle.create({ data: { id: `${id}-cycle`, clientId: id, number: 1, variant: 'specialist', state: 'draft', createdById: USERS.sodan } })
		await prisma.document.create({ data: { id: `${id}-isp`, clientId: id, kind: 'isp', title: '個別支援計画（生活介護事業所ひだまり）', organizationId: 'org-hidamari' } })
		// 佐藤 誠: one more team member and one more comment on each of his plan and assessment
		await prisma.careTeamMember.create({
			data: { id: `qc-sato-member-${round}-${i}`, clientId: SATO, externalName: `民生委員 ${round}-${i}`, role: 'family', relationship: '民生委員', startsOn: '2026-01-01', consentBasis: 'written_consent' },
		})
		for (const documentId of [ASSESSMENT, PLAN]) {
			const commentId = `qc-comment-${documentId}-${round}-${i}`
			await prisma.comment.create({ data: { id: commentId, clientId: SATO, documentId, threadId: commentId, authorId: USERS.sodan, body: `確認 ${i}` } })
		}
	}
	// more ISPs on 佐藤 誠 (one per provider organisation)
	if (round === 1) {
		for (const organizationId of ISP_PROVIDERS) {
			await prisma.document.create({ data: { id: `qc-isp-${organizationId}`, clientId: SATO, kind: 'isp', title: `個別支援計画（${organizationId}）`, organizationId } })
		}
	}
}

describe('queries per page', () => {
	let cookie: string
	let before: Awaited<ReturnType<typeof measure>>

	beforeAll(async () => {
		await useFreshDatabase('demo')
		cookie = await cookieFor(USERS.sodan)
		before = await measure(cookie)
	})
	afterAll(async () => {
		await closeDb()
	})

	test('stay under their ceilings', () => {
		if (process.env.SHOW_QUERIES) for (const [name, { statements }] of Object.entries(before)) console.log(`--- ${name}\n${statements.map((s) => s.slice(0, 220)).join('\n')}`)
		for (const [name, { queries, statements }] of Object.entries(before)) {
			expect(queries, `${name} sends ${queries} statements:\n${statements.join('\n')}`).toBeLessThanOrEqual(PAGES[name as PageName].ceiling)
			expect(queries, name).toBeGreaterThan(0)
		}
	})

	test('do not grow with the data (1 more, then 5 more of everything)', async () => {
		await growData(1, 1)
		const afterOne = await measure(cookie)
		await growData(5, 2)
		const afterSix = await measure(cookie)
		for (const name of Object.keys(PAGES) as PageName[]) {
			const counts = [before[name].queries, afterOne[name].queries, afterSix[name].queries]
			expect.soft(counts, `${name}: ${counts.join(' → ')} statements\n${afterSix[name].statements.join('\n')}`).toEqual([counts[0], counts[0], counts[0]])
		}
	})
})
