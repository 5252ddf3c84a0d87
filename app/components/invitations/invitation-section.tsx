import { Form, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { FormErrorSummary, SelectField, SubmitButton, TextField } from '#app/components/forms.tsx'
import { CONSENT_BASES, CONSENT_BASIS_LABELS } from '#app/modules/clients/labels.ts'
import { DEFAULT_INVITATION_DAYS, INVITATION_DAYS, INVITATION_STATUS_LABELS, formatCode, type InvitationStatus } from '#app/modules/invitations/codes.ts'
import { formatJstDateTime } from '#app/utils/dates.ts'
import { ROLE_LABELS } from '#app/policies/roles.ts'

/**
 * The team page's 招待 section: invite 本人 or a family member (a one-time link and a printable
 * code, shown once), and the list of invitations with who joined and when; pending ones can be
 * withdrawn.
 */

export type InvitationRow = {
	id: string
	role: string
	displayName: string
	relationship: string
	status: InvitationStatus
	createdAt: string
	expiresAt: string
	createdByName: string
	usedAt: string | null
	joinedAs: string | null
	withdrawnAt: string | null
}

export type IssuedInvitation = { code: string; link: string; displayName: string; role: string; expiresAt: string; clientName: string }

/** 本人 / 家族・後見人 — the account role names of the policy module's one table. */
function labelOfRole(role: string): string {
	return (ROLE_LABELS as Record<string, string>)[role] ?? role
}

const STATUS_BADGE: Record<InvitationStatus, string> = { pending: 'info', used: 'ok', withdrawn: '', expired: 'warning' }

/** The code as it is handed over: on screen once, and as an A4 sheet in easy Japanese. */
export function IssuedInvitationCard({ issued }: { issued: IssuedInvitation }) {
	return (
		<section className="card invitation-issued" aria-labelledby="issued-title" data-testid="issued-invitation">
			<h3 id="issued-title">招待コードを発行しました</h3>
			<p className="alert warning no-print" role="status">
				このコードは今だけ表示されます。印刷するか、リンクを {issued.displayName} さんに渡してください。なくしたときは取り消して、新しく発行してください。
			</p>
			<div className="invitation-sheet">
				<p className="print-only">
					<strong>{issued.displayName}</strong> さんへ
				</p>
				<p className="print-only">
					きずなプランで、{issued.clientName} さんの けいかく（計画）を いっしょに 見ることが できます。スマートフォンやパソコンで、下の リンクを ひらくか、「招待コードで参加する」を えらんで コードを 入力してください。
				</p>
				<dl className="facts">
					<dt>招待コード</dt>
					<dd>
						<code className="invitation-code" data-testid="invitation-code">
							{formatCode(issued.code)}
						</code>
					</dd>
					<dt>参加用リンク</dt>
					<dd>
						<a href={issued.link} data-testid="invitation-link" className="invitation-link">
							{issued.link}
						</a>
					</dd>
					<dt>招待する人</dt>
					<dd>
						{issued.displayName}（{labelOfRole(issued.role)}）
					</dd>
					<dt>有効期限</dt>
					<dd>{formatJstDateTime(issued.expiresAt)} まで（1回だけ使えます）</dd>
				</dl>
			</div>
			<button type="button" className="button no-print" onClick={() => window.print()}>
				印刷する
			</button>
		</section>
	)
}

export function InvitationSection({
	invitations,
	today,
	errors,
	issued,
}: {
	invitations: readonly InvitationRow[]
	today: string
	errors: { form?: string[]; fieldErrors?: Record<string, string[] | undefined> } | null
	issued: IssuedInvitation | null
}) {
	const [role, setRole] = useState('client_self')
	const [basis, setBasis] = useState('self')
	const navigation = useNavigation()
	const fe = errors?.fieldErrors ?? {}
	return (
		<section className="card" aria-labelledby="invite-title" data-testid="invitation-section">
			<h2 id="invite-title">本人・家族を招待する</h2>
			<p className="muted">
				メールは送りません。発行した招待コード（またはリンク）を紙やメッセージで渡すと、受け取った人が自分でパスワードを決めて参加します。本人・家族のアカウントでは、計画が「わかりやすい表示」（ふりがな付き）で開きます。
			</p>
			{issued ? <IssuedInvitationCard issued={issued} /> : null}
			<Form method="post" noValidate className="no-print">
				<input type="hidden" name="intent" value="invite" />
				<FormErrorSummary errors={errors?.form ?? null} />
				<fieldset className="radio-row">
					<legend>招待する人</legend>
					<label>
						<input type="radio" name="role" value="client_self" checked={role === 'client_self'} onChange={() => { setRole('client_self'); setBasis('self') }} />
						本人
					</label>
					<label>
						<input type="radio" name="role" value="family" checked={role === 'family'} onChange={() => { setRole('family'); setBasis('written_consent') }} />
						家族・後見人
					</label>
				</fieldset>
				<div className="form-grid">
					<TextField label="招待する人のお名前" name="displayName" required errors={fe.displayName} autoComplete="off" />
					<TextField label="続柄" name="relationship" required={role === 'family'} hint={role === 'family' ? '例：母、成年後見人' : '本人のときは空欄でかまいません'} errors={fe.relationship} autoComplete="off" />
					<SelectField
						label="この人と情報を共有する根拠"
						name="consentBasis"
						value={basis}
						onChange={(e) => setBasis(e.currentTarget.value)}
						options={CONSENT_BASES.map((b) => ({ value: b, label: CONSENT_BASIS_LABELS[b] }))}
						errors={fe.consentBasis}
					/>
					<TextField label="同意日" name="consentOn" type="date" max={today} required={basis === 'written_consent'} errors={fe.consentOn} />
					<SelectField
						label="有効期間"
						name="validDays"
						defaultValue={String(DEFAULT_INVITATION_DAYS)}
						options={INVITATION_DAYS.map((d) => ({ value: String(d), label: `${d}日間` }))}
						errors={fe.validDays}
					/>
				</div>
				<SubmitButton pendingText="発行中…">招待コードを発行する</SubmitButton>
			</Form>

			<h3>招待の記録</h3>
			{invitations.length === 0 ? (
				<p className="muted">まだ招待はありません。</p>
			) : (
				<div className="table-wrap">
					<table className="data" data-testid="invitation-list">
						<caption className="visually-hidden">招待の記録</caption>
						<thead>
							<tr>
								<th scope="col">招待した人</th>
								<th scope="col">状態</th>
								<th scope="col">発行</th>
								<th scope="col">有効期限</th>
								<th scope="col">操作</th>
							</tr>
						</thead>
						<tbody>
							{invitations.map((inv) => {
								const pending = navigation.state === 'submitting' && navigation.formData?.get('invitationId') === inv.id
								return (
									<tr key={inv.id} data-testid="invitation-row" data-status={inv.status}>
										<td>
											{inv.displayName}
											<span className="sub">
												{labelOfRole(inv.role)}
												{inv.relationship ? `・${inv.relationship}` : ''}
											</span>
										</td>
										<td>
											<span className={`badge ${STATUS_BADGE[inv.status]}`}>{INVITATION_STATUS_LABELS[inv.status]}</span>
											{inv.status === 'used' ? (
												<span className="sub">
													{formatJstDateTime(inv.usedAt)} に参加{inv.joinedAs ? `（${inv.joinedAs}）` : ''}
												</span>
											) : null}
											{inv.status === 'withdrawn' ? <span className="sub">{formatJstDateTime(inv.withdrawnAt)}</span> : null}
										</td>
										<td>
											{formatJstDateTime(inv.createdAt)}
											<span className="sub">{inv.createdByName}</span>
										</td>
										<td>{formatJstDateTime(inv.expiresAt)}</td>
										<td>
											{inv.status === 'pending' ? (
												<Form method="post">
													<input type="hidden" name="intent" value="withdraw-invitation" />
													<input type="hidden" name="invitationId" value={inv.id} />
													<button type="submit" className="button small danger" disabled={pending} aria-label={`${inv.displayName}さんへの招待を取り消す`}>
														{pending ? '処理中…' : '取り消す'}
													</button>
												</Form>
											) : (
												<span className="muted">—</span>
											)}
										</td>
									</tr>
								)
							})}
						</tbody>
					</table>
				</div>
			)}
		</section>
	)
}
