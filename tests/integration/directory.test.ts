import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { loadActor } from '#app/modules/auth/auth.server.ts'
import { EMPTY_FILTERS, parseDirectoryFilters, type DirectoryFilters } from '#app/modules/organizations/directory-filter.ts'
import { directoryOptions, searchDirectory } from '#app/modules/organizations/directory.server.ts'
import { getOrganization, updateVacancy } from '#app/modules/organizations/organization.server.ts'
import { vacancyUpdateSchema } from '#app/modules/organizations/vacancy.ts'
import { closeDb, prisma } from '#app/utils/db.server.ts'
import { todayJst } from '#app/utils/dates.ts'
import { useFreshDatabase } from '#tests/helpers/db.ts'

beforeEach(async () => {
	await useFreshDatabase('seeded')
})
afterAll(async () => {
	await closeDb()
})

const KODAIRA = { ...EMPTY_FILTERS, city: '小平市', kind: 'consultation' } as const satisfies DirectoryFilters

async function ids(filters: Partial<DirectoryFilters>): Promise<string[]> {
	const { entries } = await searchDirectory({ ...EMPTY_FILTERS, ...filters })
	return entries.map((e) => e.id)
}

function kodaira(...numbers: number[]): string[] {
	return numbers.map((n) => `org-kodaira-${String(n).padStart(2, '0')}`)
}

async function actorFor(userId: string) {
	const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } })
	return loadActor(user)
}

describe('seeded directory (seeds 000 and 001)', () => {
	it('holds the 19 offices of the 小平市 list, in its order', async () => {
		const { entries, total } = await searchDirectory(KODAIRA)
		expect(total).toBe(19)
		expect(entries.map((e) => e.id)).toEqual(kodaira(...Array.from({ length: 19 }, (_, i) => i + 1)))
		expect(entries[0]).toMatchObject({
			name: '小平市障がい者地域自立生活支援センター ひびき',
			corporation: '（福）小平市社会福祉協議会',
			address: '小平市学園東町1-19-13 小平市福祉会館2階',
			phone: '042-341-6555',
			fax: '042-402-0251',
			trainingMedicalCare: false,
			trainingBehavior: true,
			trainingMental: true,
			businessHours: '月～金 9:00～17:00',
			openDays: '月火水木金',
		})
		expect(entries[18]).toMatchObject({ name: 'とうわ相談支援 小平', corporation: '愉和（株）', targetChild: 'unavailable' })
		for (const e of entries) {
			// No vacancy data is published for 小平市: nothing may be invented.
			expect(e.vacancyStatus).toBe('unknown')
			expect(e.vacancyAsOf).toBe('')
			expect(e.phone).toMatch(/^042-\d{3}-\d{4}$/)
			expect(e.fax).toMatch(/^042-\d{3}-\d{4}$/)
			expect(e.address.startsWith('小平市')).toBe(true)
			expect(e.openDays).toMatch(/^月?火?水?木?金?土?日?$/)
		}
		const ayumi = await getOrganization('org-kodaira-18')
		expect(ayumi?.note).toContain('令和6年10月現在')
		expect(ayumi?.note).toContain('月～土のうち5日間')
	})

	it('gives 障害児相談支援 to exactly the offices whose 児 column is not —', async () => {
		const child = await ids({ ...KODAIRA, service: '障害児相談支援' })
		expect(child).toEqual(kodaira(1, 2, 3, 4, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18))
		expect(await ids({ ...KODAIRA, service: '計画相談支援' })).toHaveLength(19)
	})

	it('holds the 金沢市 offices with the 076 area code', async () => {
		const { entries } = await searchDirectory({ ...EMPTY_FILTERS, city: '金沢市' })
		expect(entries.map((e) => [e.id, e.kind, e.name, e.phone])).toEqual([
			['org-kanazawa-01', 'consultation', '石川療育センター', '076-229-3033'],
			['org-kanazawa-02', 'consultation', 'オープンセサミ城南', '076-232-0100'],
			['org-kanazawa-03', 'consultation', '相談支援事業所あるふあ', '076-280-9147'],
			['org-kanazawa-04', 'consultation', 'ピアサポートいしひき', '076-231-3371'],
			['org-kanazawa-05', 'consultation', '金沢健康福祉財団', '076-222-0032'],
			['org-kanazawa-city', 'municipality', '金沢市障害福祉課', '076-220-2289'],
			['org-kanazawa-core', 'core_center', '金沢市障害者基幹相談支援センター', '076-254-5656'],
		])
		expect(entries.find((e) => e.id === 'org-kanazawa-core')?.fax).toBe('076-254-5858')
		expect(entries.find((e) => e.id === 'org-kanazawa-city')?.fax).toBe('076-232-0294')
		expect((await getOrganization('org-kanazawa-03'))?.note).toBe('金沢市委託相談支援事業所')
	})

	it('offers only the cities and services that exist', async () => {
		const options = await directoryOptions()
		expect(options.cities).toEqual(expect.arrayContaining(['小平市', '金沢市', '希望が丘市']))
		expect(options.serviceTypes).toEqual(expect.arrayContaining(['計画相談支援', '障害児相談支援', '生活介護']))
		expect(options.cities).not.toContain('')
	})
})

describe('directory filters against the database', () => {
	it('児童 主に支援 returns exactly the ◆ offices of the 児 column', async () => {
		expect(await ids({ ...KODAIRA, target: 'child', mainOnly: true })).toEqual(kodaira(15, 17))
		// 相談可以上: everything but the three offices marked —.
		expect(await ids({ ...KODAIRA, target: 'child' })).toHaveLength(16)
		expect(await ids({ ...KODAIRA, target: 'child' })).not.toContain('org-kodaira-05')
	})

	it('精神 主に支援 and 身体 主に支援 follow the table', async () => {
		expect(await ids({ ...KODAIRA, target: 'mental', mainOnly: true })).toEqual(kodaira(4))
		expect(await ids({ ...KODAIRA, target: 'physical', mainOnly: true })).toEqual(kodaira(8, 9))
		expect(await ids({ ...KODAIRA, target: 'physical' })).not.toContain('org-kodaira-16')
	})

	it('医療的ケア (♠) training', async () => {
		expect(await ids({ ...KODAIRA, trainings: ['medicalCare'] })).toEqual(kodaira(3, 4, 10, 11, 13, 14, 17))
		expect(await ids({ ...KODAIRA, trainings: ['medicalCare', 'behavior', 'mental'] })).toEqual(kodaira(3, 4, 10, 14))
		expect(await ids({ ...KODAIRA, trainings: ['behavior'] })).toEqual(kodaira(1, 3, 4, 7, 10, 14))
	})

	it('open on 土 (and 日)', async () => {
		expect(await ids({ ...KODAIRA, days: ['sat'] })).toEqual(kodaira(4, 9, 18))
		expect(await ids({ ...KODAIRA, days: ['sun'] })).toEqual(kodaira(9))
		// ぴありす opens 火・木 only; くれよん 月～水・金.
		expect(await ids({ ...KODAIRA, days: ['thu'] })).not.toContain('org-kodaira-13')
		expect(await ids({ ...KODAIRA, days: ['wed'] })).not.toContain('org-kodaira-08')
		expect(await ids({ ...KODAIRA, days: ['mon'] })).not.toContain('org-kodaira-16')
	})

	it('combines filters (what the family looks for in the browser test)', async () => {
		expect(await ids({ target: 'child', trainings: ['medicalCare'], days: ['sat'] })).toEqual([
			'org-kodaira-04',
			'org-sora',
			'org-kibougaoka-hub',
		])
	})

	it('空きあり means available or few', async () => {
		expect(await ids({ vacancyOpen: true })).toEqual(['org-sora', 'org-hidamari', 'org-kizuna-sodan'])
	})

	it('free text searches name, corporation and address, word by word', async () => {
		expect(await ids({ q: 'あいの樹' })).toEqual(kodaira(6, 15))
		expect(await ids({ q: '小川町 第一宮寺' })).toEqual(kodaira(14))
		// Full-width input finds half-width digits.
		expect(await ids({ q: '小川町１－５９０' })).toEqual(kodaira(9))
		expect(await ids({ q: 'くれよん\u3000フローレンス' })).toEqual(kodaira(13))
		expect(await ids({ q: 'どこにもない事業所' })).toEqual([])
	})

	it('never lets LIKE wildcards in the search text act as wildcards', async () => {
		const all = await ids({})
		// Ignored, not "match anything in this position".
		expect(await ids({ q: 'くれ%ん' })).toEqual([])
		expect(await ids({ q: 'くれ_ん' })).toEqual([])
		expect(await ids({ q: 'くれ％ん' })).toEqual([])
		expect(await ids({ q: '%' })).toEqual(all)
	})

	it('parses a hand-written URL safely', async () => {
		const filters = parseDirectoryFilters(new URLSearchParams('kind=%27%3B%20DROP%20TABLE&target=child&main=1&day=sat&day=sat'))
		// The bogus kind is dropped; the rest still applies.
		expect(filters.kind).toBe('')
		expect(await ids({ ...filters, city: '小平市' })).toEqual(['org-sora'])
		expect(await ids({ ...filters, city: '小平市', target: 'physical', mainOnly: false })).toEqual([
			...kodaira(4, 9, 18),
			'org-sora',
		])
	})
})

describe('getOrganization', () => {
	it('returns an organisation with its services', async () => {
		const org = await getOrganization('org-hidamari')
		expect(org?.services.map((s) => [s.serviceType, s.capacity])).toEqual([
			['生活介護', 20],
			['短期入所', 4],
		])
	})

	it.each([undefined, '', 'no-such-org', '../etc/passwd', 'a'.repeat(65), 'org kodaira', '事業所'])(
		'returns null for %s',
		async (id) => {
			expect(await getOrganization(id)).toBeNull()
		},
	)
})

describe('updateVacancy', () => {
	const today = todayJst()
	const update = vacancyUpdateSchema(today).parse({ vacancyStatus: 'none', vacancyAsOf: today, note: '定員に達しました' })

	it('lets a member of the office update it; the change persists and is audited', async () => {
		const actor = await actorFor('user-sabikan')
		const result = await updateVacancy({ actor, organizationId: 'org-hidamari', update, ipAddress: '192.0.2.1' })
		expect(result).toEqual({ ok: true })
		const org = await prisma.organization.findUniqueOrThrow({ where: { id: 'org-hidamari' } })
		expect(org).toMatchObject({ vacancyStatus: 'none', vacancyAsOf: today, note: '定員に達しました' })
		const log = await prisma.auditLog.findMany({ where: { action: 'organization.update' } })
		expect(log).toHaveLength(1)
		expect(log[0]).toMatchObject({
			userId: 'user-sabikan',
			outcome: 'ok',
			target: 'organization:org-hidamari',
			ipAddress: '192.0.2.1',
			clientId: null,
		})
		expect(JSON.parse(log[0].detail)).toEqual({
			fields: 'vacancy',
			from: { status: 'available', asOf: '2026-11-01' },
			to: { status: 'none', asOf: today },
			noteChanged: true,
		})
	})

	it('refuses a user of another organisation, changes nothing and audits the refusal', async () => {
		const actor = await actorFor('user-sodan')
		expect(actor.organizationIds).toEqual(['org-kizuna-sodan'])
		const result = await updateVacancy({ actor, organizationId: 'org-hidamari', update })
		expect(result).toEqual({ ok: false, reason: 'forbidden' })
		const org = await prisma.organization.findUniqueOrThrow({ where: { id: 'org-hidamari' } })
		expect(org).toMatchObject({ vacancyStatus: 'available', vacancyAsOf: '2026-11-01', note: '' })
		expect(await prisma.auditLog.count({ where: { action: 'organization.update' } })).toBe(0)
		const denied = await prisma.auditLog.findFirstOrThrow({ where: { action: 'authz.denied' } })
		expect(denied).toMatchObject({ userId: 'user-sodan', outcome: 'denied', target: 'organization:org-hidamari' })
	})

	it('refuses families even for a directory office', async () => {
		const actor = await actorFor('user-kazoku')
		expect(await updateVacancy({ actor, organizationId: 'org-kodaira-15', update })).toEqual({ ok: false, reason: 'forbidden' })
		expect((await getOrganization('org-kodaira-15'))?.vacancyStatus).toBe('unknown')
	})

	it('answers not_found for unknown and malformed ids', async () => {
		const actor = await actorFor('user-admin')
		expect(await updateVacancy({ actor, organizationId: 'org-nowhere', update })).toEqual({ ok: false, reason: 'not_found' })
		expect(await updateVacancy({ actor, organizationId: "x' OR 1=1", update })).toEqual({ ok: false, reason: 'not_found' })
	})

	it('lets the updated office be found with 空きあり', async () => {
		const actor = await actorFor('user-sodan')
		const few = vacancyUpdateSchema(today).parse({ vacancyStatus: 'available', vacancyAsOf: today, note: '' })
		// Own office: 相談支援センターきずな (was わずか).
		expect(await updateVacancy({ actor, organizationId: 'org-kizuna-sodan', update: few })).toEqual({ ok: true })
		const sabikan = await actorFor('user-sabikan')
		expect(await updateVacancy({ actor: sabikan, organizationId: 'org-hidamari', update })).toEqual({ ok: true })
		expect(await ids({ vacancyOpen: true })).toEqual(['org-sora', 'org-kizuna-sodan'])
	})
})
