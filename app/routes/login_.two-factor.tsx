import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, useActionData, useSearchParams } from '@remix-run/react'
import { FormErrorSummary, SubmitButton, TextField } from '#app/components/forms.tsx'
import { clientIp, getPendingSignIn, safeRedirect } from '#app/modules/auth/auth.server.ts'
import { serializeSessionCookie } from '#app/modules/auth/cookie.server.ts'
import { completeSecondFactor } from '#app/modules/auth/login.server.ts'
import { retryMessage } from '#app/modules/auth/messages.ts'

export const meta: MetaFunction = () => [{ title: '確認コードの入力 | きずなプラン' }]

/** The second step of signing in: a code from the authenticator app, or a recovery code. */
async function requireCodeStage(request: Request) {
	const pending = await getPendingSignIn(request)
	if (!pending || pending.session.stage !== 'second_factor') throw redirect('/login')
	return pending
}

/** A throttled answer tells the client when to try again. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
	const headers = new Headers()
	const retryAfter = actionHeaders.get('Retry-After')
	if (retryAfter) headers.set('Retry-After', retryAfter)
	return headers
}

export async function loader({ request }: LoaderFunctionArgs) {
	await requireCodeStage(request)
	return json({})
}

export async function action({ request }: ActionFunctionArgs) {
	const pending = await requireCodeStage(request)
	const form = await request.formData()
	const code = String(form.get('code') ?? '').slice(0, 64)
	const redirectTo = safeRedirect(form.get('redirectTo'))
	if (code.trim() === '') return json({ error: '確認コードを入力してください。' }, { status: 400 })
	const result = await completeSecondFactor(
		{ sessionId: pending.session.id, userId: pending.user.id, email: pending.user.email },
		code,
		{ ipAddress: clientIp(request), userAgent: request.headers.get('user-agent') ?? '' },
	)
	if (!result.ok) {
		const status = result.error === 'throttled' || result.error === 'busy' ? 429 : 401
		const headers = result.retryAfterSeconds ? { 'Retry-After': String(result.retryAfterSeconds) } : undefined
		return json({ error: retryMessage(result.error, result.retryAfterSeconds) }, { status, headers })
	}
	const target = result.method === 'recovery' ? '/settings/two-factor?recovery-used=1' : redirectTo
	return redirect(target, { headers: { 'Set-Cookie': serializeSessionCookie(result.token) } })
}

export default function TwoFactorPage() {
	const actionData = useActionData<typeof action>()
	const [searchParams] = useSearchParams()
	return (
		<section className="login-card" aria-labelledby="two-factor-title">
			<h1 id="two-factor-title">確認コードの入力</h1>
			<p className="muted">スマートフォンの認証アプリに表示されている6桁のコードを入力してください。</p>
			<Form method="post" noValidate>
				<FormErrorSummary errors={actionData?.error ? [actionData.error] : null} />
				<input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? '/'} />
				<TextField
					label="確認コード"
					name="code"
					inputMode="numeric"
					autoComplete="one-time-code"
					maxLength={20}
					required
					autoFocus
					hint="スマートフォンが手元にないときは、保管しているリカバリーコード（xxxx-xxxx-xxxx）を入力できます。"
				/>
				<SubmitButton pendingText="確認中…">確認してログイン</SubmitButton>
			</Form>
			<p className="muted">認証アプリもリカバリーコードも使えないときは、システム管理者に二要素認証のリセットを依頼してください。</p>
			<Form method="post" action="/logout">
				<button type="submit" className="button secondary small">
					ログインをやめる
				</button>
			</Form>
		</section>
	)
}
