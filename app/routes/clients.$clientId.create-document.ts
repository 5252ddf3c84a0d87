import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { refuse, requireClientPermission } from '#app/modules/authz.server.ts'
import { ensureClientDocument, isClientDocumentKind } from '#app/modules/documents/client-documents.server.ts'
import { todayJst } from '#app/utils/dates.ts'

/**
 * POST /clients/:clientId/create-document (kind = weekly | assessment | life_plan |
 * crisis_plan): creates the client's document of that kind unless it exists, then opens it.
 * Only writers of the kind may (the policy module decides, in ensureClientDocument).
 */

export async function loader({ params }: LoaderFunctionArgs) {
	return redirect(`/clients/${params.clientId ?? ''}`)
}

export async function action({ request, params }: ActionFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireClientPermission(request, current, params.clientId, 'document.list')
	const kind = (await request.formData()).get('kind')
	if (!isClientDocumentKind(kind)) throw json({ error: 'bad_request', message: '文書の種類が正しくありません' }, { status: 400 })
	const result = await ensureClientDocument(current.actor, scope, kind, todayJst(), { ipAddress: clientIp(request) })
	if (!result.ok) return refuse(request, current, { attempted: 'document.create', clientId: scope.id, detail: { kind } }, result.status)
	return redirect(`/clients/${scope.id}/documents/${result.documentId}`)
}
