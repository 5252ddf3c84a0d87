import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { toDocName } from '#app/editor/collab-protocol.ts'
import { audit } from '#app/modules/audit/audit.server.ts'
import { clientIp, requireApiUser } from '#app/modules/auth/auth.server.ts'
import { requireClientPermission } from '#app/modules/authz.server.ts'
import { DOCUMENT_KINDS, documentAccess, type DocumentKind } from '#app/policies/index.ts'
import { prisma } from '#app/utils/db.server.ts'
import { todayJst } from '#app/utils/dates.ts'

export type DocumentListItem = { id: string; kind: DocumentKind; title: string; docName: string; access: 'read' | 'write' }

/**
 * GET /api/clients/:clientId/documents — the co-edited documents of one client that the
 * signed-in user may open, each with that user's access. 401 when signed out; 404 for
 * clients that are unknown, malformed or not visible to the user.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const current = await requireApiUser(request)
	const client = await requireClientPermission(request, current, params.clientId, 'document.list')
	const rows = await prisma.document.findMany({
		where: { clientId: client.id },
		select: { id: true, kind: true, title: true, organizationId: true, frozenAt: true },
		orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
	})
	const today = todayJst()
	const documents: DocumentListItem[] = rows.flatMap((row) => {
		if (!(DOCUMENT_KINDS as readonly string[]).includes(row.kind)) return []
		const kind = row.kind as DocumentKind
		const access = documentAccess(current.actor, { kind, organizationId: row.organizationId, frozen: row.frozenAt !== null, client }, today)
		if (access === 'none') return []
		return [{ id: row.id, kind, title: row.title, docName: toDocName(kind, row.id), access }]
	})
	await audit({
		action: 'api.read',
		userId: current.user.id,
		clientId: client.id,
		target: `client:${client.id}`,
		ipAddress: clientIp(request),
		detail: { resource: 'documents', count: documents.length },
	})
	return json(documents)
}
