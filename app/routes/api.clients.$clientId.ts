import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { audit } from '#app/modules/audit/audit.server.ts'
import { clientIp, requireApiUser } from '#app/modules/auth/auth.server.ts'
import { requireClientPermission } from '#app/modules/authz.server.ts'
import { getClientApiView } from '#app/modules/clients/clients.server.ts'
import { todayJst } from '#app/utils/dates.ts'

/**
 * GET /api/clients/:clientId — one client with the current 受給者証 (when the user may see
 * certificates). Unknown ids, malformed ids and clients not on the user's team all answer 404.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const current = await requireApiUser(request)
	const scope = await requireClientPermission(request, current, params.clientId, 'client.view')
	const today = todayJst()
	const view = await getClientApiView(current.actor, scope, today)
	if (!view) throw json({ error: 'not_found', message: '見つかりません' }, { status: 404 })
	await audit({
		action: 'client.view',
		userId: current.user.id,
		clientId: scope.id,
		target: `client:${scope.id}`,
		ipAddress: clientIp(request),
		detail: { channel: 'api' },
	})
	return json(view)
}
