import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { useId, useRef, useState } from 'react'
import { Period, useFocusFirstError, valueOf, type FormValues } from '#app/components/clients/client-bits.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ErrorList, FormErrorSummary, SelectField, SubmitButton, TextField } from '#app/components/forms.tsx'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { requireClientPermission } from '#app/modules/authz.server.ts'
import { getClientBasics } from '#app/modules/clients/clients.server.ts'
import {
	CONSENT_BASES,
	CONSENT_BASIS_LABELS,
	EXTERNAL_MEMBER_ROLES,
	labelOf,
	teamRoleLabel,
} from '#app/modules/clients/labels.ts'
import { teamAddSchema, teamEndSchema } from '#app/modules/clients/schemas.ts'
import { addTeamMember, endTeamMember, listOrganizationOptions, listTeam, type TeamMemberView } from '#app/modules/clients/team.server.ts'
import { InvitationSection } from '#app/components/invitations/invitation-section.tsx'
import { createInvitation, listInvitations, withdrawInvitation } from '#app/modules/invitations/invitations.server.ts'
import { invitationSchema } from '#app/modules/invitations/schemas.ts'
import { endContract } from '#app/modules/self-plan/contract.server.ts'
import clientStyles from '#app/styles/clients.css'
import easyStyles from '#app/styles/easy.css'
import { formatJpDate, todayJst } from '#app/utils/dates.ts'
import { formDataToObject, parseForm } from '#app/utils/forms.ts'
import { kindLabel } from '#app/modules/organizations/labels.ts'

export const links: LinksFunction = () => [
	{ rel: 'stylesheet', href: clientStyles },
	{ rel: 'stylesheet', href: easyStyles },
]

export const meta: MetaFunction = () => [{ title: 'ケアチームの管理 | きずなプラン' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireClientPermission(request, current, params.clientId, 'team.manage')
	const today = todayJst()
	const [client, team, organizations, invitations] = await Promise.all([getClientBasics(scope.id), listTeam(scope.id, today), listOrganizationOptions(), listInvitations(scope.id)])
	if (!client) throw json({ error: 'not_found', message: '見つかりません' }, { status: 404 })
	return json({
		today,
		invitations,
		client: { id: client.id, familyName: client.familyName, givenName: client.givenName },
		team,
		organizations,
		myUserId: current.user.id,
	})
}

export async function action({ request, params }: ActionFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireClientPermission(request, current, params.clientId, 'team.manage')
	const formData = await request.formData()
	const today = todayJst()
	const meta = { ipAddress: clientIp(request) }
	const intent = formData.get('intent')
	if (intent === 'end') {
		const memberId = String(formData.get('memberId') ?? '')
		const form = parseForm(formData, teamEndSchema)
		if (!form.ok) return json({ intent: 'end' as const, memberId, fieldErrors: form.fieldErrors, values: null }, { status: 400 })
		const result = await endTeamMember(current.actor, scope.id, form.data, today, meta)
		if (!result.ok) return json({ intent: 'end' as const, memberId, fieldErrors: result.fieldErrors, values: null }, { status: 400 })
		return redirect(`/clients/${scope.id}/team?ended=1`)
	}
	// 本人・家族の招待 (issue #13): the code is returned once, never stored.
	if (intent === 'invite') {
		const form = parseForm(formData, invitationSchema(today))
		if (!form.ok) return json({ intent: 'invite' as const, memberId: '', fieldErrors: form.fieldErrors, values: null, issued: null }, { status: 400 })
		const result = await createInvitation(current.actor, scope, form.data, today, meta)
		if (!result.ok) return json({ intent: 'invite' as const, memberId: '', fieldErrors: { form: result.errors, ...(result.fieldErrors ?? {}) }, values: null, issued: null }, { status: result.status })
		const client = await getClientBasics(scope.id)
		const link = `${new URL(request.url).origin}/invite/${result.code}`
		return json({
			intent: 'invite' as const,
			memberId: '',
			fieldErrors: {},
			values: null,
			issued: { code: result.code, link, displayName: form.data.displayName, role: form.data.role, expiresAt: result.expiresAt.toISOString(), clientName: client ? `${client.familyName} ${client.givenName}` : '' },
		})
	}
	// 契約の終了 (issue #13): closes the agency cycle and ends the specialist rows, so 本人・家族 may
	// start a セルフプラン. The office leaves the team with it, so the page goes back to the list.
	if (intent === 'end-contract') {
		const result = await endContract(current.actor, scope, { reason: String(formData.get('reason') ?? '') }, today, meta)
		if (!result.ok) return json({ intent: 'end-contract' as const, memberId: '', fieldErrors: { reason: result.errors }, values: null, issued: null }, { status: result.status })
		return redirect('/?contractEnded=1')
	}
	if (intent === 'withdraw-invitation') {
		const result = await withdrawInvitation(current.actor, scope, String(formData.get('invitationId') ?? ''), today, meta)
		if (!result.ok) return json({ intent: 'invite' as const, memberId: '', fieldErrors: { form: result.errors }, values: null, issued: null }, { status: result.status })
		return redirect(`/clients/${scope.id}/team?withdrawn=1`)
	}
	if (intent === 'add') {
		const form = parseForm(formData, teamAddSchema(today))
		const values = formDataToObject(formData)
		if (!form.ok) return json({ intent: 'add' as const, memberId: '', fieldErrors: form.fieldErrors, values }, { status: 400 })
		const result = await addTeamMember(current.actor, scope.id, form.data, today, meta)
		if (!result.ok) return json({ intent: 'add' as const, memberId: '', fieldErrors: result.fieldErrors, values }, { status: 400 })
		return redirect(`/clients/${scope.id}/team?added=1`)
	}
	return json({ intent: 'unknown' as const, memberId: '', fieldErrors: { form: ['操作が正しくありません'] }, values: null }, { status: 400 })
}

type Organization = { id: string; name: string; kind: string }

function OrganizationSelect({
	organizations,
	defaultValue,
	errors,
	hint,
}: {
	organizations: readonly Organization[]
	defaultValue: string
	errors?: string[]
	hint: string
}) {
	const id = useId()
	const groups = [...new Set(organizations.map((o) => o.kind))]
	const invalid = Boolean(errors && errors.length > 0)
	return (
		<div className="field">
			<label htmlFor={id}>所属（事業所・機関）</label>
			<p id={`${id}-hint`} className="field-hint">
				{hint}
			</p>
			<select
				id={id}
				name="organizationId"
				defaultValue={defaultValue}
				aria-invalid={invalid || undefined}
				aria-describedby={[`${id}-hint`, invalid ? `${id}-error` : null].filter(Boolean).join(' ')}
			>
				<option value="">（なし・自動）</option>
				{groups.map((kind) => (
					<optgroup key={kind} label={kindLabel(kind)}>
						{organizations
							.filter((o) => o.kind === kind)
							.map((o) => (
								<option key={o.id} value={o.id}>
									{o.name}
								</option>
							))}
					</optgroup>
				))}
			</select>
			<ErrorList id={`${id}-error`} errors={errors} />
		</div>
	)
}

function EndMemberForm({ member, today, errors }: { member: TeamMemberView; today: string; errors?: Record<string, string[] | undefined> }) {
	const navigation = useNavigation()
	const pending = navigation.state === 'submitting' && navigation.formData?.get('memberId') === member.id
	const [when, setWhen] = useState('now')
	return (
		<details className="end-member" open={Boolean(errors)}>
			<summary>{member.name}さんの参加を終了…</summary>
			<Form method="post" noValidate>
				<input type="hidden" name="intent" value="end" />
				<input type="hidden" name="memberId" value={member.id} />
				<ErrorList errors={[...(errors?.memberId ?? []), ...(errors?.form ?? [])]} />
				<fieldset className="radio-row">
					<legend className="visually-hidden">終了のしかた</legend>
					<label>
						<input type="radio" name="when" value="now" checked={when === 'now'} onChange={() => setWhen('now')} />
						今すぐ終了する（本日から閲覧できなくなります）
					</label>
					<label>
						<input type="radio" name="when" value="date" checked={when === 'date'} onChange={() => setWhen('date')} />
						最終日を指定する
					</label>
				</fieldset>
				{when === 'date' ? (
					<TextField
						label="最終日（この日まで閲覧できます）"
						name="endsOn"
						type="date"
						min={member.startsOn}
						defaultValue={today}
						errors={errors?.endsOn}
					/>
				) : null}
				<button type="submit" className="button small danger" disabled={pending} aria-busy={pending || undefined}>
					{pending ? '処理中…' : '参加を終了する'}
				</button>
			</Form>
		</details>
	)
}

function MemberRows({
	members,
	today,
	endable,
	actionData,
}: {
	members: readonly TeamMemberView[]
	today: string
	endable: boolean
	actionData: { intent: string; memberId: string; fieldErrors: Record<string, string[] | undefined> } | undefined
}) {
	return (
		<tbody>
			{members.map((m) => (
				<tr key={m.id} data-testid="team-member-row">
					<td>
						{m.name}
						{m.relationship ? <span className="sub">{m.relationship}</span> : null}
						{!m.hasAccount ? <span className="sub">アカウントなし</span> : null}
					</td>
					<td>{m.organizationName || '—'}</td>
					<td>{teamRoleLabel(m.role)}</td>
					<td>
						<Period from={m.startsOn} to={m.endsOn} />
					</td>
					<td>
						{labelOf(CONSENT_BASIS_LABELS, m.consentBasis)}
						{m.consentOn ? <span className="sub">同意日 {formatJpDate(m.consentOn)}</span> : null}
					</td>
					{endable ? (
						<td>
							<EndMemberForm
								member={m}
								today={today}
								errors={actionData?.intent === 'end' && actionData.memberId === m.id ? actionData.fieldErrors : undefined}
							/>
						</td>
					) : null}
				</tr>
			))}
		</tbody>
	)
}

function MemberTable({
	caption,
	members,
	today,
	endable,
	actionData,
}: {
	caption: string
	members: readonly TeamMemberView[]
	today: string
	endable: boolean
	actionData: { intent: string; memberId: string; fieldErrors: Record<string, string[] | undefined> } | undefined
}) {
	return (
		<div className="table-wrap">
			<table className="data">
				<caption>{caption}</caption>
				<thead>
					<tr>
						<th scope="col">氏名</th>
						<th scope="col">所属</th>
						<th scope="col">役割</th>
						<th scope="col">期間</th>
						<th scope="col">情報共有の根拠</th>
						{endable ? <th scope="col">操作</th> : null}
					</tr>
				</thead>
				<MemberRows members={members} today={today} endable={endable} actionData={actionData} />
			</table>
		</div>
	)
}

function AddMemberForm({
	organizations,
	today,
	values,
	errors,
}: {
	organizations: readonly Organization[]
	today: string
	values: FormValues | null
	errors: Record<string, string[] | undefined>
}) {
	const [mode, setMode] = useState(valueOf(values, 'mode', 'account'))
	const [basis, setBasis] = useState(valueOf(values, 'consentBasis', 'written_consent'))
	const hasErrors = Object.values(errors).some((e) => e && e.length > 0)
	const formRef = useRef<HTMLFormElement>(null)
	useFocusFirstError(formRef, hasErrors ? errors : null)
	return (
		<Form method="post" noValidate ref={formRef}>
			<FormErrorSummary errors={hasErrors ? ['入力内容を確認してください。赤字の項目に誤りがあります。'] : null} />
			<fieldset className="radio-row">
				<legend>追加する人</legend>
				<label>
					<input type="radio" name="mode" value="account" checked={mode === 'account'} onChange={() => setMode('account')} />
					きずなプランのアカウントがある人
				</label>
				<label>
					<input type="radio" name="mode" value="external" checked={mode === 'external'} onChange={() => setMode('external')} />
					アカウントのない人（民生委員など。記録のみで、閲覧はできません）
				</label>
			</fieldset>
			<div className="form-grid">
				{mode === 'account' ? (
					<TextField
						label="メールアドレス"
						name="email"
						type="email"
						required
						hint="チームでの役割はアカウントの役割から自動で決まります"
						defaultValue={valueOf(values, 'email')}
						errors={errors.email}
						autoComplete="off"
					/>
				) : (
					<>
						<TextField label="氏名" name="externalName" required defaultValue={valueOf(values, 'externalName')} errors={errors.externalName} autoComplete="off" />
						<SelectField
							label="チームでの役割"
							name="role"
							required
							defaultValue={valueOf(values, 'role', 'family')}
							options={EXTERNAL_MEMBER_ROLES.map((r) => ({ value: r, label: teamRoleLabel(r) }))}
							errors={errors.role}
						/>
					</>
				)}
				<TextField
					label="続柄・関係"
					name="relationship"
					hint="例: 母、民生委員、主治医"
					defaultValue={valueOf(values, 'relationship')}
					errors={errors.relationship}
					autoComplete="off"
				/>
				<OrganizationSelect
					organizations={organizations}
					defaultValue={valueOf(values, 'organizationId')}
					errors={errors.organizationId}
					hint={mode === 'account' ? '空欄にすると、アカウントの所属が設定されます' : '所属がある場合に選択します'}
				/>
				<TextField label="参加開始日" name="startsOn" type="date" required defaultValue={valueOf(values, 'startsOn', today)} errors={errors.startsOn} />
				<SelectField
					label="情報共有の根拠"
					name="consentBasis"
					required
					value={basis}
					onChange={(e) => setBasis(e.currentTarget.value)}
					options={CONSENT_BASES.map((b) => ({ value: b, label: CONSENT_BASIS_LABELS[b] }))}
					errors={errors.consentBasis}
				/>
				<TextField
					label="同意日"
					name="consentOn"
					type="date"
					required={basis === 'written_consent'}
					max={today}
					hint={basis === 'written_consent' ? '書面による同意の場合は必須です' : '同意を得た日があれば入力します'}
					defaultValue={valueOf(values, 'consentOn')}
					errors={errors.consentOn}
				/>
				<TextField label="備考" name="note" defaultValue={valueOf(values, 'note')} errors={errors.note} autoComplete="off" />
			</div>
			<div className="button-row">
				<SubmitButton name="intent" value="add" pendingText="追加中…">
					チームに追加する
				</SubmitButton>
			</div>
		</Form>
	)
}

/** 契約の終了: the way from an agency plan to a セルフプラン (or to another office). */
function EndContractSection({ errors }: { errors: string[] | null }) {
	return (
		<section className="card no-print" aria-labelledby="contract-title" data-testid="end-contract">
			<details open={Boolean(errors)}>
				<summary>
					<h2 id="contract-title" className="inline-heading">
						計画相談支援の契約を終了する
					</h2>
				</summary>
				<p className="muted">
					本人・家族がセルフプランを作成するときなどに使います。進行中の計画は「終了」として記録され、相談支援専門員はケアチームから外れます（記録は残ります）。その後、本人・家族がセルフプランを始められます。
				</p>
				<Form method="post" noValidate>
					<input type="hidden" name="intent" value="end-contract" />
					<TextField label="契約を終了する理由" name="reason" required hint="例：本人・家族がセルフプランを作成するため" errors={errors} autoComplete="off" />
					<SubmitButton pendingText="処理中…" className="button danger">
						契約を終了する
					</SubmitButton>
				</Form>
			</details>
		</section>
	)
}

export default function TeamPage() {
	const { client, team, organizations, today, invitations } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const [searchParams] = useSearchParams()
	const flash = searchParams.has('added')
		? 'メンバーを追加しました。'
		: searchParams.has('ended')
			? 'メンバーの参加を終了しました。'
			: searchParams.has('withdrawn')
				? '招待を取り消しました。このコードではもう参加できません。'
				: null
	const addErrors = actionData?.intent === 'add' ? actionData.fieldErrors : {}
	const unknownError = actionData?.intent === 'unknown' ? actionData.fieldErrors.form : null
	return (
		<>
			<nav className="breadcrumbs" aria-label="パンくずリスト">
				<Link to="/">担当利用者</Link> ／ <Link to={`/clients/${client.id}`}>{client.familyName} {client.givenName}</Link> ／ ケアチームの管理
			</nav>
			<div className="page-header">
				<h1>ケアチームの管理</h1>
			</div>
			{flash ? (
				<div className="alert success" role="status">
					<p>{flash}</p>
				</div>
			) : null}
			<FormErrorSummary errors={unknownError} />

			<section className="card" aria-labelledby="members-title">
				<h2 id="members-title">メンバー</h2>
				{team.active.length > 0 ? (
					<MemberTable caption="現在のメンバー" members={team.active} today={today} endable actionData={actionData} />
				) : (
					<div className="empty-state">
						<p>現在のメンバーはいません。</p>
					</div>
				)}
				{team.upcoming.length > 0 ? (
					<MemberTable caption="参加予定" members={team.upcoming} today={today} endable actionData={actionData} />
				) : null}
				{team.past.length > 0 ? (
					<details>
						<summary>過去のメンバー（{team.past.length}人）</summary>
						<MemberTable caption="過去のメンバー" members={team.past} today={today} endable={false} actionData={actionData} />
					</details>
				) : null}
			</section>

			<InvitationSection
				invitations={invitations}
				today={today}
				issued={actionData && 'issued' in actionData ? actionData.issued : null}
				errors={actionData?.intent === 'invite' ? { form: (actionData.fieldErrors as Record<string, string[] | undefined>).form, fieldErrors: actionData.fieldErrors as Record<string, string[] | undefined> } : null}
			/>

			<EndContractSection errors={actionData?.intent === 'end-contract' ? ((actionData.fieldErrors as Record<string, string[] | undefined>).reason ?? null) : null} />

			<section className="card no-print" aria-labelledby="add-title">
				<h2 id="add-title">メンバーを追加</h2>
				<p className="muted">
					チームに加わった人は、この方の基本情報・受給者証・チーム・文書を役割に応じて閲覧できるようになります。情報共有の根拠（同意など）を必ず記録してください。
				</p>
				<AddMemberForm
					organizations={organizations}
					today={today}
					values={actionData?.intent === 'add' ? actionData.values : null}
					errors={addErrors}
				/>
			</section>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
