import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { audit } from '#app/modules/audit/audit.server.ts'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { loadRoster } from '#app/modules/hub/hub.server.ts'
import { EMERGENCY_CATEGORY_LABELS, labelOfCode, REVIEW_DUE_WINDOW_DAYS } from '#app/modules/hub/labels.ts'
import { requireRosterHub } from '#app/modules/hub/pages.server.ts'
import { formatJpDate, formatJstDateTime, todayJst } from '#app/utils/dates.ts'

/**
 * /hub — the hub's roster (登録者一覧): the people registered with this hub — only those — with
 * their risk reasons, review dates, prior arrangements and a link to each emergency sheet.
 */

export const meta: MetaFunction = () => [{ title: '拠点 登録者一覧 | きずなプラン' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	const { hub, hubs } = await requireRosterHub(request, current)
	const today = todayJst()
	const roster = await loadRoster(hub.id, today)
	await audit({ action: 'hub.roster.view', userId: current.user.id, ipAddress: clientIp(request), target: `hub:${hub.id}`, detail: { rows: roster.length } })
	return json({ hub, hubs: hubs.map((h) => ({ id: h.id, name: h.name })), roster, today })
}

export default function HubRoster() {
	const { hub, hubs, roster } = useLoaderData<typeof loader>()
	const due = roster.filter((r) => r.reviewDue).length
	return (
		<>
			<div className="page-header">
				<div>
					<h1>{hub.name} 登録者一覧</h1>
					<p className="muted">
						事前の利用登録をしている方（{roster.length}人）。{due > 0 ? `${REVIEW_DUE_WINDOW_DAYS}日以内に見直し予定の方が${due}人います。` : ''}
					</p>
				</div>
				<div className="button-row">
					<Link className="button" to={`/hub/meetings?hub=${hub.id}`}>
						調整会議
					</Link>
					<Link className="button" to={`/hub/summary?hub=${hub.id}`}>
						月次集計
					</Link>
					<Link className="button danger" to="/emergency-access">
						緊急時アクセス
					</Link>
				</div>
			</div>
			{hubs.length > 1 ? (
				<nav aria-label="拠点の切り替え" className="button-row">
					{hubs.map((h) => (
						<Link key={h.id} className={`button small${h.id === hub.id ? ' primary' : ''}`} to={`/hub?hub=${h.id}`}>
							{h.name}
						</Link>
					))}
				</nav>
			) : null}
			{roster.length === 0 ? (
				<p className="empty-state" data-testid="roster-empty">
					まだ登録者はいません。相談支援専門員と一緒に、利用者ページの「拠点 事前登録」から登録してください。
				</p>
			) : (
				<div className="table-wrap">
					<table className="data hub-roster" data-testid="hub-roster">
						<caption className="visually-hidden">登録者一覧</caption>
						<thead>
							<tr>
								<th scope="col">氏名</th>
								<th scope="col">登録の理由</th>
								<th scope="col">事前調整</th>
								<th scope="col">見直し予定</th>
								<th scope="col">直近の緊急対応</th>
								<th scope="col">
									<span className="visually-hidden">操作</span>
								</th>
							</tr>
						</thead>
						<tbody>
							{roster.map((r) => (
								<tr key={r.clientId} data-testid="roster-row" data-client-id={r.clientId}>
									<th scope="row">
										<Link to={`/emergency/${r.clientId}`}>{r.name}</Link>
										<div className="muted">
											{r.kana}・{r.age}歳
										</div>
										{r.migrated ? <span className="badge warn">移行データ：登録内容を補ってください</span> : null}
									</th>
									<td>
										<ul className="hub-tags">
											{r.reasonLabels.map((label) => (
												<li key={label} className="badge">
													{label}
												</li>
											))}
										</ul>
									</td>
									<td>
										{r.arrangements.length === 0 ? (
											<span className="muted">なし</span>
										) : (
											<ul>
												{r.arrangements.map((a) => (
													<li key={`${a.serviceType}-${a.providerName}`}>
														{a.serviceType}：{a.providerName}
													</li>
												))}
											</ul>
										)}
									</td>
									<td>
										{r.reviewOn ? formatJpDate(r.reviewOn) : '—'}
										{r.reviewOverdue ? <span className="badge danger">期限切れ</span> : r.reviewDue ? <span className="badge warn">近日</span> : null}
									</td>
									<td>{r.lastEmergency ? `${formatJstDateTime(r.lastEmergency.occurredAt)} ${labelOfCode(EMERGENCY_CATEGORY_LABELS, r.lastEmergency.category)}` : <span className="muted">なし</span>}</td>
									<td>
										<div className="button-row">
											<Link className="button small primary" to={`/emergency/${r.clientId}`}>
												緊急時対応シート
											</Link>
											<Link className="button small" to={`/clients/${r.clientId}/emergencies`}>
												緊急対応を記録
											</Link>
											<Link className="button small" to={`/clients/${r.clientId}/hub-registration`}>
												登録内容
											</Link>
										</div>
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
