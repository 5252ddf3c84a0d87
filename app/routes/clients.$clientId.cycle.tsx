import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrorSummary, SelectField, SubmitButton, TextField } from '#app/components/forms.tsx'
import { StepForm } from '#app/components/cycle/step-forms.tsx'
import { audit } from '#app/modules/audit/audit.server.ts'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { requireClientPermission } from '#app/modules/authz.server.ts'
import { getClientBasics } from '#app/modules/clients/clients.server.ts'
import { certificateFormSchema } from '#app/modules/clients/schemas.ts'
import { recordDelivery, recordIspDelivery, startCycle, takeStep } from '#app/modules/cycle/cycle.server.ts'
import { loadCycleView } from '#app/modules/cycle/cycle-view.server.ts'
import { loadRevisionSource } from '#app/modules/monitoring/monitoring.server.ts'
import { emergencyRevisionSource } from '#app/modules/hub/emergencies.server.ts'
import { CYCLE_ACTIONS, PLAN_VARIANT_LABELS, type CycleAction, type PlanVariant } from '#app/modules/cycle/plan-cycle.ts'
import { DELIVERY_METHODS, DELIVERY_METHOD_LABELS, DELIVERY_RECIPIENT_LABELS } from '#app/modules/cycle/step-input.ts'
import { canViewCycle } from '#app/policies/index.ts'
import cycleStyles from '#app/styles/cycle.css'
import { formatJpDate, formatJpMonth, formatJstDateTime, todayJst } from '#app/utils/dates.ts'
import { formDataToObject, parseForm } from '#app/utils/forms.ts'

/**
 * /clients/:clientId/cycle — 計画の進行: the cycle's timeline (every step with its date and who
 * took it), the steps this user may take now as forms, consents, deliveries and the frozen
 * versions. Thin: the cycle module records, the policy module decides.
 */

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: cycleStyles }]

export const meta: MetaFunction = () => [{ title: '計画の進行 | きずなプラン' }]

const NOT_FOUND = { error: 'not_found', message: '見つかりません' }

async function requireCycleReader(request: Request, clientId: string | undefined) {
	const current = await requireUser(request)
	const scope = await requireClientPermission(request, current, clientId, 'client.view')
	const today = todayJst()
	if (!canViewCycle(current.actor, scope, today)) throw json(NOT_FOUND, { status: 404 })
	return { current, scope, today }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { current, scope, today } = await requireCycleReader(request, params.clientId)
	const revise = new URL(request.url).searchParams.get('revise')
	const [client, view, revisionSource, emergency] = await Promise.all([
		getClientBasics(scope.id),
		loadCycleView(current.actor, scope, today),
		loadRevisionSource(scope.id, revise),
		// Arriving from a 緊急対応記録 (issue #12): the revision's reason starts from it.
		emergencyRevisionSource(scope.id, new URL(request.url).searchParams.get('emergency')),
	])
	if (!client) throw json(NOT_FOUND, { status: 404 })
	await audit({ action: 'client.view', userId: current.user.id, clientId: scope.id, target: `client:${scope.id}`, ipAddress: clientIp(request), detail: { page: 'cycle' } })
	// Arriving from a monitoring report that found a change needed: say so, and start the
	// revision's reason from it.
	const revision = revisionSource
		? { month: revisionSource.month, note: `${formatJpMonth(revisionSource.month)}のモニタリングで計画の変更が必要と判断されたため。` }
		: null
	return json({ client: { id: client.id, name: `${client.familyName} ${client.givenName}` }, view, revision, emergency })
}

function isAction(value: string): value is CycleAction {
	return (CYCLE_ACTIONS as readonly string[]).includes(value)
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { current, scope, today } = await requireCycleReader(request, params.clientId)
	const formData = await request.formData()
	const intent = String(formData.get('intent') ?? '')
	const meta = { ipAddress: clientIp(request) }
	const raw = formDataToObject(formData)
	if (intent === 'start') {
		const variant = (String(formData.get('variant')) === 'self' ? 'self' : 'specialist') as PlanVariant
		const result = await startCycle(current.actor, scope, variant, today, meta)
		if (!result.ok) return json({ step: 'start', errors: result.errors, fieldErrors: {}, values: raw }, { status: result.status })
		return redirect(`/clients/${scope.id}/cycle?done=start`)
	}
	if (intent === 'step') {
		const step = String(formData.get('step') ?? '')
		if (!isAction(step)) return json({ step, errors: ['不明な操作です'], fieldErrors: {}, values: raw }, { status: 400 })
		let decision
		if (step === 'record_decision') {
			const form = parseForm(formData, certificateFormSchema(today))
			if (!form.ok) return json({ step, errors: form.formErrors, fieldErrors: form.fieldErrors, values: raw }, { status: 400 })
			decision = form.data
		}
		const result = await takeStep(current.actor, scope, step, raw, today, meta, { decision })
		if (!result.ok) return json({ step, errors: result.errors, fieldErrors: result.fieldErrors ?? {}, values: raw }, { status: result.status })
		return redirect(`/clients/${scope.id}/cycle?done=${step}`)
	}
	if (intent === 'delivery') {
		const result = await recordDelivery(
			current.actor,
			scope,
			{
				recipientType: String(formData.get('recipientType') ?? ''),
				organizationId: String(formData.get('organizationId') ?? ''),
				recipientName: String(formData.get('recipientName') ?? ''),
				method: String(formData.get('method') ?? ''),
				deliveredOn: String(formData.get('deliveredOn') ?? ''),
				versionId: String(formData.get('versionId') ?? ''),
			},
			today,
			meta,
		)
		if (!result.ok) return json({ step: 'delivery', errors: result.errors, fieldErrors: {}, values: raw }, { status: result.status })
		return redirect(`/clients/${scope.id}/cycle?done=delivery`)
	}
	if (intent === 'isp-delivery') {
		const result = await recordIspDelivery(
			current.actor,
			scope,
			{ documentId: String(formData.get('documentId') ?? ''), method: String(formData.get('method') ?? ''), deliveredOn: String(formData.get('deliveredOn') ?? '') },
			today,
			meta,
		)
		if (!result.ok) return json({ step: 'isp-delivery', errors: result.errors, fieldErrors: {}, values: raw }, { status: result.status })
		return redirect(`/clients/${scope.id}/cycle?done=delivery`)
	}
	return json({ step: intent, errors: ['不明な操作です'], fieldErrors: {}, values: raw }, { status: 400 })
}

const DONE: Record<string, string> = { start: '計画の進行を開始しました。', delivery: '交付を記録しました。' }

export default function CyclePage() {
	const { client, view, revision, emergency } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const [params] = useSearchParams()
	const done = params.get('done')
	const flash = done ? (DONE[done] ?? '記録しました。') : null
	const finalVersions = view.versions
	// Consent and delivery records name the version they belong to.
	const versionNumber = new Map(view.versions.map((v) => [v.id, v.number]))
	const versionLink = (id: string | null) =>
		id && versionNumber.has(id) ? (
			<>
				（<Link to={`/clients/${client.id}/versions/${id}`}>第{versionNumber.get(id)}版</Link>）
			</>
		) : null
	return (
		<article className="cycle-page" data-testid="cycle-page">
			<nav className="breadcrumbs" aria-label="パンくずリスト">
				<Link to="/">担当利用者</Link> ／ <Link to={`/clients/${client.id}`}>{client.name}</Link> ／ 計画の進行
			</nav>
			<div className="page-header">
				<h1>計画の進行</h1>
			</div>
			{flash ? (
				<p className="alert success" role="status">
					{flash}
				</p>
			) : null}
			{revision && !flash ? (
				<p className="alert info" role="note" data-testid="revision-source">
					{formatJpMonth(revision.month)}のモニタリング報告書で、計画の変更が必要とされました。
					{view.steps.some((step) => step.action === 'revise') ? '「計画の見直し」から次の計画を始めてください。' : ''}
				</p>
			) : null}

			{emergency && !flash ? (
				<p className="alert info" role="note" data-testid="emergency-source">
					{emergency.label}から計画の見直しを始めました。
					{view.steps.some((step) => step.action === 'revise') ? '「計画の見直し」から次の計画を始めてください。' : '次の計画に緊急時の対応を反映してください。'}
				</p>
			) : null}

			<section className="card" aria-labelledby="cycle-current">
				<h2 id="cycle-current">現在の段階</h2>
				{view.open ? (
					<>
						<p className="cycle-state" data-testid="cycle-state" data-state={view.open.state}>
							{view.open.stateLabel}
						</p>
						<p className="muted">
							第{view.open.number}期 ・ {view.open.variantLabel}
						</p>
						{view.nextSteps.length > 0 ? <p>次の手順：{view.nextSteps.join('／')}</p> : null}
					</>
				) : (
					<p className="muted">進行中の計画はありません。</p>
				)}
				{view.canConsentInApp ? (
					<p>
						<Link className="button primary" to={`/clients/${client.id}/consent`}>
							計画を読んで同意する
						</Link>
					</p>
				) : null}
				{view.selfPlanRefusal ? (
					<p className="alert info" data-testid="self-plan-refusal">
						{view.selfPlanRefusal}
					</p>
				) : null}
				{(Object.entries(view.canStart) as Array<[PlanVariant, boolean]>).some(([, can]) => can) ? (
					<Form method="post" className="cycle-start">
						<input type="hidden" name="intent" value="start" />
						{actionData?.step === 'start' ? <FormErrorSummary errors={actionData.errors} /> : null}
						<SelectField
							label="計画の種類"
							name="variant"
							options={(Object.entries(view.canStart) as Array<[PlanVariant, boolean]>).filter(([, can]) => can).map(([v]) => ({ value: v, label: PLAN_VARIANT_LABELS[v] }))}
						/>
						<SubmitButton pendingText="開始中…">計画の進行を開始する</SubmitButton>
					</Form>
				) : null}
			</section>

			{view.steps.length > 0 ? (
				<section aria-labelledby="cycle-steps">
					<h2 id="cycle-steps">次に行う手順</h2>
					{view.steps.map((step) => (
						<StepForm key={step.action} step={step} view={view} errors={actionData} defaults={step.action === 'revise' && (revision ?? emergency) ? { note: (revision ?? emergency)!.note } : undefined} />
					))}
				</section>
			) : null}

			<section className="card" aria-labelledby="cycle-timeline">
				<h2 id="cycle-timeline">経過</h2>
				{view.cycles.length === 0 ? <p className="muted">まだ記録はありません。</p> : null}
				{view.cycles.map((c) => (
					<div key={c.id} className="cycle-block">
						<h3>
							第{c.number}期（{c.variantLabel}）— {c.stateLabel}
						</h3>
						{c.events.length === 0 ? (
							<p className="muted">まだ手順の記録はありません。</p>
						) : (
							<ol className="cycle-timeline" data-testid="cycle-timeline">
								{c.events.map((e) => (
									<li key={e.id} className="cycle-event">
										<p className="cycle-event__head">
											<time dateTime={e.occurredOn}>{formatJpDate(e.occurredOn)}</time> <strong>{e.label}</strong>（{e.fromLabel} → {e.toLabel}）
										</p>
										<p className="muted">記録：{e.actorName}</p>
										{e.note ? <p className="cycle-event__note">{e.note}</p> : null}
										{e.versionId ? (
											<p>
												<Link to={`/clients/${client.id}/versions/${e.versionId}`}>この手順の版を見る</Link>
											</p>
										) : null}
									</li>
								))}
							</ol>
						)}
					</div>
				))}
			</section>

			<section className="card" aria-labelledby="cycle-versions">
				<h2 id="cycle-versions">計画の版</h2>
				{view.versions.length === 0 ? (
					<p className="muted">同意・提出の時点で計画が版として保存されます。まだ版はありません。</p>
				) : (
					<>
						<table className="data" data-testid="version-list">
							<thead>
								<tr>
									<th scope="col">版</th>
									<th scope="col">種類</th>
									<th scope="col">保存日時</th>
									<th scope="col">保存した人</th>
									<th scope="col">ハッシュ</th>
								</tr>
							</thead>
							<tbody>
								{view.versions.map((v) => (
									<tr key={v.id}>
										<td>
											<Link to={`/clients/${client.id}/versions/${v.id}`}>第{v.number}版</Link>
										</td>
										<td>{v.reasonLabel}</td>
										<td>{formatJstDateTime(v.createdAt)}</td>
										<td>{v.createdByName}</td>
										<td>
											<code>{v.hash}</code>
										</td>
									</tr>
								))}
							</tbody>
						</table>
						{view.versions.length >= 2 ? (
							<Form method="get" action={`/clients/${client.id}/versions/compare`} className="compare-form">
								<SelectField label="比べる版（前）" name="a" defaultValue={view.versions.at(-2)?.id} options={view.versions.map((v) => ({ value: v.id, label: `第${v.number}版 ${v.reasonLabel}` }))} />
								<SelectField label="比べる版（後）" name="b" defaultValue={view.versions.at(-1)?.id} options={view.versions.map((v) => ({ value: v.id, label: `第${v.number}版 ${v.reasonLabel}` }))} />
								<button type="submit" className="button">
									版を比べる
								</button>
							</Form>
						) : null}
					</>
				)}
			</section>

			<section className="card" aria-labelledby="cycle-consents">
				<h2 id="cycle-consents">同意と交付の記録</h2>
				{view.consents.length === 0 ? <p className="muted">同意の記録はまだありません。</p> : null}
				<ul className="cycle-records" data-testid="consent-list">
					{view.consents.map((c) => (
						<li key={c.id}>
							{c.stage === 'draft' ? '計画案' : '本計画'}：{formatJpDate(c.consentedOn)} {c.consenterName}
							{c.consenterType === 'proxy' ? `（代理人・${c.relationship}／理由：${c.proxyReason}）` : '（本人）'}・
							{c.method === 'electronic' ? '電子同意' : '書面（署名）'}・説明日 {formatJpDate(c.explainedOn)}
							{versionLink(c.versionId)}
						</li>
					))}
				</ul>
				{view.deliveries.length > 0 ? (
					<ul className="cycle-records" data-testid="delivery-list">
						{view.deliveries.map((d) => (
							<li key={d.id}>
								交付：{formatJpDate(d.deliveredOn)} {DELIVERY_RECIPIENT_LABELS[d.recipientType as keyof typeof DELIVERY_RECIPIENT_LABELS] ?? d.recipientType}
								{d.recipientName ? `（${d.recipientName}）` : ''}・{DELIVERY_METHOD_LABELS[d.method as keyof typeof DELIVERY_METHOD_LABELS] ?? d.method}
								{d.documentId ? '・個別支援計画' : ''}
								{versionLink(d.versionId)}
							</li>
						))}
					</ul>
				) : null}
				{view.canDeliver && finalVersions.length > 0 ? (
					<Form method="post" className="cycle-delivery" aria-label="交付の記録">
						<h3>交付を記録する</h3>
						<input type="hidden" name="intent" value="delivery" />
						{actionData?.step === 'delivery' ? <FormErrorSummary errors={actionData.errors} /> : null}
						<SelectField label="交付した版" name="versionId" defaultValue={finalVersions.at(-1)?.id} options={finalVersions.map((v) => ({ value: v.id, label: `第${v.number}版 ${v.reasonLabel}` }))} />
						<SelectField
							label="交付先"
							name="recipientType"
							options={[
								...view.providers.map(() => ({ value: 'provider', label: 'サービス提供事業所' })).slice(0, 1),
								{ value: 'self', label: '本人' },
								{ value: 'family', label: '家族・後見人' },
								{ value: 'municipality', label: '市町村' },
							]}
						/>
						{view.providers.length > 0 ? (
							<SelectField label="事業所（交付先が事業所のとき）" name="organizationId" options={view.providers.map((p) => ({ value: p.id, label: p.name }))} />
						) : null}
						<TextField label="氏名（家族・後見人のとき）" name="recipientName" />
						<SelectField label="交付の方法" name="method" options={DELIVERY_METHODS.map((m) => ({ value: m, label: DELIVERY_METHOD_LABELS[m] }))} />
						<TextField label="交付日" name="deliveredOn" type="date" defaultValue={view.today} required />
						<SubmitButton pendingText="記録中…">交付を記録する</SubmitButton>
					</Form>
				) : null}
				{view.ownIsps.length > 0 ? (
					<Form method="post" className="cycle-delivery" aria-label="個別支援計画の交付">
						<h3>個別支援計画を相談支援専門員に交付した記録</h3>
						<input type="hidden" name="intent" value="isp-delivery" />
						{actionData?.step === 'isp-delivery' ? <FormErrorSummary errors={actionData.errors} /> : null}
						<SelectField label="個別支援計画" name="documentId" options={view.ownIsps.map((d) => ({ value: d.id, label: d.title }))} />
						<SelectField label="交付の方法" name="method" options={DELIVERY_METHODS.map((m) => ({ value: m, label: DELIVERY_METHOD_LABELS[m] }))} />
						<TextField label="交付日" name="deliveredOn" type="date" defaultValue={view.today} required />
						<SubmitButton pendingText="記録中…">交付を記録する</SubmitButton>
					</Form>
				) : null}
			</section>
		</article>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
