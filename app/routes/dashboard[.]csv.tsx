import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { audit } from '#app/modules/audit/audit.server.ts'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { requireGlobalPermission } from '#app/modules/authz.server.ts'
import { toCsv } from '#app/modules/dashboard/csv.ts'
import { DASHBOARD_CSV_HEADER, countByCategory, dashboardCsvRows, parseCategory, parseSort, sortDashboardRows } from '#app/modules/dashboard/dashboard.ts'
import { loadDashboard } from '#app/modules/dashboard/dashboard.server.ts'
import { todayJst } from '#app/utils/dates.ts'

/**
 * /dashboard.csv — the dashboard's rows (same filter and order as the page) as CSV for Excel.
 * Audited as 'export' with the counts only, never the content.
 */
export async function loader({ request }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	await requireGlobalPermission(request, current, 'dashboard.view')
	const today = todayJst()
	const dashboard = await loadDashboard(current.actor, today)
	if (!dashboard) throw json({ error: 'forbidden', message: 'この操作を行う権限がありません' }, { status: 403 })
	const url = new URL(request.url)
	const { sort, dir } = parseSort(url.searchParams.get('sort'), url.searchParams.get('dir'))
	const category = parseCategory(url.searchParams.get('category'))
	const rows = sortDashboardRows(category ? dashboard.rows.filter((r) => r.category === category) : dashboard.rows, sort, dir)
	await audit({
		action: 'export',
		userId: current.user.id,
		ipAddress: clientIp(request),
		target: 'dashboard.csv',
		detail: { rows: rows.length, clients: new Set(rows.map((r) => r.clientId)).size, counts: countByCategory(rows), category },
	})
	const body = toCsv(DASHBOARD_CSV_HEADER, dashboardCsvRows(rows))
	const filename = `dashboard-${today}.csv`
	return new Response(body, {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(`ダッシュボード-${today}.csv`)}`,
			'Cache-Control': 'no-store',
		},
	})
}
