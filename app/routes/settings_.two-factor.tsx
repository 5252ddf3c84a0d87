import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrorSummary, SubmitButton, TextField } from '#app/components/forms.tsx'
import { RecoveryCodes } from '#app/components/recovery-codes.tsx'
import { TotpSetup } from '#app/components/totp-setup.tsx'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import {
	beginEnrolment,
	confirmEnrolment,
	pendingEnrolment,
	regenerateRecoveryCodes,
	turnOffSecondFactor,
	twoFactorStatus,
} from '#app/modules/auth/two-factor.server.ts'
import clientStyles from '#app/styles/clients.css'
import { formatJpDate, toJstDate } from '#app/utils/dates.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: clientStyles }]

export const meta: MetaFunction = () => [{ title: '二要素認証 | きずなプラン' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	const status = await twoFactorStatus(current.user)
	const enrolment = await pendingEnrolment(current.user)
	return json({ status, enrolment })
}

type ActionAnswer =
	| { kind: 'codes'; recoveryCodes: string[]; message: string }
	| { kind: 'error'; intent: string; error: string }
	| { kind: 'done'; message: string }

export async function action({ request }: ActionFunctionArgs) {
	const current = await requireUser(request)
	const form = await request.formData()
	const intent = String(form.get('intent') ?? '')
	const code = String(form.get('code') ?? '').slice(0, 64)
	const meta = { ipAddress: clientIp(request) }
	const fail = (error: string, status = 400) => json<ActionAnswer>({ kind: 'error', intent, error }, { status })
	switch (intent) {
		case 'begin':
			await beginEnrolment(current.user)
			return json<ActionAnswer>({ kind: 'done', message: '' })
		case 'confirm': {
			if (code.trim() === '') return fail('確認コードを入力してください。')
			const result = await confirmEnrolment(current.user, code, meta)
			if (!result.ok) return fail(result.error === 'invalid' ? '確認コードが正しくありません。アプリに表示されている最新のコードを入力してください。' : '設定をやり直してください。')
			return json<ActionAnswer>({ kind: 'codes', recoveryCodes: result.recoveryCodes, message: '認証アプリを登録しました。これまでのアプリとリカバリーコードは使えなくなりました。' })
		}
		case 'regenerate': {
			if (code.trim() === '') return fail('確認コードを入力してください。')
			const result = await regenerateRecoveryCodes(current.user.id, code, meta)
			if (!result.ok) return fail('確認コードが正しくありません（認証アプリのコードを入力してください）。')
			return json<ActionAnswer>({ kind: 'codes', recoveryCodes: result.recoveryCodes, message: 'リカバリーコードを作り直しました。以前のコードは使えません。' })
		}
		case 'disable': {
			if (code.trim() === '') return fail('確認コードを入力してください。')
			const result = await turnOffSecondFactor(current.user, code, meta)
			if (!result.ok) return fail(result.error === 'required' ? 'このアカウントでは二要素認証を解除できません（所属先の方針で必須です）。' : '確認コードが正しくありません。')
			return json<ActionAnswer>({ kind: 'done', message: '二要素認証を解除しました。次回からパスワードだけでログインします。' })
		}
		default:
			return fail('操作が正しくありません。')
	}
}

export default function TwoFactorSettingsPage() {
	const { status, enrolment } = useLoaderData<typeof loader>()
	const answer = useActionData<typeof action>()
	const [searchParams] = useSearchParams()
	const errorFor = (intent: string) => (answer?.kind === 'error' && answer.intent === intent ? [answer.error] : null)
	return (
		<>
			<div className="page-header">
				<h1>二要素認証</h1>
				<Link to="/settings">アカウント設定へ戻る</Link>
			</div>
			{searchParams.has('recovery-used') ? (
				<div className="alert warning" role="status">
					<p>リカバリーコードでログインしました。残りは{status.recoveryCodesLeft}個です。スマートフォンをなくした場合は、下の「認証アプリを登録し直す」から新しいスマートフォンを登録してください。</p>
				</div>
			) : null}
			{answer?.kind === 'codes' ? (
				<section className="card" aria-live="polite">
					<p className="alert success">{answer.message}</p>
					<RecoveryCodes codes={answer.recoveryCodes} />
				</section>
			) : null}
			{answer?.kind === 'done' && answer.message ? (
				<div className="alert success" role="status">
					<p>{answer.message}</p>
				</div>
			) : null}

			<section className="card" aria-labelledby="status-title">
				<h2 id="status-title">現在の状態</h2>
				<dl className="facts">
					<dt>二要素認証</dt>
					<dd data-testid="two-factor-status">
						{status.enrolled ? `設定済み（${formatJpDate(toJstDate(new Date(status.enabledAt ?? Date.now())))}から）` : '未設定'}
					</dd>
					<dt>必須かどうか</dt>
					<dd>{status.required ? '必須（職員のアカウント）' : '任意（設定するとログインがより安全になります）'}</dd>
					{status.enrolled ? (
						<>
							<dt>残りのリカバリーコード</dt>
							<dd>{status.recoveryCodesLeft}個</dd>
						</>
					) : null}
				</dl>
			</section>

			{enrolment ? (
				<section className="card" aria-labelledby="setup-title">
					<h2 id="setup-title">{status.enrolled ? '認証アプリを登録し直す' : '認証アプリを登録する'}</h2>
					<Form method="post" noValidate className="narrow-form">
						<FormErrorSummary errors={errorFor('confirm')} />
						<TotpSetup qrDataUri={enrolment.qrDataUri} secretForDisplay={enrolment.secretForDisplay} />
						<SubmitButton name="intent" value="confirm" pendingText="確認中…">
							登録する
						</SubmitButton>
					</Form>
				</section>
			) : (
				<section className="card" aria-labelledby="begin-title">
					<h2 id="begin-title">{status.enrolled ? '認証アプリを登録し直す' : '認証アプリを登録する'}</h2>
					<p className="muted">
						{status.enrolled
							? 'スマートフォンを買い替えたときや、なくしたときに使います。新しいアプリを確認するまでは、今のアプリが使えます。'
							: 'ログインのとき、パスワードに加えてスマートフォンのアプリに表示されるコードで確認します。'}
					</p>
					<Form method="post">
						<SubmitButton name="intent" value="begin">
							{status.enrolled ? '登録し直す' : '設定を始める'}
						</SubmitButton>
					</Form>
				</section>
			)}

			{status.enrolled ? (
				<section className="card" aria-labelledby="codes-title">
					<h2 id="codes-title">リカバリーコードを作り直す</h2>
					<Form method="post" noValidate className="narrow-form">
						<FormErrorSummary errors={errorFor('regenerate')} />
						<TextField label="認証アプリの確認コード" name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={12} required />
						<SubmitButton name="intent" value="regenerate">
							作り直す
						</SubmitButton>
					</Form>
				</section>
			) : null}

			{status.enrolled && status.mayTurnOff ? (
				<section className="card" aria-labelledby="disable-title">
					<h2 id="disable-title">二要素認証を解除する</h2>
					<Form method="post" noValidate className="narrow-form">
						<FormErrorSummary errors={errorFor('disable')} />
						<TextField label="確認コード（解除の確認）" name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={20} required />
						<SubmitButton name="intent" value="disable" className="button danger">
							解除する
						</SubmitButton>
					</Form>
				</section>
			) : null}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
