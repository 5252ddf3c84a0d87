import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { labelOf } from '#app/modules/clients/labels.ts'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { audit } from '#app/modules/audit/audit.server.ts'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { isWellFormedId, requireClientPermission } from '#app/modules/authz.server.ts'
import { getClientBasics } from '#app/modules/clients/clients.server.ts'
import {
	ATTENDANCE_LABELS,
	CONSENT_METHOD_LABELS,
	MEETING_FORMAT_LABELS,
	MEETING_PURPOSE_LABELS,
	MEETING_STATUS_LABELS,
	SELF_ATTENDANCE_LABELS,
	timeRange,
} from '#app/modules/meetings/labels.ts'
import { loadMeetingView } from '#app/modules/meetings/meeting-views.server.ts'
import { loadStoredMinutes } from '#app/modules/meetings/minutes.server.ts'
import { MINUTES_FIELDS } from '#app/document-forms/minutes.ts'
import meetingStyles from '#app/styles/meetings.css'
import { formatJstDateTime, todayJst } from '#app/utils/dates.ts'
import { formatWareki } from '#app/utils/wareki.ts'

/**
 * /clients/:clientId/meetings/:meetingId/print — サービス担当者会議の記録 on A4 (portrait): the
 * stored minutes rendered on the server, with the meeting's facts around them. Readers of
 * the minutes only.
 */

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: meetingStyles }]

export const meta: MetaFunction = () => [{ title: 'サービス担当者会議の記録（印刷） | きずなプラン' }]

const NOT_FOUND = { error: 'not_found', message: '見つかりません' }

export async function loader({ request, params }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireClientPermission(request, current, params.clientId, 'meeting.view')
	if (!isWellFormedId(params.meetingId)) throw json(NOT_FOUND, { status: 404 })
	const today = todayJst()
	const [view, client] = await Promise.all([loadMeetingView(current.actor, scope, params.meetingId, today), getClientBasics(scope.id)])
	if (!view || !client || view.minutes.access === 'none' || view.meeting.status === 'cancelled') throw json(NOT_FOUND, { status: 404 })
	const minutes = loadStoredMinutes(view.minutes.id)
	await audit({
		action: 'meeting.view',
		userId: current.user.id,
		clientId: scope.id,
		target: `meeting:${view.meeting.id}`,
		ipAddress: clientIp(request),
		detail: { page: 'print', status: view.meeting.status },
	})
	return json({
		client: { id: client.id, name: `${client.familyName} ${client.givenName}` },
		meeting: view.meeting,
		participants: view.participants,
		agendaGoals: view.agenda.goals,
		settled: view.settled,
		minutes,
	})
}

export default function MeetingPrint() {
	const { client, meeting: m, participants, minutes, settled } = useLoaderData<typeof loader>()
	return (
		<article className="minutes-print" data-testid="minutes-print">
			<div className="no-print print-toolbar">
				<Link to={`/clients/${client.id}/meetings/${m.id}`}>← 会議のページへ戻る</Link>
				<button type="button" className="button primary" onClick={() => window.print()}>
					印刷する
				</button>
			</div>
			{m.status !== 'closed' ? (
				<p className="alert warning no-print" role="status">
					この記録はまだ確定していません（{MEETING_STATUS_LABELS[m.status]}）。印刷した内容は確定後に変わることがあります。
				</p>
			) : null}
			<h1 className="minutes-print__title">サービス担当者会議の記録</h1>
			<table className="minutes-print__table">
				<tbody>
					<tr>
						<th scope="row">利用者氏名</th>
						<td data-testid="print-client">{client.name}</td>
						<th scope="row">会議の目的</th>
						<td>{labelOf(MEETING_PURPOSE_LABELS, m.purpose)}</td>
					</tr>
					<tr>
						<th scope="row">開催日時</th>
						<td data-testid="print-when">
							{formatWareki(m.date)} {timeRange(m.startTime, m.endTime)}
						</td>
						<th scope="row">開催場所・方法</th>
						<td>
							{labelOf(MEETING_FORMAT_LABELS, m.format)}：{m.place}
						</td>
					</tr>
					<tr>
						<th scope="row">情報共有の同意</th>
						<td colSpan={3}>
							{m.consentBy}（{labelOf(CONSENT_METHOD_LABELS, m.consentMethod)}・{formatWareki(m.consentOn)}）{m.consentNote ? ` ${m.consentNote}` : ''}
						</td>
					</tr>
					<tr>
						<th scope="row">本人参加</th>
						<td colSpan={3} data-testid="print-self">
							{m.selfAttendance === 'attended' || m.selfAttendance === 'absent' ? SELF_ATTENDANCE_LABELS[m.selfAttendance] : '未記録'}
							{m.selfAttendance === 'absent' ? `（理由：${m.selfAbsenceReason}）` : ''}
						</td>
					</tr>
				</tbody>
			</table>

			<h2>参加者と出欠</h2>
			<table className="minutes-print__table" data-testid="print-participants">
				<thead>
					<tr>
						<th scope="col">氏名</th>
						<th scope="col">所属</th>
						<th scope="col">役割</th>
						<th scope="col">出欠</th>
					</tr>
				</thead>
				<tbody>
					{participants.map((p) => (
						<tr key={p.id}>
							<td>{p.name}</td>
							<td>{p.organizationName}</td>
							<td>{p.roleLabel}</td>
							<td>
								{p.attendance ? ATTENDANCE_LABELS[p.attendance] : '未記録'}
								{p.attendance === 'absent' && p.absenceReason ? `（${p.absenceReason}）` : ''}
							</td>
						</tr>
					))}
				</tbody>
			</table>

			{MINUTES_FIELDS.map((field) => (
				<section key={field.key} className="minutes-print__section">
					<h2>{field.label}</h2>
					<p className="pre-wrap" data-testid={`print-${field.key}`}>
						{minutes.fields[field.key] || '（記載なし）'}
					</p>
				</section>
			))}

			<section className="minutes-print__section">
				<h2>各事業所・機関の専門的見地からの意見</h2>
				{minutes.opinions.length === 0 ? (
					<p>（記載なし）</p>
				) : (
					<table className="minutes-print__table" data-testid="print-opinions">
						<thead>
							<tr>
								<th scope="col">事業所・機関</th>
								<th scope="col">氏名・職種</th>
								<th scope="col">専門的見地からの意見</th>
							</tr>
						</thead>
						<tbody>
							{minutes.opinions.map((o) => (
								<tr key={o.id}>
									<td className="pre-wrap">{o.organization}</td>
									<td className="pre-wrap">{o.person}</td>
									<td className="pre-wrap">{o.opinion}</td>
								</tr>
							))}
						</tbody>
					</table>
				)}
			</section>

			<section className="minutes-print__section">
				<h2>決定事項</h2>
				<p className="pre-wrap" data-testid="print-decisions">
					{m.decisions || '（未確定）'}
				</p>
				{settled.length > 0 ? (
					<ul>
						{settled.map((c) => (
							<li key={c.id}>
								{c.status === 'resolved' ? '【解決済み】' : '【持ち越し】'}
								{c.documentTitle}：{c.body}
							</li>
						))}
					</ul>
				) : null}
			</section>

			<p className="minutes-print__footer" data-testid="print-closed">
				記録確定：{m.status === 'closed' ? `${m.closedByName}（${formatJstDateTime(m.closedAt)}）` : '未確定'}
			</p>
		</article>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
