import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrorSummary, SelectField, SubmitButton, TextAreaField, TextField } from '#app/components/forms.tsx'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { activeGrantsOf, emergencyAccessHours, endEmergencyAccess, requestEmergencyAccess, searchForEmergency } from '#app/modules/hub/break-glass.server.ts'
import { EMERGENCY_ACCESS_REASON_LABELS, EMERGENCY_ACCESS_REASONS } from '#app/modules/hub/labels.ts'
import { denied } from '#app/modules/hub/pages.server.ts'
import { breakGlassSchema } from '#app/modules/hub/schemas.ts'
import { isHubStaff } from '#app/policies/index.ts'
import { formatJpDate, formatJstDateTime } from '#app/utils/dates.ts'
import { formDataToObject, parseForm } from '#app/utils/forms.ts'

/**
 * /emergency-access — 緊急時アクセス (break-glass) for hub coordinators and on-call staff: find
 * the person by name and birth date, state the reason, and open their emergency sheet and
 * クライシスプラン read-only until the grant expires or is ended (decision 0012).
 */

export const meta: MetaFunction = () => [{ title: '緊急時アクセス | きずなプラン' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	if (!isHubStaff(current.actor)) return denied(request, current, 'emergency_access.search', null, 403)
	const url = new URL(request.url)
	const name = (url.searchParams.get('name') ?? '').trim()
	const birthDate = (url.searchParams.get('birthDate') ?? '').trim()
	const searched = name !== '' || birthDate !== ''
	type Match = { id: string; name: string; kana: string; birthDate: string }
	let search: { matches: Match[]; errors: string[] } | null = null
	if (searched) {
		const found = await searchForEmergency(current.actor, { name, birthDate }, { ipAddress: clientIp(request) })
		search = found.ok ? { matches: found.matches, errors: [] } : { matches: [], errors: found.errors }
	}
	return json({
		hours: emergencyAccessHours(),
		active: await activeGrantsOf(current.user.id),
		search,
		query: { name, birthDate },
	})
}

export async function action({ request }: ActionFunctionArgs) {
	const current = await requireUser(request)
	const form = await request.formData()
	const intent = form.get('intent')
	const meta = { ipAddress: clientIp(request) }
	if (intent === 'end') {
		const result = await endEmergencyAccess(current.actor, String(form.get('grantId') ?? ''), meta)
		if (!result.ok) return json({ intent: 'end', clientId: '', errors: result.errors, fieldErrors: {} as Record<string, string[]> }, { status: result.status })
		return redirect('/emergency-access?ended=1')
	}
	if (intent !== 'request') return json({ intent: 'unknown', clientId: '', errors: ['不明な操作です'], fieldErrors: {} as Record<string, string[]> }, { status: 400 })
	if (!isHubStaff(current.actor)) return denied(request, current, 'emergency_access.grant', null, 403)
	const raw = formDataToObject(form)
	const parsed = parseForm(raw, breakGlassSchema(emergencyAccessHours()))
	const clientId = typeof raw.clientId === 'string' ? raw.clientId : ''
	if (!parsed.ok) return json({ intent: 'request', clientId, errors: [...parsed.formErrors, ...Object.values(parsed.fieldErrors).flat()], fieldErrors: parsed.fieldErrors }, { status: 400 })
	const result = await requestEmergencyAccess(current.actor, parsed.data, meta)
	if (!result.ok) return json({ intent: 'request', clientId, errors: result.errors, fieldErrors: {} as Record<string, string[]> }, { status: result.status })
	return redirect(`/emergency/${result.clientId}`)
}

export default function EmergencyAccessPage() {
	const { hours, active, search, query } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const [params] = useSearchParams()
	return (
		<>
			<div className="page-header">
				<div>
					<h1>緊急時アクセス</h1>
					<p className="muted">
						支援チームの一員でない方の緊急時対応シートとクライシスプランを、理由を記録したうえで閲覧のみで開きます。有効時間は最長{hours}時間で、相談支援専門員と事業所の管理者に直ちに通知され、すべての閲覧が記録され、後日管理者が確認します。
					</p>
				</div>
			</div>
			{params.has('ended') ? (
				<p className="alert success" role="status">
					緊急時アクセスを終了しました。
				</p>
			) : null}
			{actionData?.intent === 'end' ? <FormErrorSummary errors={actionData.errors} /> : null}

			{active.length > 0 ? (
				<section className="card" aria-labelledby="active-title">
					<h2 id="active-title">有効な緊急時アクセス</h2>
					<ul className="hub-list" data-testid="active-grants">
						{active.map((g) => (
							<li key={g.id} className="hub-record">
								<Link to={`/emergency/${g.clientId}`}>{g.clientName} さんの緊急時対応シート</Link>（{formatJstDateTime(g.expiresAt)}まで）
							</li>
						))}
					</ul>
				</section>
			) : null}

			<section className="card" aria-labelledby="search-title">
				<h2 id="search-title">対象の方を探す</h2>
				<p className="muted">電話で聞き取った氏名（漢字またはふりがな）と生年月日の両方で探します。拠点の対象市町村の方だけが見つかります。</p>
				<Form method="get" className="form-grid" data-testid="emergency-search">
					<TextField label="氏名" name="name" defaultValue={query.name} required autoComplete="off" />
					<TextField label="生年月日" name="birthDate" type="date" defaultValue={query.birthDate} required />
					<div className="button-row">
						<SubmitButton className="button">検索</SubmitButton>
					</div>
				</Form>
				{search ? (
					search.errors.length > 0 ? (
						<FormErrorSummary errors={search.errors} />
					) : search.matches.length === 0 ? (
						<p className="empty-state" data-testid="search-empty">
							該当する方は見つかりません。氏名と生年月日を確かめてください。拠点の対象市町村以外の方は対象になりません。
						</p>
					) : (
						<ul className="hub-list" data-testid="search-results">
							{search.matches.map((m) => {
								const errors = actionData?.intent === 'request' && actionData.clientId === m.id ? actionData : null
								return (
									<li key={m.id} className="hub-record" data-testid="search-result">
										<h3>
											{m.name}（{m.kana}） {formatJpDate(m.birthDate)}生
										</h3>
										<Form method="post" className="form-grid">
											<input type="hidden" name="intent" value="request" />
											<input type="hidden" name="clientId" value={m.id} />
											<FormErrorSummary errors={errors?.errors} />
											<SelectField
												label="理由の区分"
												name="reasonCategory"
												required
												defaultValue=""
												options={[{ value: '', label: '選んでください' }, ...EMERGENCY_ACCESS_REASONS.map((r) => ({ value: r, label: EMERGENCY_ACCESS_REASON_LABELS[r] }))]}
												errors={errors?.fieldErrors.reasonCategory}
											/>
											<TextAreaField label="理由（状況・誰からの連絡か）" name="reasonText" rows={3} required errors={errors?.fieldErrors.reasonText} />
											<TextField label={`有効時間（時間・最長${hours}）`} name="hours" type="number" min={1} max={hours} defaultValue={String(hours)} required errors={errors?.fieldErrors.hours} />
											<div className="button-row">
												<SubmitButton className="button danger" pendingText="記録中…">
													理由を記録して緊急時対応シートを開く
												</SubmitButton>
											</div>
										</Form>
									</li>
								)
							})}
						</ul>
					)
				) : null}
			</section>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
