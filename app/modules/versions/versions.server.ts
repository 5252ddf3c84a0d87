import crypto from 'node:crypto'
import * as Y from 'yjs'
import { readDocument, type DocumentSnapshot } from '#app/documents/structure.ts'
import { audit } from '#app/modules/audit/audit.server.ts'
import { newId, type RequestMeta } from '#app/modules/clients/ids.server.ts'
import { loadStoredDocument } from '#app/modules/documents/stored-document.server.ts'
import { prisma } from '#app/utils/db.server.ts'

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
 * JSON — length-prefixed so no two (state, rendered) pairs hash the same input.
 */
export function versionHash(state: Uint8Array, rendered: string): string {
	const hash = crypto.createHash('sha256')
	hash.update('kizuna-version-v1\n')
	hash.update(`${state.byteLength}\n`)
	hash.update(state)
	hash.update(rendered, 'utf8')
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

export type FrozenVersion = { id: string; number: number; contentHash: string }

/** Freezes the document's current durable state as its next version. */
export async function freezeVersion(input: {
	documentId: string
	reason: VersionReason
	actorId: string
	meta: RequestMeta
}): Promise<FrozenVersion> {
	const document = await prisma.document.findUnique({ where: { id: input.documentId }, select: { id: true, clientId: true, kind: true } })
	if (!document) throw new Error(`no document ${input.documentId}`)
	const doc = loadStoredDocument(document.id)
	let state: Uint8Array
	let rendered: string
	try {
		state = Y.encodeStateAsUpdate(doc)
		rendered = JSON.stringify(readDocument(doc))
	} finally {
		doc.destroy()
	}
	const contentHash = versionHash(state, rendered)
	const id = newId('ver')
	const number = await prisma.$transaction(async (tx) => {
		const last = await tx.documentVersion.findFirst({ where: { documentId: document.id }, orderBy: { number: 'desc' }, select: { number: true } })
		const next = (last?.number ?? 0) + 1
		await tx.documentVersion.create({
			data: {
				id,
				clientId: document.clientId,
				documentId: document.id,
				kind: document.kind,
				number: next,
				reason: input.reason,
				state: Buffer.from(state),
				rendered,
				contentHash,
				createdById: input.actorId,
			},
		})
		return next
	})
	await audit({
		action: 'version.create',
		userId: input.actorId,
		clientId: document.clientId,
		target: `document:${document.id}`,
		ipAddress: input.meta.ipAddress,
		detail: { version: number, reason: input.reason, hash: contentHash },
	})
	return { id, number, contentHash }
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
	/** the stored hash matches the stored state and rendering, and the rendering matches the state */
	verified: boolean
}

export async function loadVersion(id: string): Promise<LoadedVersion | null> {
	const row = await prisma.documentVersion.findUnique({ where: { id } })
	if (!row) return null
	const state = new Uint8Array(row.state)
	const verified = versionHash(state, row.rendered) === row.contentHash && renderState(state) === row.rendered
	const { state: _state, rendered, ...rest } = row
	return { ...rest, snapshot: JSON.parse(rendered) as DocumentSnapshot, verified }
}

export async function listVersions(documentId: string) {
	return prisma.documentVersion.findMany({
		where: { documentId },
		orderBy: { number: 'asc' },
		select: { id: true, number: true, reason: true, contentHash: true, createdById: true, createdAt: true },
	})
}
