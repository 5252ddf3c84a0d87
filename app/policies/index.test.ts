import { describe, expect, it } from 'vitest'
import {
	CLIENT_ACTIONS,
	DOCUMENT_KINDS,
	GLOBAL_ACTIONS,
	COMMENT_ACTIONS,
	CYCLE_STARTERS,
	canAgreeToElectronicConsent,
	canChangeAccountStatus,
	canComment,
	canConsentInApp,
	consentChannelRefusal,
	canRecordPlanDelivery,
	canStartCycle,
	canTakeCycleStep,
	canViewCycle,
	canGlobally,
	canOnClient,
	clientAbilities,
	documentAccess,
	isRowActive,
	teamRoleFor,
	type Actor,
	type ClientAction,
	type ClientScope,
	type CommentAction,
	type CommentScope,
	type DocumentKind,
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

const READ_ONLY: readonly ClientAction[] = ['client.view', 'certificate.view', 'team.view', 'document.list', 'meeting.view']

const OFFICE: readonly ClientAction[] = [
	'client.view',
	'client.edit',
	'certificate.view',
	'certificate.edit',
	'team.view',
	'team.manage',
	'document.list',
	'meeting.view',
	'meeting.manage',
	'monitoring.complete',
	'client.close',
]

const EXPECTED_CLIENT: Record<TeamRole, readonly ClientAction[]> = {
	specialist: OFFICE,
	office_manager: OFFICE,
	service_manager: READ_ONLY,
	provider_staff: READ_ONLY,
	family: READ_ONLY,
	client_self: READ_ONLY,
	municipal: READ_ONLY,
	// Emergency preparation: who the person is and whom to call, not the benefit details.
	hub_coordinator: ['client.view', 'team.view', 'document.list'],
}

const EXPECTED_GLOBAL: Record<AccountRole, readonly GlobalAction[]> = {
	specialist: ['client.create', 'directory.view', 'dashboard.view'],
	office_manager: ['client.create', 'directory.view', 'dashboard.view'],
	service_manager: ['directory.view'],
	provider_staff: ['directory.view'],
	client_self: ['directory.view'],
	family: ['directory.view'],
	municipal: ['directory.view', 'submissions.view'],
	hub_coordinator: ['directory.view'],
	hub_oncall: ['directory.view'],
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

const EXPECTED_PLAN_ACCESS: Record<TeamRole, 'none' | 'read' | 'write'> = {
	specialist: 'write',
	office_manager: 'write',
	service_manager: 'read',
	provider_staff: 'read',
	family: 'read',
	client_self: 'read',
	municipal: 'read',
	hub_coordinator: 'none',
}

const EXPECTED_DOCUMENT_ACCESS: Record<DocumentKind, Record<TeamRole, 'none' | 'read' | 'write'>> = {
	note: EXPECTED_NOTE_ACCESS,
	plan: EXPECTED_PLAN_ACCESS,
	weekly: EXPECTED_PLAN_ACCESS,
	assessment: EXPECTED_PLAN_ACCESS,
	life_plan: EXPECTED_PLAN_ACCESS,
	// The table's clients are not registered with the 拠点: see 'the hub coordinator' below.
	crisis_plan: EXPECTED_PLAN_ACCESS,
	// The table's actors belong to no organisation, so no provider owns the ISP: see
	// '個別支援計画' below for a provider's own and other providers' plans.
	isp: {
		specialist: 'read',
		office_manager: 'read',
		service_manager: 'none',
		provider_staff: 'none',
		family: 'read',
		client_self: 'read',
		municipal: 'none',
		hub_coordinator: 'none',
	},
	monitoring: {
		specialist: 'write',
		office_manager: 'write',
		service_manager: 'write',
		provider_staff: 'write',
		family: 'read',
		client_self: 'read',
		municipal: 'read',
		hub_coordinator: 'none',
	},
	minutes: {
		specialist: 'write',
		office_manager: 'write',
		service_manager: 'write',
		provider_staff: 'write',
		family: 'read',
		client_self: 'read',
		municipal: 'read',
		hub_coordinator: 'none',
	},
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
		expect(documentAccess(admin, { kind: 'note', organizationId: null, frozen: false, client: scope }, TODAY)).toBe('none')
	})

	it('a disabled account loses its team role', () => {
		const a = actor('specialist', { disabled: true })
		expect(teamRoleFor(a, client([row(a.id, 'specialist')]), TODAY)).toBeNull()
	})
})

describe('closed clients are read-only', () => {
	const WRITES: readonly ClientAction[] = ['client.edit', 'certificate.edit', 'team.manage', 'meeting.manage', 'monitoring.complete', 'client.close']
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

describe('documentAccess by kind and team role', () => {
	for (const kind of DOCUMENT_KINDS) {
		const expectedFor = EXPECTED_DOCUMENT_ACCESS[kind]
		for (const role of TEAM_ROLES) {
			it(`${kind} × ${role}: ${expectedFor[role]}`, () => {
				const a = actor(role)
				const scope = client([row(a.id, role)])
				expect(documentAccess(a, { kind, organizationId: null, frozen: false, client: scope }, TODAY)).toBe(expectedFor[role])
			})
			it(`${kind} × ${role}: at most read on a closed client`, () => {
				const a = actor(role)
				const scope = client([row(a.id, role)], { closed: true })
				const expected = expectedFor[role] === 'write' ? 'read' : expectedFor[role]
				expect(documentAccess(a, { kind, organizationId: null, frozen: false, client: scope }, TODAY)).toBe(expected)
			})
		}

		it(`${kind}: none for someone off the team or with an ended row`, () => {
			const a = actor('specialist')
			expect(documentAccess(a, { kind, organizationId: null, frozen: false, client: client([]) }, TODAY)).toBe('none')
			const ended = client([row(a.id, 'specialist', { endsOn: YESTERDAY })])
			expect(documentAccess(a, { kind, organizationId: null, frozen: false, client: ended }, TODAY)).toBe('none')
		})
	}

	it('office managers write the plans of clients their office supervises', () => {
		const manager = actor('office_manager', { organizationIds: ['org-sodan'] })
		const scope = client([row('u-specialist', 'specialist', { organizationId: 'org-sodan' })])
		expect(documentAccess(manager, { kind: 'plan', organizationId: null, frozen: false, client: scope }, TODAY)).toBe('write')
	})
})

describe('the hub coordinator', () => {
	const kyoten = actor('hub_coordinator')
	const registered = client([row(kyoten.id, 'hub_coordinator')], { hubRegistered: true })
	const unregistered = client([row(kyoten.id, 'hub_coordinator')], { hubRegistered: false })

	it('reads the crisis plan of a client registered with the 拠点', () => {
		expect(documentAccess(kyoten, { kind: 'crisis_plan', organizationId: null, frozen: false, client: registered }, TODAY)).toBe('read')
	})

	it('reads no crisis plan of a client who is not registered', () => {
		expect(documentAccess(kyoten, { kind: 'crisis_plan', organizationId: null, frozen: false, client: unregistered }, TODAY)).toBe('none')
	})

	it('reads nothing else, registered or not', () => {
		for (const kind of DOCUMENT_KINDS.filter((k) => k !== 'crisis_plan')) {
			expect(documentAccess(kyoten, { kind, organizationId: null, frozen: false, client: registered }, TODAY), kind).toBe('none')
			expect(documentAccess(kyoten, { kind, organizationId: null, frozen: false, client: unregistered }, TODAY), kind).toBe('none')
		}
	})

	it('registration changes nothing for the other roles', () => {
		for (const role of TEAM_ROLES.filter((r) => r !== 'hub_coordinator')) {
			const a = actor(role)
			for (const kind of DOCUMENT_KINDS) {
				const scope = client([row(a.id, role)], { hubRegistered: true })
				expect(documentAccess(a, { kind, organizationId: null, frozen: false, client: scope }, TODAY), `${kind} × ${role}`).toBe(EXPECTED_DOCUMENT_ACCESS[kind][role])
			}
		}
	})

	it('loses the crisis plan when the membership ends; a closed case stays readable', () => {
		const ended = client([row(kyoten.id, 'hub_coordinator', { endsOn: YESTERDAY })], { hubRegistered: true })
		expect(documentAccess(kyoten, { kind: 'crisis_plan', organizationId: null, frozen: false, client: ended }, TODAY)).toBe('none')
		const closed = client([row(kyoten.id, 'hub_coordinator')], { hubRegistered: true, closed: true })
		expect(documentAccess(kyoten, { kind: 'crisis_plan', organizationId: null, frozen: false, client: closed }, TODAY)).toBe('read')
	})
})

describe('個別支援計画 (isp): a provider writes its own plan only', () => {
	const OWN = 'org-hidamari'
	const OTHER = 'org-aoba'
	const sabikan = actor('service_manager', { organizationIds: [OWN] })
	const staff = actor('provider_staff', { organizationIds: [OWN] })
	const otherSabikan = actor('service_manager', { id: 'u-other-sabikan', organizationIds: [OTHER] })
	const team = client([
		row(sabikan.id, 'service_manager', { organizationId: OWN }),
		row(staff.id, 'provider_staff', { organizationId: OWN }),
		row(otherSabikan.id, 'service_manager', { organizationId: OTHER }),
	])
	const isp = (organizationId: string | null, scope = team) => ({ kind: 'isp' as const, organizationId, frozen: false, client: scope })

	const cases: Array<[string, Actor, string | null, 'none' | 'read' | 'write']> = [
		['own sabikan', sabikan, OWN, 'write'],
		['own staff', staff, OWN, 'write'],
		["other provider's sabikan", otherSabikan, OWN, 'none'],
		['sabikan on an unowned ISP', sabikan, null, 'none'],
		['other sabikan on their own ISP', otherSabikan, OTHER, 'write'],
		['own sabikan on the other ISP', sabikan, OTHER, 'none'],
	]
	for (const [name, who, organizationId, expected] of cases) {
		it(`${name}: ${expected}`, () => {
			expect(documentAccess(who, isp(organizationId), TODAY)).toBe(expected)
		})
	}

	it('needs a team row: belonging to the organisation alone gives nothing', () => {
		const outsider = actor('service_manager', { id: 'u-outsider', organizationIds: [OWN] })
		expect(documentAccess(outsider, isp(OWN), TODAY)).toBe('none')
		const ended = client([row(sabikan.id, 'service_manager', { organizationId: OWN, endsOn: YESTERDAY })])
		expect(documentAccess(sabikan, isp(OWN, ended), TODAY)).toBe('none')
	})

	it('the consultation office, the family and the person read any ISP; the municipality and hub do not', () => {
		for (const [role, expected] of [
			['specialist', 'read'],
			['office_manager', 'read'],
			['family', 'read'],
			['client_self', 'read'],
			['municipal', 'none'],
			['hub_coordinator', 'none'],
		] as const) {
			const a = actor(role, { organizationIds: [OWN] })
			const scope = client([row(a.id, role)], { hubRegistered: true })
			expect(documentAccess(a, isp(OWN, scope), TODAY), role).toBe(expected)
		}
	})

	it('is read-only on a closed client', () => {
		const closed = client([row(sabikan.id, 'service_manager', { organizationId: OWN })], { closed: true })
		expect(documentAccess(sabikan, isp(OWN, closed), TODAY)).toBe('read')
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

describe('frozen documents (closed meeting minutes)', () => {
	for (const role of TEAM_ROLES) {
		it(`${role}: reads what they read before, writes nothing`, () => {
			const a = actor(role)
			const scope = client([row(a.id, role)])
			const expected = EXPECTED_DOCUMENT_ACCESS.minutes[role] === 'write' ? 'read' : EXPECTED_DOCUMENT_ACCESS.minutes[role]
			expect(documentAccess(a, { kind: 'minutes', organizationId: null, frozen: true, client: scope }, TODAY)).toBe(expected)
		})
	}
})

describe('comments', () => {
	const AUTHOR = 'u-author'
	const own = (a: Actor, extra: Partial<CommentScope> = {}): CommentScope => ({ authorId: a.id, isRoot: true, deleted: false, ...extra })
	const others = (extra: Partial<CommentScope> = {}): CommentScope => ({ authorId: AUTHOR, isRoot: true, deleted: false, ...extra })
	const plan = (scope: ClientScope, frozen = false) => ({ kind: 'plan' as const, organizationId: null, frozen, client: scope })

	// On the plan (written by the consultation office), per team role: which actions on
	// their own root comment and on someone else's root comment are allowed.
	const EXPECTED: Record<TeamRole, { own: readonly CommentAction[]; others: readonly CommentAction[] }> = {
		specialist: { own: COMMENT_ACTIONS, others: ['comment.create', 'comment.resolve', 'comment.flag'] },
		office_manager: { own: COMMENT_ACTIONS, others: ['comment.create', 'comment.resolve', 'comment.flag'] },
		service_manager: { own: COMMENT_ACTIONS, others: ['comment.create'] },
		provider_staff: { own: COMMENT_ACTIONS, others: ['comment.create'] },
		family: { own: COMMENT_ACTIONS, others: ['comment.create'] },
		client_self: { own: COMMENT_ACTIONS, others: ['comment.create'] },
		municipal: { own: COMMENT_ACTIONS, others: ['comment.create'] },
		hub_coordinator: { own: [], others: [] },
	}

	for (const role of TEAM_ROLES) {
		it(`${role} on the plan: exactly the expected comment actions`, () => {
			const a = actor(role)
			const scope = client([row(a.id, role), row(AUTHOR, 'family')])
			for (const action of COMMENT_ACTIONS) {
				expect(canComment(a, action, plan(scope), own(a), TODAY), `${role} × ${action} (own)`).toBe(EXPECTED[role].own.includes(action))
				expect(canComment(a, action, plan(scope), others(), TODAY), `${role} × ${action} (others)`).toBe(
					EXPECTED[role].others.includes(action),
				)
			}
		})
	}

	it('the family comments on the plan although they cannot write it', () => {
		const kazoku = actor('family')
		const scope = client([row(kazoku.id, 'family')])
		expect(documentAccess(kazoku, plan(scope), TODAY)).toBe('read')
		expect(canComment(kazoku, 'comment.create', plan(scope), null, TODAY)).toBe(true)
	})

	it('replies are edited and deleted by their author but never resolved or flagged themselves', () => {
		const a = actor('specialist')
		const scope = client([row(a.id, 'specialist')])
		const reply = own(a, { isRoot: false })
		expect(canComment(a, 'comment.edit', plan(scope), reply, TODAY)).toBe(true)
		expect(canComment(a, 'comment.delete', plan(scope), reply, TODAY)).toBe(true)
		expect(canComment(a, 'comment.resolve', plan(scope), reply, TODAY)).toBe(false)
		expect(canComment(a, 'comment.flag', plan(scope), reply, TODAY)).toBe(false)
	})

	it('deleted comments take no further action', () => {
		const a = actor('specialist')
		const scope = client([row(a.id, 'specialist')])
		for (const action of COMMENT_ACTIONS.filter((x) => x !== 'comment.create')) {
			expect(canComment(a, action, plan(scope), own(a, { deleted: true }), TODAY), action).toBe(false)
		}
	})

	it('nothing on closed cases, frozen documents, or for people off the team', () => {
		const a = actor('specialist')
		const closed = client([row(a.id, 'specialist')], { closed: true })
		const active = client([row(a.id, 'specialist')])
		const ended = client([row(a.id, 'specialist', { endsOn: YESTERDAY })])
		for (const action of COMMENT_ACTIONS) {
			expect(canComment(a, action, plan(closed), own(a), TODAY), `closed × ${action}`).toBe(false)
			expect(canComment(a, action, plan(active, true), own(a), TODAY), `frozen × ${action}`).toBe(false)
			expect(canComment(a, action, plan(ended), own(a), TODAY), `ended × ${action}`).toBe(false)
		}
	})

	it("a provider resolves threads on its own 個別支援計画, not on another provider's", () => {
		const sabikan = actor('service_manager', { organizationIds: ['org-own'] })
		const scope = client([row(sabikan.id, 'service_manager', { organizationId: 'org-own' })])
		const isp = (organizationId: string) => ({ kind: 'isp' as const, organizationId, frozen: false, client: scope })
		expect(canComment(sabikan, 'comment.resolve', isp('org-own'), others(), TODAY)).toBe(true)
		expect(canComment(sabikan, 'comment.create', isp('org-other'), null, TODAY)).toBe(false)
	})
})

describe('セルフプラン: the person and the family write the plan while their self cycle is open', () => {
	const EXPECTED_SELF_PLAN: Record<TeamRole, 'none' | 'read' | 'write'> = {
		...EXPECTED_PLAN_ACCESS,
		// staff who still hold a row read a セルフプラン; its authors write it
		specialist: 'read',
		office_manager: 'read',
		family: 'write',
		client_self: 'write',
	}
	for (const role of TEAM_ROLES) {
		it(`plan × ${role}: ${EXPECTED_SELF_PLAN[role]} with a self cycle, ${EXPECTED_PLAN_ACCESS[role]} without`, () => {
			const a = actor(role)
			const selfPlan = client([row(a.id, role)], { selfPlan: true })
			expect(documentAccess(a, { kind: 'plan', organizationId: null, frozen: false, client: selfPlan }, TODAY)).toBe(EXPECTED_SELF_PLAN[role])
			const agencyPlan = client([row(a.id, role)], { selfPlan: false })
			expect(documentAccess(a, { kind: 'plan', organizationId: null, frozen: false, client: agencyPlan }, TODAY)).toBe(EXPECTED_PLAN_ACCESS[role])
		})
	}
	it('only the plan: the other documents stay as they were', () => {
		const a = actor('family')
		const scope = client([row(a.id, 'family')], { selfPlan: true })
		for (const kind of DOCUMENT_KINDS.filter((k) => k !== 'plan')) {
			expect(documentAccess(a, { kind, organizationId: null, frozen: false, client: scope }, TODAY)).toBe(EXPECTED_DOCUMENT_ACCESS[kind].family)
		}
	})
	it('read only once the case is closed, and nothing for an ended family row', () => {
		const a = actor('family')
		expect(documentAccess(a, { kind: 'plan', organizationId: null, frozen: false, client: client([row(a.id, 'family')], { selfPlan: true, closed: true }) }, TODAY)).toBe('read')
		const ended = client([row(a.id, 'family', { endsOn: YESTERDAY })], { selfPlan: true })
		expect(documentAccess(a, { kind: 'plan', organizationId: null, frozen: false, client: ended }, TODAY)).toBe('none')
	})
})

describe('plan cycle: who starts, views, steps, delivers and consents in the app', () => {
	const EXPECTED_START: Record<TeamRole, { specialist: boolean; self: boolean }> = {
		specialist: { specialist: true, self: false },
		office_manager: { specialist: true, self: false },
		service_manager: { specialist: false, self: false },
		provider_staff: { specialist: false, self: false },
		family: { specialist: false, self: true },
		client_self: { specialist: false, self: true },
		municipal: { specialist: false, self: false },
		hub_coordinator: { specialist: false, self: false },
	}
	const EXPECTED_VIEW: Record<TeamRole, boolean> = {
		specialist: true,
		office_manager: true,
		service_manager: true,
		provider_staff: true,
		family: true,
		client_self: true,
		municipal: true,
		hub_coordinator: false,
	}
	const EXPECTED_DELIVER: Record<TeamRole, boolean> = {
		specialist: true,
		office_manager: true,
		service_manager: false,
		provider_staff: false,
		family: false,
		client_self: false,
		municipal: false,
		hub_coordinator: false,
	}
	for (const role of TEAM_ROLES) {
		it(`${role}: start ${JSON.stringify(EXPECTED_START[role])}, view ${EXPECTED_VIEW[role]}, deliver ${EXPECTED_DELIVER[role]}`, () => {
			const a = actor(role)
			const scope = client([row(a.id, role)])
			expect(canStartCycle(a, scope, 'specialist', TODAY)).toBe(EXPECTED_START[role].specialist)
			expect(canStartCycle(a, scope, 'self', TODAY)).toBe(EXPECTED_START[role].self)
			expect(canStartCycle(a, scope, 'self', TODAY)).toBe(CYCLE_STARTERS.self.includes(role))
			expect(canViewCycle(a, scope, TODAY)).toBe(EXPECTED_VIEW[role])
			expect(canRecordPlanDelivery(a, scope, TODAY)).toBe(EXPECTED_DELIVER[role])
			// Closed cases take no step, start nothing and record no delivery.
			const closed = client([row(a.id, role)], { closed: true })
			expect(canStartCycle(a, closed, 'self', TODAY)).toBe(false)
			expect(canRecordPlanDelivery(a, closed, TODAY)).toBe(false)
			expect(canTakeCycleStep(a, closed, TEAM_ROLES, TODAY)).toBe(false)
		})
		it(`${role}: takes a step exactly when the step names the role`, () => {
			const a = actor(role)
			const scope = client([row(a.id, role)])
			expect(canTakeCycleStep(a, scope, [role], TODAY)).toBe(true)
			expect(canTakeCycleStep(a, scope, TEAM_ROLES.filter((r) => r !== role), TODAY)).toBe(false)
			expect(canTakeCycleStep(a, client([]), [role], TODAY)).toBe(false)
		})
	}
	it('in-app consent and the prior agreement belong to 本人 and family accounts only', () => {
		for (const role of ACCOUNT_ROLES) {
			const a = actor(role)
			const own = role === 'family' || role === 'client_self'
			expect(canAgreeToElectronicConsent(a), role).toBe(own)
			if (role === 'admin') continue
			const teamRole = role as TeamRole
			expect(canConsentInApp(a, client([row(a.id, teamRole)]), TODAY), role).toBe(own)
		}
		expect(canAgreeToElectronicConsent(actor('family', { disabled: true }))).toBe(false)
		expect(canConsentInApp(actor('family'), client([row('u-family', 'family')], { closed: true }), TODAY)).toBe(false)
		// A family account on the team as something else (no such row) does not consent for the person.
		expect(canConsentInApp(actor('family'), client([]), TODAY)).toBe(false)
	})
	it('a consent step: staff record paper signatures, the person and family consent in the app', () => {
		const family = actor('family')
		const specialist = actor('specialist')
		const scope = client([row(family.id, 'family'), row(specialist.id, 'specialist')])
		expect(consentChannelRefusal(family, scope, 'electronic', TODAY)).toBeNull()
		expect(consentChannelRefusal(family, scope, 'paper', TODAY)).toBe('本人・家族の同意は「同意する」画面から行ってください')
		expect(consentChannelRefusal(specialist, scope, 'paper', TODAY)).toBeNull()
		expect(consentChannelRefusal(specialist, scope, 'electronic', TODAY)).toBe('電子同意は本人・家族のアカウントで行います')
	})
	it('an office manager supervising the specialist starts an agency cycle', () => {
		const manager = actor('office_manager', { organizationIds: ['org-sodan'] })
		const scope = client([row('u-specialist', 'specialist', { organizationId: 'org-sodan' })])
		expect(canStartCycle(manager, scope, 'specialist', TODAY)).toBe(true)
	})
})
