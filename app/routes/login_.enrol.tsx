import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { FormErrorSummary, SubmitButton } from '#app/components/forms.tsx'
import { RecoveryCodes } from '#app/components/recovery-codes.tsx'
import { TotpSetup } from '#app/components/totp-setup.tsx'
import { clientIp, getPendingSignIn, safeRedirect } from '#app/modules/auth/auth.server.ts'
import { serializeSessionCookie } from '#app/modules/auth/cookie.server.ts'
import { finishSignIn } from '#app/modules/auth/login.server.ts'
import { beginEnrolment, confirmEnrolment, pendingEnrolment } from '#app/modules/auth/two-factor.server.ts'

export const meta: MetaFunction = () => [{ title: '二要素認証の設定 | きずなプラン' }]

/**
 * First sign-in of an account that must use a second factor but has none yet (a new staff
 * account, or one an administrator reset): the password is checked, the app is set up here, and
 * only then is the session a full one.
 */
async function requireEnrolStage(request: Request) {
	const pending = await getPendingSignIn(request)
	if (!pending || pending.session.stage !== 'enrol') throw redirect('/login')
	return pending
}

export async function loader({ request }: LoaderFunctionArgs) {
	// No redirect without a half-signed session: after a successful confirmation without
	// JavaScript the page is rendered with the old (now ended) cookie, and the action's answer
	// carries everything to show. Anyone else is offered the way back to the login form.
	const pending = await getPendingSignIn(request)
	if (!pending || pending.session.stage !== 'enrol') return json({ enrolment: null, email: '' })
	const enrolment = (await pendingEnrolment(pending.user)) ?? (await beginEnrolment(pending.user))
	return json({ enrolment, email: pending.user.email })
}

// The confirmation answer replaces the half-signed cookie: re-running the loader would send the
// person back to /login before they have seen their recovery codes.
export function shouldRevalidate({ formMethod, defaultShouldRevalidate }: { formMethod?: string; defaultShouldRevalidate: boolean }) {
	return formMethod?.toUpperCase() === 'POST' ? false : defaultShouldRevalidate
}

export async function action({ request }: ActionFunctionArgs) {
	const pending = await requireEnrolStage(request)
	const form = await request.formData()
	const code = String(form.get('code') ?? '').slice(0, 64)
	const redirectTo = safeRedirect(form.get('redirectTo'))
	const meta = { ipAddress: clientIp(request), userAgent: request.headers.get('user-agent') ?? '' }
	if (code.trim() === '') return json({ ok: false as const, error: '確認コードを入力してください。' }, { status: 400 })
	const confirmed = await confirmEnrolment(pending.user, code, meta)
	if (!confirmed.ok) {
		const error = confirmed.error === 'invalid' ? '確認コードが正しくありません。アプリに表示されている最新のコードを入力してください。' : '設定をやり直してください。'
		return json({ ok: false as const, error }, { status: 400 })
	}
	const signedIn = await finishSignIn({ sessionId: pending.session.id, userId: pending.user.id, email: pending.user.email }, meta, { secondFactor: 'enrolment' })
	return json(
		{ ok: true as const, recoveryCodes: confirmed.recoveryCodes, redirectTo },
		{ headers: { 'Set-Cookie': serializeSessionCookie(signedIn.token) } },
	)
}

export default function EnrolPage() {
	const { enrolment, email } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const [searchParams] = useSearchParams()
	if (!actionData?.ok && !enrolment) {
		return (
			<section className="login-card" aria-labelledby="enrol-expired-title">
				<h1 id="enrol-expired-title">二要素認証の設定</h1>
				<p>設定の手続きが見つからないか、時間切れになりました。もう一度ログインしてください。</p>
				<p>
					<Link className="button primary" to="/login">
						ログインへ
					</Link>
				</p>
			</section>
		)
	}
	if (actionData?.ok || !enrolment) {
		if (!actionData?.ok) return null
		return (
			<section className="login-card wide" aria-labelledby="enrol-done-title">
				<h1 id="enrol-done-title">二要素認証を設定しました</h1>
				<RecoveryCodes codes={actionData.recoveryCodes} />
				<p>
					<Link className="button" to={actionData.redirectTo} reloadDocument>
						保管しました。続ける
					</Link>
				</p>
			</section>
		)
	}
	return (
		<section className="login-card wide" aria-labelledby="enrol-title">
			<h1 id="enrol-title">二要素認証の設定</h1>
			<p>
				このアカウント（{email}）は、パスワードに加えてスマートフォンの認証アプリで確認するログイン（二要素認証）が必要です。最初に一度だけ設定してください。
			</p>
			<Form method="post" noValidate>
				<FormErrorSummary errors={actionData && !actionData.ok ? [actionData.error] : null} />
				<input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? '/'} />
				<TotpSetup qrDataUri={enrolment.qrDataUri} secretForDisplay={enrolment.secretForDisplay} />
				<SubmitButton pendingText="確認中…">設定してログイン</SubmitButton>
			</Form>
		</section>
	)
}
