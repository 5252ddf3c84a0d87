import { json } from '@remix-run/node'
import {
	canGlobally,
	canOnClient,
	documentAccess,
	emergencyGrantOf,
	registeredHubOf,
	teamRoleFor,
	type Access,
	type ClientAction,
	type ClientScope,
	type DocumentKind,
	type DocumentScope,
	type GlobalAction,
	DOCUMENT_KINDS,
} from '#app/policies/index.ts'
import { isTeamRole } from '#app/policies/roles.ts'
import { prisma } from '#app/utils/db.server.ts'
import { todayJst } from '#app/utils/dates.ts'
import { audit } from './audit/audit.server.ts'
import { clientIp, type CurrentUser } from './auth/auth.server.ts'

/**
 * HTTP side of authorization: loads what the policy module needs and turns its answer into
 * 403/404 responses, auditing every refusal. The websocket server loads the same scopes
 * through these loaders (loadClientScope, loadDocumentScope).
 */

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

export function isWellFormedId(id: unknown): id is string {
	return typeof id === 'string' && ID_PATTERN.test(id)
}

/** The client's care team and status as the policy module sees it; null if there is no such client. */
export async function loadClientScope(clientId: string): Promise<ClientScope | null> {
	if (!isWellFormedId(clientId)) return null
	const client = await prisma.client.findUnique({
		where: { id: clientId },
		select: {
			id: true,
			closedAt: true,
			team: { select: { userId: true, organizationId: true, role: true, startsOn: true, endsOn: true } },
		},
	})
	if (!client) return null
	const now = new Date()
	// A セルフプラン's authors (person, family) write the plan while that cycle is open.
	const [openCycle, registrations, grants] = await Promise.all([
		prisma.planCycle.findFirst({ where: { clientId: client.id, endedAt: null }, orderBy: { number: 'desc' }, select: { variant: true } }),
		// 地域生活支援拠点 registrations in force (issue #12; the old Client.hubRegistered flag is no longer read).
		prisma.hubRegistration.findMany({ where: { clientId: client.id, status: 'active' }, select: { hubOrganizationId: true } }),
		// Break-glass grants in force now: ended or expired ones give nothing.
		prisma.emergencyAccessGrant.findMany({ where: { clientId: client.id, endedAt: null, expiresAt: { gt: now } }, select: { id: true, userId: true, expiresAt: true } }),
	])
	return {
		id: client.id,
		hubRegistered: registrations.length > 0,
		closed: client.closedAt !== null,
		selfPlan: openCycle?.variant === 'self',
		team: client.team.flatMap((row) => (isTeamRole(row.role) ? [{ ...row, role: row.role }] : [])),
		hubRegistrations: registrations.flatMap((r) => (r.hubOrganizationId ? [{ hubOrganizationId: r.hubOrganizationId }] : [])),
		emergencyGrants: grants.map((g) => ({ id: g.id, userId: g.userId, expiresAt: g.expiresAt.getTime() })),
	}
}

export type DocumentRecord = { id: string; clientId: string; kind: DocumentKind; title: string; organizationId: string | null }

export async function loadDocumentScope(
	documentId: string,
	loaders: DocumentScopeLoaders = DIRECT_LOADERS,
): Promise<{ document: DocumentRecord; scope: DocumentScope } | null> {
	if (!isWellFormedId(documentId)) return null
	const document = await loaders.document(documentId)
	if (!document || !(DOCUMENT_KINDS as readonly string[]).includes(document.kind)) return null
	const client = await loaders.client(document.clientId)
	if (!client) return null
	const kind = document.kind as DocumentKind
	const { frozenAt, ...record } = document
	return {
		document: { ...record, kind },
		scope: { kind, organizationId: document.organizationId, frozen: frozenAt !== null, client },
	}
}

/** The Document columns a document scope is made of. */
export const DOCUMENT_SCOPE_SELECT = { id: true, clientId: true, kind: true, title: true, organizationId: true, frozenAt: true } as const
export type DocumentScopeRow = { id: string; clientId: string; kind: string; title: string; organizationId: string | null; frozenAt: Date | null }

/**
 * How loadDocumentScope reads its two parts. The websocket server passes loaders that share
 * reads between handshakes arriving together (one query for many documents, one client scope
 * for many documents of the same client); HTTP uses the direct ones.
 */
export type DocumentScopeLoaders = {
	document(documentId: string): Promise<DocumentScopeRow | null>
	client(clientId: string): Promise<ClientScope | null>
}

const DIRECT_LOADERS: DocumentScopeLoaders = {
	document: (id) => prisma.document.findUnique({ where: { id }, select: DOCUMENT_SCOPE_SELECT }),
	client: loadClientScope,
}

/** The scope rows of many documents in one query (missing ids are absent from the map). */
export async function loadDocumentScopeRows(ids: readonly string[]): Promise<Map<string, DocumentScopeRow>> {
	const rows = await prisma.document.findMany({ where: { id: { in: ids.filter(isWellFormedId) } }, select: DOCUMENT_SCOPE_SELECT })
	return new Map(rows.map((row) => [row.id, row]))
}

async function deny(
	request: Request,
	current: CurrentUser,
	detail: { action: string; clientId?: string; target?: string },
	status: 403 | 404,
): Promise<never> {
	await audit({
		action: 'authz.denied',
		outcome: 'denied',
		userId: current.user.id,
		clientId: detail.clientId ?? null,
		target: detail.target ?? '',
		ipAddress: clientIp(request),
		detail: { attempted: detail.action, path: new URL(request.url).pathname },
	})
	const message = status === 404 ? '見つかりません' : 'この操作を行う権限がありません'
	throw json({ error: status === 404 ? 'not_found' : 'forbidden', message }, { status })
}

/**
 * Loads the client scope and checks a client-level action. Clients the user is not on the
 * team of answer 404 — their existence is itself sensitive — other refusals 403.
 */
export async function requireClientPermission(
	request: Request,
	current: CurrentUser,
	clientId: string | undefined,
	action: ClientAction,
): Promise<ClientScope> {
	const scope = clientId ? await loadClientScope(clientId) : null
	const today = todayJst()
	if (!scope) {
		if (clientId && isWellFormedId(clientId)) await deny(request, current, { action, clientId: undefined, target: `client:${clientId}` }, 404)
		throw json({ error: 'not_found', message: '見つかりません' }, { status: 404 })
	}
	if (canOnClient(current.actor, action, scope, today)) return scope
	const visible = canOnClient(current.actor, 'client.view', scope, today)
	return deny(request, current, { action, clientId: scope.id, target: `client:${scope.id}` }, visible ? 403 : 404)
}

export async function requireGlobalPermission(request: Request, current: CurrentUser, action: GlobalAction): Promise<void> {
	if (canGlobally(current.actor, action)) return
	await deny(request, current, { action }, 403)
}

/** Access to a co-edited document, refusing (404) when the user may not even read it. */
export async function requireDocumentAccess(
	request: Request,
	current: CurrentUser,
	documentId: string | undefined,
): Promise<{ document: DocumentRecord; scope: DocumentScope; access: Exclude<Access, 'none'> }> {
	const loaded = documentId ? await loadDocumentScope(documentId) : null
	if (!loaded) throw json({ error: 'not_found', message: '見つかりません' }, { status: 404 })
	const today = todayJst()
	const access = documentAccess(current.actor, loaded.scope, today)
	if (access === 'none') {
		return deny(
			request,
			current,
			{ action: 'document.read', clientId: loaded.document.clientId, target: `document:${loaded.document.id}` },
			404,
		)
	}
	// A view under break-glass is audited with its grant, whatever page shows the document.
	if (!teamRoleFor(current.actor, loaded.scope.client, today)) {
		const grant = emergencyGrantOf(current.actor, loaded.scope.client)
		if (grant && registeredHubOf(current.actor, loaded.scope.client) === null) {
			await audit({
				action: 'emergency_access.view',
				userId: current.user.id,
				clientId: loaded.document.clientId,
				target: `grant:${grant.id}`,
				ipAddress: clientIp(request),
				detail: { grantId: grant.id, document: `${loaded.document.kind}.${loaded.document.id}`, path: new URL(request.url).pathname },
			})
		}
	}
	return { ...loaded, access }
}
