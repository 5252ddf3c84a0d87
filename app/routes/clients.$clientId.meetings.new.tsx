import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { MeetingForm } from '#app/components/meetings/meeting-form.tsx'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { requireClientPermission } from '#app/modules/authz.server.ts'
import { getClientBasics } from '#app/modules/clients/clients.server.ts'
import { scheduleMeeting } from '#app/modules/meetings/meeting-changes.server.ts'
import { listInvitableMembers } from '#app/modules/meetings/meeting-views.server.ts'
import { meetingFormSchema } from '#app/modules/meetings/schemas.ts'
import meetingStyles from '#app/styles/meetings.css'
import { todayJst } from '#app/utils/dates.ts'
import { formDataToObject, parseForm } from '#app/utils/forms.ts'

/** /clients/:clientId/meetings/new — schedule a サービス担当者会議 (meeting.manage). */

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: meetingStyles }]

export const meta: MetaFunction = () => [{ title: 'サービス担当者会議を予定する | きずなプラン' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireClientPermission(request, current, params.clientId, 'meeting.manage')
	const today = todayJst()
	const [client, members] = await Promise.all([getClientBasics(scope.id), listInvitableMembers(scope.id, today)])
	if (!client) throw json({ error: 'not_found', message: '見つかりません' }, { status: 404 })
	// The organiser is invited by default: they run the meeting.
	const own = members.filter((m) => m.userId === current.user.id).map((m) => m.id)
	return json({
		client: { id: client.id, name: `${client.familyName} ${client.givenName}` },
		members,
		defaults: { memberIds: own, consentOn: today },
	})
}

export async function action({ request, params }: ActionFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireClientPermission(request, current, params.clientId, 'meeting.manage')
	const today = todayJst()
	const formData = await request.formData()
	const values = formDataToObject(formData)
	const form = parseForm(formData, meetingFormSchema(today))
	if (!form.ok) return json({ fieldErrors: form.fieldErrors, formErrors: form.formErrors, values }, { status: 400 })
	const result = await scheduleMeeting(current.actor, scope, form.data, today, { ipAddress: clientIp(request) })
	if (!result.ok) return json({ fieldErrors: result.fieldErrors, formErrors: result.formErrors, values }, { status: result.status })
	return redirect(`/clients/${scope.id}/meetings/${result.id}?scheduled=1`)
}

export default function NewMeeting() {
	const { client, members, defaults } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	return (
		<>
			<nav className="breadcrumbs" aria-label="パンくずリスト">
				<Link to="/">担当利用者</Link> ／ <Link to={`/clients/${client.id}`}>{client.name}</Link> ／{' '}
				<Link to={`/clients/${client.id}/meetings`}>サービス担当者会議</Link> ／ 会議を予定する
			</nav>
			<div className="page-header">
				<h1>サービス担当者会議を予定する</h1>
			</div>
			<section className="card">
				<MeetingForm
					members={members}
					values={actionData?.values ?? { memberIds: defaults.memberIds, consentOn: defaults.consentOn }}
					errors={actionData?.fieldErrors ?? null}
					formErrors={actionData?.formErrors}
					submitLabel="会議を予定する"
					defaultConsentBy={`本人（${client.name}）`}
				/>
			</section>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
