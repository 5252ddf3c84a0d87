import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { labelOf } from '#app/modules/clients/labels.ts'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useState } from 'react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrorSummary, SubmitButton } from '#app/components/forms.tsx'
import { MeetingMode } from '#app/components/meetings/meeting-mode.client.tsx'
import { AgendaSection, AttendanceSection, CancelSection, CloseSection, ClosedSummary, Overview } from '#app/components/meetings/meeting-sections.tsx'
import { ClientOnly } from '#app/editor/client-only.tsx'
import { audit } from '#app/modules/audit/audit.server.ts'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { isWellFormedId, requireClientPermission } from '#app/modules/authz.server.ts'
import { MEETING_PURPOSE_LABELS, MEETING_STATUS_LABELS } from '#app/modules/meetings/labels.ts'
import { cancelMeeting, closeMeeting, recordAttendance, startMeeting } from '#app/modules/meetings/meeting-changes.server.ts'
import { loadMeetingPage, loadMeetingView } from '#app/modules/meetings/meeting-views.server.ts'
import type { ActionData } from '#app/modules/meetings/page-data.ts'
import { cancelSchema, parseAttendance, parseClose } from '#app/modules/meetings/schemas.ts'
import editorStyles from '#app/styles/editor.css'
import formStyles from '#app/styles/forms.css'
import meetingStyles from '#app/styles/meetings.css'
import planStyles from '#app/styles/plan.css'
import { formatJpDate, formatJstDateTime, todayJst } from '#app/utils/dates.ts'
import { formDataToObject, parseForm } from '#app/utils/forms.ts'

/**
 * /clients/:clientId/meetings/:meetingId — one サービス担当者会議: overview, agenda, attendance
 * and 本人参加, meeting mode (plan and live minutes side by side), closing and cancelling.
 * Everyone with 'meeting.view' reads it; the consultation office ('meeting.manage') runs it.
 */

export const links: LinksFunction = () => [
	{ rel: 'stylesheet', href: editorStyles },
	{ rel: 'stylesheet', href: planStyles },
	{ rel: 'stylesheet', href: formStyles },
	{ rel: 'stylesheet', href: meetingStyles },
]

export const meta: MetaFunction = () => [{ title: 'サービス担当者会議 | きずなプラン' }]

const NOT_FOUND = { error: 'not_found', message: '見つかりません' }

export async function loader({ request, params }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireClientPermission(request, current, params.clientId, 'meeting.view')
	if (!isWellFormedId(params.meetingId)) throw json(NOT_FOUND, { status: 404 })
	const page = await loadMeetingPage(current.actor, scope, params.meetingId, current.user, todayJst())
	if (!page) throw json(NOT_FOUND, { status: 404 })
	await audit({
		action: 'meeting.view',
		userId: current.user.id,
		clientId: scope.id,
		target: `meeting:${page.meeting.id}`,
		ipAddress: clientIp(request),
		detail: { page: 'meeting', status: page.meeting.status },
	})
	return json(page)
}

function failure(intent: string, status: number, fieldErrors: Record<string, string[]>, formErrors: string[], values: ActionData['values']) {
	return json<ActionData>({ intent, fieldErrors, formErrors, values }, { status })
}

export async function action({ request, params }: ActionFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireClientPermission(request, current, params.clientId, 'meeting.manage')
	if (!isWellFormedId(params.meetingId)) throw json(NOT_FOUND, { status: 404 })
	const meetingId = params.meetingId
	const today = todayJst()
	const meta = { ipAddress: clientIp(request) }
	const formData = await request.formData()
	const values = formDataToObject(formData)
	const intent = String(formData.get('intent') ?? '')
	const back = (flag: string) => redirect(`/clients/${scope.id}/meetings/${meetingId}?${flag}=1`)
	const settle = async (result: Awaited<ReturnType<typeof startMeeting>>, flag: string) => {
		if (result.ok) return back(flag)
		if (result.status === 404) throw json(NOT_FOUND, { status: 404 })
		return failure(intent, result.status, result.fieldErrors, result.formErrors, values)
	}

	switch (intent) {
		case 'start':
			return settle(await startMeeting(current.actor, scope, meetingId, today, meta), 'started')
		case 'attendance': {
			const view = await loadMeetingView(current.actor, scope, meetingId, today)
			if (!view) throw json(NOT_FOUND, { status: 404 })
			if (!view.abilities.attendance) return failure(intent, 409, {}, ['終了・中止した会議の出欠は変更できません'], values)
			const form = parseAttendance(values, view.participants)
			if (!form.ok) return failure(intent, 400, form.fieldErrors, form.formErrors, values)
			return settle(await recordAttendance(current.actor, scope, meetingId, form.data, meta), 'attendance')
		}
		case 'close': {
			const view = await loadMeetingView(current.actor, scope, meetingId, today)
			if (!view) throw json(NOT_FOUND, { status: 404 })
			if (!view.abilities.close) return failure(intent, 409, {}, ['開催中の会議だけを終了できます'], values)
			const form = parseClose(values, view.agenda.comments.map((c) => c.id))
			if (!form.ok) return failure(intent, 400, form.fieldErrors, form.formErrors, values)
			return settle(await closeMeeting(current.actor, scope, meetingId, form.data, meta), 'closed')
		}
		case 'cancel': {
			const form = parseForm(formData, cancelSchema)
			if (!form.ok) return failure(intent, 400, form.fieldErrors, form.formErrors, values)
			return settle(await cancelMeeting(current.actor, scope, meetingId, form.data.cancelReason, meta), 'cancelled')
		}
		default:
			return failure(intent, 400, {}, ['操作が正しくありません'], values)
	}
}

const FLASH: Record<string, string> = {
	scheduled: '会議を予定しました。招集した参加者に通知しました。',
	updated: '会議の予定を変更しました。',
	started: '会議を開始しました。',
	attendance: '出欠を記録しました。',
	closed: '会議を終了し、記録を確定しました。記録は閲覧のみになりました。',
	cancelled: '会議を中止しました。',
}

const STATUS_BADGE: Record<string, string> = { scheduled: 'info', in_progress: 'warn', closed: 'ok', cancelled: '' }

function meetingDocAccess(access: string): 'read' | 'write' {
	return access === 'write' ? 'write' : 'read'
}

export default function MeetingPage() {
	const data = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>() as ActionData | undefined
	const [searchParams] = useSearchParams()
	const [requestedGoal, setRequestedGoal] = useState<{ goalId: string; at: number } | null>(null)
	const m = data.meeting
	const flash = Object.keys(FLASH).find((key) => searchParams.has(key))
	const live = m.status === 'scheduled' || m.status === 'in_progress'
	const showMinutes = m.status !== 'cancelled' && data.minutes.access !== 'none'
	const startErrors = actionData?.intent === 'start' ? actionData.formErrors : null
	return (
		<article className={`meeting-page meeting-page--${m.status}`} data-testid="meeting-page" data-status={m.status}>
			<nav className="breadcrumbs" aria-label="パンくずリスト">
				<Link to="/">担当利用者</Link> ／ <Link to={`/clients/${data.client.id}`}>{data.client.name}</Link> ／{' '}
				<Link to={`/clients/${data.client.id}/meetings`}>サービス担当者会議</Link> ／ {formatJpDate(m.date)}
			</nav>
			<div className="page-header">
				<div>
					<h1>サービス担当者会議（{labelOf(MEETING_PURPOSE_LABELS, m.purpose)}）</h1>
					<span className={`badge ${STATUS_BADGE[m.status] ?? ''}`} data-testid="meeting-status">
						{MEETING_STATUS_LABELS[m.status]}
					</span>
				</div>
				<div className="button-row no-print">
					{data.abilities.edit ? (
						<Link className="button small" to={`/clients/${data.client.id}/meetings/${m.id}/edit`}>
							予定を変更
						</Link>
					) : null}
					{m.status !== 'cancelled' ? (
						<Link className="button small" to={`/clients/${data.client.id}/meetings/${m.id}/print`} data-testid="print-link">
							記録を印刷
						</Link>
					) : null}
					{data.abilities.start ? (
						<Form method="post" preventScrollReset>
							<input type="hidden" name="intent" value="start" />
							<SubmitButton name="intent" value="start" pendingText="開始中…" className="button primary">
								会議を開始
							</SubmitButton>
						</Form>
					) : null}
				</div>
			</div>
			{flash ? (
				<div className="alert success" role="status">
					<p>{FLASH[flash]}</p>
				</div>
			) : null}
			<FormErrorSummary errors={startErrors} />
			{m.status === 'closed' ? (
				<p className="alert info" data-testid="minutes-frozen">
					この会議の記録は {m.closedByName} さんが {formatJstDateTime(m.closedAt)} に確定しました。記録は閲覧のみです。
				</p>
			) : null}

			<Overview data={data} />
			<AgendaSection data={data} onShowGoal={(goalId) => setRequestedGoal({ goalId, at: Date.now() })} />
			<AttendanceSection key={`${m.status}-${JSON.stringify(data.participants.map((p) => [p.attendance, p.absenceReason]))}-${m.selfAttendance}-${m.selfAbsenceReason}`} data={data} actionData={actionData} />

			{showMinutes ? (
				<section className="meeting-live" aria-labelledby="meeting-live-title">
					<h2 id="meeting-live-title" className="meeting-live__title">
						{m.status === 'in_progress' ? '会議モード' : m.status === 'scheduled' ? '会議の準備（記録は会議前から書き始められます）' : '会議の記録（確定済み）'}
					</h2>
					<ClientOnly
						fallback={
							<div className="document-loading" aria-busy="true">
								<p className="muted">文書を読み込んでいます…</p>
							</div>
						}
					>
						{() => (
							<MeetingMode
								user={data.user}
								minutes={{ docName: data.minutesDocName, access: meetingDocAccess(data.minutes.access) }}
								plan={
									data.plan && data.planDocName && data.planHeader && data.plan.access !== 'none'
										? {
												docName: data.planDocName,
												access: meetingDocAccess(data.plan.access),
												header: data.planHeader,
												comments: { clientId: data.client.id, documentId: data.plan.id },
											}
										: null
								}
								opinionSeeds={data.participants.filter((p) => p.isProvider).map((p) => ({ participantId: p.id, organization: p.organizationName, person: `${p.name}（${p.roleLabel}）` }))}
								leaderIds={data.leaderIds}
								requestedGoal={requestedGoal}
								showPlan={live}
							/>
						)}
					</ClientOnly>
				</section>
			) : null}

			{m.status === 'closed' ? <ClosedSummary data={data} /> : null}
			{data.abilities.close ? <CloseSection data={data} actionData={actionData} /> : null}
			{data.abilities.cancel ? <CancelSection actionData={actionData} /> : null}
		</article>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
