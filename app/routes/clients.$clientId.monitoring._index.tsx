import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { SubmitButton, TextAreaField, TextField } from '#app/components/forms.tsx'
import { MonitoringScheduleTable, RenewalNotices } from '#app/components/monitoring/schedule.tsx'
import { audit } from '#app/modules/audit/audit.server.ts'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { auditDenied, requireClientPermission } from '#app/modules/authz.server.ts'
import { getClientBasics } from '#app/modules/clients/clients.server.ts'
import { canWriteMonitoring, completeMonitoringReport, createMonitoringReport, loadClientSchedule } from '#app/modules/monitoring/monitoring.server.ts'
import monitoringStyles from '#app/styles/monitoring.css'
import { todayJst } from '#app/utils/dates.ts'

/**
 * /clients/:clientId/monitoring — the client's モニタリング予定 (from the 受給者証 in force) and
 * the reports. POST intent=create (month) starts a due / overdue month's report and opens it;
 * intent=complete (documentId) is 「報告書を完了」 from the report page (answers JSON).
 */

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: monitoringStyles }]

export const meta: MetaFunction = () => [{ title: 'モニタリング予定 | きずなプラン' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	// The schedule is read off the 受給者証: those who may see it see the schedule.
	const scope = await requireClientPermission(request, current, params.clientId, 'certificate.view')
	const today = todayJst()
	const [schedule, client] = await Promise.all([loadClientSchedule(current.actor, scope, today), getClientBasics(scope.id)])
	if (!client) throw json({ error: 'not_found', message: '見つかりません' }, { status: 404 })
	await audit({ action: 'client.view', userId: current.user.id, clientId: scope.id, target: `client:${scope.id}`, ipAddress: clientIp(request), detail: { page: 'monitoring' } })
	return json({
		client: { id: client.id, name: `${client.familyName} ${client.givenName}`, closed: client.closedAt !== null },
		schedule,
		today,
		canWrite: canWriteMonitoring(current.actor, scope, today),
	})
}

export async function action({ request, params }: ActionFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireClientPermission(request, current, params.clientId, 'client.view')
	const form = await request.formData()
	const intent = form.get('intent')
	const meta = { ipAddress: clientIp(request) }
	const today = todayJst()
	if (intent === 'create') {
		const result = await createMonitoringReport(current.actor, scope, form.get('month'), today, meta, form.get('extraordinaryReason'))
		if (result.ok) return redirect(`/clients/${scope.id}/documents/${result.documentId}`)
		if (result.status !== 400) await auditDenied(request, current, { attempted: 'monitoring.create', clientId: scope.id })
		return json({ ok: false as const, errors: [result.message] }, { status: result.status })
	}
	if (intent === 'complete') {
		const result = await completeMonitoringReport(current.actor, scope, form.get('documentId'), today, meta)
		if (result.ok) return json({ ok: true as const, changeNeeded: result.changeNeeded, cycleAdvanced: result.cycleAdvanced })
		if (result.status !== 400) await auditDenied(request, current, { attempted: 'monitoring.complete', clientId: scope.id })
		return json({ ok: false as const, errors: result.errors }, { status: result.status })
	}
	return json({ ok: false as const, errors: ['不明な操作です'] }, { status: 400 })
}

export default function MonitoringSchedulePage() {
	const { client, schedule, today, canWrite } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	return (
		<article className="monitoring-page">
			<nav className="breadcrumbs" aria-label="パンくずリスト">
				<Link to="/">担当利用者</Link> ／ <Link to={`/clients/${client.id}`}>{client.name}</Link> ／ モニタリング予定
			</nav>
			<div className="page-header">
				<h1>モニタリング予定（{client.name} さん）</h1>
			</div>
			{client.closed ? (
				<p className="alert warning" role="status">
					この利用者は終了しています。記録は閲覧のみです。
				</p>
			) : null}
			{actionData && !actionData.ok ? (
				<div className="alert error" role="alert" data-testid="monitoring-action-error">
					{actionData.errors.map((e) => (
						<p key={e}>{e}</p>
					))}
				</div>
			) : null}
			<RenewalNotices schedule={schedule} />
			<section className="card" aria-labelledby="schedule-title">
				<h2 id="schedule-title">モニタリング月と報告書</h2>
				<MonitoringScheduleTable clientId={client.id} schedule={schedule} />
			</section>
			{schedule.state === 'ok' && canWrite && !client.closed ? (
				<section className="card" aria-labelledby="extraordinary-title">
					<h2 id="extraordinary-title">臨時モニタリング</h2>
					<p className="field-hint">モニタリング月以外に、状況の変化などでモニタリングを行う場合は、対象の月と理由を記録して報告書を作成します。</p>
					<Form method="post" className="form-grid" data-testid="extraordinary-form">
						<input type="hidden" name="intent" value="create" />
						<TextField label="対象の月" name="month" type="month" required defaultValue={today.slice(0, 7)} max={today.slice(0, 7)} />
						<TextAreaField label="臨時に行う理由" name="extraordinaryReason" required rows={2} maxLength={200} className="wide" />
						<div className="button-row">
							<SubmitButton pendingText="作成中…">臨時モニタリングの報告書を作成</SubmitButton>
						</div>
					</Form>
				</section>
			) : null}
		</article>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
