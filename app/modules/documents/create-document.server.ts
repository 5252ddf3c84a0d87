import { Prisma } from '#app/generated/prisma/client.ts'
import { audit } from '#app/modules/audit/audit.server.ts'
import type { DocumentKind } from '#app/policies/index.ts'
import { prisma } from '#app/utils/db.server.ts'

export type NewDocument = {
	/** derived from the client (and organisation): two writers creating at once meet on one id */
	id: string
	clientId: string
	kind: DocumentKind
	organizationId?: string
	title: string
}

/**
 * Inserts a co-edited document under its derived id. A concurrent creation of the same id
 * (P2002) is not an error: the caller gets `false` and uses the document the other writer
 * made. Only a real creation is audited ('document.create', kind and organisation, no content).
 */
export async function createDocumentOnce(document: NewDocument, actorId: string, ipAddress: string): Promise<boolean> {
	try {
		await prisma.document.create({ data: { ...document, createdById: actorId } })
	} catch (error) {
		if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return false
		throw error
	}
	await audit({
		action: 'document.create',
		userId: actorId,
		clientId: document.clientId,
		target: `document:${document.kind}.${document.id}`,
		ipAddress,
		detail: document.organizationId ? { kind: document.kind, organizationId: document.organizationId } : { kind: document.kind },
	})
	return true
}
