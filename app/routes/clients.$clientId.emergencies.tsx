import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrorSummary, SelectField, SubmitButton, TextAreaField, TextField } from '#app/components/forms.tsx'
import { audit } from '#app/modules/audit/audit.server.ts'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { getClientName } from '#app/modules/clients/clients.server.ts'
import { grantsOfClient } from '#app/modules/hub/break-glass.server.ts'
import { createEmergency, listEmergencies, startRevisionFromEmergency } from '#app/modules/hub/emergencies.server.ts'
import { loadRegistrations } from '#app/modules/hub/hub.server.ts'
import { EMERGENCY_CATEGORIES, EMERGENCY_CATEGORY_LABELS, HUB_SERVICE_SUGGESTIONS, REVIEW_OUTCOME_LABELS, labelOfCode } from '#app/modules/hub/labels.ts'
import { denied, requireScope } from '#app/modules/hub/pages.server.ts'
import { emergencySchema, parseServiceRows } from '#app/modules/hub/schemas.ts'
import { canRecordEmergency, canReviewEmergencyAccess, canStartRevisionFromEmergency, canViewEmergencies, registeredHubOf, teamRoleFor } from '#app/policies/index.ts'
import { formatJpDate, formatJstDateTime, todayJst } from '#app/utils/dates.ts'
import { formDataToObject, parseForm } from '#app/utils/forms.ts'

/**
 * /clients/:clientId/emergencies — 緊急対応記録: the log of calls and what was done (services
 * outside the plan, who was contacted, the hand-off), a form for the hub coordinator at night,
 * 「計画の見直しを始める」 for the specialist, and the break-glass grants on this person.
 */

export const meta: MetaFunction = () => [{ title: '緊急対応の記録 | きずなプラン' }]

const SERVICE_ROWS = 3

export async function loader({ request, params }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireScope(request, current, params.clientId)
	const today = todayJst()
	if (!canViewEmergencies(current.actor, scope, today)) return denied(request, current, 'emergency.list', scope.id, 404)
	const [client, emergencies, registrations] = await Promise.all([
		getClientName(scope.id),
		listEmergencies(scope.id),
		loadRegistrations(scope.id),
	])
	if (!client) return denied(request, current, 'emergency.list', scope.id, 404)
	// Break-glass grants on this person: for the consultation office (the specialist is notified of each).
	const role = teamRoleFor(current.actor, scope, today)
	const grants = role === 'specialist' || role === 'office_manager' ? await grantsOfClient(scope.id) : []
	await audit({ action: 'client.view', userId: current.user.id, clientId: scope.id, target: `client:${scope.id}`, ipAddress: clientIp(request), detail: { page: 'emergencies' } })
	const active = registrations.find((r) => r.status === 'active')
	return json({
		client,
		emergencies,
		grants,
		canReview: canReviewEmergencyAccess(current.actor, scope, today),
		providers: active ? active.arrangements.map((a) => a.providerName) : [],
		canRecord: canRecordEmergency(current.actor, scope, today),
		// The hub coordinator comes here to log a call: the form is open for them.
		formOpen: role === 'hub_coordinator' || registeredHubOf(current.actor, scope) !== null,
		canRevise: canStartRevisionFromEmergency(current.actor, scope, today),
		onTeam: role !== null,
		now: nowJstInput(),
	})
}

/** "YYYY-MM-DDTHH:MM" in Japan time, for the datetime-local default. */
function nowJstInput(): string {
	return new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 16)
}

export async function action({ request, params }: ActionFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireScope(request, current, params.clientId)
	const today = todayJst()
	if (!canViewEmergencies(current.actor, scope, today)) return denied(request, current, 'emergency.create', scope.id, 404)
	const form = await request.formData()
	const raw = formDataToObject(form)
	const meta = { ipAddress: clientIp(request) }
	if (raw.intent === 'revise') {
		const result = await startRevisionFromEmergency(current.actor, scope, String(raw.emergencyId ?? ''), today, meta)
		if (!result.ok) return json({ intent: 'revise', emergencyId: String(raw.emergencyId ?? ''), errors: result.errors, fieldErrors: {} as Record<string, string[]>, values: {} as Record<string, unknown> }, { status: result.status })
		return redirect(`/clients/${scope.id}/cycle?emergency=${result.id}`)
	}
	if (raw.intent !== 'create') return json({ intent: 'unknown', emergencyId: '', errors: ['不明な操作です'], fieldErrors: {}, values: {} }, { status: 400 })
	if (!canRecordEmergency(current.actor, scope, today)) return denied(request, current, 'emergency.create', scope.id, 403)
	const parsed = parseForm(raw, emergencySchema(new Date()))
	const services = parseServiceRows(raw)
	if (!parsed.ok || !services.ok) {
		const errors = [...(parsed.ok ? [] : Object.values(parsed.fieldErrors).flat()), ...(services.ok ? [] : services.errors)]
		return json({ intent: 'create', emergencyId: '', errors, fieldErrors: parsed.ok ? {} : parsed.fieldErrors, values: raw }, { status: 400 })
	}
	const result = await createEmergency(current.actor, scope, parsed.data, services.rows, today, meta)
	if (!result.ok) return json({ intent: 'create', emergencyId: '', errors: result.errors, fieldErrors: {}, values: raw }, { status: result.status })
	return redirect(`/clients/${scope.id}/emergencies?recorded=${result.id}`)
}

function value(values: Record<string, unknown> | undefined, key: string, index?: number): string {
	const v = values?.[key]
	if (index !== undefined) return Array.isArray(v) ? String(v[index] ?? '') : index === 0 && typeof v === 'string' ? v : ''
	return typeof v === 'string' ? v : ''
}

export default function EmergenciesPage() {
	const data = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const [params] = useSearchParams()
	const created = actionData?.intent === 'create' ? actionData : null
	const values = created?.values as Record<string, unknown> | undefined
	const fe = (created?.fieldErrors ?? {}) as Record<string, string[]>
	return (
		<>
			<nav className="breadcrumbs" aria-label="パンくずリスト">
				{data.onTeam ? <Link to={`/clients/${data.client.id}`}>{data.client.name}</Link> : <Link to={`/emergency/${data.client.id}`}>{data.client.name}</Link>} ／ 緊急対応の記録
			</nav>
			<div className="page-header">
				<h1>{data.client.name} さん 緊急対応の記録</h1>
				<Link className="button small" to={`/emergency/${data.client.id}`}>
					緊急時対応シート
				</Link>
			</div>
			{params.has('recorded') ? (
				<p className="alert success" role="status">
					緊急対応を記録しました。相談支援専門員に通知しました。
				</p>
			) : null}

			{data.canRecord ? (
				<details className="card" open={data.formOpen || data.emergencies.length === 0 || created !== null}>
					<summary>
						<strong>緊急対応を記録する</strong>
					</summary>
					<Form method="post" className="form-grid" data-testid="emergency-form">
						<input type="hidden" name="intent" value="create" />
						<FormErrorSummary errors={created?.errors} />
						<TextField label="受付日時" name="occurredAt" type="datetime-local" required defaultValue={value(values, 'occurredAt') || data.now} errors={fe.occurredAt} />
						<TextField label="連絡してきた人" name="callerName" required defaultValue={value(values, 'callerName')} errors={fe.callerName} />
						<TextField label="続柄・所属" name="callerRelation" defaultValue={value(values, 'callerRelation')} errors={fe.callerRelation} />
						<SelectField
							label="緊急事態の種類"
							name="category"
							required
							defaultValue={value(values, 'category')}
							options={[{ value: '', label: '選んでください' }, ...EMERGENCY_CATEGORIES.map((c) => ({ value: c, label: EMERGENCY_CATEGORY_LABELS[c] }))]}
							errors={fe.category}
						/>
						<TextAreaField label="状況（何が起きたか）" name="situation" rows={3} required defaultValue={value(values, 'situation')} errors={fe.situation} />
						<TextAreaField label="対応内容" name="actionsTaken" rows={3} required defaultValue={value(values, 'actionsTaken')} errors={fe.actionsTaken} />
						<fieldset>
							<legend>支援計画に基づかないサービス（緊急短期入所など）</legend>
							<datalist id="service-suggestions">
								{HUB_SERVICE_SUGGESTIONS.map((s) => (
									<option key={s} value={s} />
								))}
							</datalist>
							<datalist id="provider-suggestions">
								{data.providers.map((p) => (
									<option key={p} value={p} />
								))}
							</datalist>
							<div className="hub-rows">
								{Array.from({ length: SERVICE_ROWS }, (_, i) => (
									<div key={i} className="hub-row" data-testid="service-row">
										<TextField label={`サービス ${i + 1}`} name="svc_serviceType" list="service-suggestions" defaultValue={value(values, 'svc_serviceType', i)} />
										<TextField label="事業所" name="svc_providerName" list="provider-suggestions" defaultValue={value(values, 'svc_providerName', i)} />
										<TextField label="開始日" name="svc_fromDate" type="date" defaultValue={value(values, 'svc_fromDate', i)} />
										<TextField label="終了日" name="svc_toDate" type="date" defaultValue={value(values, 'svc_toDate', i)} />
										<TextField label="備考" name="svc_note" defaultValue={value(values, 'svc_note', i)} />
									</div>
								))}
							</div>
						</fieldset>
						<TextAreaField label="連絡した先（1行に1件）" name="contacted" rows={2} defaultValue={value(values, 'contacted')} errors={fe.contacted} />
						<TextAreaField label="相談支援専門員への引き継ぎ" name="handoffNote" rows={2} defaultValue={value(values, 'handoffNote')} errors={fe.handoffNote} />
						<div className="button-row">
							<SubmitButton pendingText="記録中…">記録して相談支援専門員に通知する</SubmitButton>
						</div>
					</Form>
				</details>
			) : null}

			<section className="card" aria-labelledby="emergency-list-title">
				<h2 id="emergency-list-title">これまでの緊急対応</h2>
				{data.emergencies.length === 0 ? (
					<p className="empty-state">緊急対応の記録はまだありません。</p>
				) : (
					<ul className="hub-list" data-testid="emergency-list">
						{data.emergencies.map((e) => {
							const reviseErrors = actionData?.intent === 'revise' && actionData.emergencyId === e.id ? actionData.errors : null
							return (
								<li key={e.id} className="hub-record" data-testid="emergency-record" data-emergency-id={e.id}>
									<h3>
										{formatJstDateTime(e.occurredAt)} {e.categoryLabel}
									</h3>
									<dl>
										<dt>連絡してきた人</dt>
										<dd>
											{e.callerName}
											{e.callerRelation ? `（${e.callerRelation}）` : ''}
										</dd>
										<dt>状況</dt>
										<dd>{e.situation}</dd>
										<dt>対応内容</dt>
										<dd>{e.actionsTaken}</dd>
										{e.services.length > 0 ? (
											<>
												<dt>計画外のサービス</dt>
												<dd data-testid="emergency-services">
													{e.services.map((s) => (
														<div key={s.id}>
															{s.serviceType}：{s.providerName}（{formatJpDate(s.fromDate)}〜{formatJpDate(s.toDate)}）{s.note ? ` ${s.note}` : ''}
														</div>
													))}
												</dd>
											</>
										) : null}
										{e.contacted ? (
											<>
												<dt>連絡した先</dt>
												<dd>{e.contacted}</dd>
											</>
										) : null}
										{e.handoffNote ? (
											<>
												<dt>引き継ぎ</dt>
												<dd>{e.handoffNote}</dd>
											</>
										) : null}
										<dt>記録</dt>
										<dd>
											{e.recordedBy}
											{e.hubName ? `（${e.hubName}）` : ''}
										</dd>
									</dl>
									{e.revisionCycleId ? (
										<p className="muted" data-testid="revision-started">
											{formatJstDateTime(e.revisionStartedAt)}に{e.revisionStartedBy}が計画の見直しを始めました。
											{data.canRevise ? <Link to={`/clients/${data.client.id}/cycle`}>計画の進行へ</Link> : null}
										</p>
									) : data.canRevise ? (
										<Form method="post">
											<input type="hidden" name="intent" value="revise" />
											<input type="hidden" name="emergencyId" value={e.id} />
											<FormErrorSummary errors={reviseErrors} />
											<SubmitButton className="button small primary" pendingText="開始中…">
												この緊急対応から計画の見直しを始める
											</SubmitButton>
										</Form>
									) : null}
								</li>
							)
						})}
					</ul>
				)}
			</section>

			{data.grants.length > 0 ? (
				<section className="card" aria-labelledby="grants-title">
					<h2 id="grants-title">緊急時アクセスの記録</h2>
					<ul className="hub-list" data-testid="client-grants">
						{data.grants.map((g) => (
							<li key={g.id} className="hub-record">
								{formatJstDateTime(g.createdAt)} {g.userName}（{g.hubName}）：{g.reasonLabel}「{g.reasonText}」 閲覧{g.views}件・
								{g.inForce ? `${formatJstDateTime(g.expiresAt)}まで有効` : g.endedAt ? `${formatJstDateTime(g.endedAt)}に終了` : '期限切れ'}・
								{g.reviewOutcome ? `確認：${labelOfCode(REVIEW_OUTCOME_LABELS, g.reviewOutcome)}` : '未確認'}
							</li>
						))}
					</ul>
					{data.canReview ? <Link to="/emergency-access/review">確認のページへ</Link> : null}
				</section>
			) : null}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
