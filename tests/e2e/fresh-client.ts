import type { Browser } from '@playwright/test'
import { DEMO_ACCOUNTS, expect, newUserPage } from './fixtures.ts'
import { addDays, todayJst } from '../../app/utils/dates.ts'

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

/** A date `days` from today (JST) — for forms of the fresh client. */
export function todayPlus(days: number): string {
	return addDays(todayJst(), days)
}
