import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrorSummary, SelectField, SubmitButton, TextAreaField, TextField } from '#app/components/forms.tsx'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { auditDenied, requireClientPermission } from '#app/modules/authz.server.ts'
import { CLOSE_REASONS, CLOSE_REASON_LABELS, retainUntil, retentionYears } from '#app/modules/clients/closing.ts'
import { closeClient } from '#app/modules/clients/closing.server.ts'
import { getClientBasics } from '#app/modules/clients/clients.server.ts'
import { formatJpDate, todayJst } from '#app/utils/dates.ts'

/**
 * /clients/:clientId/close — 終了: records the reason and the 事後評価, after which every record of
 * the client is read-only until the retention date. The consultation office only ('client.close').
 * There is no reopening here (see closing.server.ts).
 */

export const meta: MetaFunction = () => [{ title: '支援の終了 | きずなプラン' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireClientPermission(request, current, params.clientId, 'client.close')
	const client = await getClientBasics(scope.id)
	if (!client) throw json({ error: 'not_found', message: '見つかりません' }, { status: 404 })
	const today = todayJst()
	const years = retentionYears()
	return json({ client: { id: client.id, name: `${client.familyName} ${client.givenName}` }, today, years, retainUntilToday: retainUntil(today, years) })
}

export async function action({ request, params }: ActionFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireClientPermission(request, current, params.clientId, 'client.close')
	const form = Object.fromEntries(await request.formData())
	const result = await closeClient(current.actor, scope, form, todayJst(), { ipAddress: clientIp(request) })
	if (result.ok) return redirect(`/clients/${scope.id}?closed`)
	if (result.status !== 400) await auditDenied(request, current, { attempted: 'client.close', clientId: scope.id })
	return json({ fieldErrors: result.fieldErrors, values: form }, { status: result.status })
}

export default function CloseClientPage() {
	const { client, today, years, retainUntilToday } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const errors = actionData?.fieldErrors ?? {}
	const values = (actionData?.values ?? {}) as Record<string, string>
	return (
		<article className="close-page">
			<nav className="breadcrumbs" aria-label="パンくずリスト">
				<Link to="/">担当利用者</Link> ／ <Link to={`/clients/${client.id}`}>{client.name}</Link> ／ 支援の終了
			</nav>
			<div className="page-header">
				<h1>支援の終了（{client.name} さん）</h1>
			</div>
			<div className="alert warning" role="note">
				<p>
					終了すると、この利用者の記録（計画・報告書・受給者証・チームなど）はすべて閲覧のみになり、記録保存期限（終了日から{years}年。今日終了する場合は
					{formatJpDate(retainUntilToday)}）まで保存されます。終了を取り消す画面はありません。
				</p>
			</div>
			<FormErrorSummary errors={errors.form} />
			<Form method="post" className="card form" noValidate>
				<TextField label="終了日" name="closedOn" type="date" required max={today} defaultValue={values.closedOn ?? today} errors={errors.closedOn} />
				<SelectField
					label="終了の理由"
					name="reason"
					required
					defaultValue={values.reason ?? ''}
					errors={errors.reason}
					options={[{ value: '', label: '選んでください' }, ...CLOSE_REASONS.map((r) => ({ value: r, label: CLOSE_REASON_LABELS[r] }))]}
				/>
				<TextField label="理由の詳細" name="reasonDetail" hint="「その他」の場合は必ず入力してください（移行先の事業所名など）。" maxLength={500} defaultValue={values.reasonDetail ?? ''} errors={errors.reasonDetail} />
				<TextAreaField
					label="事後評価"
					name="evaluation"
					required
					rows={6}
					hint="支援の経過と目標の達成状況、本人・家族の意向、引き継ぎ事項を記録します。"
					maxLength={4000}
					defaultValue={values.evaluation ?? ''}
					errors={errors.evaluation}
				/>
				<div className="field">
					<label>
						<input type="checkbox" name="confirm" value="yes" defaultChecked={values.confirm === 'yes'} /> 終了後は記録が閲覧のみになることを確認しました
					</label>
					{errors.confirm ? (
						<ul className="field-errors" role="alert">
							{errors.confirm.map((e) => (
								<li key={e}>{e}</li>
							))}
						</ul>
					) : null}
				</div>
				<div className="button-row">
					<SubmitButton pendingText="終了しています…" className="button danger">
						支援を終了する
					</SubmitButton>
					<Link className="button" to={`/clients/${client.id}`}>
						キャンセル
					</Link>
				</div>
			</Form>
		</article>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
