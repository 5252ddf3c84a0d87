import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { audit } from '#app/modules/audit/audit.server.ts'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { requireGlobalPermission } from '#app/modules/authz.server.ts'
import {
	DASHBOARD_CATEGORIES,
	DASHBOARD_CATEGORY_LABELS,
	parseCategory,
	parseSort,
	sortDashboardRows,
	type DashboardSort,
} from '#app/modules/dashboard/dashboard.ts'
import { loadDashboard } from '#app/modules/dashboard/dashboard.server.ts'
import { OverdueEmergencyReviews } from '#app/components/hub/overdue-reviews.tsx'
import { overdueReviews } from '#app/modules/hub/break-glass.server.ts'
import { REVIEW_OVERDUE_DAYS } from '#app/modules/hub/labels.ts'
import dashboardStyles from '#app/styles/dashboard.css'
import { formatJpDate, formatJpMonth, todayJst } from '#app/utils/dates.ts'

/**
 * /dashboard — what needs doing across the viewer's clients: monitorings due this month and
 * overdue, renewals coming, certificates expiring, plans waiting for 同意 or the 支給決定.
 * Sorting and the category filter are query parameters (links: keyboard and back button work).
 */

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: dashboardStyles }]

export const meta: MetaFunction = () => [{ title: 'ダッシュボード | きずなプラン' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	await requireGlobalPermission(request, current, 'dashboard.view')
	const today = todayJst()
	const dashboard = await loadDashboard(current.actor, today)
	if (!dashboard) throw json({ error: 'forbidden', message: 'この操作を行う権限がありません' }, { status: 403 })
	const url = new URL(request.url)
	const { sort, dir } = parseSort(url.searchParams.get('sort'), url.searchParams.get('dir'))
	const category = parseCategory(url.searchParams.get('category'))
	const rows = sortDashboardRows(
		category ? dashboard.rows.filter((r) => r.category === category) : dashboard.rows,
		sort,
		dir,
	)
	await audit({ action: 'client.view', userId: current.user.id, ipAddress: clientIp(request), target: 'dashboard', detail: { page: 'dashboard', rows: dashboard.rows.length } })
	// 緊急時アクセス the office manager has left unreviewed for more than 7 days (issue #12).
	const overdueEmergencyAccess = await overdueReviews(current.actor, today)
	return json({ today, rows, counts: dashboard.counts, clientCount: dashboard.clientCount, sort, dir, category, overdueEmergencyAccess })
}

function formatWhen(value: string): string {
	if (!value) return '—'
	return value.length === 7 ? formatJpMonth(value) : formatJpDate(value)
}

function SortHeader({ column, label }: { column: DashboardSort; label: string }) {
	const [params] = useSearchParams()
	const current = params.get('sort') ?? 'category'
	const dir = params.get('dir') === 'desc' ? 'desc' : 'asc'
	const active = current === column
	const next = new URLSearchParams(params)
	next.set('sort', column)
	next.set('dir', active && dir === 'asc' ? 'desc' : 'asc')
	return (
		<th scope="col" aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
			<Link to={`?${next.toString()}`} className="sort-link" data-testid={`sort-${column}`} preventScrollReset>
				{label}
				<span aria-hidden="true">{active ? (dir === 'asc' ? ' ▲' : ' ▼') : ' ⇅'}</span>
				<span className="visually-hidden">{active ? (dir === 'asc' ? '（昇順、クリックで降順）' : '（降順、クリックで昇順）') : '（クリックで並べ替え）'}</span>
			</Link>
		</th>
	)
}

export default function DashboardPage() {
	const { rows, counts, clientCount, category, today, overdueEmergencyAccess } = useLoaderData<typeof loader>()
	const [params] = useSearchParams()
	const csvParams = new URLSearchParams(params)
	const filterLink = (value: string | null) => {
		const next = new URLSearchParams(params)
		if (value) next.set('category', value)
		else next.delete('category')
		const query = next.toString()
		return query ? `?${query}` : '?'
	}
	return (
		<article className="dashboard-page">
			<div className="page-header">
				<div>
					<h1>ダッシュボード</h1>
					<p className="muted">
						{formatJpDate(today)}現在・担当する利用者 {clientCount}人
					</p>
				</div>
				<a className="button" href={`/dashboard.csv${csvParams.toString() ? `?${csvParams.toString()}` : ''}`} download data-testid="dashboard-csv">
					CSVで書き出す（Excel用）
				</a>
			</div>
			<OverdueEmergencyReviews grants={overdueEmergencyAccess} days={REVIEW_OVERDUE_DAYS} />
			<nav aria-label="区分で絞り込み">
				<ul className="dashboard-counts" data-testid="dashboard-counts">
					<li>
						<Link to={filterLink(null)} className={`dashboard-count${category === null ? ' is-active' : ''}`} aria-current={category === null ? 'true' : undefined}>
							<span className="dashboard-count__label">すべて</span>
							<span className="dashboard-count__value">{Object.values(counts).reduce((a, b) => a + b, 0)}</span>
						</Link>
					</li>
					{DASHBOARD_CATEGORIES.map((c) => (
						<li key={c}>
							<Link
								to={filterLink(c)}
								className={`dashboard-count dashboard-count--${c}${category === c ? ' is-active' : ''}${counts[c] > 0 ? ' has-items' : ''}`}
								aria-current={category === c ? 'true' : undefined}
								data-testid={`count-${c}`}
								data-count={counts[c]}
							>
								<span className="dashboard-count__label">{DASHBOARD_CATEGORY_LABELS[c]}</span>
								<span className="dashboard-count__value">{counts[c]}</span>
							</Link>
						</li>
					))}
				</ul>
			</nav>
			{rows.length === 0 ? (
				<div className="empty-state card" data-testid="dashboard-empty">
					<p>{category ? `「${DASHBOARD_CATEGORY_LABELS[category]}」に該当する項目はありません。` : '対応が必要な項目はありません。'}</p>
				</div>
			) : (
				<div className="table-wrap">
					<table className="data dashboard-table" data-testid="dashboard-table">
						<caption className="visually-hidden">対応が必要な項目（列見出しで並べ替え）</caption>
						<thead>
							<tr>
								<SortHeader column="category" label="区分" />
								<SortHeader column="client" label="利用者" />
								<th scope="col">内容</th>
								<SortHeader column="when" label="対象年月・期日" />
							</tr>
						</thead>
						<tbody>
							{rows.map((row, i) => (
								<tr key={`${row.clientId}-${row.category}-${row.when}-${i}`} data-testid="dashboard-row" data-category={row.category} data-client={row.clientId}>
									<td>
										<span className={`badge dashboard-badge dashboard-badge--${row.category}`}>{DASHBOARD_CATEGORY_LABELS[row.category]}</span>
									</td>
									<td>
										<Link to={`/clients/${row.clientId}`}>{row.clientName}</Link>
										<span className="sub">{row.clientNameKana}</span>
									</td>
									<td>
										<Link to={row.href}>{row.label}</Link>
									</td>
									<td>
										{formatWhen(row.when)}
										{row.days !== null ? <span className="sub">{row.days >= 0 ? `あと${row.days}日` : `${-row.days}日経過`}</span> : null}
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
		</article>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
