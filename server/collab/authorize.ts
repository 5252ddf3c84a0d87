import type http from 'node:http'
import { CLOSE, parseDocName, type CloseCode } from '#app/editor/collab-protocol.ts'
import type { AuditEntry } from '#app/modules/audit/audit.server.ts'
import { loadActor } from '#app/modules/auth/auth.server.ts'
import { readSessionToken } from '#app/modules/auth/cookie.server.ts'
import { hashSessionToken, validateSessionToken, type SessionValidation } from '#app/modules/auth/session.server.ts'
import { loadClientScope, loadDocumentScope, loadDocumentScopeRows, type DocumentScopeLoaders, type DocumentScopeRow } from '#app/modules/authz.server.ts'
import { documentAccess, emergencyGrantOf, registeredHubOf, teamRoleFor, type Access, type Actor, type DocumentScope } from '#app/policies/index.ts'
import { isAccountRole, ROLE_LABELS, type AccountRole } from '#app/policies/roles.ts'
import { prisma } from '#app/utils/db.server.ts'
import { todayJst } from '#app/utils/dates.ts'
import { allowedOrigins, isAllowedOrigin } from '../security.ts'
import { schemaFor, type DocumentSchema } from './document-schema.ts'

/**
 * Websocket side of authorization. It decides nothing itself: the session is validated by the
 * same code as HTTP (session.server.ts), the actor and the document's scope come from the same
 * loaders, and `documentAccess` in the policy module gives none / read / write.
 */
export type AccessGrant = {
	docName: string
	kind: string
	documentId: string
	clientId: string
	schema: DocumentSchema
	userId: string
	sessionId: string
	sessionExpiresAt: number
	sessionLastActiveAt: number
	displayName: string
	roleLabel: string
	access: Exclude<Access, 'none'>
	/**
	 * Set when the access comes from a break-glass grant (issue #12): the grant is named in the
	 * audit and the socket closes when it expires.
	 */
	emergencyGrantId: string | null
	accessExpiresAt: number | null
}

export type Refusal = { code: CloseCode; reason: string; audit: AuditEntry }

export type UpgradeDecision = { ok: true; grant: AccessGrant } | { ok: false; refusal: Refusal }

/**
 * Shares the database lookups of handshakes that arrive together — a reconnect storm after a
 * restart brings every client of a document at once, and each lookup costs milliseconds on
 * the one connection. Entries live at most `ttlMs` and only within one authorization epoch:
 * any logout, team or account change empties the cache, and handshakes in flight at that
 * moment are decided again. Changes made without an event are caught by the periodic re-check
 * of open connections, within the same bound as without this cache plus `ttlMs`.
 */
export class AuthLookups {
	private readonly entries = new Map<string, { value: Promise<unknown>; expiresAt: number; epoch: number }>()

	constructor(
		private readonly ttlMs: number,
		private readonly currentEpoch: () => number,
	) {}

	get<T>(key: string, load: () => Promise<T>): Promise<T> {
		const now = Date.now()
		const epoch = this.currentEpoch()
		const hit = this.entries.get(key)
		if (hit && hit.expiresAt > now && hit.epoch === epoch) return hit.value as Promise<T>
		const value = load()
		const entry = { value, expiresAt: now + this.ttlMs, epoch }
		this.entries.set(key, entry)
		// A failed lookup is never served from the cache.
		value.catch(() => {
			if (this.entries.get(key) === entry) this.entries.delete(key)
		})
		return value
	}

	get size(): number {
		return this.entries.size
	}

	/**
	 * Document-scope loaders for handshakes: the Document rows asked for in one event-loop turn
	 * are read with one query, and a client's scope (team, hub registrations, break-glass
	 * grants — four queries) is shared by every document of that client, under the same ttl
	 * and epoch as every other entry. 2,000 sockets on 1,000 documents of one client cost a
	 * handful of queries instead of 5,000.
	 */
	readonly scopeLoaders: DocumentScopeLoaders = {
		document: (documentId) => this.documentRow(documentId),
		client: (clientId) => this.get(`client:${clientId}`, () => loadClientScope(clientId)),
	}

	private pendingRows: Map<string, Array<{ resolve: (row: DocumentScopeRow | null) => void; reject: (error: unknown) => void }>> | null = null

	private documentRow(documentId: string): Promise<DocumentScopeRow | null> {
		return new Promise((resolve, reject) => {
			if (!this.pendingRows) {
				const batch = (this.pendingRows = new Map())
				setImmediate(() => {
					this.pendingRows = null
					loadDocumentScopeRows(Array.from(batch.keys())).then(
						(rows) => {
							for (const [id, waiters] of batch) for (const waiter of waiters) waiter.resolve(rows.get(id) ?? null)
						},
						(error) => {
							for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error)
						},
					)
				})
			}
			const waiters = this.pendingRows.get(documentId)
			if (waiters) waiters.push({ resolve, reject })
			else this.pendingRows.set(documentId, [{ resolve, reject }])
		})
	}

	prune(now = Date.now()): void {
		const epoch = this.currentEpoch()
		for (const [key, entry] of this.entries) if (entry.expiresAt <= now || entry.epoch !== epoch) this.entries.delete(key)
	}
}

/** The request facts authorization looks at (the raw socket never reaches this module). */
export type UpgradeRequest = Pick<http.IncomingMessage, 'headers'> & { docName: string; ip: string }

function refuse(
	code: CloseCode,
	reason: string,
	request: UpgradeRequest,
	detail: { why: string; userId?: string | null; clientId?: string | null },
): UpgradeDecision {
	return {
		ok: false,
		refusal: {
			code,
			reason,
			audit: {
				action: 'authz.denied',
				outcome: 'denied',
				userId: detail.userId ?? null,
				clientId: detail.clientId ?? null,
				target: parseDocName(request.docName) ? `document:${request.docName}` : '',
				ipAddress: request.ip,
				detail: { attempted: 'document.connect', reason: detail.why, code },
			},
		},
	}
}

/**
 * Decides a websocket handshake before it is completed. Never loads or creates a Y.Doc.
 * Order: Origin (cross-site websocket hijacking), document name, session, document, policy.
 */
export async function authorizeUpgrade(
	request: UpgradeRequest,
	extraOrigins: readonly string[],
	lookups: AuthLookups,
): Promise<UpgradeDecision> {
	if (!isAllowedOrigin(headerValue(request.headers.origin), allowedOrigins(request, [...extraOrigins]))) {
		return refuse(CLOSE.forbidden, 'origin not allowed', request, { why: 'origin' })
	}
	const name = parseDocName(request.docName)
	if (!name) return refuse(CLOSE.notFound, 'bad document name', request, { why: 'bad-name' })

	const token = readSessionToken(headerValue(request.headers.cookie))
	if (!token) return refuse(CLOSE.unauthenticated, 'not logged in', request, { why: 'no-session' })
	// Keyed by the token's hash: the cache never holds a usable token.
	const validation = await lookups.get<SessionValidation>(`session:${hashSessionToken(token)}`, () => validateSessionToken(token))
	if (!validation.ok) {
		return refuse(CLOSE.unauthenticated, 'session ended', request, { why: `session-${validation.reason}`, userId: validation.userId })
	}
	const { user, session } = validation
	// Password checked but no second factor yet: not signed in as far as documents are concerned.
	if (session.stage !== 'full') {
		return refuse(CLOSE.unauthenticated, 'not logged in', request, { why: 'session-half-signed', userId: user.id })
	}
	if (!isAccountRole(user.role)) return refuse(CLOSE.unauthenticated, 'session ended', request, { why: 'role', userId: user.id })
	const actor = await lookups.get(`actor:${user.id}:${user.role}`, () => loadActor(user))

	const schema = schemaFor(name.kind)
	const loaded = schema ? await lookups.get(`document:${name.id}`, () => loadDocumentScope(name.id, lookups.scopeLoaders)) : null
	// Unknown documents answer like forbidden ones: a 4404 would confirm which ids exist.
	if (!schema || !loaded || loaded.document.kind !== name.kind) {
		return refuse(CLOSE.forbidden, 'no access', request, { why: 'unknown-document', userId: user.id })
	}
	const today = todayJst()
	const access = documentAccess(actor, loaded.scope, today)
	if (access === 'none') {
		return refuse(CLOSE.forbidden, 'no access', request, { why: 'policy', userId: user.id, clientId: loaded.document.clientId })
	}
	const emergency = emergencyBasis(actor, loaded.scope, today)
	// The scope may come from the lookup cache: a grant that has lapsed since gives nothing.
	if (emergency && emergency.expiresAt <= Date.now()) {
		return refuse(CLOSE.forbidden, 'no access', request, { why: 'emergency-access-expired', userId: user.id, clientId: loaded.document.clientId })
	}
	return {
		ok: true,
		grant: {
			docName: request.docName,
			kind: name.kind,
			documentId: loaded.document.id,
			clientId: loaded.document.clientId,
			schema,
			userId: user.id,
			sessionId: session.id,
			sessionExpiresAt: session.expiresAt.getTime(),
			sessionLastActiveAt: session.lastActiveAt.getTime(),
			displayName: user.displayName,
			roleLabel: emergency ? '緊急時アクセス' : roleLabel(actor, loaded.scope, today),
			access,
			emergencyGrantId: emergency?.id ?? null,
			accessExpiresAt: emergency?.expiresAt ?? null,
		},
	}
}

/** The break-glass grant the access rests on, when it rests on nothing else. */
function emergencyBasis(actor: Actor, scope: DocumentScope, today: string): { id: string; expiresAt: number } | null {
	if (teamRoleFor(actor, scope.client, today) !== null || registeredHubOf(actor, scope.client) !== null) return null
	return emergencyGrantOf(actor, scope.client)
}

/** The label others see on this person's caret: their role on this client's team. */
function roleLabel(actor: Actor, scope: DocumentScope, today: string): string {
	const teamRole = teamRoleFor(actor, scope.client, today)
	return ROLE_LABELS[(teamRole ?? actor.role) as AccountRole]
}

function headerValue(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value
}

/** A fresh decision for an open connection, after something it depended on changed. */
export type Verdict =
	| { kind: 'unauthenticated' }
	| { kind: 'access'; access: Access; displayName: string; roleLabel: string }

/**
 * Re-decides access for open connections with the same loaders and the same policy. Users and
 * documents are each loaded once however many connections share them.
 */
export async function reauthorize(subjects: ReadonlyArray<{ userId: string; documentId: string }>): Promise<Verdict[]> {
	const today = todayJst()
	const actors = new Map<string, Promise<{ actor: Actor; displayName: string } | null>>()
	const scopes = new Map<string, Promise<DocumentScope | null>>()
	for (const { userId, documentId } of subjects) {
		if (!actors.has(userId)) actors.set(userId, loadUserActor(userId))
		if (!scopes.has(documentId)) scopes.set(documentId, loadDocumentScope(documentId).then((loaded) => loaded?.scope ?? null))
	}
	return Promise.all(
		subjects.map(async ({ userId, documentId }): Promise<Verdict> => {
			const [subject, scope] = await Promise.all([actors.get(userId), scopes.get(documentId)])
			if (!subject) return { kind: 'unauthenticated' }
			if (!scope) return { kind: 'access', access: 'none', displayName: subject.displayName, roleLabel: '' }
			return {
				kind: 'access',
				access: documentAccess(subject.actor, scope, today),
				displayName: subject.displayName,
				roleLabel: roleLabel(subject.actor, scope, today),
			}
		}),
	)
}

async function loadUserActor(userId: string): Promise<{ actor: Actor; displayName: string } | null> {
	const user = await prisma.user.findUnique({
		where: { id: userId },
		select: { id: true, role: true, disabledAt: true, displayName: true },
	})
	if (!user || user.disabledAt || !isAccountRole(user.role)) return null
	return { actor: await loadActor(user), displayName: user.displayName }
}
