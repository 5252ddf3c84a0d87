import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { ClientForm } from '#app/components/clients/client-form.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { requireGlobalPermission } from '#app/modules/authz.server.ts'
import { createClient, listMunicipalities } from '#app/modules/clients/clients.server.ts'
import { clientFormSchema } from '#app/modules/clients/schemas.ts'
import clientStyles from '#app/styles/clients.css'
import { todayJst } from '#app/utils/dates.ts'
import { formDataToObject, parseForm } from '#app/utils/forms.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: clientStyles }]

export const meta: MetaFunction = () => [{ title: '新規利用者登録 | きずなプラン' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	await requireGlobalPermission(request, current, 'client.create')
	return json({ today: todayJst(), municipalities: await listMunicipalities() })
}

export async function action({ request }: ActionFunctionArgs) {
	const current = await requireUser(request)
	await requireGlobalPermission(request, current, 'client.create')
	const formData = await request.formData()
	const today = todayJst()
	const form = parseForm(formData, clientFormSchema(today))
	if (!form.ok) {
		return json({ fieldErrors: form.fieldErrors, formErrors: form.formErrors, values: formDataToObject(formData) }, { status: 400 })
	}
	const result = await createClient(current.actor, form.data, today, { ipAddress: clientIp(request) })
	if (!result.ok) {
		return json({ fieldErrors: result.fieldErrors, formErrors: [], values: formDataToObject(formData) }, { status: 400 })
	}
	return redirect(`/clients/${result.id}?created=1`)
}

export default function NewClientPage() {
	const { today, municipalities } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	return (
		<>
			<nav className="breadcrumbs" aria-label="パンくずリスト">
				<Link to="/">担当利用者</Link> ／ 新規利用者登録
			</nav>
			<div className="page-header">
				<h1>新規利用者登録</h1>
			</div>
			<p className="muted">登録すると、あなたがこの方の計画作成担当（相談支援専門員）としてケアチームに加わります（情報共有の根拠: 利用契約）。</p>
			<section className="card">
				<ClientForm
					values={actionData?.values ?? { category: 'adult', supportLevel: 'pending' }}
					errors={actionData}
					municipalities={municipalities}
					today={today}
					submitLabel="登録する"
					pendingText="登録中…"
					cancelTo="/"
				/>
			</section>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
