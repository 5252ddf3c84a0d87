import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { audit } from '#app/modules/audit/audit.server.ts'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { loadMonthlySummary } from '#app/modules/hub/coordination.server.ts'
import { EMERGENCY_CATEGORIES, EMERGENCY_CATEGORY_LABELS } from '#app/modules/hub/labels.ts'
import { requireRosterHub } from '#app/modules/hub/pages.server.ts'
import { parseMonth } from '#app/modules/hub/schemas.ts'
import { formatJpMonth, todayJst } from '#app/utils/dates.ts'

/** /hub/summary?month=YYYY-MM — the hub's monthly summary for the municipality, with CSV. */

export const meta: MetaFunction = () => [{ title: '拠点 月次集計 | きずなプラン' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	const { hub } = await requireRosterHub(request, current)
	const raw = new URL(request.url).searchParams.get('month')
	const month = parseMonth(raw) ?? todayJst().slice(0, 7)
	const summary = await loadMonthlySummary(hub.id, month)
	await audit({ action: 'hub.roster.view', userId: current.user.id, ipAddress: clientIp(request), target: `hub:${hub.id}`, detail: { page: 'summary', month } })
	return json({ hub, summary, invalidMonth: raw !== null && raw !== '' && parseMonth(raw) === null })
}

export default function HubSummary() {
	const { hub, summary, invalidMonth } = useLoaderData<typeof loader>()
	return (
		<>
			<nav className="breadcrumbs" aria-label="パンくずリスト">
				<Link to={`/hub?hub=${hub.id}`}>{hub.name}</Link> ／ 月次集計
			</nav>
			<div className="page-header">
				<h1>{formatJpMonth(summary.month)}の集計</h1>
				<a className="button" href={`/hub/summary.csv?hub=${hub.id}&month=${summary.month}`} download data-testid="summary-csv">
					CSV（市町村提出用）
				</a>
			</div>
			{invalidMonth ? (
				<p className="alert error" role="alert">
					対象月は「2026-12」の形で指定してください。今月を表示しています。
				</p>
			) : null}
			<Form method="get" className="button-row">
				<input type="hidden" name="hub" value={hub.id} />
				<label>
					対象月 <input type="month" name="month" defaultValue={summary.month} />
				</label>
				<button type="submit" className="button small">
					表示
				</button>
			</Form>
			<table className="data" data-testid="summary-table">
				<tbody>
					<tr>
						<th scope="row">登録者数（月末）</th>
						<td>{summary.registeredAtMonthEnd}人</td>
					</tr>
					<tr>
						<th scope="row">新規登録</th>
						<td>{summary.newRegistrations}人</td>
					</tr>
					<tr>
						<th scope="row">登録終了</th>
						<td>{summary.endedRegistrations}人</td>
					</tr>
					<tr>
						<th scope="row">緊急対応件数</th>
						<td>{summary.emergencies}件</td>
					</tr>
					{EMERGENCY_CATEGORIES.map((c) => (
						<tr key={c}>
							<th scope="row">うち{EMERGENCY_CATEGORY_LABELS[c]}</th>
							<td>{summary.byCategory[c]}件</td>
						</tr>
					))}
					<tr>
						<th scope="row">緊急受入日数（短期入所）</th>
						<td data-testid="stay-days">{summary.emergencyStayDays}日</td>
					</tr>
				</tbody>
			</table>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
