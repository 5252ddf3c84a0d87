import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { audit } from '#app/modules/audit/audit.server.ts'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { loadMonthlySummary } from '#app/modules/hub/coordination.server.ts'
import { requireRosterHub } from '#app/modules/hub/pages.server.ts'
import { parseMonth } from '#app/modules/hub/schemas.ts'
import { summaryCsv } from '#app/modules/hub/summary.ts'

/** /hub/summary.csv?month=YYYY-MM — the monthly summary as CSV for the municipality (Excel). */
export async function loader({ request }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	const { hub } = await requireRosterHub(request, current)
	const month = parseMonth(new URL(request.url).searchParams.get('month'))
	if (!month) throw json({ error: 'bad_request', message: '対象月は「2026-12」の形で指定してください' }, { status: 400 })
	const summary = await loadMonthlySummary(hub.id, month)
	await audit({ action: 'hub.summary.export', userId: current.user.id, ipAddress: clientIp(request), target: `hub:${hub.id}`, detail: { month, emergencies: summary.emergencies } })
	return new Response(summaryCsv(hub.name, summary), {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="hub-summary-${month}.csv"; filename*=UTF-8''${encodeURIComponent(`拠点月次集計-${month}.csv`)}`,
			'Cache-Control': 'no-store',
		},
	})
}
