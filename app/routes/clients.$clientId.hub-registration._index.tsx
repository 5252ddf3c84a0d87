import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrorSummary, SelectField, SubmitButton, TextAreaField, TextField } from '#app/components/forms.tsx'
import { audit } from '#app/modules/audit/audit.server.ts'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { getClientName } from '#app/modules/clients/clients.server.ts'
import { activeSpecialists, endRegistration, loadRegistrations, registrationOptions, saveRegistration } from '#app/modules/hub/hub.server.ts'
import { CONSENT_METHOD_LABELS, CONSENT_METHODS, HUB_REASON_LABELS, HUB_REASONS, HUB_SERVICE_SUGGESTIONS, labelOfCode, NO_SPECIALIST_MESSAGE } from '#app/modules/hub/labels.ts'
import { denied, requireScope } from '#app/modules/hub/pages.server.ts'
import { endRegistrationSchema, parseRegistrationRows, registrationSchema } from '#app/modules/hub/schemas.ts'
import { canOnClient, canPrepareHubRegistration, registeredHubOf } from '#app/policies/index.ts'
import { formatJpDate, todayJst } from '#app/utils/dates.ts'
import { formDataToObject, parseForm } from '#app/utils/forms.ts'

/**
 * /clients/:clientId/hub-registration — 事前の利用登録 with the 地域生活支援拠点: reasons, consent
 * to share with the hub (printed for signature), hub and coordinator, 事前調整, 体験利用, review
 * date, and ending it. Prepared by the specialist or a hub coordinator (app/policies/hub.ts).
 */

export const meta: MetaFunction = () => [{ title: '拠点 事前登録 | きずなプラン' }]

const ARRANGEMENT_ROWS = 3
const TRIAL_ROWS = 2

export async function loader({ request, params }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireScope(request, current, params.clientId)
	const today = todayJst()
	const canEdit = canPrepareHubRegistration(current.actor, scope, today)
	const canRead = canEdit || canOnClient(current.actor, 'client.view', scope, today) || registeredHubOf(current.actor, scope) !== null
	if (!canRead) return denied(request, current, 'hub.registration.view', scope.id, 404)
	const [client, registrations, options, specialists] = await Promise.all([
		getClientName(scope.id),
		loadRegistrations(scope.id),
		canEdit ? registrationOptions(scope.id) : null,
		activeSpecialists(scope, today),
	])
	if (!client) return denied(request, current, 'hub.registration.view', scope.id, 404)
	await audit({ action: 'client.view', userId: current.user.id, clientId: scope.id, target: `client:${scope.id}`, ipAddress: clientIp(request), detail: { page: 'hub-registration' } })
	return json({
		client,
		registrations,
		options,
		canEdit,
		onTeam: canOnClient(current.actor, 'client.view', scope, today),
		hasSpecialist: specialists.length > 0,
		today,
	})
}

export async function action({ request, params }: ActionFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireScope(request, current, params.clientId)
	const today = todayJst()
	if (!canPrepareHubRegistration(current.actor, scope, today)) {
		const visible = canOnClient(current.actor, 'client.view', scope, today)
		return denied(request, current, 'hub.registration.save', scope.id, visible ? 403 : 404)
	}
	const raw = formDataToObject(await request.formData())
	const meta = { ipAddress: clientIp(request) }
	const registrationId = typeof raw.registrationId === 'string' && raw.registrationId !== '' ? raw.registrationId : null
	if (raw.intent === 'end') {
		const parsed = parseForm(raw, endRegistrationSchema(today))
		if (!parsed.ok) return json({ intent: 'end', errors: Object.values(parsed.fieldErrors).flat(), fieldErrors: parsed.fieldErrors, values: raw }, { status: 400 })
		const ended = await endRegistration(current.actor, scope, registrationId ?? '', parsed.data, today, meta)
		if (!ended.ok) return json({ intent: 'end', errors: ended.errors, fieldErrors: ended.fieldErrors ?? {}, values: raw }, { status: ended.status })
		return redirect(`/clients/${scope.id}/hub-registration?ended=1`)
	}
	if (raw.intent !== 'save') return json({ intent: 'unknown', errors: ['不明な操作です'], fieldErrors: {}, values: raw }, { status: 400 })
	const parsed = parseForm(raw, registrationSchema(today))
	const rows = parseRegistrationRows(raw)
	if (!parsed.ok || !rows.ok) {
		const errors = [...(parsed.ok ? [] : Object.values(parsed.fieldErrors).flat()), ...(rows.ok ? [] : rows.errors)]
		return json({ intent: 'save', errors, fieldErrors: parsed.ok ? {} : parsed.fieldErrors, values: raw }, { status: 400 })
	}
	const saved = await saveRegistration(current.actor, scope, parsed.data, rows.rows, today, meta, registrationId)
	if (!saved.ok) return json({ intent: 'save', errors: saved.errors, fieldErrors: saved.fieldErrors ?? {}, values: raw }, { status: saved.status })
	return redirect(`/clients/${scope.id}/hub-registration?saved=1`)
}

function pick(values: Record<string, unknown> | undefined, key: string, fallback: string, index?: number): string {
	if (!values) return fallback
	const v = values[key]
	if (index !== undefined) return Array.isArray(v) ? String(v[index] ?? '') : index === 0 && typeof v === 'string' ? v : ''
	return typeof v === 'string' ? v : ''
}

export default function HubRegistrationPage() {
	const data = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const [params] = useSearchParams()
	const active = data.registrations.find((r) => r.status === 'active') ?? null
	const ended = data.registrations.filter((r) => r.status !== 'active')
	const saving = actionData?.intent === 'save' ? actionData : null
	const values = saving ? (saving.values as Record<string, unknown>) : undefined
	const fe = (saving?.fieldErrors ?? {}) as Record<string, string[]>
	const options = data.options
	const defaultHub = active?.hubOrganizationId ?? options?.hubs[0]?.id ?? ''
	const chosenReasons = values ? ([] as string[]).concat((values.reasons as string | string[] | undefined) ?? []) : (active?.reasons ?? [])
	const arrangements = active?.arrangements ?? []
	const trials = active?.trialStays ?? []
	return (
		<>
			<nav className="breadcrumbs" aria-label="パンくずリスト">
				{data.onTeam ? <Link to={`/clients/${data.client.id}`}>{data.client.name}</Link> : <Link to={`/emergency/${data.client.id}`}>{data.client.name}</Link>} ／ 拠点 事前登録
			</nav>
			<div className="page-header">
				<h1>{data.client.name} さん 地域生活支援拠点 事前登録</h1>
				{active ? (
					<Link className="button small" to={`/clients/${data.client.id}/hub-registration/print`} data-testid="print-registration">
						登録申請書を印刷（署名用）
					</Link>
				) : null}
			</div>
			{params.has('saved') ? (
				<p className="alert success" role="status">
					拠点登録を保存しました。
				</p>
			) : null}
			{params.has('ended') ? (
				<p className="alert success" role="status">
					拠点登録を終了しました。
				</p>
			) : null}
			{!data.hasSpecialist ? (
				<div className="alert warning" role="note" data-testid="no-specialist">
					<p>{NO_SPECIALIST_MESSAGE}</p>
				</div>
			) : null}
			{active?.migrated ? (
				<p className="alert warning" role="note">
					以前の「拠点登録済み」の印から移行した登録です。登録の理由・同意・事前調整を記入してください。
				</p>
			) : null}

			{active && !data.canEdit ? (
				<section className="card">
					<h2>登録内容</h2>
					<p>
						{active.hubName}（{formatJpDate(active.registeredOn)}登録）：{active.reasonLabels.join('、')}
					</p>
				</section>
			) : null}

			{data.canEdit && options ? (
				<section className="card" aria-labelledby="registration-form-title">
					<h2 id="registration-form-title">{active ? '登録内容の変更' : '新規登録'}</h2>
					{options.hubs.length === 0 ? (
						<p className="alert warning">この方の支給決定市町村に地域生活支援拠点が登録されていません。利用者情報の市町村を確認してください。</p>
					) : (
						<Form method="post" className="form-grid" data-testid="registration-form">
							<input type="hidden" name="intent" value="save" />
							<input type="hidden" name="registrationId" value={active?.id ?? ''} />
							<FormErrorSummary errors={saving?.errors} />
							<SelectField label="登録先の拠点" name="hubOrganizationId" required defaultValue={pick(values, 'hubOrganizationId', defaultHub)} options={options.hubs.map((h) => ({ value: h.id, label: h.name }))} errors={fe.hubOrganizationId} />
							<SelectField
								label="担当コーディネーター"
								name="coordinatorId"
								defaultValue={pick(values, 'coordinatorId', active?.coordinatorId ?? options.coordinators[0]?.id ?? '')}
								options={[{ value: '', label: '未定' }, ...options.coordinators.map((c) => ({ value: c.id, label: c.name }))]}
								errors={fe.coordinatorId}
							/>
							<TextField label="登録日" name="registeredOn" type="date" required defaultValue={pick(values, 'registeredOn', active?.registeredOn ?? data.today)} errors={fe.registeredOn} />
							<fieldset className="hub-reasons">
								<legend>登録の理由（複数可）</legend>
								{HUB_REASONS.map((r) => (
									<label key={r}>
										<input type="checkbox" name="reasons" value={r} defaultChecked={chosenReasons.includes(r)} /> {HUB_REASON_LABELS[r]}
									</label>
								))}
							</fieldset>
							{fe.reasons ? <FormErrorSummary errors={fe.reasons} /> : null}
							<TextField label="その他の理由" name="reasonOther" defaultValue={pick(values, 'reasonOther', active?.reasonOther ?? '')} errors={fe.reasonOther} />
							<fieldset>
								<legend>拠点と情報を共有することへの同意</legend>
								<TextField label="同意した人" name="consentBy" required defaultValue={pick(values, 'consentBy', active?.consentBy ?? '')} errors={fe.consentBy} />
								<TextField label="続柄（本人・母など）" name="consentRelation" required defaultValue={pick(values, 'consentRelation', active?.consentRelation ?? '')} errors={fe.consentRelation} />
								<SelectField
									label="同意の方法"
									name="consentMethod"
									required
									defaultValue={pick(values, 'consentMethod', active?.consentMethod ?? '')}
									options={[{ value: '', label: '選んでください' }, ...CONSENT_METHODS.map((m) => ({ value: m, label: CONSENT_METHOD_LABELS[m] }))]}
									errors={fe.consentMethod}
								/>
								<TextField label="同意日" name="consentOn" type="date" required defaultValue={pick(values, 'consentOn', active?.consentOn ?? '')} errors={fe.consentOn} />
							</fieldset>
							<fieldset>
								<legend>基幹相談支援センターの関わり{data.hasSpecialist ? '（任意）' : '（相談支援専門員が決まるまで必須）'}</legend>
								<SelectField
									label="基幹相談支援センター"
									name="coreCenterOrganizationId"
									defaultValue={pick(values, 'coreCenterOrganizationId', active?.coreCenterOrganizationId ?? '')}
									options={[{ value: '', label: 'なし' }, ...options.coreCenters.map((c) => ({ value: c.id, label: c.name }))]}
									errors={fe.coreCenterOrganizationId}
								/>
								<TextAreaField label="関わりの内容" name="coreCenterNote" rows={2} defaultValue={pick(values, 'coreCenterNote', active?.coreCenterNote ?? '')} errors={fe.coreCenterNote} />
							</fieldset>
							<fieldset>
								<legend>事前調整（緊急時に受け入れる事業所と条件）</legend>
								<datalist id="hub-services">
									{HUB_SERVICE_SUGGESTIONS.map((s) => (
										<option key={s} value={s} />
									))}
								</datalist>
								<div className="hub-rows">
									{Array.from({ length: Math.max(ARRANGEMENT_ROWS, arrangements.length + 1) }, (_, i) => (
										<div key={i} className="hub-row" data-testid="arrangement-row">
											<TextField label={`サービス ${i + 1}`} name="arr_serviceType" list="hub-services" defaultValue={pick(values, 'arr_serviceType', arrangements[i]?.serviceType ?? '', i)} />
											<TextField label="事業所" name="arr_providerName" defaultValue={pick(values, 'arr_providerName', arrangements[i]?.providerName ?? '', i)} />
											<TextField label="条件" name="arr_conditions" defaultValue={pick(values, 'arr_conditions', arrangements[i]?.conditions ?? '', i)} />
											<TextField label="合意日" name="arr_agreedOn" type="date" defaultValue={pick(values, 'arr_agreedOn', arrangements[i]?.agreedOn ?? '', i)} />
										</div>
									))}
								</div>
							</fieldset>
							<fieldset>
								<legend>体験利用</legend>
								<div className="hub-rows">
									{Array.from({ length: Math.max(TRIAL_ROWS, trials.length + 1) }, (_, i) => (
										<div key={i} className="hub-row">
											<TextField label={`サービス ${i + 1}`} name="trial_serviceType" list="hub-services" defaultValue={pick(values, 'trial_serviceType', trials[i]?.serviceType ?? '', i)} />
											<TextField label="事業所" name="trial_providerName" defaultValue={pick(values, 'trial_providerName', trials[i]?.providerName ?? '', i)} />
											<TextField label="開始日" name="trial_fromDate" type="date" defaultValue={pick(values, 'trial_fromDate', trials[i]?.fromDate ?? '', i)} />
											<TextField label="終了日" name="trial_toDate" type="date" defaultValue={pick(values, 'trial_toDate', trials[i]?.toDate ?? '', i)} />
											<TextField label="様子" name="trial_note" defaultValue={pick(values, 'trial_note', trials[i]?.note ?? '', i)} />
										</div>
									))}
								</div>
							</fieldset>
							<TextField label="見直し予定日" name="reviewOn" type="date" required defaultValue={pick(values, 'reviewOn', active?.reviewOn ?? '')} errors={fe.reviewOn} />
							<div className="button-row">
								<SubmitButton pendingText="保存中…">{active ? '変更を保存する' : '登録する'}</SubmitButton>
							</div>
						</Form>
					)}
				</section>
			) : null}

			{active && data.canEdit ? (
				<details className="card">
					<summary>登録を終了する</summary>
					<Form method="post" className="form-grid">
						<input type="hidden" name="intent" value="end" />
						<input type="hidden" name="registrationId" value={active.id} />
						<FormErrorSummary errors={actionData?.intent === 'end' ? actionData.errors : null} />
						<TextField label="終了日" name="endedOn" type="date" required defaultValue={data.today} />
						<TextAreaField label="終了の理由" name="endReason" rows={2} required />
						<div className="button-row">
							<SubmitButton className="button danger" pendingText="終了中…">
								登録を終了する
							</SubmitButton>
						</div>
					</Form>
				</details>
			) : null}

			{ended.length > 0 ? (
				<section className="card">
					<h2>終了した登録</h2>
					<ul>
						{ended.map((r) => (
							<li key={r.id}>
								{r.hubName}：{formatJpDate(r.registeredOn)}〜{formatJpDate(r.endedOn)}（{r.endReason}）
							</li>
						))}
					</ul>
				</section>
			) : null}
			{active ? <p className="muted">同意の方法：{labelOfCode(CONSENT_METHOD_LABELS, active.consentMethod)}</p> : null}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
