import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrorSummary, SelectField, SubmitButton, TextField } from '#app/components/forms.tsx'
import { createAccount, listOrganizationChoices } from '#app/modules/accounts/accounts.server.ts'
import { createAccountSchema } from '#app/modules/accounts/schemas.ts'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { requireGlobalPermission } from '#app/modules/authz.server.ts'
import { PASSWORD_MIN_LENGTH } from '#app/modules/auth/password.server.ts'
import { ACCOUNT_ROLES, ROLE_LABELS } from '#app/policies/roles.ts'
import clientStyles from '#app/styles/clients.css'
import { todayJst } from '#app/utils/dates.ts'
import { formDataToObject, parseForm } from '#app/utils/forms.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: clientStyles }]

export const meta: MetaFunction = () => [{ title: 'アカウントの作成 | きずなプラン' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	await requireGlobalPermission(request, current, 'account.manage')
	return json({ organizations: await listOrganizationChoices(), minLength: PASSWORD_MIN_LENGTH })
}

export async function action({ request }: ActionFunctionArgs) {
	const current = await requireUser(request)
	await requireGlobalPermission(request, current, 'account.manage')
	const formData = await request.formData()
	// Echo what was typed, except the password.
	const { password: _password, ...values } = formDataToObject(formData)
	const form = parseForm(formData, createAccountSchema)
	if (!form.ok) return json({ fieldErrors: form.fieldErrors, values }, { status: 400 })
	const result = await createAccount(current.actor, form.data, todayJst(), { ipAddress: clientIp(request) })
	if (!result.ok) return json({ fieldErrors: result.fieldErrors, values }, { status: 400 })
	return redirect('/admin/users?created=1')
}

export default function NewAccountPage() {
	const { organizations, minLength } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const fe = (actionData?.fieldErrors ?? {}) as Record<string, string[] | undefined>
	const values = (actionData?.values ?? {}) as Record<string, string | string[] | undefined>
	const v = (key: string, fallback = '') => {
		const value = values[key]
		return typeof value === 'string' ? value : fallback
	}
	const hasErrors = Object.values(fe).some((e) => e && e.length > 0)
	return (
		<>
			<nav className="breadcrumbs" aria-label="パンくずリスト">
				<Link to="/admin/users">アカウント管理</Link> ／ アカウントの作成
			</nav>
			<div className="page-header">
				<h1>アカウントの作成</h1>
			</div>
			<section className="card">
				<Form method="post" noValidate>
					<FormErrorSummary errors={hasErrors ? ['入力内容を確認してください。赤字の項目に誤りがあります。'] : null} />
					<div className="form-grid">
						<TextField label="メールアドレス" name="email" type="email" required autoComplete="off" defaultValue={v('email')} errors={fe.email} />
						<TextField label="氏名" name="displayName" required autoComplete="off" defaultValue={v('displayName')} errors={fe.displayName} />
						<TextField
							label="ふりがな"
							name="displayNameKana"
							required
							hint="ひらがな・カタカナ"
							autoComplete="off"
							defaultValue={v('displayNameKana')}
							errors={fe.displayNameKana}
						/>
						<SelectField
							label="役割"
							name="role"
							required
							defaultValue={v('role', 'provider_staff')}
							options={ACCOUNT_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
							errors={fe.role}
						/>
						<SelectField
							label="所属（事業所・機関）"
							name="organizationId"
							hint="職員の役割では必須です。本人・家族は空欄にします。"
							defaultValue={v('organizationId')}
							options={[{ value: '', label: '（なし）' }, ...organizations.map((o) => ({ value: o.id, label: o.name }))]}
							errors={fe.organizationId}
						/>
						<TextField label="職名" name="title" hint="例: サービス管理責任者" autoComplete="off" defaultValue={v('title')} errors={fe.title} />
						<TextField
							label="初期パスワード"
							name="password"
							type="password"
							required
							minLength={minLength}
							autoComplete="new-password"
							hint={`${minLength}文字以上。本人に安全な方法で伝え、初回ログイン後に変更してもらってください。`}
							errors={fe.password}
						/>
					</div>
					<div className="button-row">
						<SubmitButton pendingText="作成中…">作成する</SubmitButton>
						<Link className="button" to="/admin/users">
							キャンセル
						</Link>
					</div>
				</Form>
			</section>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
