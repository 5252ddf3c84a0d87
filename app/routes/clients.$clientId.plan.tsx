import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { refuse, requireClientPermission } from '#app/modules/authz.server.ts'
import { ensurePlanDocument, findPlanDocument } from '#app/modules/documents/documents.server.ts'
import { todayJst } from '#app/utils/dates.ts'

/**
 * /clients/:clientId/plan — the client's サービス等利用計画. GET goes to the plan document
 * (the document page checks access); POST creates it first when it does not exist yet.
 */

export async function loader({ request, params }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireClientPermission(request, current, params.clientId, 'document.list')
	const plan = await findPlanDocument(scope.id)
	if (!plan) throw json({ error: 'not_found', message: '見つかりません' }, { status: 404 })
	return redirect(`/clients/${scope.id}/documents/${plan.id}`)
}

export async function action({ request, params }: ActionFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireClientPermission(request, current, params.clientId, 'document.list')
	const result = await ensurePlanDocument(current.actor, scope, todayJst(), { ipAddress: clientIp(request) })
	if (!result.ok) return refuse(request, current, { attempted: 'document.create', clientId: scope.id, detail: { kind: 'plan' } }, result.status)
	return redirect(`/clients/${scope.id}/documents/${result.id}`)
}
