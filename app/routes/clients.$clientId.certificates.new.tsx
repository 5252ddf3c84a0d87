import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { CertificateForm } from '#app/components/clients/certificate-form.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { requireClientPermission } from '#app/modules/authz.server.ts'
import { createCertificateVersion, getCurrentCertificate } from '#app/modules/clients/certificates.server.ts'
import { certificateKindLabel, isCertificateKind, usualCertificateKinds } from '#app/modules/clients/certificate-kinds.ts'
import { getClientBasics } from '#app/modules/clients/clients.server.ts'
import type { CertificateKind } from '#app/modules/clients/labels.ts'
import { certificateFormSchema } from '#app/modules/clients/schemas.ts'
import clientStyles from '#app/styles/clients.css'
import { formatJpDate, todayJst } from '#app/utils/dates.ts'
import { formDataToObject, parseForm } from '#app/utils/forms.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: clientStyles }]

export const meta: MetaFunction = () => [{ title: '受給者証の登録 | きずなプラン' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireClientPermission(request, current, params.clientId, 'certificate.edit')
	const today = todayJst()
	const client = await getClientBasics(scope.id)
	if (!client) throw json({ error: 'not_found', message: '見つかりません' }, { status: 404 })
	// Each kind has its own history: ?kind= picks the certificate to renew (or to add).
	const requested = new URL(request.url).searchParams.get('kind')
	const kind: CertificateKind = isCertificateKind(requested) ? requested : usualCertificateKinds(client.category)[0]
	const certificate = await getCurrentCertificate(scope.id, today, kind)
	// A new version usually applies from today, when today lies in the decision period.
	const effectiveFrom =
		certificate && certificate.decisionStart <= today && today <= certificate.decisionEnd && certificate.effectiveFrom <= today ? today : ''
	const values = certificate
		? {
				kind: certificate.kind,
				number: certificate.number,
				issuedBy: certificate.issuedBy,
				issuedOn: certificate.issuedOn,
				effectiveFrom,
				decisionStart: certificate.decisionStart,
				decisionEnd: certificate.decisionEnd,
				supportLevel: certificate.supportLevel,
				copayCap: String(certificate.copayCap),
				monitoringPeriod: certificate.monitoringPeriod,
				monitoringMonths: certificate.monitoringMonths.join(', '),
				newUserMonthlyFrom: certificate.newUserMonthlyFrom,
				serviceType: certificate.services.map((s) => s.serviceType),
				amount: certificate.services.map((s) => s.amount),
				note: certificate.note,
			}
		: {
				kind,
				issuedBy: client.municipality?.name ?? '',
				supportLevel: client.category === 'child' ? '' : client.supportLevel,
				monitoringPeriod: 'every6',
			}
	return json({
		client: { id: client.id, familyName: client.familyName, givenName: client.givenName, birthDate: client.birthDate, category: client.category },
		kind,
		kindLabel: certificateKindLabel(kind),
		current: certificate ? { effectiveFrom: certificate.effectiveFrom, number: certificate.number } : null,
		values,
	})
}

export async function action({ request, params }: ActionFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireClientPermission(request, current, params.clientId, 'certificate.edit')
	const formData = await request.formData()
	const today = todayJst()
	const form = parseForm(formData, certificateFormSchema(today))
	if (!form.ok) {
		return json({ fieldErrors: form.fieldErrors, formErrors: form.formErrors, values: formDataToObject(formData) }, { status: 400 })
	}
	const result = await createCertificateVersion(current.actor, scope.id, form.data, today, { ipAddress: clientIp(request) })
	if (!result.ok) {
		return json({ fieldErrors: result.fieldErrors, formErrors: [], values: formDataToObject(formData) }, { status: 400 })
	}
	return redirect(`/clients/${scope.id}?certificate=1`)
}

export default function NewCertificatePage() {
	const { client, current, values, kindLabel } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const title = current ? '受給者証を更新（新しい版を登録）' : '受給者証を登録'
	return (
		<>
			<nav className="breadcrumbs" aria-label="パンくずリスト">
				<Link to="/">担当利用者</Link> ／ <Link to={`/clients/${client.id}`}>{client.familyName} {client.givenName}</Link> ／ {title}
			</nav>
			<div className="page-header">
				<h1>{title}</h1>
				<p className="muted" data-testid="certificate-kind">{kindLabel}</p>
			</div>
			{current ? (
				<div className="alert warning" role="note">
					<p>
						受給者証は上書きせず、新しい版として登録します。現在の版（{formatJpDate(current.effectiveFrom)}から適用）は履歴に残ります。
						内容は現在の版から引き継いでいます。変更のあった項目を修正し、適用開始日を確認してください。
					</p>
				</div>
			) : null}
			<section className="card">
				<CertificateForm
					values={actionData?.values ?? values}
					errors={actionData}
					submitLabel="この内容で登録する"
					cancelTo={`/clients/${client.id}`}
					person={{ birthDate: client.birthDate, category: client.category }}
				/>
			</section>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
