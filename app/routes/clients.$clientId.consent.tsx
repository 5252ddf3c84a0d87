import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrorSummary, SubmitButton, TextField } from '#app/components/forms.tsx'
import { PlainPlan } from '#app/components/cycle/plan-version.tsx'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { requireClientPermission } from '#app/modules/authz.server.ts'
import { getClientBasics } from '#app/modules/clients/clients.server.ts'
import { agreeToElectronicConsent, loadConsenter, loadOpenCycle, readStoredPlan, takeStep } from '#app/modules/cycle/cycle.server.ts'
import { canAgreeToElectronicConsent, canConsentInApp } from '#app/policies/index.ts'
import { snapshotDigest } from '#app/modules/versions/versions.server.ts'
import cycleStyles from '#app/styles/cycle.css'
import { todayJst } from '#app/utils/dates.ts'
import { formDataToObject } from '#app/utils/forms.ts'

/**
 * /clients/:clientId/consent — 本人 or the family consent in the app (電磁的方法): once, the
 * account agrees to consent electronically; then the plan is shown in plain language and
 * 同意する records the consent and freezes the plan (cycle step consent_draft / consent_final).
 */

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: cycleStyles }]
export const meta: MetaFunction = () => [{ title: '計画への同意 | きずなプラン' }]

const NOT_FOUND = { error: 'not_found', message: '見つかりません' }

async function requireConsenter(request: Request, clientId: string | undefined) {
	const current = await requireUser(request)
	const scope = await requireClientPermission(request, current, clientId, 'client.view')
	const today = todayJst()
	if (!canConsentInApp(current.actor, scope, today)) throw json({ error: 'forbidden', message: '同意は本人・家族のアカウントで行います' }, { status: 403 })
	return { current, scope, today }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { current, scope } = await requireConsenter(request, params.clientId)
	const [client, cycle, user] = await Promise.all([
		getClientBasics(scope.id),
		loadOpenCycle(scope.id),
		loadConsenter(current.user.id, scope.id),
	])
	if (!client) throw json(NOT_FOUND, { status: 404 })
	const stage = cycle?.state === 'draft' ? 'draft' : cycle?.state === 'final' ? 'final' : null
	const snapshot = stage && cycle ? readStoredPlan(cycle.planDocumentId) : null
	return json({
		client: { id: client.id, name: `${client.familyName} ${client.givenName}` },
		stage: cycle && cycle.variant === 'specialist' ? stage : null,
		snapshot,
		digest: snapshot ? snapshotDigest(snapshot) : null,
		agreedAt: user.electronicConsentAt?.toISOString() ?? null,
		me: { name: user.displayName, role: current.user.role, relationship: user.relationship },
		today: todayJst(),
	})
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { current, scope, today } = await requireConsenter(request, params.clientId)
	const formData = await request.formData()
	const intent = String(formData.get('intent') ?? '')
	const meta = { ipAddress: clientIp(request) }
	if (intent === 'agree') {
		if (!canAgreeToElectronicConsent(current.actor)) return json({ errors: ['この操作を行う権限がありません'] }, { status: 403 })
		await agreeToElectronicConsent(current.actor, meta)
		return redirect(`/clients/${scope.id}/consent`)
	}
	if (intent === 'consent') {
		const cycle = await loadOpenCycle(scope.id)
		const step = cycle?.state === 'draft' ? 'consent_draft' : cycle?.state === 'final' ? 'consent_final' : null
		if (!step) return json({ errors: ['今は同意する計画がありません'] }, { status: 409 })
		const raw = formDataToObject(formData)
		// The family consents as a proxy and 本人 as themself (an account never signs for someone else).
		const consenterType = current.user.role === 'family' ? 'proxy' : 'self'
		const input = {
			...raw,
			consenterType,
			consenterName: current.user.displayName,
			consentedOn: today,
			// Delivered at once: the consented plan is in the account's hands in the app.
			deliveredOn: today,
			deliveryMethod: 'electronic',
			deliveredTo: consenterType === 'proxy' ? 'family' : 'self',
		}
		const result = await takeStep(current.actor, scope, step, input, today, meta, { channel: 'electronic', shownDigest: String(formData.get('digest') ?? '') })
		if (!result.ok) return json({ errors: result.errors }, { status: result.status })
		return redirect(`/clients/${scope.id}/cycle?done=consent`)
	}
	return json({ errors: ['不明な操作です'] }, { status: 400 })
}

export default function ConsentPage() {
	const { client, stage, snapshot, digest, agreedAt, me, today } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	return (
		<article className="consent-page" data-testid="consent-page">
			<nav className="breadcrumbs" aria-label="パンくずリスト">
				<Link to={`/clients/${client.id}`}>{client.name} さん</Link> ／ 計画への同意
			</nav>
			<h1>計画を読んで同意する</h1>
			<FormErrorSummary errors={actionData?.errors} />
			{!agreedAt ? (
				<section className="card consent-agreement" aria-labelledby="agree-title">
					<h2 id="agree-title">アプリで同意することについて</h2>
					<p>
						計画の説明・同意・交付を、紙の署名のかわりに、このアプリで行うことができます。アプリでの同意は、あなたのアカウントで行ったことが記録されます。紙での署名を希望するときは、相談支援専門員に伝えてください。
					</p>
					<Form method="post">
						<input type="hidden" name="intent" value="agree" />
						<SubmitButton pendingText="記録中…">アプリで同意することを承諾する</SubmitButton>
					</Form>
				</section>
			) : !stage || !snapshot ? (
				<p className="card">いま同意をお願いしている計画はありません。</p>
			) : (
				<>
					<p className="consent-lead">{stage === 'draft' ? 'けいかくの あん（計画案）' : 'けいかく（本計画）'}です。よく読んで、わからないところは相談支援専門員に聞いてください。</p>
					<PlainPlan snapshot={snapshot} clientName={client.name} />
					<section className="card" aria-labelledby="consent-form-title">
						<h2 id="consent-form-title">同意</h2>
						<Form method="post" noValidate className="consent-form">
							<input type="hidden" name="intent" value="consent" />
							{/* What was read is what gets frozen: a plan changed since is refused. */}
							<input type="hidden" name="digest" value={digest ?? ''} />
							{me.role === 'family' ? (
								<>
									<p>
										{me.name} さんが、{client.name} さんの代理人として同意します。
									</p>
									<TextField label="続柄" name="relationship" defaultValue={me.relationship} required />
									<TextField label="本人ではなく代理人が同意する理由" name="proxyReason" required hint="例：本人は内容の理解が難しいため、母が代わりに同意します" />
								</>
							) : null}
							<TextField label="説明を受けた日" name="explainedOn" type="date" defaultValue={today} required />
							<SubmitButton pendingText="記録中…">同意する</SubmitButton>
						</Form>
					</section>
				</>
			)}
		</article>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
