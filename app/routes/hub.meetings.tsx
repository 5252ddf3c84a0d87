import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrorSummary, SubmitButton, TextAreaField, TextField } from '#app/components/forms.tsx'
import { audit } from '#app/modules/audit/audit.server.ts'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { createHubMeeting, listHubMeetings } from '#app/modules/hub/coordination.server.ts'
import { rosterOptions } from '#app/modules/hub/hub.server.ts'
import { requireRosterHub } from '#app/modules/hub/pages.server.ts'
import { hubMeetingSchema } from '#app/modules/hub/schemas.ts'
import { formatJpDate, todayJst } from '#app/utils/dates.ts'
import { formDataToObject, parseForm } from '#app/utils/forms.ts'

/** /hub/meetings — the hub's 調整会議: participants, the people discussed, outcomes. */

export const meta: MetaFunction = () => [{ title: '調整会議 | きずなプラン' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	const { hub } = await requireRosterHub(request, current)
	const [meetings, people] = await Promise.all([listHubMeetings(hub.id), rosterOptions(hub.id)])
	await audit({ action: 'hub.roster.view', userId: current.user.id, ipAddress: clientIp(request), target: `hub:${hub.id}`, detail: { page: 'meetings' } })
	return json({ hub, meetings, people, today: todayJst() })
}

export async function action({ request }: ActionFunctionArgs) {
	const current = await requireUser(request)
	const { hub } = await requireRosterHub(request, current)
	const raw = formDataToObject(await request.formData())
	const parsed = parseForm(raw, hubMeetingSchema(todayJst()))
	if (!parsed.ok) return json({ errors: Object.values(parsed.fieldErrors).flat(), fieldErrors: parsed.fieldErrors, values: raw }, { status: 400 })
	const result = await createHubMeeting(current.user.id, hub.id, parsed.data, { ipAddress: clientIp(request) })
	if (!result.ok) return json({ errors: result.errors, fieldErrors: {} as Record<string, string[]>, values: raw }, { status: 400 })
	return redirect(`/hub/meetings?hub=${hub.id}&saved=1`)
}

export default function HubMeetings() {
	const { hub, meetings, people, today } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const [params] = useSearchParams()
	const values = actionData?.values as Record<string, string | string[]> | undefined
	const fe = (actionData?.fieldErrors ?? {}) as Record<string, string[]>
	const chosen = values ? ([] as string[]).concat(values.clientIds ?? []) : []
	const text = (key: string) => (typeof values?.[key] === 'string' ? (values[key] as string) : '')
	return (
		<>
			<nav className="breadcrumbs" aria-label="パンくずリスト">
				<Link to={`/hub?hub=${hub.id}`}>{hub.name}</Link> ／ 調整会議
			</nav>
			<h1>調整会議</h1>
			{params.has('saved') ? (
				<p className="alert success" role="status">
					調整会議を記録しました。
				</p>
			) : null}
			<details className="card" open={actionData !== undefined}>
				<summary>
					<strong>調整会議を記録する</strong>
				</summary>
				<Form method="post" className="form-grid" data-testid="hub-meeting-form">
					<FormErrorSummary errors={actionData?.errors} />
					<TextField label="開催日" name="date" type="date" required defaultValue={text('date') || today} errors={fe.date} />
					<TextField label="会議名" name="title" required defaultValue={text('title')} errors={fe.title} />
					<TextAreaField label="参加者（1行に1人：氏名（所属））" name="participants" rows={4} required defaultValue={text('participants')} errors={fe.participants} />
					<fieldset className="hub-reasons">
						<legend>検討した方</legend>
						{people.length === 0 ? <span className="muted">登録者がいません</span> : null}
						{people.map((p) => (
							<label key={p.id}>
								<input type="checkbox" name="clientIds" value={p.id} defaultChecked={chosen.includes(p.id)} /> {p.name}
							</label>
						))}
					</fieldset>
					<TextAreaField label="検討結果" name="outcomes" rows={4} required defaultValue={text('outcomes')} errors={fe.outcomes} />
					<div className="button-row">
						<SubmitButton pendingText="記録中…">記録する</SubmitButton>
					</div>
				</Form>
			</details>
			{meetings.length === 0 ? (
				<p className="empty-state">調整会議の記録はまだありません。</p>
			) : (
				<ul className="hub-list" data-testid="hub-meetings">
					{meetings.map((m) => (
						<li key={m.id} className="hub-record">
							<h3>
								{formatJpDate(m.date)} {m.title}
							</h3>
							<dl>
								<dt>参加者</dt>
								<dd>{m.participants}</dd>
								<dt>検討した方</dt>
								<dd>{m.clients.map((c) => c.name).join('、') || '—'}</dd>
								<dt>検討結果</dt>
								<dd>{m.outcomes}</dd>
							</dl>
						</li>
					))}
				</ul>
			)}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
