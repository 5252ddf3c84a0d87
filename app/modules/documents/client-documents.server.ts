import { CLIENT_DOCUMENT_KINDS, CLIENT_DOCUMENT_TITLES, type ClientDocumentKind } from '#app/document-forms/forms/kinds.ts'
import type { RequestMeta } from '#app/modules/clients/ids.server.ts'
import { documentAccess, teamRoleFor, type Actor, type ClientScope } from '#app/policies/index.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createDocumentOnce } from './create-document.server.ts'

export { CLIENT_DOCUMENT_KINDS, CLIENT_DOCUMENT_TITLES, isClientDocumentKind, type ClientDocumentKind } from '#app/document-forms/forms/kinds.ts'

/**
 * Creating the client-wide documents beside the plan (週間計画表, アセスメント, Myライフプラン,
 * クライシスプラン). They are created empty: the form applies its Yjs template on first open.
 */

export type EnsureResult = { ok: true; documentId: string; created: boolean } | { ok: false; status: 403 | 404 }

/**
 * One document of each kind per client, so its id is derived from the client's: two writers
 * who press 「作成」 at the same moment end up on the same document (the second insert fails
 * on the primary key and returns the first). Client ids are ≤ 43 characters, the result
 * stays within the app's 64-character id pattern.
 */
export function clientDocumentId(kind: ClientDocumentKind, clientId: string): string {
	return `${kind.replace('_', '-')}-${clientId}`
}

/**
 * Returns the client's document of this kind, creating it when there is none (idempotent).
 * Only a creation is audited ('document.create'). Refuses (403, or 404 off the team) anyone
 * who may not write the kind.
 */
export async function ensureClientDocument(
	actor: Actor,
	client: ClientScope,
	kind: ClientDocumentKind,
	today: string,
	meta: RequestMeta,
): Promise<EnsureResult> {
	if (documentAccess(actor, { kind, organizationId: null, frozen: false, client }, today) !== 'write') {
		return { ok: false, status: teamRoleFor(actor, client, today) ? 403 : 404 }
	}
	const existing = await prisma.document.findFirst({
		where: { clientId: client.id, kind },
		select: { id: true },
		orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
	})
	if (existing) return { ok: true, documentId: existing.id, created: false }
	const id = clientDocumentId(kind, client.id)
	const created = await createDocumentOnce({ id, clientId: client.id, kind, title: CLIENT_DOCUMENT_TITLES[kind] }, actor.id, meta.ipAddress)
	return { ok: true, documentId: id, created }
}

/** Kinds the actor may create for this client because none exists yet (for the 「作成」 buttons). */
export function missingClientDocumentKinds(
	actor: Actor,
	client: ClientScope,
	existingKinds: readonly string[],
	today: string,
): ClientDocumentKind[] {
	return CLIENT_DOCUMENT_KINDS.filter(
		(kind) => !existingKinds.includes(kind) && documentAccess(actor, { kind, organizationId: null, frozen: false, client }, today) === 'write',
	)
}
