/**
 * 地域生活支援拠点 (issue #12): who may prepare a registration, see a hub's roster and a person's
 * emergency sheet, log an emergency, break the glass and review it. Pure, like the rest of the
 * policy module: callers load the actor, the client scope (with its hub registrations and the
 * break-glass grants in force at load time) and the hub, and pass them in.
 *
 * Two ways reach a person from outside the care team, both read-only and both limited to the
 * emergency sheet and the クライシスプラン:
 * - a hub coordinator of the hub the person is registered with (the registration records the
 *   consent to share with that hub);
 * - a break-glass grant of a hub coordinator or on-call worker (reason stated, expires, audited,
 *   reviewed by the office manager).
 */
import type { Actor, ClientScope } from './index.ts'
import type { TeamRole } from './roles.ts'
import { teamRoleFor } from './index.ts'

/** Account roles that work for a 地域生活支援拠点 organisation. */
export const HUB_STAFF_ROLES = ['hub_coordinator', 'hub_oncall'] as const

/** The hub as the break-glass rule needs it: its organisation and the municipality it serves. */
export type HubScope = {
	organizationId: string
	/** the city the hub serves (Organization.city of the hub) */
	city: string
}

/** Break-glass limits: default 24 h; a deployment may configure up to 72 h, never more. */
export const EMERGENCY_ACCESS_DEFAULT_HOURS = 24
export const EMERGENCY_ACCESS_MAX_HOURS = 72

export function isHubStaff(actor: Actor): boolean {
	return !actor.disabled && (HUB_STAFF_ROLES as readonly string[]).includes(actor.role)
}

/** A hub coordinator working for this hub organisation today. */
export function isCoordinatorOf(actor: Actor, hubOrganizationId: string): boolean {
	return !actor.disabled && actor.role === 'hub_coordinator' && actor.organizationIds.includes(hubOrganizationId)
}

/** The roster, 調整会議 and monthly summary of a hub are for its coordinators. */
export function canViewHubRoster(actor: Actor, hubOrganizationId: string): boolean {
	return isCoordinatorOf(actor, hubOrganizationId)
}

/** A coordinator of a hub the client is registered with today (registration = consent to share). */
export function registeredHubOf(actor: Actor, client: ClientScope): string | null {
	if (client.closed) return null
	for (const registration of client.hubRegistrations ?? []) {
		if (isCoordinatorOf(actor, registration.hubOrganizationId)) return registration.hubOrganizationId
	}
	return null
}

/** The actor's break-glass grant on this client that was in force when the scope was loaded. */
export function emergencyGrantOf(actor: Actor, client: ClientScope): { id: string; expiresAt: number } | null {
	if (actor.disabled || !isHubStaff(actor)) return null
	const grant = (client.emergencyGrants ?? []).find((g) => g.userId === actor.id)
	return grant ? { id: grant.id, expiresAt: grant.expiresAt } : null
}

/**
 * Document access from outside the care team (index.ts documentAccess asks this when the actor
 * has no team role): the クライシスプラン, read-only, for the registered hub's coordinator and for
 * a break-glass grant. Nothing else, ever.
 */
export function outsideTeamDocumentAccess(actor: Actor, kind: string, client: ClientScope): 'none' | 'read' {
	if (kind !== 'crisis_plan') return 'none'
	if (registeredHubOf(actor, client) !== null) return 'read'
	if (emergencyGrantOf(actor, client) !== null) return 'read'
	return 'none'
}

/** On what footing the actor sees the person's emergency sheet; null = not at all. */
export type EmergencySheetBasis = { basis: 'team'; role: TeamRole } | { basis: 'hub'; hubOrganizationId: string } | { basis: 'grant'; grantId: string; expiresAt: number }

/** Team roles that read the emergency sheet (those that read the クライシスプラン). */
const SHEET_TEAM_ROLES: ReadonlySet<TeamRole> = new Set(['specialist', 'office_manager', 'service_manager', 'provider_staff', 'family', 'client_self', 'municipal', 'hub_coordinator'])

export function emergencySheetBasis(actor: Actor, client: ClientScope, today: string): EmergencySheetBasis | null {
	const role = teamRoleFor(actor, client, today)
	if (role && SHEET_TEAM_ROLES.has(role) && (role !== 'hub_coordinator' || client.hubRegistered)) return { basis: 'team', role }
	const hub = registeredHubOf(actor, client)
	if (hub) return { basis: 'hub', hubOrganizationId: hub }
	const grant = emergencyGrantOf(actor, client)
	if (grant) return { basis: 'grant', grantId: grant.id, expiresAt: grant.expiresAt }
	return null
}

/**
 * Preparing or changing a registration (事前の利用登録): the consultation office on the team, a
 * hub coordinator on the team, or a coordinator of the hub the person is registered with.
 */
export function canPrepareHubRegistration(actor: Actor, client: ClientScope, today: string): boolean {
	if (client.closed || actor.disabled) return false
	const role = teamRoleFor(actor, client, today)
	if (role === 'specialist' || role === 'office_manager' || role === 'hub_coordinator') return true
	return registeredHubOf(actor, client) !== null
}

/**
 * 緊急対応記録: written by the registered hub's coordinator or by the consultation office. A
 * break-glass grant is read-only and never enough.
 */
export function canRecordEmergency(actor: Actor, client: ClientScope, today: string): boolean {
	if (client.closed || actor.disabled) return false
	const role = teamRoleFor(actor, client, today)
	if (role === 'specialist' || role === 'office_manager') return true
	if (role === 'hub_coordinator' && client.hubRegistered) return true
	return registeredHubOf(actor, client) !== null
}

/** Emergency records of a person: the consultation office, the registered hub's coordinator. */
export function canViewEmergencies(actor: Actor, client: ClientScope, today: string): boolean {
	const role = teamRoleFor(actor, client, today)
	if (role === 'specialist' || role === 'office_manager') return true
	if (role === 'hub_coordinator' && client.hubRegistered) return true
	return registeredHubOf(actor, client) !== null
}

/** Opening a plan revision from an emergency: whoever revises the plan (the consultation office). */
export function canStartRevisionFromEmergency(actor: Actor, client: ClientScope, today: string): boolean {
	const role = teamRoleFor(actor, client, today)
	return !client.closed && (role === 'specialist' || role === 'office_manager')
}

export type EmergencyAccessRefusal = 'not_hub_staff' | 'on_team' | 'other_municipality' | 'closed' | 'already_active'

/** Japanese messages for each refusal (shown as the error of the form). */
export const EMERGENCY_ACCESS_REFUSALS: Record<EmergencyAccessRefusal, string> = {
	not_hub_staff: '緊急時アクセスは地域生活支援拠点のコーディネーター・緊急対応職員だけが使えます',
	on_team: 'この方の支援チームの一員のため、緊急時アクセスは不要です。通常の画面から開いてください',
	other_municipality: 'この拠点の対象市町村（支給決定を行う市町村）の方ではないため、緊急時アクセスはできません',
	closed: '支援が終了した方には緊急時アクセスはできません',
	already_active: 'この方への緊急時アクセスはすでに有効です',
}

/**
 * May this hub staff member break the glass on this person? The person must be a resident of
 * the hub's municipality (the city of the municipality that pays their benefits), registered
 * with the hub or not; someone on the care team already has their own access.
 */
export function emergencyAccessRefusal(
	actor: Actor,
	hub: HubScope,
	client: ClientScope & { municipalityCity: string | null },
	today: string,
): EmergencyAccessRefusal | null {
	if (!isHubStaff(actor) || !actor.organizationIds.includes(hub.organizationId)) return 'not_hub_staff'
	if (client.closed) return 'closed'
	if (!client.municipalityCity || client.municipalityCity !== hub.city) return 'other_municipality'
	if (teamRoleFor(actor, client, today) !== null) return 'on_team'
	if (emergencyGrantOf(actor, client) !== null) return 'already_active'
	return null
}

/**
 * The review of a grant (適切 / 不適切): the office manager of the person's consultation office —
 * the manager who supervises the person (teamRoleFor gives office_manager).
 */
export function canReviewEmergencyAccess(actor: Actor, client: ClientScope, today: string): boolean {
	return actor.role === 'office_manager' && teamRoleFor(actor, client, today) === 'office_manager'
}

/** The grant's holder ends it early; so may the reviewing office manager. */
export function canEndEmergencyAccess(actor: Actor, grant: { userId: string }, client: ClientScope, today: string): boolean {
	if (actor.disabled) return false
	return grant.userId === actor.id || canReviewEmergencyAccess(actor, client, today)
}

/**
 * The deployment's grant length (KIZUNA_EMERGENCY_ACCESS_HOURS): whole hours, default 24, never
 * more than 72 — a larger or unreadable value falls back to the nearest allowed one. A requester
 * may ask for less, never more.
 */
export function configuredEmergencyHours(raw: string | undefined): number {
	if (raw === undefined || raw.trim() === '') return EMERGENCY_ACCESS_DEFAULT_HOURS
	const n = Number(raw)
	if (!Number.isInteger(n) || n < 1) return EMERGENCY_ACCESS_DEFAULT_HOURS
	return Math.min(n, EMERGENCY_ACCESS_MAX_HOURS)
}
