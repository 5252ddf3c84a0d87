import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrorSummary } from '#app/components/forms.tsx'
import { listAccounts, setAccountDisabled } from '#app/modules/accounts/accounts.server.ts'
import { accountStatusSchema } from '#app/modules/accounts/schemas.ts'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { resetSecondFactor } from '#app/modules/auth/two-factor.server.ts'
import { requireGlobalPermission } from '#app/modules/authz.server.ts'
import clientStyles from '#app/styles/clients.css'
import { todayJst } from '#app/utils/dates.ts'
import { parseForm } from '#app/utils/forms.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: clientStyles }]

export const meta: MetaFunction = () => [{ title: 'アカウント管理 | きずなプラン' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	await requireGlobalPermission(request, current, 'account.manage')
	return json({ accounts: await listAccounts(todayJst()), myId: current.user.id })
}

export async function action({ request }: ActionFunctionArgs) {
	const current = await requireUser(request)
	await requireGlobalPermission(request, current, 'account.manage')
	const form = parseForm(await request.formData(), accountStatusSchema)
	if (!form.ok) return json({ error: '操作が正しくありません', userId: '' }, { status: 400 })
	if (form.data.intent === 'reset_two_factor') {
		const reset = await resetSecondFactor(current.actor, form.data.userId, { ipAddress: clientIp(request) })
		if (!reset.ok) return json({ error: reset.message, userId: form.data.userId }, { status: 400 })
		return redirect('/admin/users?two-factor-reset=1')
	}
	const disable = form.data.intent === 'disable'
	const result = await setAccountDisabled(current.actor, form.data.userId, disable, { ipAddress: clientIp(request) })
	if (!result.ok) return json({ error: result.message, userId: form.data.userId }, { status: 400 })
	return redirect(`/admin/users?${disable ? 'disabled' : 'enabled'}=1`)
}

function StatusButton({ userId, name, disabled, self }: { userId: string; name: string; disabled: boolean; self: boolean }) {
	const navigation = useNavigation()
	const pending = navigation.state === 'submitting' && navigation.formData?.get('userId') === userId
	if (self) return <span className="muted">（自分）</span>
	return (
		<Form method="post">
			<input type="hidden" name="userId" value={userId} />
			<button
				type="submit"
				name="intent"
				value={disabled ? 'enable' : 'disable'}
				className={`button small${disabled ? '' : ' danger'}`}
				disabled={pending}
				aria-busy={pending || undefined}
				aria-label={`${name}さんのアカウントを${disabled ? '再開する' : '停止する'}`}
			>
				{pending ? '処理中…' : disabled ? '再開する' : '停止する'}
			</button>
		</Form>
	)
}

/** For a lost phone: the person sets up a new app at their next sign-in (audited). */
function ResetTwoFactorButton({ userId, name }: { userId: string; name: string }) {
	return (
		<Form
			method="post"
			onSubmit={(event) => {
				if (!window.confirm(`${name}さんの二要素認証をリセットしますか？ ログイン中の端末はすべてログアウトされます。`)) event.preventDefault()
			}}
		>
			<input type="hidden" name="userId" value={userId} />
			<button type="submit" name="intent" value="reset_two_factor" className="button small" aria-label={`${name}さんの二要素認証をリセットする`}>
				リセット
			</button>
		</Form>
	)
}

export default function AccountsPage() {
	const { accounts, myId } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const [searchParams] = useSearchParams()
	const flash = searchParams.has('created')
		? 'アカウントを作成しました。初期パスワードを本人に安全な方法で伝え、ログイン後に変更してもらってください。'
		: searchParams.has('disabled')
			? 'アカウントを停止しました。このアカウントのログインはすべて終了しました。'
			: searchParams.has('enabled')
				? 'アカウントを再開しました。'
				: searchParams.has('two-factor-reset')
					? '二要素認証をリセットしました。このアカウントのログインはすべて終了し、次回のログインで認証アプリを登録し直します。'
					: null
	return (
		<>
			<div className="page-header">
				<div>
					<h1>アカウント管理</h1>
					<p className="muted">管理者はアカウントを管理しますが、利用者の情報は閲覧できません。</p>
				</div>
				<Link className="button" to="/admin/security">
					二要素認証の方針
				</Link>
				<Link className="button primary" to="/admin/users/new">
					アカウントを作成
				</Link>
			</div>
			{flash && !actionData ? (
				<div className="alert success" role="status">
					<p>{flash}</p>
				</div>
			) : null}
			<FormErrorSummary errors={actionData?.error ? [actionData.error] : null} />
			{accounts.length === 0 ? (
				<div className="empty-state">
					<p>アカウントはまだありません。</p>
				</div>
			) : (
				<div className="table-wrap">
					<table className="data" data-testid="account-table">
						<caption className="visually-hidden">アカウント一覧</caption>
						<thead>
							<tr>
								<th scope="col">氏名</th>
								<th scope="col">メールアドレス</th>
								<th scope="col">役割</th>
								<th scope="col">所属</th>
								<th scope="col">状態</th>
								<th scope="col">二要素認証</th>
								<th scope="col">操作</th>
							</tr>
						</thead>
						<tbody>
							{accounts.map((a) => (
								<tr key={a.id}>
									<td>
										{a.displayName}
										{a.displayNameKana ? <span className="sub">{a.displayNameKana}</span> : null}
									</td>
									<td>{a.email}</td>
									<td>{a.roleLabel}</td>
									<td>{a.organizations.length > 0 ? a.organizations.map((o) => o.name).join('、') : <span className="muted">—</span>}</td>
									<td>{a.disabled ? <span className="badge danger">停止中</span> : <span className="badge ok">有効</span>}</td>
									<td>
										{a.twoFactorEnrolled ? (
											<>
												<span className="badge ok">設定済み</span>
												{a.id !== myId ? <ResetTwoFactorButton userId={a.id} name={a.displayName} /> : null}
											</>
										) : (
											<span className="muted">未設定</span>
										)}
									</td>
									<td>
										<StatusButton userId={a.id} name={a.displayName} disabled={a.disabled} self={a.id === myId} />
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
