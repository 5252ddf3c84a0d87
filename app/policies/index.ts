/**
 * The one policy module: pure functions that answer "may this user do this action on this
 * client / document / comment". No I/O: callers load the actor and the client's care team
 * and pass them in. Every loader, action and websocket message goes through these functions
 * (HTTP via app/modules/authz.server.ts, websocket via server/collab/authorize.ts).
 */
import { outsideTeamDocumentAccess } from './hub.ts'
import { isRowActive, PROVIDER_ROLES } from './membership.ts'
import type { AccountRole, TeamRole } from './roles.ts'
import { hasSpecialistUnderContract, selfAccountReaches, SELF_PLAN_STARTERS } from './self-plan.ts'

export * from './self-plan.ts'

export * from './hub.ts'

export * from './membership.ts'

export type Actor = {
	id: string
	role: AccountRole
	/** organisations the person currently belongs to */
	organizationIds: readonly string[]
	disabled?: boolean
	/** 本人 accounts: the one client the account belongs to (User.clientId; self-plan.ts) */
	ownClientId?: string | null
}

export type TeamRow = {
	userId: string | null
	organizationId: string | null
	role: TeamRole
	/** YYYY-MM-DD, inclusive */
	startsOn: string
	/** YYYY-MM-DD, inclusive; null while the membership is open */
	endsOn: string | null
}

export type ClientScope = {
	id: string
	team: readonly TeamRow[]
	hubRegistered: boolean
	closed: boolean
	/**
	 * The client's open plan cycle is a セルフプラン (variant 'self'): the person and the family
	 * write the plan themselves. Optional because scopes built without the cycle (fixtures, other
	 * loaders) mean "no セルフプラン"; loadClientScope always sets it.
	 */
	selfPlan?: boolean
	/**
	 * 地域生活支援拠点 registrations in force (issue #12, app/policies/hub.ts): the hubs whose
	 * coordinators read the person's emergency sheet and クライシスプラン. `hubRegistered` above is
	 * true exactly when this is non-empty. Optional: scopes built without it mean "none".
	 */
	hubRegistrations?: ReadonlyArray<{ hubOrganizationId: string }>
	/** Break-glass grants in force when the scope was loaded (ended and expired ones are left out). */
	emergencyGrants?: ReadonlyArray<{ id: string; userId: string; expiresAt: number }>
}

/**
 * Co-edited document kinds. A new kind is an entry here, in DOCUMENT_ACCESS below and in the
 * collaboration server's schema table (server/collab/document-schema.ts).
 *   note — the team's shared memo (one rich-text editor)
 *   plan — サービス等利用計画 / 障害児支援利用計画 (structured form, app/document-forms/)
 *   weekly, assessment, life_plan, crisis_plan — 週間計画表, アセスメント, Myライフプラン,
 *     クライシスプラン (structured forms, app/document-forms/forms/)
 *   isp — 個別支援計画: one per provider organisation on the team (Document.organizationId),
 *     written by that provider's own staff only (app/document-forms/isp.ts)
 *   minutes — サービス担当者会議の記録: co-edited during the meeting, frozen when it closes
 *   monitoring — モニタリング報告書 (様式3-1): the specialist's report, each provider fills in
 *     its サービス提供状況
 */
export const DOCUMENT_KINDS = ['note', 'plan', 'weekly', 'assessment', 'life_plan', 'crisis_plan', 'isp', 'minutes', 'monitoring'] as const
export type DocumentKind = (typeof DOCUMENT_KINDS)[number]

export type DocumentScope = {
	kind: DocumentKind
	/** owning provider organisation (individual support plans); null for client-wide documents */
	organizationId: string | null
	/** frozen for good (closed meeting's minutes): nobody writes it any more */
	frozen: boolean
	client: ClientScope
}

export type Access = 'none' | 'read' | 'write'

export const CLIENT_ACTIONS = [
	'client.view',
	'client.edit',
	'certificate.view',
	'certificate.edit',
	'team.view',
	'team.manage',
	'document.list',
	'meeting.view',
	'meeting.manage',
	// 「報告書を完了」 and closing the case (終了): the consultation office's decisions
	'monitoring.complete',
	'client.close',
] as const
export type ClientAction = (typeof CLIENT_ACTIONS)[number]

export const GLOBAL_ACTIONS = ['client.create', 'directory.view', 'account.manage', 'audit.view', 'dashboard.view', 'submissions.view'] as const
export type GlobalAction = (typeof GLOBAL_ACTIONS)[number]

/** Which client-level actions each team role may take. */
export const CLIENT_PERMISSIONS: Record<TeamRole, readonly ClientAction[]> = {
	specialist: CLIENT_ACTIONS,
	office_manager: CLIENT_ACTIONS,
	// Everyone invited to a サービス担当者会議 sees its schedule, agenda and minutes; the
	// consultation office schedules, runs and closes it.
	service_manager: ['client.view', 'certificate.view', 'team.view', 'document.list', 'meeting.view'],
	provider_staff: ['client.view', 'certificate.view', 'team.view', 'document.list', 'meeting.view'],
	family: ['client.view', 'certificate.view', 'team.view', 'document.list', 'meeting.view'],
	client_self: ['client.view', 'certificate.view', 'team.view', 'document.list', 'meeting.view'],
	municipal: ['client.view', 'certificate.view', 'team.view', 'document.list', 'meeting.view'],
	// The hub coordinator prepares for emergencies: who the person is and who to call.
	hub_coordinator: ['client.view', 'team.view', 'document.list'],
}

/**
 * The 相談支援専門員's documents beside the plan (週間計画表, アセスメント, Myライフプラン,
 * クライシスプラン): the consultation office writes them, the rest of the team reads them.
 */
const PLAN_ANNEX_ACCESS = {
	specialist: 'write',
	office_manager: 'write',
	service_manager: 'read',
	provider_staff: 'read',
	family: 'read',
	client_self: 'read',
	municipal: 'read',
} as const satisfies Partial<Record<TeamRole, Exclude<Access, 'none'>>>

/** Access to each kind of co-edited document, by team role. Missing = none. */
export const DOCUMENT_ACCESS: Record<DocumentKind, Partial<Record<TeamRole, Exclude<Access, 'none'>>>> = {
	note: {
		specialist: 'write',
		office_manager: 'write',
		service_manager: 'write',
		provider_staff: 'write',
		family: 'read',
		client_self: 'read',
		municipal: 'read',
	},
	// The plan is the 相談支援専門員's document: providers, the family, the person and the
	// municipality read it (it is handed to them); the hub coordinator does not need it.
	plan: {
		specialist: 'write',
		office_manager: 'write',
		service_manager: 'read',
		provider_staff: 'read',
		family: 'read',
		client_self: 'read',
		municipal: 'read',
	},
	weekly: PLAN_ANNEX_ACCESS,
	assessment: PLAN_ANNEX_ACCESS,
	life_plan: PLAN_ANNEX_ACCESS,
	// The hub coordinator's read access is further limited to pre-registered clients (documentAccess).
	crisis_plan: { ...PLAN_ANNEX_ACCESS, hub_coordinator: 'read' },
	// 個別支援計画: the provider's sabikan and staff write it — only their own organisation's
	// (documentAccess); the consultation office reads it (and comments later), the family and
	// the person read it; other providers, the municipality and the hub coordinator do not.
	isp: {
		specialist: 'read',
		office_manager: 'read',
		service_manager: 'write',
		provider_staff: 'write',
		family: 'read',
		client_self: 'read',
	},
	// Minutes of a サービス担当者会議: the consultation office and the providers write them
	// together during the meeting (each provider's 専門的見地からの意見); the family, the person
	// and the municipality read them and take part through comments.
	minutes: {
		specialist: 'write',
		office_manager: 'write',
		service_manager: 'write',
		provider_staff: 'write',
		family: 'read',
		client_self: 'read',
		municipal: 'read',
	},
	// モニタリング報告書: written by the consultation office with the providers (each fills in its
	// サービス提供状況); the person, the family and the municipality read it.
	monitoring: {
		specialist: 'write',
		office_manager: 'write',
		service_manager: 'write',
		provider_staff: 'write',
		family: 'read',
		client_self: 'read',
		municipal: 'read',
	},
}

export const GLOBAL_PERMISSIONS: Record<AccountRole, readonly GlobalAction[]> = {
	// The dashboard lists only clients the viewer is on the team of (or supervises).
	specialist: ['client.create', 'directory.view', 'dashboard.view'],
	// The audit trail spans every office's clients: only system administrators read it.
	office_manager: ['client.create', 'directory.view', 'dashboard.view'],
	service_manager: ['directory.view'],
	provider_staff: ['directory.view'],
	client_self: ['directory.view'],
	family: ['directory.view'],
	// The municipality's inbox of plans submitted by (or for) its residents.
	municipal: ['directory.view', 'submissions.view'],
	hub_coordinator: ['directory.view'],
	hub_oncall: ['directory.view'],
	// Admins manage accounts and read the audit trail; they never see client content.
	admin: ['directory.view', 'account.manage', 'audit.view'],
}

// When a person holds several rows, the strongest one counts.
const ROLE_STRENGTH: Record<TeamRole, number> = {
	specialist: 8,
	office_manager: 7,
	service_manager: 6,
	provider_staff: 5,
	municipal: 4,
	hub_coordinator: 3,
	family: 2,
	client_self: 1,
}

/**
 * The actor's role on the client's team today, or null when they are not on it.
 * A 相談支援事業所 manager supervises every client whose active specialist belongs to
 * one of the manager's organisations.
 */
export function teamRoleFor(actor: Actor, client: ClientScope, today: string): TeamRole | null {
	if (actor.disabled || actor.role === 'admin') return null
	if (!selfAccountReaches(actor, client.id)) return null
	let best: TeamRole | null = null
	for (const row of client.team) {
		if (!isRowActive(row, today)) continue
		let candidate: TeamRole | null = null
		if (row.userId === actor.id) candidate = row.role
		else if (
			actor.role === 'office_manager' &&
			row.role === 'specialist' &&
			row.organizationId !== null &&
			actor.organizationIds.includes(row.organizationId)
		) {
			candidate = 'office_manager'
		}
		if (candidate && (best === null || ROLE_STRENGTH[candidate] > ROLE_STRENGTH[best])) best = candidate
	}
	return best
}

/** May the actor take this client-level action today? */
export function canOnClient(actor: Actor, action: ClientAction, client: ClientScope, today: string): boolean {
	const role = teamRoleFor(actor, client, today)
	if (!role) return false
	if (client.closed && WRITE_ACTIONS.has(action)) return false
	return CLIENT_PERMISSIONS[role].includes(action)
}

const WRITE_ACTIONS = new Set<ClientAction>(['client.edit', 'certificate.edit', 'team.manage', 'meeting.manage', 'monitoring.complete', 'client.close'])

/** May the actor take this action that concerns no particular client? */
export function canGlobally(actor: Actor, action: GlobalAction): boolean {
	if (actor.disabled) return false
	return GLOBAL_PERMISSIONS[actor.role].includes(action)
}

/** none / read / write for a co-edited document. Closed cases are read-only. */
export function documentAccess(actor: Actor, document: DocumentScope, today: string): Access {
	const role = teamRoleFor(actor, document.client, today)
	// From outside the team only the クライシスプラン, read-only: the registered hub's coordinator
	// and break-glass grants (hub.ts).
	if (!role) return outsideTeamDocumentAccess(actor, document.kind, document.client)
	const access = DOCUMENT_ACCESS[document.kind][role] ?? 'none'
	// 拠点 coordinators prepare for emergencies of households registered with the 拠点 only.
	if (role === 'hub_coordinator' && !document.client.hubRegistered) return 'none'
	// A provider's 個別支援計画 belongs to that provider: staff of other providers on the same
	// team neither read nor write it.
	if (document.kind === 'isp' && PROVIDER_ROLES.has(role) && !ownsDocument(actor, document)) return 'none'
	// セルフプラン: the person and the family are the plan's authors while their cycle is open.
	if (document.kind === 'plan' && document.client.selfPlan === true && SELF_PLAN_AUTHORS.has(role)) {
		return document.client.closed || document.frozen ? 'read' : 'write'
	}
	// …and nobody else writes it: staff who still hold a row on the team read it at most.
	if (document.kind === 'plan' && document.client.selfPlan === true && access === 'write') return 'read'
	if (access === 'write' && (document.client.closed || document.frozen)) return 'read'
	return access
}

export const COMMENT_ACTIONS = ['comment.create', 'comment.edit', 'comment.delete', 'comment.resolve', 'comment.flag'] as const
export type CommentAction = (typeof COMMENT_ACTIONS)[number]

/** The comment an action is taken on (its thread root for resolve / flag). */
export type CommentScope = {
	authorId: string
	/** the thread's root comment (replies are never resolved or flagged themselves) */
	isRoot: boolean
	deleted: boolean
}

/** Roles that run the meeting and so may settle or raise anyone's thread. */
const MEETING_LEADERS: ReadonlySet<TeamRole> = new Set(['specialist', 'office_manager'])

/**
 * May the actor comment on a document, or change a comment? Comments are not document
 * writes: anyone who may read the document may comment — 本人 and the family included —
 * while only the author edits or deletes their own words. Resolving a thread (or reopening
 * it) is for its author and for those who write the document; raising a thread at the next
 * meeting (会議で検討) is for its author and the people who run the meeting. Closed cases and
 * frozen documents take no new comments or changes.
 */
export function canComment(
	actor: Actor,
	action: CommentAction,
	document: DocumentScope,
	comment: CommentScope | null,
	today: string,
): boolean {
	const access = documentAccess(actor, document, today)
	if (access === 'none' || document.client.closed || document.frozen) return false
	// Readers from outside the team (hub registration, break-glass) only read.
	if (!teamRoleFor(actor, document.client, today)) return false
	if (action === 'comment.create') return true
	if (!comment || comment.deleted) return false
	const own = comment.authorId === actor.id
	switch (action) {
		case 'comment.edit':
		case 'comment.delete':
			return own
		case 'comment.resolve':
			return comment.isRoot && (own || access === 'write')
		case 'comment.flag': {
			const role = teamRoleFor(actor, document.client, today)
			return comment.isRoot && (own || (role !== null && MEETING_LEADERS.has(role)))
		}
	}
}

const SELF_PLAN_AUTHORS: ReadonlySet<TeamRole> = new Set(['family', 'client_self'])

function ownsDocument(actor: Actor, document: DocumentScope): boolean {
	return document.organizationId !== null && actor.organizationIds.includes(document.organizationId)
}

/** Whether an organisation's own staff may update its directory entry (vacancy etc.). */
export function canUpdateOrganization(actor: Actor, organizationId: string): boolean {
	if (actor.disabled) return false
	if (actor.role === 'admin') return true
	return actor.organizationIds.includes(organizationId) && actor.role !== 'family' && actor.role !== 'client_self'
}

/**
 * May the actor disable or re-enable this account? Account managers may, except on their own
 * account: an admin who locks themselves out leaves nobody to undo it.
 */
export function canChangeAccountStatus(actor: Actor, target: { id: string }): boolean {
	return canGlobally(actor, 'account.manage') && actor.id !== target.id
}

/** Everything the UI needs to show or hide controls for one client (mirrors the checks). */
export function clientAbilities(actor: Actor, client: ClientScope, today: string) {
	return Object.fromEntries(CLIENT_ACTIONS.map((a) => [a, canOnClient(actor, a, client, today)])) as Record<
		ClientAction,
		boolean
	>
}

// ---------------------------------------------------------------------------
// Plan cycle (issue #6). Which team roles take each step is data of the pure state machine
// (modules/cycle/plan-cycle.ts TRANSITIONS); whether this actor holds one of them today, on a
// case that is still open, is decided here.

export type PlanVariantCode = 'specialist' | 'self'

/**
 * Who opens a cycle: the consultation office for an agency plan; a セルフプラン by the person or
 * the family, its authors, on a case without a specialist under contract.
 */
export const CYCLE_STARTERS: Record<PlanVariantCode, readonly TeamRole[]> = {
	specialist: ['specialist', 'office_manager'],
	self: SELF_PLAN_STARTERS,
}

export function canStartCycle(actor: Actor, client: ClientScope, variant: PlanVariantCode, today: string): boolean {
	const role = teamRoleFor(actor, client, today)
	if (!role || client.closed) return false
	// A セルフプラン needs no specialist, and a case with one under contract is theirs (self-plan.ts).
	if (variant === 'self' && hasSpecialistUnderContract(client, today)) return false
	return (CYCLE_STARTERS[variant] ?? []).includes(role)
}

/** The cycle page (timeline, versions): whoever reads the plan. */
export function canViewCycle(actor: Actor, client: ClientScope, today: string): boolean {
	return documentAccess(actor, { kind: 'plan', organizationId: null, frozen: false, client }, today) !== 'none'
}

/** May the actor take a step whose roles are stepRoles (from TRANSITIONS)? Closed cases take none. */
export function canTakeCycleStep(actor: Actor, client: ClientScope, stepRoles: readonly TeamRole[], today: string): boolean {
	const role = teamRoleFor(actor, client, today)
	if (!role || client.closed) return false
	return stepRoles.includes(role)
}

/** 交付 of the plan (to the person, each provider, the municipality) is recorded by the consultation office. */
export function canRecordPlanDelivery(actor: Actor, client: ClientScope, today: string): boolean {
	const role = teamRoleFor(actor, client, today)
	if (!role || client.closed) return false
	return MEETING_LEADERS.has(role)
}

/**
 * Consent in the app (電磁的方法) is given by the person's or the family's own account — an
 * account never consents in somebody else's name, and staff record paper consent instead.
 */
export function canConsentInApp(actor: Actor, client: ClientScope, today: string): boolean {
	if (actor.role !== 'family' && actor.role !== 'client_self') return false
	const role = teamRoleFor(actor, client, today)
	return (role === 'family' || role === 'client_self') && !client.closed
}

/**
 * Who records a consent step (同意 to the 案 or the 本計画) through which channel: 'electronic'
 * only by the consenting account itself (canConsentInApp); 'paper' only by staff recording a
 * signature — the person and the family consent on their 「同意する」 page, never by pressing
 * staff's button. Returns the refusal (403) or null when the channel is right.
 */
export function consentChannelRefusal(actor: Actor, client: ClientScope, channel: 'paper' | 'electronic', today: string): string | null {
	if (channel === 'electronic') return canConsentInApp(actor, client, today) ? null : '電子同意は本人・家族のアカウントで行います'
	const role = teamRoleFor(actor, client, today)
	return role === 'family' || role === 'client_self' ? '本人・家族の同意は「同意する」画面から行ってください' : null
}

/** The prior agreement to 電磁的方法 belongs to the person's or the family's own account. */
export function canAgreeToElectronicConsent(actor: Actor): boolean {
	return !actor.disabled && (actor.role === 'family' || actor.role === 'client_self')
}

// FHIR export (issue #14): its own file, re-exported here.
export { FHIR_EXPORT_ROLES, canExportFhir, type FhirExportTarget } from './fhir.ts'
export { canResetSecondFactor, canSetTwoFactorPolicy, mayTurnOffSecondFactor, secondFactorRequired } from './sign-in.ts'
