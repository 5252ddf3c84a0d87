import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { audit } from '#app/modules/audit/audit.server.ts'
import { clientIp, requireApiUser } from '#app/modules/auth/auth.server.ts'
import { listVisibleClients } from '#app/modules/clients/clients.server.ts'
import { todayJst } from '#app/utils/dates.ts'

/** GET /api/clients — the clients the user may see today (same policy as the dashboard). */
export async function loader({ request }: LoaderFunctionArgs) {
	const current = await requireApiUser(request)
	const clients = await listVisibleClients(current.actor, todayJst())
	await audit({
		action: 'api.read',
		userId: current.user.id,
		target: 'api:clients',
		ipAddress: clientIp(request),
		detail: { count: clients.length },
	})
	return json(
		clients.map((c) => ({
			id: c.id,
			name: `${c.familyName} ${c.givenName}`,
			nameKana: `${c.familyNameKana} ${c.givenNameKana}`,
			category: c.category,
			teamRole: c.teamRole,
		})),
	)
}
