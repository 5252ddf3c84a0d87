import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { FormErrorSummary, SubmitButton, TextField } from '#app/components/forms.tsx'
import { clientIp, requireAnonymous, safeRedirect } from '#app/modules/auth/auth.server.ts'
import { serializeSessionCookie } from '#app/modules/auth/cookie.server.ts'
import { attemptLogin } from '#app/modules/auth/login.server.ts'
import { retryMessage } from '#app/modules/auth/messages.ts'
import { LOGIN_ID_PATTERN } from '#app/modules/invitations/schemas.ts'
import { parseForm } from '#app/utils/forms.ts'

export const meta: MetaFunction = () => [{ title: 'ログイン | きずなプラン' }]

const LoginSchema = z.object({
	// An email address, or the login id chosen when joining by invitation (本人・家族 without email).
	email: z
		.string({ required_error: 'メールアドレスを入力してください' })
		.trim()
		.min(1, 'メールアドレスを入力してください')
		.max(254, 'メールアドレスが長すぎます')
		.refine((v) => LOGIN_ID_PATTERN.test(v.toLowerCase()) || z.string().email().safeParse(v).success, 'メールアドレス（またはログインID）の形式が正しくありません'),
	password: z
		.string({ required_error: 'パスワードを入力してください' })
		.min(1, 'パスワードを入力してください')
		.max(256, 'パスワードが長すぎます'),
	redirectTo: z.string().optional(),
})

/** A throttled answer tells the client when to try again. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
	const headers = new Headers()
	const retryAfter = actionHeaders.get('Retry-After')
	if (retryAfter) headers.set('Retry-After', retryAfter)
	return headers
}

export async function loader({ request }: LoaderFunctionArgs) {
	await requireAnonymous(request)
	return json({})
}

export async function action({ request }: ActionFunctionArgs) {
	const form = parseForm(await request.formData(), LoginSchema)
	if (!form.ok) return json({ fieldErrors: form.fieldErrors, formError: null }, { status: 400 })
	const result = await attemptLogin({
		email: form.data.email,
		password: form.data.password,
		ipAddress: clientIp(request),
		userAgent: request.headers.get('user-agent') ?? '',
	})
	if (!result.ok) {
		const formError = result.error === 'invalid' ? 'メールアドレスまたはパスワードが正しくありません。' : retryMessage(result.error, result.retryAfterSeconds)
		return json(
			{ fieldErrors: {}, formError },
			{ status: result.error === 'invalid' ? 401 : 429, headers: result.retryAfterSeconds ? { 'Retry-After': String(result.retryAfterSeconds) } : undefined },
		)
	}
	const redirectTo = safeRedirect(form.data.redirectTo)
	const cookie = { headers: { 'Set-Cookie': serializeSessionCookie(result.token) } }
	if (result.stage === 'full') return redirect(redirectTo, cookie)
	const next = result.stage === 'enrol' ? '/login/enrol' : '/login/two-factor'
	return redirect(`${next}?${new URLSearchParams({ redirectTo })}`, cookie)
}

export default function LoginPage() {
	const actionData = useActionData<typeof action>()
	const [searchParams] = useSearchParams()
	const fieldErrors = (actionData?.fieldErrors ?? {}) as Record<string, string[] | undefined>
	return (
		<section className="login-card" aria-labelledby="login-title">
			<h1 id="login-title">ログイン</h1>
			<p className="muted">きずなプランは、相談支援専門員・サービス提供事業所・ご本人とご家族が一緒に計画をつくるための共有ワークスペースです。</p>
			<Form method="post" noValidate>
				<FormErrorSummary errors={actionData?.formError ? [actionData.formError] : null} />
				<input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? '/'} />
				<TextField label="メールアドレス（またはログインID）" name="email" type="text" inputMode="email" autoComplete="username" required autoFocus errors={fieldErrors.email} />
				<TextField label="パスワード" name="password" type="password" autoComplete="current-password" required errors={fieldErrors.password} />
				<SubmitButton pendingText="確認中…">ログイン</SubmitButton>
			</Form>
			<p className="login-invite">
				招待コードをお持ちの方（ご本人・ご家族）は <Link to="/invite">招待コードで参加する</Link>
			</p>
		</section>
	)
}
