import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { toDocName } from '#app/editor/collab-protocol.ts'
import { audit } from '#app/modules/audit/audit.server.ts'
import { clientIp, requireApiUser } from '#app/modules/auth/auth.server.ts'
import { requireClientPermission } from '#app/modules/authz.server.ts'
import { listClientDocuments } from '#app/modules/clients/clients.server.ts'
import { type DocumentKind } from '#app/policies/index.ts'
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
	const documents: DocumentListItem[] = (await listClientDocuments(current.actor, client, todayJst(), 'api')).map((d) => ({
		id: d.id,
		kind: d.kind,
		title: d.title,
		docName: toDocName(d.kind, d.id),
		access: d.access,
	}))
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
