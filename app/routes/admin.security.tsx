import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrorSummary } from '#app/components/forms.tsx'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { listTwoFactorPolicies, setTwoFactorPolicy } from '#app/modules/auth/two-factor.server.ts'
import { requireGlobalPermission } from '#app/modules/authz.server.ts'
import clientStyles from '#app/styles/clients.css'
import { TableFrame } from '#app/components/table-frame.tsx'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: clientStyles }]

export const meta: MetaFunction = () => [{ title: '二要素認証の方針 | きずなプラン' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	await requireGlobalPermission(request, current, 'account.manage')
	return json({ organizations: await listTwoFactorPolicies() })
}

export async function action({ request }: ActionFunctionArgs) {
	const current = await requireUser(request)
	await requireGlobalPermission(request, current, 'account.manage')
	const form = await request.formData()
	const organizationId = String(form.get('organizationId') ?? '').slice(0, 64)
	const required = form.get('required')
	if (!/^[A-Za-z0-9_-]+$/.test(organizationId) || (required !== 'on' && required !== 'off')) {
		return json({ error: '操作が正しくありません' }, { status: 400 })
	}
	const result = await setTwoFactorPolicy(current.actor, organizationId, required === 'on', { ipAddress: clientIp(request) })
	if (!result.ok) return json({ error: result.message }, { status: 400 })
	return redirect('/admin/security?saved=1')
}

export default function SecurityPolicyPage() {
	const { organizations } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const [searchParams] = useSearchParams()
	return (
		<>
			<div className="page-header">
				<div>
					<h1>二要素認証の方針</h1>
					<p className="muted">
						職員のアカウントは、パスワードに加えて認証アプリの確認コードでログインします（医療情報システムの安全管理に関するガイドライン 第6.0版）。
						事業所・機関ごとに必須を外せますが、外すのはやむを得ない事情があるときに限ってください。システム管理者は常に必須です。
					</p>
				</div>
				<Link to="/admin/users">アカウント管理へ戻る</Link>
			</div>
			{searchParams.has('saved') && !actionData ? (
				<div className="alert success" role="status">
					<p>方針を保存しました（監査ログに記録しました）。</p>
				</div>
			) : null}
			<FormErrorSummary errors={actionData?.error ? [actionData.error] : null} />
			{organizations.length === 0 ? (
				<div className="empty-state">
					<p>職員が所属する事業所・機関はまだありません。</p>
				</div>
			) : (
				<TableFrame label="事業所・機関ごとの二要素認証">
					<table className="data" data-testid="two-factor-policies">
						<caption className="visually-hidden">事業所・機関ごとの二要素認証</caption>
						<thead>
							<tr>
								<th scope="col">事業所・機関</th>
								<th scope="col">職員数</th>
								<th scope="col">二要素認証</th>
								<th scope="col">変更</th>
							</tr>
						</thead>
						<tbody>
							{organizations.map((o) => (
								<tr key={o.id}>
									<td>{o.name}</td>
									<td>{o.members}人</td>
									<td>{o.required ? <span className="badge ok">必須</span> : <span className="badge danger">任意</span>}</td>
									<td>
										<Form method="post">
											<input type="hidden" name="organizationId" value={o.id} />
											<button type="submit" name="required" value={o.required ? 'off' : 'on'} className="button small" aria-label={`${o.name}の二要素認証を${o.required ? '任意にする' : '必須にする'}`}>
												{o.required ? '任意にする' : '必須にする'}
											</button>
										</Form>
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</TableFrame>
			)}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
