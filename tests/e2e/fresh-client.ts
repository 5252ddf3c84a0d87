import { randomUUID } from 'node:crypto'
import type { Browser } from '@playwright/test'
import { loadActor } from '#app/modules/auth/auth.server.ts'
import { createAccount } from '#app/modules/accounts/accounts.server.ts'
import type { AccountRole } from '#app/policies/roles.ts'
import { todayJst } from '#app/utils/dates.ts'
import { prisma } from '#app/utils/db.server.ts'
import { DEMO_IDS } from '../../prisma/seed-data/demo.ts'
import { seedSato } from '../../prisma/seed-data/living-case.ts'
import { satoMeeting } from '../../prisma/seed-data/meetings.ts'
import { e2eDb } from './e2e-db.ts'
import { DEMO_ACCOUNTS, DEMO_PASSWORD, expect, newUserPage } from './fixtures.ts'

/**
 * A client like 佐藤 誠 before his first plan — same record, same care team, the same 受給者証 —
 * created through the app's own forms (client registration, team, certificate register) as the
 * specialist. The demo 佐藤 誠 is mid-cycle (living case); browser tests that walk a cycle, a
 * plan or a meeting from the start make their own client with this.
 */
export type FreshClient = { id: string; path: string; name: string }

type Form = Record<string, string | string[]>

function body(form: Form): string {
	const params = new URLSearchParams()
	for (const [key, value] of Object.entries(form)) for (const v of Array.isArray(value) ? value : [value]) params.append(key, v)
	return params.toString()
}

/**
 * A child like 山田 はると before his first plan (通所受給者証 for 放課後等デイサービス, only the
 * specialist on the team; the demo 山田 はると has a 障害児支援利用計画 in 案).
 */
export async function createYamadaLikeClient(browser: Browser): Promise<FreshClient> {
	return createClient(browser, 'yamada')
}

export async function createSatoLikeClient(browser: Browser): Promise<FreshClient> {
	return createClient(browser, 'sato')
}

async function createClient(browser: Browser, like: 'sato' | 'yamada'): Promise<FreshClient> {
	const page = await newUserPage(browser, DEMO_ACCOUNTS.specialist)
	const origin = new URL(page.url()).origin
	const post = async (path: string, form: Form) => {
		const res = await page.request.post(path, {
			headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
			data: body(form),
			maxRedirects: 0,
		})
		expect(res.status(), `${path}: ${res.status()} ${res.status() === 302 ? '' : await res.text()}`).toBe(302)
		return res.headers().location ?? ''
	}
	const today = todayJst()
	if (like === 'yamada') {
		const location = await post('/clients/new', {
			familyName: '山田',
			givenName: 'はると',
			familyNameKana: 'やまだ',
			givenNameKana: 'はると',
			birthDate: '2018-04-02',
			gender: '男',
			category: 'child',
			guardianName: '山田 美咲',
			disabilityCategories: 'developmental',
			supportLevel: 'none',
			handbook: '',
			postalCode: '187-0000',
			address: '小平市小川町1-2000',
			phone: '042-000-0000',
			municipalityId: 'org-kodaira-city',
		})
		const id = /\/clients\/([^/?]+)/.exec(location)?.[1]
		if (!id) throw new Error(`no client id in ${location}`)
		await post(`/clients/${id}/certificates/new`, {
			kind: 'child_day',
			number: '5123456789',
			issuedBy: '小平市',
			issuedOn: today,
			effectiveFrom: today,
			decisionStart: '2026-04-01',
			decisionEnd: '2027-03-31',
			supportLevel: '',
			copayCap: '4600',
			monitoringPeriod: 'every3',
			monitoringMonths: '2026-06,2026-09,2026-12,2027-03',
			newUserMonthlyFrom: '',
			serviceType: ['放課後等デイサービス'],
			amount: ['23日/月'],
			note: '',
		})
		await page.context().close()
		return { id, path: `/clients/${id}`, name: '山田 はると' }
	}
	const location = await post('/clients/new', {
		familyName: '佐藤',
		givenName: '誠',
		familyNameKana: 'さとう',
		givenNameKana: 'まこと',
		birthDate: '1999-06-14',
		gender: '男',
		category: 'adult',
		guardianName: '',
		disabilityCategories: 'intellectual',
		supportLevel: '3',
		handbook: '療育手帳 B1',
		postalCode: '100-0001',
		address: '希望が丘市緑町3-2-1',
		phone: '0120-000-901',
		municipalityId: 'org-kibougaoka-city',
		hubRegistered: 'on',
	})
	const id = /\/clients\/([^/?]+)/.exec(location)?.[1]
	if (!id) throw new Error(`no client id in ${location}`)
	const path = `/clients/${id}`
	const member = (form: Form) => post(`${path}/team`, { intent: 'add', startsOn: today, consentOn: today, note: '', relationship: '', organizationId: '', externalName: '', email: '', role: '', ...form })
	await member({ mode: 'account', email: 'sabikan@example.jp', consentBasis: 'written_consent' })
	await member({ mode: 'account', email: 'staff@example.jp', consentBasis: 'written_consent' })
	await member({ mode: 'account', email: 'kazoku@example.jp', relationship: '母', consentBasis: 'self' })
	await member({ mode: 'account', email: 'city@example.jp', consentBasis: 'statutory', consentOn: '' })
	await member({ mode: 'account', email: 'kyoten@example.jp', consentBasis: 'written_consent' })
	await member({ mode: 'external', externalName: '木村 正雄', role: 'family', relationship: '民生委員', consentBasis: 'written_consent' })
	await post(`${path}/certificates/new`, {
		kind: 'welfare',
		number: '1234567890',
		issuedBy: '希望が丘市',
		issuedOn: today,
		effectiveFrom: today,
		decisionStart: '2026-11-01',
		decisionEnd: '2027-06-30',
		supportLevel: '3',
		copayCap: '9300',
		monitoringPeriod: 'custom',
		monitoringMonths: '2026-11,2026-12,2027-01,2027-06',
		newUserMonthlyFrom: '',
		serviceType: ['生活介護', '短期入所'],
		amount: ['当該月の日数から8日を控除した日数', '7日/月'],
		note: '',
	})
	await page.context().close()
	return { id, path, name: '佐藤 誠' }
}

/**
 * A 佐藤 誠 of the file's own, mid-cycle exactly as the demo one (README「デモの事例」): the same
 * record and care team as prisma/seed.ts, then the living case's cycle written by the same
 * module functions (prisma/seed-data/living-case.ts `seedSato`) — plan 実施中 since 11/1,
 * 個別支援計画 of ひだまり, November's モニタリング done, December's due, the four other
 * documents, the upcoming meeting with the thread his mother flagged for it. A browser test that changes the cycle (a monitoring, a meeting, comments, a
 * revision) works on this one, so the demo 佐藤 誠 stays as seeded for the demo walk.
 * (Client and team rows are written as the seed writes them: the team's start dates lie
 * before today, which the team form rightly refuses.)
 */
export async function createMidCycleSatoClient(options: { hubRegistration?: boolean } = {}): Promise<FreshClient> {
	// Two processes write the database (this worker and the server): on a busy machine the
	// seed's interactive transactions can time out waiting for the write lock. A failed attempt
	// leaves a half-made client no test looks for; the next attempt makes a whole new one.
	for (let attempt = 1; ; attempt++) {
		try {
			return await createMidCycleSatoClientOnce(options)
		} catch (error) {
			if (attempt >= 3 || !String(error).includes('timed out')) throw error
		}
	}
}

async function createMidCycleSatoClientOnce(options: { hubRegistration?: boolean }): Promise<FreshClient> {
	await e2eDb()
	const { users, orgs } = DEMO_IDS
	const id = `client-e2e-${randomUUID()}`
	await prisma.client.create({
		data: {
			id,
			familyName: '佐藤',
			givenName: '誠',
			familyNameKana: 'さとう',
			givenNameKana: 'まこと',
			birthDate: '1999-06-14',
			gender: '男',
			category: 'adult',
			disabilityCategories: 'intellectual',
			supportLevel: '3',
			handbook: '療育手帳 B1',
			postalCode: '100-0001',
			address: '希望が丘市緑町3-2-1',
			phone: '0120-000-901',
			municipalityId: orgs.city,
			hubRegistered: true,
		},
	})
	const team = [
		{ userId: users.specialist, organizationId: orgs.consultation, role: 'specialist', startsOn: '2026-09-10', consentBasis: 'contract', consentOn: '2026-09-10', note: '計画作成担当者' },
		{ userId: users.serviceManager, organizationId: orgs.lifeCare, role: 'service_manager', startsOn: '2026-10-25', consentBasis: 'written_consent', consentOn: '2026-10-25' },
		{ userId: users.staff, organizationId: orgs.lifeCare, role: 'provider_staff', startsOn: '2026-10-25', consentBasis: 'written_consent', consentOn: '2026-10-25' },
		{ userId: users.family, organizationId: null, role: 'family', relationship: '母', startsOn: '2026-09-10', consentBasis: 'self', consentOn: '2026-09-10' },
		{ userId: users.city, organizationId: orgs.city, role: 'municipal', startsOn: '2026-09-10', consentBasis: 'statutory', consentOn: '', note: '支給決定担当' },
		{ userId: users.hub, organizationId: orgs.hub, role: 'hub_coordinator', startsOn: '2026-09-15', consentBasis: 'written_consent', consentOn: '2026-09-15', note: '緊急時対応の事前登録' },
		{ userId: null, externalName: '木村 正雄', organizationId: null, role: 'family', relationship: '民生委員', startsOn: '2026-09-15', consentBasis: 'written_consent', consentOn: '2026-09-15', note: 'アカウントなし（会議参加者）' },
	]
	const teamMemberId = (n: number) => `${id}-team-${n}`
	for (const [i, row] of team.entries()) await prisma.careTeamMember.create({ data: { id: teamMemberId(i + 1), clientId: id, ...row } })
	// The upcoming サービス担当者会議 and the thread his mother flagged for it (seed.ts), with ids
	// of this client's own.
	const upcoming = satoMeeting(todayJst())
	const own = (seededId: string) => `${seededId}-${id}`
	await prisma.document.create({ data: { ...upcoming.document, id: own(upcoming.document.id), clientId: id } })
	await prisma.meeting.create({
		data: {
			...upcoming.meeting,
			id: own(upcoming.meeting.id),
			clientId: id,
			minutesDocumentId: own(upcoming.document.id),
			participants: { create: upcoming.participants.map((p) => ({ ...p, id: own(p.id) })) },
		},
	})
	await prisma.comment.create({ data: { ...upcoming.comment, id: own(upcoming.comment.id), threadId: own(upcoming.comment.id), clientId: id, documentId: `plan-${id}` } })
	if (options.hubRegistration) await copyHubRecords(id)
	await seedSato(id, teamMemberId)
	return { id, path: `/clients/${id}`, name: '佐藤 誠' }
}

/**
 * The demo 佐藤 誠's 拠点 事前登録 (with its arrangements and trial stay, prisma/seed-data/hub.ts),
 * copied onto the client with ids of its own. Not his November emergency: the hub's monthly
 * summary (hub.test.ts) counts the demo's one.
 */
async function copyHubRecords(clientId: string): Promise<void> {
	const own = (seededId: string) => `${seededId}-${clientId}`
	const { id, clientId: _c, arrangements, trialStays, ...registration } = await prisma.hubRegistration.findUniqueOrThrow({
		where: { id: 'hreg-sato-1' },
		include: { arrangements: true, trialStays: true },
	})
	await prisma.hubRegistration.create({
		data: {
			...registration,
			id: own(id),
			clientId,
			arrangements: { create: arrangements.map(({ registrationId: _r, ...a }) => ({ ...a, id: own(a.id) })) },
			trialStays: { create: trialStays.map(({ registrationId: _r, ...t }) => ({ ...t, id: own(t.id) })) },
		},
	})
}

/**
 * An account of the test's own (created by the admin through the accounts module), for a test
 * that changes an account's own settings — the demo accounts' stay as seeded. Signs in with
 * DEMO_PASSWORD; no second factor is set up.
 */
export async function createFreshAccount(role: AccountRole, displayName: string, displayNameKana: string, organizationId = ''): Promise<string> {
	await e2eDb()
	const email = `e2e-${randomUUID().slice(0, 8)}@example.jp`
	const admin = await loadActor(await prisma.user.findUniqueOrThrow({ where: { email: DEMO_ACCOUNTS.admin }, select: { id: true, role: true, disabledAt: true } }))
	const created = await createAccount(admin, { email, displayName, displayNameKana, role, organizationId, title: '', password: DEMO_PASSWORD }, todayJst(), { ipAddress: 'e2e' })
	if (!created.ok) throw new Error(`account not created: ${JSON.stringify(created.fieldErrors)}`)
	return email
}
