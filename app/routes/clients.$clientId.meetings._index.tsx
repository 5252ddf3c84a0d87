import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { labelOf } from '#app/modules/clients/labels.ts'
import { json } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { audit } from '#app/modules/audit/audit.server.ts'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { requireClientPermission } from '#app/modules/authz.server.ts'
import { getClientBasics } from '#app/modules/clients/clients.server.ts'
import { MEETING_FORMAT_LABELS, MEETING_PURPOSE_LABELS, MEETING_STATUS_LABELS, timeRange } from '#app/modules/meetings/labels.ts'
import { listMeetings } from '#app/modules/meetings/meeting-views.server.ts'
import { canOnClient } from '#app/policies/index.ts'
import meetingStyles from '#app/styles/meetings.css'
import { formatJpDate, todayJst, toJstDate } from '#app/utils/dates.ts'

/** /clients/:clientId/meetings — the client's サービス担当者会議: history and the schedule button. */

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: meetingStyles }]

export const meta: MetaFunction = () => [{ title: 'サービス担当者会議 | きずなプラン' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireClientPermission(request, current, params.clientId, 'meeting.view')
	const client = await getClientBasics(scope.id)
	if (!client) throw json({ error: 'not_found', message: '見つかりません' }, { status: 404 })
	const meetings = await listMeetings(scope.id)
	await audit({
		action: 'meeting.view',
		userId: current.user.id,
		clientId: scope.id,
		target: `client:${scope.id}`,
		ipAddress: clientIp(request),
		detail: { page: 'history', count: meetings.length },
	})
	return json({
		client: { id: client.id, name: `${client.familyName} ${client.givenName}` },
		meetings,
		canManage: canOnClient(current.actor, 'meeting.manage', scope, todayJst()),
	})
}

const STATUS_BADGE: Record<string, string> = { scheduled: 'info', in_progress: 'warn', closed: 'ok', cancelled: '' }

export default function MeetingHistory() {
	const { client, meetings, canManage } = useLoaderData<typeof loader>()
	const [searchParams] = useSearchParams()
	return (
		<>
			<nav className="breadcrumbs" aria-label="パンくずリスト">
				<Link to="/">担当利用者</Link> ／ <Link to={`/clients/${client.id}`}>{client.name}</Link> ／ サービス担当者会議
			</nav>
			<div className="page-header">
				<h1>サービス担当者会議</h1>
				{canManage ? (
					<Link className="button primary" to={`/clients/${client.id}/meetings/new`} data-testid="schedule-meeting">
						会議を予定する
					</Link>
				) : null}
			</div>
			{searchParams.has('cancelled') ? (
				<div className="alert success" role="status">
					<p>会議を中止しました。</p>
				</div>
			) : null}
			<section className="card" aria-labelledby="history-title">
				<h2 id="history-title">会議の履歴</h2>
				{meetings.length === 0 ? (
					<div className="empty-state" data-testid="meetings-empty">
						<p>{client.name}さんのサービス担当者会議はまだありません。</p>
						{canManage ? <p>「会議を予定する」から日時・参加者・同意を登録してください。</p> : null}
					</div>
				) : (
					<div className="table-wrap">
						<table className="data" data-testid="meeting-history">
							<caption className="visually-hidden">サービス担当者会議の一覧（新しい順）</caption>
							<thead>
								<tr>
									<th scope="col">開催日</th>
									<th scope="col">時間</th>
									<th scope="col">目的</th>
									<th scope="col">開催方法</th>
									<th scope="col">状態</th>
									<th scope="col">記録の確定</th>
								</tr>
							</thead>
							<tbody>
								{meetings.map((m) => (
									<tr key={m.id} data-testid="meeting-row">
										<td>
											<Link to={`/clients/${client.id}/meetings/${m.id}`}>{formatJpDate(m.date)}</Link>
										</td>
										<td>{timeRange(m.startTime, m.endTime)}</td>
										<td>{labelOf(MEETING_PURPOSE_LABELS, m.purpose)}</td>
										<td>{labelOf(MEETING_FORMAT_LABELS, m.format)}</td>
										<td>
											<span className={`badge ${STATUS_BADGE[m.status] ?? ''}`} data-testid="meeting-status">
												{MEETING_STATUS_LABELS[m.status]}
											</span>
											{m.status === 'cancelled' && m.cancelReason ? <span className="sub">理由：{m.cancelReason}</span> : null}
										</td>
										<td>{m.closedAt ? `${m.closedByName || '—'}（${formatJpDate(toJstDate(new Date(m.closedAt)))}）` : '—'}</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
				)}
			</section>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
