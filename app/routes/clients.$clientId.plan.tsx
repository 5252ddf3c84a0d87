import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { audit } from '#app/modules/audit/audit.server.ts'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { requireClientPermission } from '#app/modules/authz.server.ts'
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
	if (!result.ok) {
		await audit({
			action: 'authz.denied',
			outcome: 'denied',
			userId: current.user.id,
			clientId: scope.id,
			target: `client:${scope.id}`,
			ipAddress: clientIp(request),
			detail: { attempted: 'document.create', kind: 'plan', path: new URL(request.url).pathname },
		})
		const message = result.status === 404 ? '見つかりません' : 'この操作を行う権限がありません'
		throw json({ error: result.status === 404 ? 'not_found' : 'forbidden', message }, { status: result.status })
	}
	return redirect(`/clients/${scope.id}/documents/${result.id}`)
}
