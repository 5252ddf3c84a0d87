/**
 * Clients against a real migrated, seeded SQLite file: who sees which client, the client page,
 * 受給者証 versioning, care-team changes and their effect on access.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushAuditLog } from '#app/modules/audit/audit-writer.server.ts'
import { onAuthzEvent, type AuthzEvent } from '#app/modules/authz-events.server.ts'
import { getCertificateRegister } from '#app/modules/clients/certificates.server.ts'
import { listVisibleClients } from '#app/modules/clients/clients.server.ts'
import { shiftDate } from '#app/modules/clients/team.server.ts'
import { loader as dashboardLoader } from '#app/routes/_index.tsx'
import { loader as clientPageLoader } from '#app/routes/clients.$clientId._index.tsx'
import { action as certificateAction, loader as certificateLoader } from '#app/routes/clients.$clientId.certificates.new.tsx'
import { action as editAction, loader as editLoader } from '#app/routes/clients.$clientId.edit.tsx'
import { action as teamAction, loader as teamLoader } from '#app/routes/clients.$clientId.team.tsx'
import { action as newClientAction, loader as newClientLoader } from '#app/routes/clients.new.tsx'
import { closeDb, prisma } from '#app/utils/db.server.ts'
import { todayJst } from '#app/utils/dates.ts'
import { useFreshDatabase } from '#tests/helpers/db.ts'
import { CLIENTS, USERS, actorFor, call, cookieFor, jsonOf } from './clients-helpers.ts'

let events: AuthzEvent[] = []
let stopListening: () => void = () => {}

beforeEach(async () => {
	await useFreshDatabase('seeded')
	events = []
	stopListening = onAuthzEvent((e) => events.push(e))
})
afterEach(() => stopListening())
afterAll(async () => {
	await closeDb()
})

const EXPECTED_VISIBLE: Record<keyof typeof USERS, string[]> = {
	sodan: [CLIENTS.sato, CLIENTS.suzuki, CLIENTS.yamada],
	kanri: [CLIENTS.sato, CLIENTS.suzuki, CLIENTS.yamada],
	sabikan: [CLIENTS.sato],
	staff: [CLIENTS.sato],
	kazoku: [CLIENTS.sato],
	kyoten: [CLIENTS.sato],
	city: [CLIENTS.sato, CLIENTS.suzuki],
	admin: [],
}

describe('who sees which client', () => {
	for (const [name, expected] of Object.entries(EXPECTED_VISIBLE)) {
		it(`${name} sees ${expected.length} client(s)`, async () => {
			const userId = USERS[name as keyof typeof USERS]
			const visible = await listVisibleClients(await actorFor(userId), todayJst())
			expect(visible.map((c) => c.id).sort()).toEqual([...expected].sort())

			const res = await call(dashboardLoader, { path: '/', cookie: await cookieFor(userId) })
			expect(res.status).toBe(200)
			const data = await jsonOf<{ clients: Array<{ id: string }> }>(res)
			expect(data.clients.map((c) => c.id).sort()).toEqual([...expected].sort())
		})
	}

	it('reports the team role, renewal month and certificate summary', async () => {
		const [sato] = (await listVisibleClients(await actorFor(USERS.sabikan), todayJst())).filter((c) => c.id === CLIENTS.sato)
		expect(sato.teamRole).toBe('service_manager')
		expect(sato.nextRenewalMonth.slice(5)).toBe('06')
		expect(sato.certificate?.id).toBe('cert-sato-1')
		const kanri = await listVisibleClients(await actorFor(USERS.kanri), todayJst())
		expect(new Set(kanri.map((c) => c.teamRole))).toEqual(new Set(['office_manager']))
	})

	it('hides certificate data from the hub coordinator', async () => {
		const [sato] = await listVisibleClients(await actorFor(USERS.kyoten), todayJst())
		expect(sato.certificate).toBeNull()
		expect(sato.canViewCertificate).toBe(false)
	})

	it('sorts the dashboard by the query parameter', async () => {
		const res = await call(dashboardLoader, { path: '/?sort=expiry', cookie: await cookieFor(USERS.sodan) })
		const data = await jsonOf<{ sort: string; clients: Array<{ id: string }> }>(res)
		expect(data.sort).toBe('expiry')
		// 支給決定期間 ends: 鈴木 2027-01-31, 山田 2027-03-31, 佐藤 2027-06-30
		expect(data.clients.map((c) => c.id)).toEqual([CLIENTS.suzuki, CLIENTS.yamada, CLIENTS.sato])
	})

	it('shows an admin an empty list and no create button', async () => {
		const data = await jsonOf<{ clients: unknown[]; canCreate: boolean; role: string }>(
			await call(dashboardLoader, { path: '/', cookie: await cookieFor(USERS.admin) }),
		)
		expect(data).toMatchObject({ clients: [], canCreate: false, role: 'admin' })
	})
})

describe('the client page', () => {
	it('shows the specialist everything and audits the view', async () => {
		const res = await call(clientPageLoader, { path: `/clients/${CLIENTS.sato}`, params: { clientId: CLIENTS.sato }, cookie: await cookieFor(USERS.sodan) })
		expect(res.status).toBe(200)
		const { page } = await jsonOf<{ page: { abilities: Record<string, boolean>; certificates: { current: { id: string } }; team: { active: unknown[] }; documents: unknown[] } }>(res)
		expect(page.abilities['certificate.edit']).toBe(true)
		expect(page.certificates.current.id).toBe('cert-sato-1')
		expect(page.team.active).toHaveLength(8)
		expect(page.documents).toHaveLength(1)
		await flushAuditLog() // reads are written in batches
		const audits = await prisma.auditLog.findMany({ where: { action: 'client.view', clientId: CLIENTS.sato, userId: USERS.sodan } })
		expect(audits).toHaveLength(1)
	})

	it('gives the hub coordinator no certificates and no documents it cannot open', async () => {
		const res = await call(clientPageLoader, { path: `/clients/${CLIENTS.sato}`, params: { clientId: CLIENTS.sato }, cookie: await cookieFor(USERS.kyoten) })
		const { page } = await jsonOf<{ page: { certificates: unknown; team: unknown; documents: unknown[] } }>(res)
		expect(page.certificates).toBeNull()
		expect(page.team).not.toBeNull()
		expect(page.documents).toEqual([])
	})

	it('answers 404 to a service manager who is not on the team, and audits the refusal', async () => {
		const res = await call(clientPageLoader, {
			path: `/clients/${CLIENTS.suzuki}`,
			params: { clientId: CLIENTS.suzuki },
			cookie: await cookieFor(USERS.sabikan),
		})
		expect(res.status).toBe(404)
		const denied = await prisma.auditLog.findMany({ where: { action: 'authz.denied', userId: USERS.sabikan, clientId: CLIENTS.suzuki } })
		expect(denied).toHaveLength(1)
	})

	it('answers 404 (never 500) to malformed and unknown ids', async () => {
		const cookie = await cookieFor(USERS.sodan)
		for (const clientId of ['../x', 'x'.repeat(500), 'client-nobody', '%00', '佐藤', 'a b']) {
			for (const loader of [clientPageLoader, editLoader, certificateLoader, teamLoader]) {
				const res = await call(loader, { path: `/clients/${encodeURIComponent(clientId)}`, params: { clientId }, cookie })
				expect(res.status, `${clientId.slice(0, 20)}`).toBe(404)
			}
		}
	})

	it('lets readers see but not edit (403 once the client is visible)', async () => {
		for (const userId of [USERS.sabikan, USERS.kazoku, USERS.city]) {
			const cookie = await cookieFor(userId)
			expect((await call(editLoader, { path: `/clients/${CLIENTS.sato}/edit`, params: { clientId: CLIENTS.sato }, cookie })).status).toBe(403)
			const post = await call(editAction, {
				path: `/clients/${CLIENTS.sato}/edit`,
				params: { clientId: CLIENTS.sato },
				cookie,
				form: { familyName: '改ざん' },
			})
			expect(post.status).toBe(403)
		}
		const client = await prisma.client.findUniqueOrThrow({ where: { id: CLIENTS.sato } })
		expect(client.familyName).toBe('佐藤')
	})

	it('redirects anonymous visitors to the login page', async () => {
		const res = await call(clientPageLoader, { path: `/clients/${CLIENTS.sato}`, params: { clientId: CLIENTS.sato } })
		expect(res.status).toBe(302)
		expect(res.headers.get('location')).toMatch(/^\/login\?redirectTo=/)
	})
})

const CLIENT_FORM = {
	familyName: '高田',
	givenName: '光',
	familyNameKana: 'たかだ',
	givenNameKana: 'ひかる',
	birthDate: '2001-09-03',
	gender: '',
	category: 'adult',
	guardianName: '',
	disabilityCategories: ['physical', 'intractable'],
	supportLevel: '4',
	handbook: '身体障害者手帳 1級',
	postalCode: '',
	address: '',
	phone: '',
	municipalityId: 'org-kibougaoka-city',
}

describe('creating and editing clients', () => {
	it('creates a client with the creator as specialist on a contract basis', async () => {
		const cookie = await cookieFor(USERS.sodan)
		const res = await call(newClientAction, { path: '/clients/new', cookie, form: CLIENT_FORM })
		expect(res.status).toBe(302)
		const id = res.headers.get('location')!.match(/^\/clients\/([^?]+)/)![1]
		const client = await prisma.client.findUniqueOrThrow({ where: { id }, include: { team: true } })
		expect(client.disabilityCategories).toBe('physical,intractable')
		expect(client.team).toEqual([
			expect.objectContaining({
				userId: USERS.sodan,
				role: 'specialist',
				consentBasis: 'contract',
				organizationId: 'org-kizuna-sodan',
				startsOn: todayJst(),
				endsOn: null,
			}),
		])
		expect(events).toContainEqual({ type: 'client-team-changed', clientId: id })
		expect(await prisma.auditLog.count({ where: { action: 'client.create', clientId: id } })).toBe(1)
		// The office manager supervises the new client at once.
		expect((await listVisibleClients(await actorFor(USERS.kanri), todayJst())).map((c) => c.id)).toContain(id)
	})

	it('refuses client creation to roles without client.create', async () => {
		const before = await prisma.client.count()
		for (const userId of [USERS.sabikan, USERS.kazoku, USERS.admin]) {
			const cookie = await cookieFor(userId)
			expect((await call(newClientLoader, { path: '/clients/new', cookie })).status).toBe(403)
			expect((await call(newClientAction, { path: '/clients/new', cookie, form: CLIENT_FORM })).status).toBe(403)
		}
		expect(await prisma.client.count()).toBe(before)
	})

	it('returns Japanese field errors and the typed values on invalid input', async () => {
		const before = await prisma.client.count()
		const res = await call(newClientAction, {
			path: '/clients/new',
			cookie: await cookieFor(USERS.sodan),
			form: { ...CLIENT_FORM, familyNameKana: 'Takada', category: 'child', birthDate: shiftDate(todayJst(), 1) },
		})
		expect(res.status).toBe(400)
		const data = await jsonOf<{ fieldErrors: Record<string, string[]>; values: Record<string, unknown> }>(res)
		expect(data.fieldErrors.familyNameKana).toEqual(['せい（ふりがな）はひらがな・カタカナで入力してください'])
		expect(data.fieldErrors.guardianName).toEqual(['児童の場合は保護者氏名を入力してください'])
		expect(data.fieldErrors.birthDate).toEqual(['生年月日に未来の日付は指定できません'])
		expect(data.values.familyName).toBe('高田')
		expect(await prisma.client.count()).toBe(before)
	})

	it('refuses a municipality that is not one', async () => {
		const res = await call(newClientAction, {
			path: '/clients/new',
			cookie: await cookieFor(USERS.sodan),
			form: { ...CLIENT_FORM, municipalityId: 'org-hidamari' },
		})
		expect(res.status).toBe(400)
		expect((await jsonOf<{ fieldErrors: Record<string, string[]> }>(res)).fieldErrors.municipalityId).toEqual(['市町村を一覧から選択してください'])
	})

	it('updates basic information and audits which fields changed', async () => {
		const cookie = await cookieFor(USERS.sodan)
		const loaded = await jsonOf<{ values: Record<string, string | string[]> }>(
			await call(editLoader, { path: `/clients/${CLIENTS.sato}/edit`, params: { clientId: CLIENTS.sato }, cookie }),
		)
		const res = await call(editAction, {
			path: `/clients/${CLIENTS.sato}/edit`,
			params: { clientId: CLIENTS.sato },
			cookie,
			form: { ...(loaded.values as Record<string, string | string[]>), handbook: '療育手帳 A' },
		})
		expect(res.status).toBe(302)
		const client = await prisma.client.findUniqueOrThrow({ where: { id: CLIENTS.sato } })
		expect(client.handbook).toBe('療育手帳 A')
		const row = await prisma.auditLog.findFirstOrThrow({ where: { action: 'client.update', clientId: CLIENTS.sato } })
		expect(JSON.parse(row.detail)).toEqual({ fields: ['handbook'] })
		expect(row.detail).not.toContain('療育')
	})
})

function certificateForm(today: string, overrides: Record<string, string | string[]> = {}) {
	return {
		kind: 'welfare',
		number: '1234567890',
		issuedBy: '希望が丘市',
		issuedOn: today,
		effectiveFrom: today,
		decisionStart: today,
		decisionEnd: shiftDate(today, 240),
		supportLevel: '3',
		copayCap: '4600',
		monitoringPeriod: 'every3',
		monitoringMonths: '',
		serviceType: ['生活介護', '短期入所'],
		amount: ['当該月の日数から8日を控除した日数', '10日/月'],
		note: '上限額の変更',
		...overrides,
	}
}

describe('受給者証 versions', () => {
	it('prefills the form from the current version', async () => {
		const data = await jsonOf<{ current: { effectiveFrom: string }; values: Record<string, unknown> }>(
			await call(certificateLoader, {
				path: `/clients/${CLIENTS.sato}/certificates/new`,
				params: { clientId: CLIENTS.sato },
				cookie: await cookieFor(USERS.sodan),
			}),
		)
		expect(data.current.effectiveFrom).toBe('2026-11-01')
		expect(data.values).toMatchObject({ number: '1234567890', copayCap: '9300', serviceType: ['生活介護', '短期入所'] })
	})

	it('adds a version that becomes current and keeps the old one as history', async () => {
		const today = todayJst()
		const res = await call(certificateAction, {
			path: `/clients/${CLIENTS.sato}/certificates/new`,
			params: { clientId: CLIENTS.sato },
			cookie: await cookieFor(USERS.sodan),
			form: certificateForm(today),
		})
		expect(res.status).toBe(302)
		const register = await getCertificateRegister(CLIENTS.sato, today)
		expect(register.current?.copayCap).toBe(4600)
		expect(register.current?.services.map((s) => s.amount)).toEqual(['当該月の日数から8日を控除した日数', '10日/月'])
		expect(register.current?.monitoringMonths.length).toBeGreaterThan(0)
		expect(register.history.map((c) => c.id)).toEqual(['cert-sato-1'])
		// The old row is untouched.
		const old = await prisma.certificate.findUniqueOrThrow({ where: { id: 'cert-sato-1' }, include: { services: true } })
		expect(old.copayCap).toBe(9300)
		expect(old.services.map((s) => s.amount).sort()).toEqual(['7日/月', '当該月の日数から8日を控除した日数'])
		expect(await prisma.auditLog.count({ where: { action: 'certificate.create', clientId: CLIENTS.sato } })).toBe(1)
	})

	it('keeps a future-dated version scheduled, not current', async () => {
		const today = todayJst()
		const start = shiftDate(today, 10)
		const res = await call(certificateAction, {
			path: `/clients/${CLIENTS.sato}/certificates/new`,
			params: { clientId: CLIENTS.sato },
			cookie: await cookieFor(USERS.sodan),
			form: certificateForm(today, { effectiveFrom: start, decisionStart: start }),
		})
		expect(res.status).toBe(302)
		const register = await getCertificateRegister(CLIENTS.sato, today)
		expect(register.current?.id).toBe('cert-sato-1')
		expect(register.scheduled).toHaveLength(1)
		expect((await getCertificateRegister(CLIENTS.sato, start)).current?.effectiveFrom).toBe(start)
	})

	it('refuses a version that would start before the current one', async () => {
		const res = await call(certificateAction, {
			path: `/clients/${CLIENTS.sato}/certificates/new`,
			params: { clientId: CLIENTS.sato },
			cookie: await cookieFor(USERS.sodan),
			form: certificateForm(todayJst(), { effectiveFrom: '2026-10-01', decisionStart: '2026-10-01', issuedOn: '2026-09-01' }),
		})
		expect(res.status).toBe(400)
		expect((await jsonOf<{ fieldErrors: Record<string, string[]> }>(res)).fieldErrors.effectiveFrom).toEqual([
			'適用開始日は現在の障害福祉サービス受給者証の適用開始日（2026年11月1日）以降にしてください',
		])
		expect(await prisma.certificate.count({ where: { clientId: CLIENTS.sato } })).toBe(1)
	})

	it('changes nothing on a validation error', async () => {
		const res = await call(certificateAction, {
			path: `/clients/${CLIENTS.sato}/certificates/new`,
			params: { clientId: CLIENTS.sato },
			cookie: await cookieFor(USERS.sodan),
			form: certificateForm(todayJst(), { number: '12345', copayCap: '-5', serviceType: [''], amount: [''] }),
		})
		expect(res.status).toBe(400)
		const { fieldErrors } = await jsonOf<{ fieldErrors: Record<string, string[]> }>(res)
		expect(fieldErrors.number).toEqual(['受給者証番号は10桁の数字で入力してください'])
		expect(fieldErrors.copayCap).toEqual(['利用者負担上限月額は0以上の整数（円）で入力してください'])
		expect(fieldErrors.services).toEqual(['支給量を1行以上入力してください'])
		expect(await prisma.certificate.count({ where: { clientId: CLIENTS.sato } })).toBe(1)
	})

	it('refuses certificate edits to readers and outsiders', async () => {
		const form = certificateForm(todayJst())
		const asReader = await call(certificateAction, {
			path: `/clients/${CLIENTS.sato}/certificates/new`,
			params: { clientId: CLIENTS.sato },
			cookie: await cookieFor(USERS.city),
			form,
		})
		expect(asReader.status).toBe(403)
		const asOutsider = await call(certificateAction, {
			path: `/clients/${CLIENTS.suzuki}/certificates/new`,
			params: { clientId: CLIENTS.suzuki },
			cookie: await cookieFor(USERS.sabikan),
			form,
		})
		expect(asOutsider.status).toBe(404)
		expect(await prisma.certificate.count()).toBe(3)
	})
})

describe('care team changes', () => {
	const base = {
		intent: 'add',
		mode: 'account',
		email: '',
		externalName: '',
		role: '',
		relationship: '',
		organizationId: '',
		startsOn: '',
		consentBasis: 'written_consent',
		consentOn: '',
		note: '',
	}

	it('adds an account member with the role from their account and gives access at once', async () => {
		const today = todayJst()
		const res = await call(teamAction, {
			path: `/clients/${CLIENTS.suzuki}/team`,
			params: { clientId: CLIENTS.suzuki },
			cookie: await cookieFor(USERS.sodan),
			form: { ...base, email: 'SABIKAN@example.jp', startsOn: today, consentOn: today },
		})
		expect(res.status).toBe(302)
		const row = await prisma.careTeamMember.findFirstOrThrow({ where: { clientId: CLIENTS.suzuki, userId: USERS.sabikan } })
		expect(row).toMatchObject({ role: 'service_manager', organizationId: 'org-hidamari', consentBasis: 'written_consent', consentOn: today })
		expect(events).toContainEqual({ type: 'client-team-changed', clientId: CLIENTS.suzuki })
		expect(await prisma.auditLog.count({ where: { action: 'team.add', clientId: CLIENTS.suzuki } })).toBe(1)
		const visible = await listVisibleClients(await actorFor(USERS.sabikan), today)
		expect(visible.map((c) => c.id).sort()).toEqual([CLIENTS.sato, CLIENTS.suzuki].sort())
	})

	it('records a person without an account, who gains no access', async () => {
		const today = todayJst()
		const res = await call(teamAction, {
			path: `/clients/${CLIENTS.yamada}/team`,
			params: { clientId: CLIENTS.yamada },
			cookie: await cookieFor(USERS.sodan),
			form: { ...base, mode: 'external', externalName: '山田 美咲', role: 'family', relationship: '母', startsOn: today, consentBasis: 'self' },
		})
		expect(res.status).toBe(302)
		const row = await prisma.careTeamMember.findFirstOrThrow({ where: { clientId: CLIENTS.yamada, externalName: '山田 美咲' } })
		expect(row).toMatchObject({ userId: null, role: 'family', relationship: '母', consentBasis: 'self' })
	})

	it('refuses unknown, admin and duplicate accounts with Japanese messages', async () => {
		const today = todayJst()
		const cookie = await cookieFor(USERS.sodan)
		const cases: Array<[string, string]> = [
			['nobody@example.jp', 'このメールアドレスのアカウントは見つかりません'],
			['admin@example.jp', 'システム管理者はケアチームに追加できません'],
			['sabikan@example.jp', 'このアカウントはすでにチームに参加しています（または参加予定です）'],
		]
		for (const [email, message] of cases) {
			const res = await call(teamAction, {
				path: `/clients/${CLIENTS.sato}/team`,
				params: { clientId: CLIENTS.sato },
				cookie,
				form: { ...base, email, startsOn: today, consentOn: today },
			})
			expect(res.status).toBe(400)
			expect((await jsonOf<{ fieldErrors: Record<string, string[]> }>(res)).fieldErrors.email).toEqual([message])
		}
		expect(events).toEqual([])
	})

	it('requires a consent date for written consent', async () => {
		const res = await call(teamAction, {
			path: `/clients/${CLIENTS.sato}/team`,
			params: { clientId: CLIENTS.sato },
			cookie: await cookieFor(USERS.sodan),
			form: { ...base, email: 'kyoten@example.jp', startsOn: todayJst(), consentOn: '' },
		})
		expect(res.status).toBe(400)
		expect((await jsonOf<{ fieldErrors: Record<string, string[]> }>(res)).fieldErrors.consentOn).toEqual([
			'書面による同意の場合は同意日を入力してください',
		])
	})

	it('ending a membership emits the event and removes access at once', async () => {
		const today = todayJst()
		const sabikanCookie = await cookieFor(USERS.sabikan)
		const before = await call(clientPageLoader, { path: `/clients/${CLIENTS.sato}`, params: { clientId: CLIENTS.sato }, cookie: sabikanCookie })
		expect(before.status).toBe(200)

		const res = await call(teamAction, {
			path: `/clients/${CLIENTS.sato}/team`,
			params: { clientId: CLIENTS.sato },
			cookie: await cookieFor(USERS.sodan),
			form: { intent: 'end', memberId: 'team-sato-2', when: 'now' },
		})
		expect(res.status).toBe(302)
		const row = await prisma.careTeamMember.findUniqueOrThrow({ where: { id: 'team-sato-2' } })
		expect(row.endsOn).toBe(shiftDate(today, -1))
		expect(events).toEqual([{ type: 'client-team-changed', clientId: CLIENTS.sato }])
		expect(await prisma.auditLog.count({ where: { action: 'team.end', clientId: CLIENTS.sato, target: 'team:team-sato-2' } })).toBe(1)

		expect(await listVisibleClients(await actorFor(USERS.sabikan), today)).toEqual([])
		const after = await call(clientPageLoader, { path: `/clients/${CLIENTS.sato}`, params: { clientId: CLIENTS.sato }, cookie: sabikanCookie })
		expect(after.status).toBe(404)
		// The past membership stays on record.
		const page = await jsonOf<{ page: { team: { past: Array<{ id: string }> } } }>(
			await call(clientPageLoader, { path: `/clients/${CLIENTS.sato}`, params: { clientId: CLIENTS.sato }, cookie: await cookieFor(USERS.sodan) }),
		)
		expect(page.page.team.past.map((m) => m.id)).toContain('team-sato-2')
	})

	it('an end date in the future keeps access until that day', async () => {
		const today = todayJst()
		const res = await call(teamAction, {
			path: `/clients/${CLIENTS.sato}/team`,
			params: { clientId: CLIENTS.sato },
			cookie: await cookieFor(USERS.sodan),
			form: { intent: 'end', memberId: 'team-sato-3', when: 'date', endsOn: shiftDate(today, 7) },
		})
		expect(res.status).toBe(302)
		expect((await listVisibleClients(await actorFor(USERS.staff), today)).map((c) => c.id)).toEqual([CLIENTS.sato])
		expect(await listVisibleClients(await actorFor(USERS.staff), shiftDate(today, 8))).toEqual([])
	})

	it('will not end the only specialist', async () => {
		const res = await call(teamAction, {
			path: `/clients/${CLIENTS.sato}/team`,
			params: { clientId: CLIENTS.sato },
			cookie: await cookieFor(USERS.sodan),
			form: { intent: 'end', memberId: 'team-sato-1', when: 'now' },
		})
		expect(res.status).toBe(400)
		expect((await jsonOf<{ fieldErrors: Record<string, string[]> }>(res)).fieldErrors.memberId?.[0]).toContain('後任')
		expect((await prisma.careTeamMember.findUniqueOrThrow({ where: { id: 'team-sato-1' } })).endsOn).toBeNull()
		expect(events).toEqual([])
	})

	it('refuses team changes to members without team.manage, and to members of other clients', async () => {
		const form = { intent: 'end', memberId: 'team-sato-4', when: 'now' }
		const asStaff = await call(teamAction, {
			path: `/clients/${CLIENTS.sato}/team`,
			params: { clientId: CLIENTS.sato },
			cookie: await cookieFor(USERS.staff),
			form,
		})
		expect(asStaff.status).toBe(403)
		// A row id from another client is not found through this client.
		const crossClient = await call(teamAction, {
			path: `/clients/${CLIENTS.yamada}/team`,
			params: { clientId: CLIENTS.yamada },
			cookie: await cookieFor(USERS.sodan),
			form,
		})
		expect(crossClient.status).toBe(400)
		expect((await prisma.careTeamMember.findUniqueOrThrow({ where: { id: 'team-sato-4' } })).endsOn).toBeNull()
	})

	it('lets the office manager manage the team of a supervised client', async () => {
		const res = await call(teamLoader, {
			path: `/clients/${CLIENTS.yamada}/team`,
			params: { clientId: CLIENTS.yamada },
			cookie: await cookieFor(USERS.kanri),
		})
		expect(res.status).toBe(200)
	})
})
