import { describe, expect, it } from 'vitest'
import {
	canComment,
	canEndEmergencyAccess,
	canPrepareHubRegistration,
	canRecordEmergency,
	canReviewEmergencyAccess,
	canStartRevisionFromEmergency,
	canViewHubRoster,
	configuredEmergencyHours,
	DOCUMENT_KINDS,
	documentAccess,
	emergencyAccessRefusal,
	emergencySheetBasis,
	type Actor,
	type ClientScope,
	type TeamRow,
} from './index.ts'
import { ACCOUNT_ROLES, type AccountRole, type TeamRole } from './roles.ts'

const TODAY = '2026-12-07'
const HUB = 'org-hub'
const OTHER_HUB = 'org-hub-2'

function actor(role: AccountRole, extra: Partial<Actor> = {}): Actor {
	return { id: `u-${role}`, role, organizationIds: [], ...extra }
}
function row(userId: string | null, role: TeamRole, extra: Partial<TeamRow> = {}): TeamRow {
	return { userId, organizationId: null, role, startsOn: '2026-01-01', endsOn: null, ...extra }
}
function client(team: TeamRow[], extra: Partial<ClientScope> = {}): ClientScope {
	return { id: 'c1', team, hubRegistered: false, closed: false, ...extra }
}
const registered = (team: TeamRow[] = [], extra: Partial<ClientScope> = {}) => client(team, { hubRegistered: true, hubRegistrations: [{ hubOrganizationId: HUB }], ...extra })
const doc = (kind: (typeof DOCUMENT_KINDS)[number], scope: ClientScope) => ({ kind, organizationId: null, frozen: false, client: scope })

const coordinator = actor('hub_coordinator', { organizationIds: [HUB] })
const oncall = actor('hub_oncall', { organizationIds: [HUB] })

describe('hub coordinator of the registered hub (no team row)', () => {
	it('reads the クライシスプラン and nothing else, and never comments', () => {
		const scope = registered()
		for (const kind of DOCUMENT_KINDS) expect(documentAccess(coordinator, doc(kind, scope), TODAY), kind).toBe(kind === 'crisis_plan' ? 'read' : 'none')
		expect(canComment(coordinator, 'comment.create', doc('crisis_plan', scope), null, TODAY)).toBe(false)
		expect(emergencySheetBasis(coordinator, scope, TODAY)).toEqual({ basis: 'hub', hubOrganizationId: HUB })
	})
	it('sees nothing of a person registered with another hub, an unregistered one, or a closed case', () => {
		for (const scope of [client([], { hubRegistrations: [{ hubOrganizationId: OTHER_HUB }] }), client([]), registered([], { closed: true })]) {
			expect(documentAccess(coordinator, doc('crisis_plan', scope), TODAY)).toBe('none')
			expect(emergencySheetBasis(coordinator, scope, TODAY)).toBeNull()
		}
	})
	it('on-call staff get nothing from a registration (they use break-glass)', () => {
		expect(documentAccess(oncall, doc('crisis_plan', registered()), TODAY)).toBe('none')
	})
	it('roster: coordinators of that hub only', () => {
		expect(canViewHubRoster(coordinator, HUB)).toBe(true)
		expect(canViewHubRoster(coordinator, OTHER_HUB)).toBe(false)
		expect(canViewHubRoster(oncall, HUB)).toBe(false)
		expect(canViewHubRoster({ ...coordinator, disabled: true }, HUB)).toBe(false)
		for (const role of ACCOUNT_ROLES.filter((r) => r !== 'hub_coordinator')) expect(canViewHubRoster(actor(role, { organizationIds: [HUB] }), HUB), role).toBe(false)
	})
})

describe('break-glass grants', () => {
	const grant = { id: 'g1', userId: oncall.id, expiresAt: Date.parse('2026-12-08T00:00:00Z') }
	const withGrant = client([], { emergencyGrants: [grant] })
	it('give read access to the クライシスプラン only', () => {
		for (const kind of DOCUMENT_KINDS) expect(documentAccess(oncall, doc(kind, withGrant), TODAY), kind).toBe(kind === 'crisis_plan' ? 'read' : 'none')
		expect(emergencySheetBasis(oncall, withGrant, TODAY)).toEqual({ basis: 'grant', grantId: 'g1', expiresAt: grant.expiresAt })
		expect(canComment(oncall, 'comment.create', doc('crisis_plan', withGrant), null, TODAY)).toBe(false)
		expect(canRecordEmergency(oncall, withGrant, TODAY)).toBe(false)
		expect(canPrepareHubRegistration(oncall, withGrant, TODAY)).toBe(false)
	})
	it("are personal: another worker's grant gives nothing; non-hub roles get nothing from a grant row", () => {
		const other = actor('hub_oncall', { id: 'u-other', organizationIds: [HUB] })
		expect(documentAccess(other, doc('crisis_plan', withGrant), TODAY)).toBe('none')
		const family = actor('family')
		expect(documentAccess(family, doc('crisis_plan', client([], { emergencyGrants: [{ ...grant, userId: family.id }] })), TODAY)).toBe('none')
	})
	it('refuses outsiders, other municipalities, team members, closed cases and a second grant', () => {
		const hub = { organizationId: HUB, city: '希望が丘市' }
		const here = { ...client([]), municipalityCity: '希望が丘市' }
		expect(emergencyAccessRefusal(oncall, hub, here, TODAY)).toBeNull()
		expect(emergencyAccessRefusal(coordinator, hub, here, TODAY)).toBeNull()
		expect(emergencyAccessRefusal(actor('specialist', { organizationIds: [HUB] }), hub, here, TODAY)).toBe('not_hub_staff')
		expect(emergencyAccessRefusal(actor('hub_oncall', { organizationIds: [OTHER_HUB] }), hub, here, TODAY)).toBe('not_hub_staff')
		expect(emergencyAccessRefusal(oncall, hub, { ...here, municipalityCity: '小平市' }, TODAY)).toBe('other_municipality')
		expect(emergencyAccessRefusal(oncall, hub, { ...here, municipalityCity: null }, TODAY)).toBe('other_municipality')
		expect(emergencyAccessRefusal(coordinator, hub, { ...here, team: [row(coordinator.id, 'hub_coordinator')] }, TODAY)).toBe('on_team')
		expect(emergencyAccessRefusal(oncall, hub, { ...here, closed: true }, TODAY)).toBe('closed')
		expect(emergencyAccessRefusal(oncall, hub, { ...here, emergencyGrants: [grant] }, TODAY)).toBe('already_active')
	})
	it("review: the office manager supervising the person's specialist; ending: the holder or that manager", () => {
		const manager = actor('office_manager', { organizationIds: ['org-office'] })
		const scope = client([row('u-sodan', 'specialist', { organizationId: 'org-office' })])
		expect(canReviewEmergencyAccess(manager, scope, TODAY)).toBe(true)
		expect(canReviewEmergencyAccess(actor('office_manager', { organizationIds: ['org-else'] }), scope, TODAY)).toBe(false)
		expect(canReviewEmergencyAccess(actor('specialist', { id: 'u-sodan', organizationIds: ['org-office'] }), scope, TODAY)).toBe(false)
		expect(canEndEmergencyAccess(oncall, { userId: oncall.id }, scope, TODAY)).toBe(true)
		expect(canEndEmergencyAccess(manager, { userId: oncall.id }, scope, TODAY)).toBe(true)
		expect(canEndEmergencyAccess(coordinator, { userId: oncall.id }, scope, TODAY)).toBe(false)
	})
})

describe('registration and emergency records', () => {
	it('prepared by the consultation office, a hub coordinator on the team, or the registered hub', () => {
		const specialist = actor('specialist')
		expect(canPrepareHubRegistration(specialist, client([row(specialist.id, 'specialist')]), TODAY)).toBe(true)
		expect(canPrepareHubRegistration(coordinator, client([row(coordinator.id, 'hub_coordinator')]), TODAY)).toBe(true)
		expect(canPrepareHubRegistration(coordinator, registered(), TODAY)).toBe(true)
		expect(canPrepareHubRegistration(coordinator, client([]), TODAY)).toBe(false)
		const sabikan = actor('service_manager')
		expect(canPrepareHubRegistration(sabikan, client([row(sabikan.id, 'service_manager')]), TODAY)).toBe(false)
		expect(canPrepareHubRegistration(specialist, client([row(specialist.id, 'specialist')], { closed: true }), TODAY)).toBe(false)
	})
	it('emergencies are logged by the registered hub and the office; revisions opened by the office', () => {
		const specialist = actor('specialist')
		const scope = registered([row(specialist.id, 'specialist')])
		expect(canRecordEmergency(coordinator, scope, TODAY)).toBe(true)
		expect(canRecordEmergency(specialist, scope, TODAY)).toBe(true)
		expect(canRecordEmergency(coordinator, client([]), TODAY)).toBe(false)
		expect(canStartRevisionFromEmergency(specialist, scope, TODAY)).toBe(true)
		expect(canStartRevisionFromEmergency(coordinator, scope, TODAY)).toBe(false)
	})
})

describe('configured grant length', () => {
	it('defaults to 24 h and never exceeds 72 h', () => {
		expect(configuredEmergencyHours(undefined)).toBe(24)
		expect(configuredEmergencyHours('')).toBe(24)
		expect(configuredEmergencyHours('8')).toBe(8)
		expect(configuredEmergencyHours('72')).toBe(72)
		expect(configuredEmergencyHours('500')).toBe(72)
		expect(configuredEmergencyHours('abc')).toBe(24)
		expect(configuredEmergencyHours('0')).toBe(24)
		expect(configuredEmergencyHours('1.5')).toBe(24)
	})
})
