import crypto from 'node:crypto'
import * as Y from 'yjs'
import { readDocument, type DocumentSnapshot } from '#app/document-forms/structure.ts'
import { audit } from '#app/modules/audit/audit.server.ts'
import { newId, type RequestMeta } from '#app/modules/clients/ids.server.ts'
import { loadStoredDocument } from '#app/modules/documents/stored-document.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { parseFrozenFacts, serializeFrozenFacts, type FrozenPlanFacts } from './header-facts.ts'

/**
 * Immutable versions of co-edited documents (decision 0007, issue #6): at consent the exact
 * state is frozen — the Yjs state and the rendered form — under a SHA-256 content hash. Rows are
 * never updated or deleted (database triggers); editing goes on in the live document.
 */

export const VERSION_REASONS = ['draft_consented', 'final_consented', 'submitted', 'manual'] as const
export type VersionReason = (typeof VERSION_REASONS)[number]
export const VERSION_REASON_LABELS: Record<VersionReason, string> = {
	draft_consented: '計画案（同意済み）',
	final_consented: '本計画（同意・交付）',
	submitted: '市町村へ提出',
	manual: '手動で保存した版',
}

/**
 * The content hash: SHA-256 over a domain tag, the state's length and bytes, then the rendered
 * JSON — length-prefixed so no two (state, rendered) pairs hash the same input. A version that
 * keeps its printout's facts (frozenFacts, issue #11) hashes them too, under its own tag and
 * with the rendering length-prefixed as well; versions frozen before keep the v1 hash they have.
 */
export function versionHash(state: Uint8Array, rendered: string, frozenFacts: string | null = null): string {
	const hash = crypto.createHash('sha256')
	hash.update(frozenFacts === null ? 'kizuna-version-v1\n' : 'kizuna-version-v2\n')
	hash.update(`${state.byteLength}\n`)
	hash.update(state)
	if (frozenFacts === null) {
		hash.update(rendered, 'utf8')
	} else {
		hash.update(`${Buffer.byteLength(rendered, 'utf8')}\n`)
		hash.update(rendered, 'utf8')
		hash.update(frozenFacts, 'utf8')
	}
	return hash.digest('hex')
}

/** The rendered form of a state, as stored: stable JSON of readDocument. */
export function renderState(state: Uint8Array): string {
	const doc = new Y.Doc()
	try {
		Y.applyUpdate(doc, state)
		return JSON.stringify(readDocument(doc))
	} finally {
		doc.destroy()
	}
}

/**
 * A digest of what a reader was shown (key order ignored): the in-app consent page sends it back
 * so that what is frozen at 同意する is exactly what the person read.
 */
export function snapshotDigest(snapshot: DocumentSnapshot): string {
	const canonical = (value: unknown): unknown => {
		if (Array.isArray(value)) return value.map(canonical)
		if (value && typeof value === 'object') {
			return Object.fromEntries(
				Object.keys(value as Record<string, unknown>)
					.sort()
					.map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
			)
		}
		return value
	}
	return crypto.createHash('sha256').update(JSON.stringify(canonical(snapshot))).digest('hex')
}

export type FrozenVersion = { id: string; number: number; contentHash: string }

/** A document's durable state read and hashed, ready to be written as a version. */
export type CapturedVersion = {
	id: string
	documentId: string
	clientId: string
	kind: string
	state: Uint8Array
	rendered: string
	/** serialized FrozenPlanFacts (header-facts.ts), or null for a document kept without them */
	frozenFacts: string | null
	contentHash: string
}

type VersionTx = Pick<typeof prisma, 'documentVersion'>

/**
 * Reads the document's current durable state and hashes it (no write). `factsOf` adds what the
 * printout shows beside the document (header facts, 週間計画表), read from the same moment.
 */
export async function captureVersion(documentId: string, factsOf?: (snapshot: DocumentSnapshot) => Promise<FrozenPlanFacts | null>): Promise<CapturedVersion> {
	const document = await prisma.document.findUnique({ where: { id: documentId }, select: { id: true, clientId: true, kind: true } })
	if (!document) throw new Error(`no document ${documentId}`)
	const doc = loadStoredDocument(document.id)
	let state: Uint8Array
	try {
		state = Y.encodeStateAsUpdate(doc)
	} finally {
		doc.destroy()
	}
	// Rendered from the frozen state itself, not from the live copy: a document built up from a
	// snapshot plus its update log can list map keys in another order than the same state
	// applied to a fresh document, and verification re-renders from the state.
	const rendered = renderState(state)
	const facts = factsOf ? await factsOf(JSON.parse(rendered) as DocumentSnapshot) : null
	const frozenFacts = facts ? serializeFrozenFacts(facts) : null
	return {
		id: newId('ver'),
		documentId: document.id,
		clientId: document.clientId,
		kind: document.kind,
		state,
		rendered,
		frozenFacts,
		contentHash: versionHash(state, rendered, frozenFacts),
	}
}

/**
 * Writes a captured state as the document's next version, inside the caller's transaction —
 * so a plan step and the version it freezes are stored together or not at all. The caller
 * audits (auditVersion) after the transaction commits.
 */
export async function writeVersion(tx: VersionTx, captured: CapturedVersion, reason: VersionReason, actorId: string): Promise<FrozenVersion> {
	const last = await tx.documentVersion.findFirst({ where: { documentId: captured.documentId }, orderBy: { number: 'desc' }, select: { number: true } })
	const number = (last?.number ?? 0) + 1
	await tx.documentVersion.create({
		data: {
			id: captured.id,
			clientId: captured.clientId,
			documentId: captured.documentId,
			kind: captured.kind,
			number,
			reason,
			state: Buffer.from(captured.state),
			rendered: captured.rendered,
			frozenFacts: captured.frozenFacts,
			contentHash: captured.contentHash,
			createdById: actorId,
		},
	})
	return { id: captured.id, number, contentHash: captured.contentHash }
}

export async function auditVersion(captured: CapturedVersion, version: FrozenVersion, reason: VersionReason, actorId: string, meta: RequestMeta): Promise<void> {
	await audit({
		action: 'version.create',
		userId: actorId,
		clientId: captured.clientId,
		target: `document:${captured.documentId}`,
		ipAddress: meta.ipAddress,
		detail: { version: version.number, reason, hash: version.contentHash },
	})
}

/** Freezes the document's current durable state as its next version. */
export async function freezeVersion(input: {
	documentId: string
	reason: VersionReason
	actorId: string
	meta: RequestMeta
}): Promise<FrozenVersion> {
	const captured = await captureVersion(input.documentId)
	const version = await prisma.$transaction((tx) => writeVersion(tx, captured, input.reason, input.actorId))
	await auditVersion(captured, version, input.reason, input.actorId, input.meta)
	return version
}

export type LoadedVersion = {
	id: string
	documentId: string
	clientId: string
	kind: string
	number: number
	reason: string
	contentHash: string
	createdById: string
	createdAt: Date
	snapshot: DocumentSnapshot
	/**
	 * what the printout showed beside the document at the freeze; null on versions frozen before
	 * issue #11 — their pages fall back to the live header (what they always printed)
	 */
	facts: FrozenPlanFacts | null
	/** the stored hash matches the stored state, rendering and facts, and the rendering matches the state */
	verified: boolean
}

export async function loadVersion(id: string): Promise<LoadedVersion | null> {
	const row = await prisma.documentVersion.findUnique({ where: { id } })
	if (!row) return null
	const state = new Uint8Array(row.state)
	const verified = versionHash(state, row.rendered, row.frozenFacts) === row.contentHash && renderState(state) === row.rendered
	const { state: _state, rendered, frozenFacts, ...rest } = row
	return { ...rest, snapshot: JSON.parse(rendered) as DocumentSnapshot, facts: parseFrozenFacts(frozenFacts), verified }
}

export async function listVersions(documentId: string) {
	return prisma.documentVersion.findMany({
		where: { documentId },
		orderBy: { number: 'asc' },
		select: { id: true, number: true, reason: true, contentHash: true, createdById: true, createdAt: true },
	})
}
