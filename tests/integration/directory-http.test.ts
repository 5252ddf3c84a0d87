/**
 * The directory pages through the real server (needs a fresh `npx remix build`): who may
 * see and change what, and that bad ids and bad input never produce a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeDb, prisma } from '#app/utils/db.server.ts'
import { todayJst } from '#app/utils/dates.ts'
import { useFreshDatabase } from '#tests/helpers/db.ts'
import { signIn, startTestServer } from '#tests/helpers/server.ts'

let app: Awaited<ReturnType<typeof startTestServer>>
const cookies: Record<string, string> = {}

function login(email: string): Promise<string> {
	return signIn(app.origin, email)
}

beforeAll(async () => {
	await useFreshDatabase('seeded')
	app = await startTestServer()
	for (const [key, email] of [
		['family', 'kazoku@example.jp'],
		['sabikan', 'sabikan@example.jp'],
		['sodan', 'sodan@example.jp'],
	] as const) {
		cookies[key] = await login(email)
	}
})
afterAll(async () => {
	await app.stop()
	await closeDb()
})

function get(path: string, who?: keyof typeof cookies) {
	return fetch(`${app.origin}${path}`, { redirect: 'manual', headers: who ? { cookie: cookies[who] } : {} })
}

function postVacancy(orgId: string, who: keyof typeof cookies, fields: Record<string, string>) {
	return fetch(`${app.origin}/directory/${orgId}`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.origin, cookie: cookies[who] },
		body: new URLSearchParams(fields),
	})
}

describe('GET /directory', () => {
	it('sends anonymous visitors to the login page, keeping the search', async () => {
		const res = await get('/directory?target=child')
		expect(res.status).toBe(302)
		expect(res.headers.get('location')).toBe('/login?redirectTo=%2Fdirectory%3Ftarget%3Dchild')
	})

	it('is open to families, with the filters applied from the URL', async () => {
		const res = await get('/directory?city=%E5%B0%8F%E5%B9%B3%E5%B8%82&kind=consultation&target=child&main=1', 'family')
		expect(res.status).toBe(200)
		const html = await res.text()
		expect(html).toContain('2件の事業所が見つかりました')
		expect(html).toContain('あいの実小平')
		expect(html).toContain('相談支援事業所 れんげ草')
		expect(html).not.toContain('サポートみらい')
	})

	it('shows the empty state when nothing matches', async () => {
		const html = await (await get('/directory?q=%E5%AD%98%E5%9C%A8%E3%81%97%E3%81%AA%E3%81%84', 'family')).text()
		expect(html).toContain('0件の事業所が見つかりました')
		expect(html).toContain('条件に合う事業所は見つかりませんでした')
	})

	it('tidies the query string the GET form sends', async () => {
		const res = await get('/directory?q=&city=&kind=&service=&target=child&training=medicalCare&day=sat', 'family')
		expect(res.status).toBe(302)
		expect(res.headers.get('location')).toBe('/directory?target=child&training=medicalCare&day=sat')
		const tidy = await get('/directory?target=child&training=medicalCare&day=sat', 'family')
		expect(tidy.status).toBe(200)
		expect(await tidy.text()).toContain('3件の事業所が見つかりました')
	})

	it('survives garbage in the query string', async () => {
		const res = await get('/directory?kind=%00&target[]=x&day=%FF&q=' + '%E3%81%82'.repeat(400), 'family')
		expect(res.status).toBe(302)
		const location = res.headers.get('location') ?? ''
		expect(location).toBe(`/directory?q=${'%E3%81%82'.repeat(100)}`)
		expect((await get(location, 'family')).status).toBe(200)
	})
})

describe('GET /directory/:orgId', () => {
	it('shows an office with its services; no update form for a family', async () => {
		const res = await get('/directory/org-kodaira-15', 'family')
		expect(res.status).toBe(200)
		const html = await res.text()
		expect(html).toContain('あいの実小平')
		expect(html).toContain('障害児相談支援')
		expect(html).not.toContain('空き状況を更新')
	})

	it('shows the update form to the office’s own staff only', async () => {
		expect(await (await get('/directory/org-hidamari', 'sabikan')).text()).toContain('空き状況を更新')
		expect(await (await get('/directory/org-hidamari', 'sodan')).text()).not.toContain('空き状況を更新')
	})

	it.each(['org-nowhere', '%E4%BA%8B%E6%A5%AD%E6%89%80', 'a.b', 'x'.repeat(200), '%00', "'%20OR%201=1"])(
		'answers 404 (not 500) for %s',
		async (id) => {
			const res = await get(`/directory/${id}`, 'family')
			expect(res.status).toBe(404)
			expect(await res.text()).toContain('ページが見つかりません')
		},
	)
})

describe('POST /directory/:orgId (vacancy)', () => {
	const today = todayJst()

	it('refuses a user of another organisation (403) and changes nothing', async () => {
		const res = await postVacancy('org-hidamari', 'sodan', { vacancyStatus: 'none', vacancyAsOf: today, note: '' })
		expect(res.status).toBe(403)
		expect((await prisma.organization.findUniqueOrThrow({ where: { id: 'org-hidamari' } })).vacancyStatus).toBe('available')
		expect(await prisma.auditLog.count({ where: { action: 'authz.denied', target: 'organization:org-hidamari' } })).toBe(1)
	})

	it('refuses a family (403)', async () => {
		const res = await postVacancy('org-kodaira-15', 'family', { vacancyStatus: 'available', vacancyAsOf: today })
		expect(res.status).toBe(403)
	})

	it('answers 404 for an unknown office', async () => {
		const res = await postVacancy('org-nowhere', 'sabikan', { vacancyStatus: 'available', vacancyAsOf: today })
		expect(res.status).toBe(404)
	})

	it('explains invalid input in Japanese (400) and keeps what was typed', async () => {
		const res = await postVacancy('org-hidamari', 'sabikan', { vacancyStatus: 'few', vacancyAsOf: '2999-01-01', note: '入力途中のメモ' })
		expect(res.status).toBe(400)
		const html = await res.text()
		expect(html).toContain('基準日に未来の日付は指定できません')
		expect(html).toContain('入力途中のメモ')
		expect((await prisma.organization.findUniqueOrThrow({ where: { id: 'org-hidamari' } })).vacancyStatus).toBe('available')
	})

	it('saves, audits and redirects with a success message', async () => {
		const res = await postVacancy('org-hidamari', 'sabikan', { vacancyStatus: 'few', vacancyAsOf: today, note: '短期入所は満床' })
		expect(res.status).toBe(302)
		expect(res.headers.get('location')).toBe('/directory/org-hidamari?saved=vacancy')
		expect(await prisma.organization.findUniqueOrThrow({ where: { id: 'org-hidamari' } })).toMatchObject({
			vacancyStatus: 'few',
			vacancyAsOf: today,
			note: '短期入所は満床',
		})
		expect(await prisma.auditLog.count({ where: { action: 'organization.update', userId: 'user-sabikan' } })).toBe(1)
		const html = await (await get('/directory/org-hidamari?saved=vacancy', 'sabikan')).text()
		expect(html).toContain('空き状況を更新しました')
	})
})
