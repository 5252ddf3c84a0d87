import { describe, expect, it } from 'vitest'
import { canExportFhir, type Actor, type ClientScope } from './index.ts'
import { TEAM_ROLES, type AccountRole, type TeamRole } from './roles.ts'

const TODAY = '2026-12-07'
const OFFICE = 'org-office'

function actor(role: AccountRole, id = `u-${role}`, organizationIds: string[] = []): Actor {
	return { id, role, organizationIds }
}

function client(rows: Array<{ userId: string; role: TeamRole; organizationId?: string; endsOn?: string | null }>, closed = false): ClientScope {
	return {
		id: 'c1',
		hubRegistered: true,
		closed,
		team: rows.map((r) => ({ userId: r.userId, role: r.role, organizationId: r.organizationId ?? null, startsOn: '2026-01-01', endsOn: r.endsOn ?? null })),
	}
}

/** Who may export, by team role: the current record / a submitted version / a version not submitted. */
const EXPECTED: Record<TeamRole, [current: boolean, submitted: boolean, notSubmitted: boolean]> = {
	specialist: [true, true, true],
	office_manager: [true, true, true],
	service_manager: [true, true, true],
	provider_staff: [false, false, false],
	family: [true, true, true],
	client_self: [true, true, true],
	municipal: [false, true, false],
	hub_coordinator: [false, false, false],
}

describe('canExportFhir', () => {
	for (const role of TEAM_ROLES) {
		it(`${role} on the team: ${EXPECTED[role].join(' / ')}`, () => {
			const who = actor(role)
			const scope = client([{ userId: who.id, role }])
			expect([
				canExportFhir(who, scope, { kind: 'current' }, TODAY),
				canExportFhir(who, scope, { kind: 'version', submitted: true }, TODAY),
				canExportFhir(who, scope, { kind: 'version', submitted: false }, TODAY),
			]).toEqual(EXPECTED[role])
		})
	}

	it('nobody off the team exports, whatever their account role — administrators included', () => {
		const scope = client([{ userId: 'someone-else', role: 'specialist', organizationId: OFFICE }])
		for (const role of ['specialist', 'service_manager', 'family', 'municipal', 'admin'] as const) {
			expect(canExportFhir(actor(role), scope, { kind: 'current' }, TODAY)).toBe(false)
			expect(canExportFhir(actor(role), scope, { kind: 'version', submitted: true }, TODAY)).toBe(false)
		}
	})

	it('an administrator listed on a team row still exports nothing', () => {
		const admin = actor('admin')
		expect(canExportFhir(admin, client([{ userId: admin.id, role: 'specialist' }]), { kind: 'current' }, TODAY)).toBe(false)
	})

	it('the manager of the specialist’s office exports; a manager of another office does not', () => {
		const scope = client([{ userId: 'spec', role: 'specialist', organizationId: OFFICE }])
		expect(canExportFhir(actor('office_manager', 'm1', [OFFICE]), scope, { kind: 'current' }, TODAY)).toBe(true)
		expect(canExportFhir(actor('office_manager', 'm2', ['org-other']), scope, { kind: 'current' }, TODAY)).toBe(false)
	})

	it('a team row that has ended gives no export; a closed case is still exported (records stay readable)', () => {
		const family = actor('family')
		expect(canExportFhir(family, client([{ userId: family.id, role: 'family', endsOn: '2026-06-30' }]), { kind: 'current' }, TODAY)).toBe(false)
		expect(canExportFhir(family, client([{ userId: family.id, role: 'family' }], true), { kind: 'current' }, TODAY)).toBe(true)
	})

	it('a disabled account exports nothing', () => {
		const who = { ...actor('specialist'), disabled: true }
		expect(canExportFhir(who, client([{ userId: who.id, role: 'specialist' }]), { kind: 'current' }, TODAY)).toBe(false)
	})
})
