import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrorSummary, SubmitButton, TextField } from '#app/components/forms.tsx'
import { clientIp, getCurrentUser } from '#app/modules/auth/auth.server.ts'
import { serializeSessionCookie } from '#app/modules/auth/cookie.server.ts'
import { PASSWORD_MIN_LENGTH } from '#app/modules/auth/password.server.ts'
import { formatCode, normalizeCode } from '#app/modules/invitations/codes.ts'
import { acceptInvitation, lookupInvitation } from '#app/modules/invitations/invitations.server.ts'
import { acceptInvitationSchema } from '#app/modules/invitations/schemas.ts'
import { formatJstDateTime } from '#app/utils/dates.ts'
import { parseForm } from '#app/utils/forms.ts'

/**
 * /invite and /invite/:code — 本人 or a family member joins with the one-time link or the printed
 * code: the page says whose team it is, or plainly why the code cannot be used (used, withdrawn,
 * expired, unknown); the person chooses a login and a password and lands in the easy view.
 */

export const meta: MetaFunction = () => [{ title: '招待コードで参加 | きずなプラン' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const signedIn = Boolean(await getCurrentUser(request))
	const typed = new URL(request.url).searchParams.get('code')
	// The code form submits by GET: send the person to the code's own address (what the link is).
	if (!params.code && typed !== null) {
		const code = normalizeCode(typed)
		if (code) throw redirect(`/invite/${code}`)
		return json({ signedIn, typed, invitation: null, refusal: typed.trim() === '' ? '招待コードを入力してください' : '招待コードは16文字です。紙に書かれたとおりに入力してください（- はなくてもかまいません）。' })
	}
	if (!params.code) return json({ signedIn, typed: '', invitation: null, refusal: null })
	const found = await lookupInvitation(params.code)
	return json({ signedIn, typed: params.code, invitation: found.ok ? found : null, refusal: found.ok ? null : found.message }, { status: found.ok ? 200 : found.reason === 'unknown' ? 404 : 410 })
}

export async function action({ request }: ActionFunctionArgs) {
	if (await getCurrentUser(request)) return json({ errors: ['いまは別のアカウントでログインしています。ログアウトしてから、もう一度開いてください。'], fieldErrors: {} }, { status: 409 })
	const form = parseForm(await request.formData(), acceptInvitationSchema)
	if (!form.ok) return json({ errors: ['入力内容を確認してください。赤字のところに誤りがあります。'], fieldErrors: form.fieldErrors }, { status: 400 })
	const result = await acceptInvitation(form.data, { ipAddress: clientIp(request), userAgent: request.headers.get('user-agent') ?? '' })
	if (!result.ok) return json({ errors: result.errors, fieldErrors: result.fieldErrors ?? {} }, { status: result.status })
	return redirect(`/clients/${result.clientId}/easy?welcome=1`, { headers: { 'Set-Cookie': serializeSessionCookie(result.token) } })
}

export default function InvitePage() {
	const { signedIn, typed, invitation, refusal } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const fieldErrors = (actionData?.fieldErrors ?? {}) as Record<string, string[] | undefined>
	return (
		<section className="login-card invite-card" aria-labelledby="invite-title" data-testid="invite-page">
			<h1 id="invite-title">招待コードで参加する</h1>
			{signedIn ? (
				<p className="alert warning" role="status">
					いまは別のアカウントでログインしています。招待コードを使うときは、ログアウトしてから開いてください。
				</p>
			) : null}
			{refusal ? (
				<div className="alert error" role="alert" data-testid="invite-refusal">
					<p>{refusal}</p>
				</div>
			) : null}
			{invitation ? (
				<>
					<p>
						<strong>{invitation.displayName}</strong> さんを、<strong>{invitation.clientName}</strong> さんの ケアチームに{' '}
						{invitation.role === 'client_self' ? 'ご本人として' : 'ご家族として'} 招待しています。
					</p>
					<p className="muted">招待コード {formatCode(invitation.code)} ・ 有効期限 {formatJstDateTime(invitation.expiresAt)}</p>
					<Form method="post" noValidate>
						<FormErrorSummary errors={actionData?.errors} />
						<input type="hidden" name="code" value={invitation.code} />
						<TextField label="お名前" name="displayName" defaultValue={invitation.displayName} required autoComplete="name" errors={fieldErrors.displayName} />
						<TextField
							label="ログインに使うメールアドレス、またはログインID"
							name="login"
							required
							autoComplete="username"
							inputMode="email"
							hint="メールアドレスがないときは、半角の英字と数字で 4〜32文字のIDを決めてください（例：makoto2026）"
							errors={fieldErrors.login}
						/>
						<TextField
							label="パスワード"
							name="password"
							type="password"
							required
							autoComplete="new-password"
							hint={`${PASSWORD_MIN_LENGTH}文字以上。覚えやすい長い言葉でもかまいません（例：ひだまりで毎日パンをつくる）`}
							errors={fieldErrors.password}
						/>
						<TextField label="パスワード（確認のため、もう一度）" name="confirmPassword" type="password" required autoComplete="new-password" errors={fieldErrors.confirmPassword} />
						<SubmitButton pendingText="登録中…">参加する</SubmitButton>
					</Form>
				</>
			) : (
				<Form method="get" action="/invite" className="invite-code-form">
					<TextField
						label="招待コード"
						name="code"
						defaultValue={typed ?? ''}
						required
						autoComplete="one-time-code"
						autoCapitalize="characters"
						hint="相談支援専門員からもらった紙に書いてある、16文字のコードです（例：ABCD-EFGH-JKMN-PQRS）"
					/>
					<button type="submit" className="button primary">
						つぎへ
					</button>
				</Form>
			)}
			<p>
				<Link to="/login">ログイン画面へ戻る</Link>
			</p>
		</section>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
