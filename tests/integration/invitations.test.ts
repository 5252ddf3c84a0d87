/**
 * Accounts by invitation (issue #13) through the real routes on a seeded database: the
 * specialist issues a code from the team page, 本人 joins with it and sets a password, the team
 * page shows who joined; used, expired, withdrawn and unknown codes are refused with a message
 * saying which; a 本人 account reaches only its own case.
 */
import { flushAuditLog } from '#app/modules/audit/audit-writer.server.ts'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { attemptLogin } from '#app/modules/auth/login.server.ts'
import { loadClientScope } from '#app/modules/authz.server.ts'
import { listVisibleClients } from '#app/modules/clients/clients.server.ts'
import { INVITATION_REFUSALS } from '#app/modules/invitations/codes.ts'
import { createInvitation } from '#app/modules/invitations/invitations.server.ts'
import { invitationSchema } from '#app/modules/invitations/schemas.ts'
import { action as inviteAction, loader as inviteLoader } from '#app/routes/invite.($code).tsx'
import { action as teamAction, loader as teamLoader } from '#app/routes/clients.$clientId.team.tsx'
import { loader as clientLoader } from '#app/routes/clients.$clientId._index.tsx'
import { loader as easyLoader } from '#app/routes/clients.$clientId.easy.tsx'
import { closeDb, prisma } from '#app/utils/db.server.ts'
import { addDays, todayJst } from '#app/utils/dates.ts'
import { useFreshDatabase } from '#tests/helpers/db.ts'
import { CLIENTS, USERS, actorFor, call, cookieFor, jsonOf } from './clients-helpers.ts'

// 鈴木 花子: a case without a 本人 account yet (佐藤 誠 has the demo one).
const SATO = CLIENTS.suzuki
const TEAM_PATH = `/clients/${SATO}/team`
const PASSWORD = 'まいにち ひだまりで パンをつくる'

type Issued = { issued: { code: string; link: string; expiresAt: string } | null; fieldErrors: Record<string, string[]> }

beforeEach(async () => {
	await useFreshDatabase('seeded')
})
afterAll(async () => {
	await closeDb()
})

async function issue(form: Partial<Record<string, string>> = {}, userId: string = USERS.sodan): Promise<Response> {
	return call(teamAction, {
		path: TEAM_PATH,
		params: { clientId: SATO },
		cookie: await cookieFor(userId),
		form: { intent: 'invite', role: 'client_self', displayName: '鈴木 花子', relationship: '', consentBasis: 'self', consentOn: '', validDays: '14', ...form } as Record<string, string>,
	})
}

async function join(code: string, login: string, extra: Record<string, string> = {}): Promise<Response> {
	return call(inviteAction, { path: `/invite/${code}`, params: { code }, form: { code, login, displayName: '鈴木 花子', password: PASSWORD, confirmPassword: PASSWORD, ...extra } })
}

describe('invitation lifecycle', () => {
	it('the specialist issues a code; 本人 opens the link, sets a password, lands in the easy view; the team page shows the join', async () => {
		const response = await issue()
		expect(response.status).toBe(200)
		const { issued } = await jsonOf<Issued>(response)
		expect(issued!.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/)
		expect(issued!.link).toBe(`http://localhost/invite/${issued!.code}`)
		// Only the hash is stored.
		const row = await prisma.invitation.findFirstOrThrow({ where: { clientId: SATO } })
		expect(row.codeHash).not.toContain(issued!.code)
		expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/)

		// The link shows whose team it is; a printed code typed with hyphens and in lower case works too.
		const printed = `${issued!.code.slice(0, 4)}-${issued!.code.slice(4, 8)}-${issued!.code.slice(8, 12)}-${issued!.code.slice(12)}`.toLowerCase()
		const typed = await call(inviteLoader, { path: `/invite?code=${encodeURIComponent(printed)}`, params: {} })
		expect(typed.status).toBe(302)
		expect(typed.headers.get('location')).toBe(`/invite/${issued!.code}`)
		const shown = await jsonOf<{ invitation: { clientName: string; role: string; displayName: string } | null }>(await call(inviteLoader, { path: `/invite/${issued!.code}`, params: { code: issued!.code } }))
		expect(shown.invitation).toMatchObject({ clientName: '鈴木 花子', role: 'client_self', displayName: '鈴木 花子' })

		const joined = await join(issued!.code, 'makoto2026')
		expect(joined.status).toBe(302)
		expect(joined.headers.get('location')).toBe(`/clients/${SATO}/easy?welcome=1`)
		expect(joined.headers.get('set-cookie')).toMatch(/kizuna_session=/)
		const user = await prisma.user.findUniqueOrThrow({ where: { email: 'makoto2026' } })
		expect(user).toMatchObject({ role: 'client_self', clientId: SATO, displayName: '鈴木 花子' })
		const member = await prisma.careTeamMember.findFirstOrThrow({ where: { clientId: SATO, userId: user.id } })
		expect(member).toMatchObject({ role: 'client_self', startsOn: todayJst(), endsOn: null, consentBasis: 'self' })

		// The new session works, and the login id logs in later.
		const cookie = joined.headers.get('set-cookie')!.split(';')[0]
		expect((await call(easyLoader, { path: `/clients/${SATO}/easy`, params: { clientId: SATO }, cookie })).status).toBe(200)
		expect(await attemptLogin({ email: 'makoto2026', password: PASSWORD, ipAddress: '127.0.0.9', userAgent: '' })).toMatchObject({ ok: true })

		// The team page lists the invitation as used, with who joined.
		const team = await jsonOf<{ invitations: Array<{ status: string; joinedAs: string | null; usedAt: string | null }> }>(
			await call(teamLoader, { path: TEAM_PATH, params: { clientId: SATO }, cookie: await cookieFor(USERS.sodan) }),
		)
		expect(team.invitations).toHaveLength(1)
		expect(team.invitations[0]).toMatchObject({ status: 'used', joinedAs: '鈴木 花子' })

		// Reuse is refused, clearly, and creates nothing.
		const again = await join(issued!.code, 'someone-else')
		expect(again.status).toBe(410)
		expect((await jsonOf<{ errors: string[] }>(again)).errors).toEqual([INVITATION_REFUSALS.used])
		expect(await prisma.user.findUnique({ where: { email: 'someone-else' } })).toBeNull()
		const reopened = await call(inviteLoader, { path: `/invite/${issued!.code}`, params: { code: issued!.code } })
		expect(reopened.status).toBe(410)
		expect((await jsonOf<{ refusal: string }>(reopened)).refusal).toBe(INVITATION_REFUSALS.used)
		// A second 本人 account for the same person is not issued.
		const second = await issue()
		expect(second.status).toBe(409)
	})

	it('an expired code says so and creates nothing', async () => {
		const scope = (await loadClientScope(SATO))!
		const form = invitationSchema(todayJst()).parse({ role: 'family', displayName: '鈴木 健', relationship: '父', consentBasis: 'written_consent', consentOn: todayJst(), validDays: '7' })
		const longAgo = new Date(Date.now() - 8 * 24 * 60 * 60 * 1000)
		const created = await createInvitation(await actorFor(USERS.sodan), scope, form, todayJst(), { ipAddress: '' }, longAgo)
		expect(created.ok).toBe(true)
		const code = created.ok ? created.code : ''
		const shown = await call(inviteLoader, { path: `/invite/${code}`, params: { code } })
		expect(shown.status).toBe(410)
		expect((await jsonOf<{ refusal: string }>(shown)).refusal).toBe(INVITATION_REFUSALS.expired)
		const joined = await join(code, 'ken-sato')
		expect(joined.status).toBe(410)
		expect((await jsonOf<{ errors: string[] }>(joined)).errors).toEqual([INVITATION_REFUSALS.expired])
		expect(await prisma.user.count({ where: { email: 'ken-sato' } })).toBe(0)
		expect(await prisma.careTeamMember.count({ where: { clientId: SATO, relationship: '父' } })).toBe(0)
	})

	it('a withdrawn code says so; withdrawing twice is refused; family members cannot issue codes', async () => {
		const { issued } = await jsonOf<Issued>(await issue({ role: 'family', displayName: '鈴木 健', relationship: '父', consentBasis: 'written_consent', consentOn: todayJst() }))
		const invitation = await prisma.invitation.findFirstOrThrow({ where: { clientId: SATO } })
		const withdraw = () => call(teamAction, { path: TEAM_PATH, params: { clientId: SATO }, cookie: undefined, form: { intent: 'withdraw-invitation', invitationId: invitation.id } })
		const withdrawn = await call(teamAction, { path: TEAM_PATH, params: { clientId: SATO }, cookie: await cookieFor(USERS.sodan), form: { intent: 'withdraw-invitation', invitationId: invitation.id } })
		expect(withdrawn.status).toBe(302)
		expect((await prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).withdrawnById).toBe(USERS.sodan)
		const joined = await join(issued!.code, 'ken-sato')
		expect(joined.status).toBe(410)
		expect((await jsonOf<{ errors: string[] }>(joined)).errors).toEqual([INVITATION_REFUSALS.withdrawn])
		const twice = await call(teamAction, { path: TEAM_PATH, params: { clientId: SATO }, cookie: await cookieFor(USERS.sodan), form: { intent: 'withdraw-invitation', invitationId: invitation.id } })
		expect(twice.status).toBe(409)
		// Not signed in: the route sends to login; the family of another case: 404.
		expect((await withdraw()).status).toBe(302)
		expect((await issue({}, USERS.kazoku)).status).toBe(404)
	})

	it('bad input is a clear 400 and changes nothing; unknown codes are refused and throttled', async () => {
		const bad = await issue({ role: 'family', displayName: '', relationship: '', consentBasis: 'written_consent', consentOn: '', validDays: '99' })
		expect(bad.status).toBe(400)
		const { fieldErrors } = await jsonOf<Issued>(bad)
		expect(fieldErrors.displayName).toEqual(['招待する人の氏名を入力してください'])
		expect(fieldErrors.relationship).toEqual(['家族・後見人の続柄を入力してください（例：母、成年後見人）'])
		expect(fieldErrors.consentOn).toEqual(['書面による同意の場合は同意日を入力してください'])
		expect(fieldErrors.validDays?.[0]).toMatch(/有効期間/)
		expect(await prisma.invitation.count()).toBe(0)

		const unknown = await join('ZZZZZZZZZZZZZZZZ', 'nobody')
		expect(unknown.status).toBe(404)
		expect((await jsonOf<{ errors: string[] }>(unknown)).errors).toEqual([INVITATION_REFUSALS.unknown])
		// Unknown codes spend the address's sign-in budget (several tokens each: guessing codes is
		// guessing passwords) and are audited.
		await flushAuditLog()
		expect(await prisma.auditLog.count({ where: { action: 'invitation.refused', detail: { contains: 'unknown' } } })).toBe(1)

		const { issued } = await jsonOf<Issued>(await issue())
		const mismatch = await join(issued!.code, 'x', { confirmPassword: 'something else entirely' })
		expect(mismatch.status).toBe(400)
		const errors = (await jsonOf<{ fieldErrors: Record<string, string[]> }>(mismatch)).fieldErrors
		expect(errors.login?.[0]).toMatch(/ログインID/)
		expect(errors.confirmPassword).toEqual(['確認用のパスワードが一致しません'])
		// Taken login ids are refused and the code stays usable.
		const taken = await join(issued!.code, 'sodan@example.jp')
		expect(taken.status).toBe(409)
		expect((await prisma.invitation.findFirstOrThrow({ where: { clientId: SATO, usedAt: null } })).usedAt).toBeNull()
	})
})

describe('a 本人 account sees only their own case', () => {
	it('even with a team row on another client, the account reaches nothing else', async () => {
		const { issued } = await jsonOf<Issued>(await issue())
		const joined = await join(issued!.code, 'makoto2026')
		const cookie = joined.headers.get('set-cookie')!.split(';')[0]
		const user = await prisma.user.findUniqueOrThrow({ where: { email: 'makoto2026' } })
		// A mistaken (or forged) row on another client's team.
		await prisma.careTeamMember.create({ data: { id: 'team-forged', clientId: CLIENTS.sato, userId: user.id, role: 'client_self', startsOn: addDays(todayJst(), -1), consentBasis: 'self' } })
		const actor = await actorFor(user.id)
		expect(actor.ownClientId).toBe(SATO)
		expect((await listVisibleClients(actor, todayJst())).map((c) => c.id)).toEqual([SATO])
		expect((await call(clientLoader, { path: `/clients/${CLIENTS.sato}`, params: { clientId: CLIENTS.sato }, cookie })).status).toBe(404)
		expect((await call(easyLoader, { path: `/clients/${CLIENTS.sato}/easy`, params: { clientId: CLIENTS.sato }, cookie })).status).toBe(404)
		expect((await call(clientLoader, { path: `/clients/${SATO}`, params: { clientId: SATO }, cookie })).status).toBe(200)
	})
})
