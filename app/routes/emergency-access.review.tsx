import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrorSummary, SubmitButton, TextAreaField } from '#app/components/forms.tsx'
import { audit } from '#app/modules/audit/audit.server.ts'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { endEmergencyAccess, reviewEmergencyAccess, reviewQueue, type GrantView } from '#app/modules/hub/break-glass.server.ts'
import { REVIEW_OUTCOME_LABELS, REVIEW_OUTCOMES, labelOfCode } from '#app/modules/hub/labels.ts'
import { denied } from '#app/modules/hub/pages.server.ts'
import { reviewSchema } from '#app/modules/hub/schemas.ts'
import { formatJstDateTime, todayJst } from '#app/utils/dates.ts'
import { formDataToObject, parseForm } from '#app/utils/forms.ts'

/**
 * /emergency-access/review — the office manager's review queue of 緊急時アクセス on the people
 * their office supports: each grant's reason, who, when, how many views, judged 適切 / 不適切.
 */

export const meta: MetaFunction = () => [{ title: '緊急時アクセスの確認 | きずなプラン' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	if (current.user.role !== 'office_manager') return denied(request, current, 'emergency_access.review', null, 403)
	const queue = await reviewQueue(current.actor, todayJst())
	await audit({ action: 'client.view', userId: current.user.id, ipAddress: clientIp(request), target: 'emergency-access-review', detail: { page: 'emergency-access-review', pending: queue.pending.length } })
	return json(queue)
}

export async function action({ request }: ActionFunctionArgs) {
	const current = await requireUser(request)
	if (current.user.role !== 'office_manager') return denied(request, current, 'emergency_access.review', null, 403)
	const form = await request.formData()
	const grantId = String(form.get('grantId') ?? '')
	const meta = { ipAddress: clientIp(request) }
	if (form.get('intent') === 'end') {
		const ended = await endEmergencyAccess(current.actor, grantId, meta)
		if (!ended.ok) return json({ grantId, errors: ended.errors, fieldErrors: {} as Record<string, string[]> }, { status: ended.status })
		return redirect('/emergency-access/review?ended=1')
	}
	const parsed = parseForm(formDataToObject(form), reviewSchema)
	if (!parsed.ok) return json({ grantId, errors: Object.values(parsed.fieldErrors).flat(), fieldErrors: parsed.fieldErrors }, { status: 400 })
	const result = await reviewEmergencyAccess(current.actor, grantId, parsed.data, meta)
	if (!result.ok) return json({ grantId, errors: result.errors, fieldErrors: {} as Record<string, string[]> }, { status: result.status })
	return redirect('/emergency-access/review?reviewed=1')
}

function GrantFacts({ g }: { g: GrantView }) {
	return (
		<dl>
			<dt>対象の方</dt>
			<dd>{g.clientName} さん</dd>
			<dt>アクセスした人</dt>
			<dd>
				{g.userName}（{g.hubName}）
			</dd>
			<dt>理由</dt>
			<dd>
				{g.reasonLabel}：{g.reasonText}
			</dd>
			<dt>期間</dt>
			<dd>
				{formatJstDateTime(g.createdAt)} 〜 {g.endedAt ? `${formatJstDateTime(g.endedAt)}（${g.endedBy}が終了）` : `${formatJstDateTime(g.expiresAt)}${g.inForce ? '（有効）' : '（期限切れ）'}`}
			</dd>
			<dt>閲覧の記録</dt>
			<dd data-testid="grant-views">{g.views}件</dd>
		</dl>
	)
}

export default function EmergencyAccessReview() {
	const { pending, reviewed } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const [params] = useSearchParams()
	return (
		<>
			<div className="page-header">
				<h1>緊急時アクセスの確認</h1>
			</div>
			{params.has('reviewed') ? (
				<p className="alert success" role="status">
					確認結果を記録しました。
				</p>
			) : null}
			{params.has('ended') ? (
				<p className="alert success" role="status">
					緊急時アクセスを終了しました。
				</p>
			) : null}
			<section className="card" aria-labelledby="pending-title">
				<h2 id="pending-title">未確認（{pending.length}件）</h2>
				{pending.length === 0 ? (
					<p className="empty-state" data-testid="review-empty">
						確認待ちの緊急時アクセスはありません。
					</p>
				) : (
					<ul className="hub-list" data-testid="review-queue">
						{pending.map((g) => {
							const errors = actionData?.grantId === g.id ? actionData : null
							return (
								<li key={g.id} className="hub-record" data-testid="review-item" data-grant-id={g.id}>
									<GrantFacts g={g} />
									<FormErrorSummary errors={errors?.errors} />
									{g.inForce ? (
										<Form method="post" className="button-row">
											<input type="hidden" name="grantId" value={g.id} />
											<p className="muted">有効期間中です。確認は終了後に行います。</p>
											<SubmitButton className="button small danger" name="intent" value="end" pendingText="終了中…">
												いま終了させる
											</SubmitButton>
										</Form>
									) : (
										<Form method="post" className="form-grid">
											<input type="hidden" name="intent" value="review" />
											<input type="hidden" name="grantId" value={g.id} />
											<fieldset className="hub-reasons">
												<legend>判定</legend>
												{REVIEW_OUTCOMES.map((o) => (
													<label key={o}>
														<input type="radio" name="outcome" value={o} required /> {REVIEW_OUTCOME_LABELS[o]}
													</label>
												))}
											</fieldset>
											<TextAreaField label="所見（不適切の場合は必須）" name="note" rows={2} errors={errors?.fieldErrors.note} />
											<div className="button-row">
												<SubmitButton className="button primary" pendingText="記録中…">
													確認結果を記録する
												</SubmitButton>
											</div>
										</Form>
									)}
								</li>
							)
						})}
					</ul>
				)}
			</section>
			{reviewed.length > 0 ? (
				<section className="card" aria-labelledby="reviewed-title">
					<h2 id="reviewed-title">確認済み</h2>
					<ul className="hub-list" data-testid="reviewed-list">
						{reviewed.map((g) => (
							<li key={g.id} className="hub-record">
								<GrantFacts g={g} />
								<p>
									<strong>{labelOfCode(REVIEW_OUTCOME_LABELS, g.reviewOutcome)}</strong>（{g.reviewedBy}・{formatJstDateTime(g.reviewedAt)}）{g.reviewNote ? `：${g.reviewNote}` : ''}
								</p>
							</li>
						))}
					</ul>
				</section>
			) : null}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
