import { describe, expect, it } from 'vitest'
import { canComment, canOnClient, canStartCycle, documentAccess, teamRoleFor, type Actor, type ClientScope, type TeamRow } from './index.ts'
import { canWriteEasyExplanation, easyViewIsDefault, hasSpecialistUnderContract, selfAccountReaches, selfPlanRefusal } from './self-plan.ts'
import { ACCOUNT_ROLES, TEAM_ROLES, type AccountRole, type TeamRole } from './roles.ts'

const TODAY = '2026-12-07'
const YESTERDAY = '2026-12-06'

function actor(role: AccountRole, extra: Partial<Actor> = {}): Actor {
	return { id: `u-${role}`, role, organizationIds: [], ...extra }
}
function row(userId: string | null, role: TeamRole, extra: Partial<TeamRow> = {}): TeamRow {
	return { userId, organizationId: null, role, startsOn: '2026-01-01', endsOn: null, ...extra }
}
function client(id: string, team: TeamRow[], extra: Partial<ClientScope> = {}): ClientScope {
	return { id, team, hubRegistered: false, closed: false, ...extra }
}

describe('a 本人 account reaches only its own case', () => {
	const me = actor('client_self', { ownClientId: 'c-own' })
	it('a team row on another client gives it nothing', () => {
		const other = client('c-other', [row(me.id, 'client_self')])
		expect(teamRoleFor(me, other, TODAY)).toBeNull()
		expect(canOnClient(me, 'client.view', other, TODAY)).toBe(false)
		expect(documentAccess(me, { kind: 'plan', organizationId: null, frozen: false, client: other }, TODAY)).toBe('none')
	})
	it('its own case works as before', () => {
		const own = client('c-own', [row(me.id, 'client_self')])
		expect(teamRoleFor(me, own, TODAY)).toBe('client_self')
		expect(canOnClient(me, 'client.view', own, TODAY)).toBe(true)
	})
	it('a 本人 account without a client reaches none; other roles are not restricted by it', () => {
		expect(selfAccountReaches(actor('client_self', { ownClientId: null }), 'c-own')).toBe(false)
		for (const role of ACCOUNT_ROLES.filter((r) => r !== 'client_self')) expect(selfAccountReaches(actor(role, { ownClientId: null }), 'x'), role).toBe(true)
	})
})

describe('セルフプラン: started by its authors only where no specialist is under contract', () => {
	const family = actor('family')
	const withSpecialist = client('c1', [row(family.id, 'family'), row('u-sp', 'specialist')])
	const ended = client('c2', [row(family.id, 'family'), row('u-sp', 'specialist', { endsOn: YESTERDAY })])
	it('refused with the reason while a specialist is under contract', () => {
		expect(hasSpecialistUnderContract(withSpecialist, TODAY)).toBe(true)
		expect(canStartCycle(family, withSpecialist, 'self', TODAY)).toBe(false)
		expect(selfPlanRefusal(withSpecialist, TODAY)).toMatch(/相談支援専門員と契約中のため/)
	})
	it('allowed once the contract has ended', () => {
		expect(hasSpecialistUnderContract(ended, TODAY)).toBe(false)
		expect(selfPlanRefusal(ended, TODAY)).toBeNull()
		expect(canStartCycle(family, ended, 'self', TODAY)).toBe(true)
	})
	it('never on a closed case', () => {
		expect(selfPlanRefusal({ ...ended, closed: true }, TODAY)).toMatch(/終了/)
	})
	for (const role of TEAM_ROLES) {
		const expected = role === 'family' || role === 'client_self'
		it(`${role} ${expected ? 'may' : 'may not'} start one`, () => {
			const a = actor(role)
			expect(canStartCycle(a, client('c3', [row(a.id, role)]), 'self', TODAY)).toBe(expected)
		})
	}
	it("providers still write their own 個別支援計画 on a セルフプラン case, and everyone who reads the plan comments on it", () => {
		const sabikan = actor('service_manager', { organizationIds: ['org-own'] })
		const family = actor('family')
		const scope = client('c5', [row(sabikan.id, 'service_manager', { organizationId: 'org-own' }), row(family.id, 'family')], { selfPlan: true })
		expect(documentAccess(sabikan, { kind: 'isp', organizationId: 'org-own', frozen: false, client: scope }, TODAY)).toBe('write')
		expect(documentAccess(family, { kind: 'isp', organizationId: 'org-own', frozen: false, client: scope }, TODAY)).toBe('read')
		const plan = { kind: 'plan' as const, organizationId: null, frozen: false, client: scope }
		expect(canComment(sabikan, 'comment.create', plan, null, TODAY)).toBe(true)
		expect(canComment(family, 'comment.create', plan, null, TODAY)).toBe(true)
	})
	it('staff left on the team read a セルフプラン, never write it', () => {
		for (const role of ['specialist', 'office_manager', 'service_manager', 'provider_staff'] as const) {
			const a = actor(role)
			const scope = client('c4', [row(a.id, role)], { selfPlan: true })
			expect(documentAccess(a, { kind: 'plan', organizationId: null, frozen: false, client: scope }, TODAY), role).toBe('read')
		}
	})
})

describe('やさしい説明 and the easy view', () => {
	it('the consultation office writes explanations while it writes the plan', () => {
		expect(canWriteEasyExplanation('specialist', 'write')).toBe(true)
		expect(canWriteEasyExplanation('office_manager', 'write')).toBe(true)
		expect(canWriteEasyExplanation('specialist', 'read')).toBe(false)
		for (const role of ['family', 'client_self', 'service_manager', 'provider_staff', 'municipal'] as const) {
			expect(canWriteEasyExplanation(role, 'write'), role).toBe(false)
		}
		expect(canWriteEasyExplanation(null, 'write')).toBe(false)
	})
	it('is the default for 本人 and family accounts only', () => {
		for (const role of ACCOUNT_ROLES) expect(easyViewIsDefault(role), role).toBe(role === 'client_self' || role === 'family')
	})
})
