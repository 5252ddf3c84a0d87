import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { ClientForm } from '#app/components/clients/client-form.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { requireClientPermission } from '#app/modules/authz.server.ts'
import { getClientBasics, listMunicipalities, updateClient } from '#app/modules/clients/clients.server.ts'
import { clientFormSchema } from '#app/modules/clients/schemas.ts'
import clientStyles from '#app/styles/clients.css'
import { todayJst } from '#app/utils/dates.ts'
import { formDataToObject, parseForm } from '#app/utils/forms.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: clientStyles }]

export const meta: MetaFunction = () => [{ title: '基本情報の編集 | きずなプラン' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireClientPermission(request, current, params.clientId, 'client.edit')
	const client = await getClientBasics(scope.id)
	if (!client) throw json({ error: 'not_found', message: '見つかりません' }, { status: 404 })
	return json({
		today: todayJst(),
		municipalities: await listMunicipalities(),
		client: {
			id: client.id,
			familyName: client.familyName,
			givenName: client.givenName,
		},
		values: {
			familyName: client.familyName,
			givenName: client.givenName,
			familyNameKana: client.familyNameKana,
			givenNameKana: client.givenNameKana,
			birthDate: client.birthDate,
			gender: client.gender,
			category: client.category,
			guardianName: client.guardianName,
			disabilityCategories: client.disabilityCategories.split(',').filter(Boolean),
			supportLevel: client.supportLevel,
			supportLevelFrom: client.supportLevelFrom,
			supportLevelUntil: client.supportLevelUntil,
			handbook: client.handbook,
			postalCode: client.postalCode,
			address: client.address,
			phone: client.phone,
			municipalityId: client.municipalityId ?? '',
		},
	})
}

export async function action({ request, params }: ActionFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireClientPermission(request, current, params.clientId, 'client.edit')
	const formData = await request.formData()
	const form = parseForm(formData, clientFormSchema(todayJst()))
	if (!form.ok) {
		return json({ fieldErrors: form.fieldErrors, formErrors: form.formErrors, values: formDataToObject(formData) }, { status: 400 })
	}
	const result = await updateClient(current.actor, scope.id, form.data, { ipAddress: clientIp(request) })
	if (!result.ok) {
		return json({ fieldErrors: result.fieldErrors, formErrors: [], values: formDataToObject(formData) }, { status: 400 })
	}
	return redirect(`/clients/${scope.id}?updated=1`)
}

export default function EditClientPage() {
	const { client, values, municipalities, today } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	return (
		<>
			<nav className="breadcrumbs" aria-label="パンくずリスト">
				<Link to="/">担当利用者</Link> ／ <Link to={`/clients/${client.id}`}>{client.familyName} {client.givenName}</Link> ／ 基本情報の編集
			</nav>
			<div className="page-header">
				<h1>基本情報の編集</h1>
			</div>
			<section className="card">
				<ClientForm
					values={actionData?.values ?? values}
					errors={actionData}
					municipalities={municipalities}
					today={today}
					submitLabel="保存する"
					pendingText="保存中…"
					cancelTo={`/clients/${client.id}`}
				/>
			</section>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
