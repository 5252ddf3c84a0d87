import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useMemo, useState } from 'react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrorSummary, SubmitButton, TextField } from '#app/components/forms.tsx'
import { PasswordStrengthMeter } from '#app/components/password-strength-meter.tsx'
import { changePassword, getProfile } from '#app/modules/accounts/accounts.server.ts'
import { changePasswordSchema } from '#app/modules/accounts/schemas.ts'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { serializeSessionCookie } from '#app/modules/auth/cookie.server.ts'
import { PASSWORD_ADVICE, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '#app/modules/auth/password-strength.ts'
import { twoFactorStatus } from '#app/modules/auth/two-factor.server.ts'
import clientStyles from '#app/styles/clients.css'
import { formatJpDate, toJstDate, todayJst } from '#app/utils/dates.ts'
import { parseForm } from '#app/utils/forms.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: clientStyles }]

export const meta: MetaFunction = () => [{ title: 'アカウント設定 | きずなプラン' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	const profile = await getProfile(current.user.id, todayJst())
	if (!profile) throw json({ error: 'not_found', message: '見つかりません' }, { status: 404 })
	const twoFactor = await twoFactorStatus(current.user)
	return json({ profile, twoFactor, minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
}

export async function action({ request }: ActionFunctionArgs) {
	const current = await requireUser(request)
	const form = parseForm(await request.formData(), changePasswordSchema)
	if (!form.ok) return json({ fieldErrors: form.fieldErrors, formErrors: form.formErrors }, { status: 400 })
	const result = await changePassword(current.user.id, form.data, {
		ipAddress: clientIp(request),
		userAgent: request.headers.get('user-agent') ?? '',
	})
	if (!result.ok) return json({ fieldErrors: result.fieldErrors, formErrors: result.formErrors ?? [] }, { status: 400 })
	// Every session ended with the old password; this browser continues on a fresh one.
	return redirect('/settings?changed=1', { headers: { 'Set-Cookie': serializeSessionCookie(result.token) } })
}

export default function SettingsPage() {
	const { profile, twoFactor, minLength, maxLength } = useLoaderData<typeof loader>()
	const [newPassword, setNewPassword] = useState('')
	const userInputs = useMemo(() => [profile.email, profile.displayName], [profile.email, profile.displayName])
	const actionData = useActionData<typeof action>()
	const [searchParams] = useSearchParams()
	const fe = (actionData?.fieldErrors ?? {}) as Record<string, string[] | undefined>
	const formErrors = actionData?.formErrors ?? []
	return (
		<>
			<div className="page-header">
				<h1>アカウント設定</h1>
			</div>
			{searchParams.has('changed') && !actionData ? (
				<div className="alert success" role="status">
					<p>パスワードを変更しました。ほかの端末やブラウザでのログインはすべて終了しました。</p>
				</div>
			) : null}

			<section className="card" aria-labelledby="profile-title">
				<h2 id="profile-title">プロフィール</h2>
				<dl className="facts">
					<dt>氏名</dt>
					<dd>
						{profile.displayName}
						{profile.displayNameKana ? <span className="muted">（{profile.displayNameKana}）</span> : null}
					</dd>
					<dt>メールアドレス</dt>
					<dd>{profile.email}</dd>
					<dt>役割</dt>
					<dd>{profile.roleLabel}</dd>
					<dt>所属</dt>
					<dd>
						{profile.organizations.length === 0 ? (
							'—'
						) : (
							<ul className="plain-list">
								{profile.organizations.map((o) => (
									<li key={o.id}>
										{o.name}
										{o.title ? <span className="muted">（{o.title}）</span> : null}
									</li>
								))}
							</ul>
						)}
					</dd>
					<dt>パスワード最終変更</dt>
					<dd>{formatJpDate(toJstDate(new Date(profile.passwordChangedAt)))}</dd>
				</dl>
				<p className="muted">氏名・所属の変更はシステム管理者に依頼してください。</p>
			</section>

			<section className="card" aria-labelledby="two-factor-title">
				<h2 id="two-factor-title">二要素認証</h2>
				<p>
					{twoFactor.enrolled ? '設定済みです。' : twoFactor.required ? '未設定です（次回のログインで設定が必要です）。' : '未設定です（任意）。'}{' '}
					<Link to="/settings/two-factor">二要素認証の設定</Link>
				</p>
			</section>

			<section className="card" aria-labelledby="password-title">
				<h2 id="password-title">パスワードの変更</h2>
				<p className="muted">
					変更すると、この端末以外でのログインはすべて終了します。パスワードは{minLength}文字以上{maxLength}文字以内で、ほかのサービスと同じものは避けてください。よく使われるものや推測されやすいものは使えません。{PASSWORD_ADVICE}
				</p>
				<Form method="post" noValidate className="narrow-form">
					<FormErrorSummary errors={formErrors} />
					<TextField
						label="現在のパスワード"
						name="currentPassword"
						type="password"
						required
						autoComplete="current-password"
						errors={fe.currentPassword}
					/>
					<TextField
						label="新しいパスワード"
						name="newPassword"
						type="password"
						required
						minLength={minLength}
						maxLength={maxLength}
						autoComplete="new-password"
						hint={`${minLength}文字以上`}
						errors={fe.newPassword}
						onChange={(event) => setNewPassword(event.currentTarget.value)}
					/>
					<PasswordStrengthMeter password={newPassword} userInputs={userInputs} />
					<TextField
						label="新しいパスワード（確認）"
						name="confirmPassword"
						type="password"
						required
						autoComplete="new-password"
						errors={fe.confirmPassword}
					/>
					<SubmitButton pendingText="変更中…">パスワードを変更する</SubmitButton>
				</Form>
			</section>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
