import { describe, expect, it } from 'vitest'
import {
	CLIENT_ACTIONS,
	GLOBAL_ACTIONS,
	canChangeAccountStatus,
	canGlobally,
	canOnClient,
	clientAbilities,
	documentAccess,
	isRowActive,
	teamRoleFor,
	type Actor,
	type ClientAction,
	type ClientScope,
	type GlobalAction,
	type TeamRow,
} from './index.ts'
import { ACCOUNT_ROLES, TEAM_ROLES, type AccountRole, type TeamRole } from './roles.ts'

/**
 * The permission table written out by hand, so a change to the policy module shows up here
 * as a deliberate edit rather than passing silently.
 */
const TODAY = '2026-11-24'
const YESTERDAY = '2026-11-23'
const TOMORROW = '2026-11-25'

const READ_ONLY: readonly ClientAction[] = ['client.view', 'certificate.view', 'team.view', 'document.list']

const EXPECTED_CLIENT: Record<TeamRole, readonly ClientAction[]> = {
	specialist: ['client.view', 'client.edit', 'certificate.view', 'certificate.edit', 'team.view', 'team.manage', 'document.list'],
	office_manager: ['client.view', 'client.edit', 'certificate.view', 'certificate.edit', 'team.view', 'team.manage', 'document.list'],
	service_manager: READ_ONLY,
	provider_staff: READ_ONLY,
	family: READ_ONLY,
	client_self: READ_ONLY,
	municipal: READ_ONLY,
	// Emergency preparation: who the person is and whom to call, not the benefit details.
	hub_coordinator: ['client.view', 'team.view', 'document.list'],
}

const EXPECTED_GLOBAL: Record<AccountRole, readonly GlobalAction[]> = {
	specialist: ['client.create', 'directory.view'],
	office_manager: ['client.create', 'directory.view'],
	service_manager: ['directory.view'],
	provider_staff: ['directory.view'],
	client_self: ['directory.view'],
	family: ['directory.view'],
	municipal: ['directory.view'],
	hub_coordinator: ['directory.view'],
	admin: ['directory.view', 'account.manage', 'audit.view'],
}

const EXPECTED_NOTE_ACCESS: Record<TeamRole, 'none' | 'read' | 'write'> = {
	specialist: 'write',
	office_manager: 'write',
	service_manager: 'write',
	provider_staff: 'write',
	family: 'read',
	client_self: 'read',
	municipal: 'read',
	hub_coordinator: 'none',
}

function actor(role: AccountRole, extra: Partial<Actor> = {}): Actor {
	return { id: `u-${role}`, role, organizationIds: [], ...extra }
}

function row(userId: string | null, role: TeamRole, extra: Partial<TeamRow> = {}): TeamRow {
	return { userId, organizationId: null, role, startsOn: '2026-01-01', endsOn: null, ...extra }
}

function client(team: TeamRow[], extra: Partial<ClientScope> = {}): ClientScope {
	return { id: 'c1', team, hubRegistered: false, closed: false, ...extra }
}

describe('client actions by team role', () => {
	for (const role of TEAM_ROLES) {
		it(`${role}: exactly the expected client actions`, () => {
			const a = actor(role)
			const scope = client([row(a.id, role)])
			for (const action of CLIENT_ACTIONS) {
				expect(canOnClient(a, action, scope, TODAY), `${role} × ${action}`).toBe(EXPECTED_CLIENT[role].includes(action))
			}
			expect(clientAbilities(a, scope, TODAY)).toEqual(
				Object.fromEntries(CLIENT_ACTIONS.map((action) => [action, EXPECTED_CLIENT[role].includes(action)])),
			)
		})
	}

	it('covers every client action in the table', () => {
		const mentioned = new Set(Object.values(EXPECTED_CLIENT).flat())
		expect([...mentioned].sort()).toEqual([...CLIENT_ACTIONS].sort())
	})

	it('gives someone who is not on the team nothing', () => {
		const scope = client([row('someone-else', 'specialist')])
		for (const role of ACCOUNT_ROLES) {
			for (const action of CLIENT_ACTIONS) expect(canOnClient(actor(role), action, scope, TODAY)).toBe(false)
		}
	})

	it('uses the strongest of several rows', () => {
		const a = actor('provider_staff')
		const scope = client([row(a.id, 'family'), row(a.id, 'provider_staff')])
		expect(teamRoleFor(a, scope, TODAY)).toBe('provider_staff')
	})
})

describe('global actions by account role', () => {
	for (const role of ACCOUNT_ROLES) {
		it(`${role}: exactly the expected global actions`, () => {
			for (const action of GLOBAL_ACTIONS) {
				expect(canGlobally(actor(role), action), `${role} × ${action}`).toBe(EXPECTED_GLOBAL[role].includes(action))
			}
		})
	}

	it('refuses everything to a disabled account', () => {
		for (const role of ACCOUNT_ROLES) {
			for (const action of GLOBAL_ACTIONS) expect(canGlobally(actor(role, { disabled: true }), action)).toBe(false)
		}
	})
})

describe('membership periods', () => {
	const a = actor('service_manager')
	const cases: Array<[string, Partial<TeamRow>, boolean]> = [
		['open-ended, started earlier', {}, true],
		['starts today', { startsOn: TODAY }, true],
		['ends today (the last day is inclusive)', { endsOn: TODAY }, true],
		['ended yesterday', { endsOn: YESTERDAY }, false],
		['starts tomorrow', { startsOn: TOMORROW }, false],
		['future row that also has an end', { startsOn: TOMORROW, endsOn: '2027-01-01' }, false],
		['cancelled before it started', { startsOn: TODAY, endsOn: YESTERDAY }, false],
	]
	for (const [label, extra, active] of cases) {
		it(`${label} → ${active ? 'active' : 'inactive'}`, () => {
			const scope = client([row(a.id, 'service_manager', extra)])
			expect(isRowActive({ startsOn: '2026-01-01', endsOn: null, ...extra }, TODAY)).toBe(active)
			expect(canOnClient(a, 'client.view', scope, TODAY)).toBe(active)
			expect(teamRoleFor(a, scope, TODAY)).toBe(active ? 'service_manager' : null)
		})
	}

	it('an inactive row does not hide an active one', () => {
		const scope = client([row(a.id, 'service_manager', { endsOn: YESTERDAY }), row(a.id, 'provider_staff')])
		expect(teamRoleFor(a, scope, TODAY)).toBe('provider_staff')
	})
})

describe('office manager supervision', () => {
	const manager = actor('office_manager', { organizationIds: ['org-a'] })

	it('supervises clients whose active specialist belongs to one of their offices', () => {
		const scope = client([row('u-spec', 'specialist', { organizationId: 'org-a' })])
		expect(teamRoleFor(manager, scope, TODAY)).toBe('office_manager')
		for (const action of CLIENT_ACTIONS) expect(canOnClient(manager, action, scope, TODAY)).toBe(true)
	})

	it('does not supervise specialists of another office', () => {
		const scope = client([row('u-spec', 'specialist', { organizationId: 'org-b' })])
		expect(teamRoleFor(manager, scope, TODAY)).toBeNull()
	})

	it('does not supervise through an ended or future specialist row', () => {
		expect(teamRoleFor(manager, client([row('u-spec', 'specialist', { organizationId: 'org-a', endsOn: YESTERDAY })]), TODAY)).toBeNull()
		expect(teamRoleFor(manager, client([row('u-spec', 'specialist', { organizationId: 'org-a', startsOn: TOMORROW })]), TODAY)).toBeNull()
	})

	it('does not supervise through non-specialist rows of the office', () => {
		const scope = client([row('u-sabikan', 'service_manager', { organizationId: 'org-a' })])
		expect(teamRoleFor(manager, scope, TODAY)).toBeNull()
	})

	it('is a power of office managers only', () => {
		const colleague = actor('specialist', { organizationIds: ['org-a'] })
		const scope = client([row('u-spec', 'specialist', { organizationId: 'org-a' })])
		expect(teamRoleFor(colleague, scope, TODAY)).toBeNull()
	})

	it('needs a current organisation', () => {
		const detached = actor('office_manager', { organizationIds: [] })
		expect(teamRoleFor(detached, client([row('u-spec', 'specialist', { organizationId: 'org-a' })]), TODAY)).toBeNull()
	})
})

describe('admins and disabled accounts', () => {
	it('admins see no client, even when a row names them', () => {
		const admin = actor('admin')
		const scope = client([row(admin.id, 'specialist')])
		expect(teamRoleFor(admin, scope, TODAY)).toBeNull()
		for (const action of CLIENT_ACTIONS) expect(canOnClient(admin, action, scope, TODAY)).toBe(false)
		expect(documentAccess(admin, { kind: 'note', organizationId: null, client: scope }, TODAY)).toBe('none')
	})

	it('a disabled account loses its team role', () => {
		const a = actor('specialist', { disabled: true })
		expect(teamRoleFor(a, client([row(a.id, 'specialist')]), TODAY)).toBeNull()
	})
})

describe('closed clients are read-only', () => {
	const WRITES: readonly ClientAction[] = ['client.edit', 'certificate.edit', 'team.manage']
	for (const role of TEAM_ROLES) {
		it(`${role}: reads as before, no writes`, () => {
			const a = actor(role)
			const scope = client([row(a.id, role)], { closed: true })
			for (const action of CLIENT_ACTIONS) {
				const expected = EXPECTED_CLIENT[role].includes(action) && !WRITES.includes(action)
				expect(canOnClient(a, action, scope, TODAY), `${role} × ${action}`).toBe(expected)
			}
		})
	}
})

describe('documentAccess for the team note', () => {
	for (const role of TEAM_ROLES) {
		it(`${role}: ${EXPECTED_NOTE_ACCESS[role]}`, () => {
			const a = actor(role)
			const scope = client([row(a.id, role)])
			expect(documentAccess(a, { kind: 'note', organizationId: null, client: scope }, TODAY)).toBe(EXPECTED_NOTE_ACCESS[role])
		})
		it(`${role}: at most read on a closed client`, () => {
			const a = actor(role)
			const scope = client([row(a.id, role)], { closed: true })
			const expected = EXPECTED_NOTE_ACCESS[role] === 'write' ? 'read' : EXPECTED_NOTE_ACCESS[role]
			expect(documentAccess(a, { kind: 'note', organizationId: null, client: scope }, TODAY)).toBe(expected)
		})
	}

	it('none for someone off the team or with an ended row', () => {
		const a = actor('provider_staff')
		expect(documentAccess(a, { kind: 'note', organizationId: null, client: client([]) }, TODAY)).toBe('none')
		const ended = client([row(a.id, 'provider_staff', { endsOn: YESTERDAY })])
		expect(documentAccess(a, { kind: 'note', organizationId: null, client: ended }, TODAY)).toBe('none')
	})
})

describe('canChangeAccountStatus', () => {
	it('lets an admin disable someone else', () => {
		expect(canChangeAccountStatus(actor('admin'), { id: 'u-other' })).toBe(true)
	})
	it('never lets an admin disable themselves', () => {
		const admin = actor('admin')
		expect(canChangeAccountStatus(admin, { id: admin.id })).toBe(false)
	})
	it('is for account managers only', () => {
		for (const role of ACCOUNT_ROLES.filter((r) => r !== 'admin')) {
			expect(canChangeAccountStatus(actor(role), { id: 'u-other' }), role).toBe(false)
		}
		expect(canChangeAccountStatus(actor('admin', { disabled: true }), { id: 'u-other' })).toBe(false)
	})
})
