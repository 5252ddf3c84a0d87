import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { MeetingForm } from '#app/components/meetings/meeting-form.tsx'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { isWellFormedId, requireClientPermission } from '#app/modules/authz.server.ts'
import { getClientBasics } from '#app/modules/clients/clients.server.ts'
import { updateMeeting } from '#app/modules/meetings/meeting-changes.server.ts'
import { listInvitableMembers, loadMeetingForEdit } from '#app/modules/meetings/meeting-views.server.ts'
import { meetingFormSchema } from '#app/modules/meetings/schemas.ts'
import meetingStyles from '#app/styles/meetings.css'
import { todayJst } from '#app/utils/dates.ts'
import { formDataToObject, parseForm } from '#app/utils/forms.ts'

/** /clients/:clientId/meetings/:meetingId/edit — change a scheduled meeting (meeting.manage). */

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: meetingStyles }]

export const meta: MetaFunction = () => [{ title: '会議の予定を変更 | きずなプラン' }]

const NOT_FOUND = { error: 'not_found', message: '見つかりません' }

export async function loader({ request, params }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireClientPermission(request, current, params.clientId, 'meeting.manage')
	const today = todayJst()
	if (!isWellFormedId(params.meetingId)) throw json(NOT_FOUND, { status: 404 })
	const [client, members, meeting] = await Promise.all([
		getClientBasics(scope.id),
		listInvitableMembers(scope.id, today),
		loadMeetingForEdit(scope.id, params.meetingId, today),
	])
	if (!client || !meeting) throw json(NOT_FOUND, { status: 404 })
	if (meeting.status !== 'scheduled') return redirect(`/clients/${scope.id}/meetings/${params.meetingId}`)
	return json({ client: { id: client.id, name: `${client.familyName} ${client.givenName}` }, members, meetingId: params.meetingId, values: meeting.values })
}

export async function action({ request, params }: ActionFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireClientPermission(request, current, params.clientId, 'meeting.manage')
	if (!isWellFormedId(params.meetingId)) throw json(NOT_FOUND, { status: 404 })
	const today = todayJst()
	const formData = await request.formData()
	const values = formDataToObject(formData)
	const form = parseForm(formData, meetingFormSchema(today))
	if (!form.ok) return json({ fieldErrors: form.fieldErrors, formErrors: form.formErrors, values }, { status: 400 })
	const result = await updateMeeting(current.actor, scope, params.meetingId, form.data, today, { ipAddress: clientIp(request) })
	if (!result.ok) {
		if (result.status === 404) throw json(NOT_FOUND, { status: 404 })
		return json({ fieldErrors: result.fieldErrors, formErrors: result.formErrors, values }, { status: result.status })
	}
	return redirect(`/clients/${scope.id}/meetings/${result.id}?updated=1`)
}

export default function EditMeeting() {
	const { client, members, meetingId, values } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	return (
		<>
			<nav className="breadcrumbs" aria-label="パンくずリスト">
				<Link to="/">担当利用者</Link> ／ <Link to={`/clients/${client.id}`}>{client.name}</Link> ／{' '}
				<Link to={`/clients/${client.id}/meetings`}>サービス担当者会議</Link> ／{' '}
				<Link to={`/clients/${client.id}/meetings/${meetingId}`}>会議</Link> ／ 予定を変更
			</nav>
			<div className="page-header">
				<h1>会議の予定を変更</h1>
			</div>
			<section className="card">
				<MeetingForm
					members={members}
					values={actionData?.values ?? values}
					errors={actionData?.fieldErrors ?? null}
					formErrors={actionData?.formErrors}
					submitLabel="変更を保存"
					defaultConsentBy=""
				/>
			</section>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
