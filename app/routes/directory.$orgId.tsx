import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrorSummary, SelectField, SubmitButton, TextAreaField, TextField } from '#app/components/forms.tsx'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { requireGlobalPermission } from '#app/modules/authz.server.ts'
import {
	DAYS,
	TARGET_FIELDS,
	TARGET_LABELS,
	TARGET_LEVEL_MARKS,
	TARGETS,
	TRAINING_FIELDS,
	TRAINING_LABELS,
	TRAININGS,
	VACANCY_LABELS,
	VACANCY_STATUSES,
	kindLabel,
	targetLevelMark,
	vacancyLabel,
} from '#app/modules/organizations/labels.ts'
import { getOrganization, requireOrganizationUpdate, updateVacancy } from '#app/modules/organizations/organization.server.ts'
import { VACANCY_NOTE_MAX, vacancyUpdateSchema } from '#app/modules/organizations/vacancy.ts'
import { canUpdateOrganization } from '#app/policies/index.ts'
import directoryStyles from '#app/styles/directory.css'
import { formatJpDate, todayJst } from '#app/utils/dates.ts'
import { formDataToObject, parseForm } from '#app/utils/forms.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: directoryStyles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: data ? `${data.organization.name} | 事業所を探す | きずなプラン` : '事業所を探す | きずなプラン' },
]

function notFound(): never {
	throw json({ error: 'not_found', message: '見つかりません' }, { status: 404 })
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	await requireGlobalPermission(request, current, 'directory.view')
	const organization = await getOrganization(params.orgId)
	if (!organization) notFound()
	return json({
		organization,
		canUpdate: canUpdateOrganization(current.actor, organization.id),
		today: todayJst(),
	})
}

export async function action({ request, params }: ActionFunctionArgs) {
	const current = await requireUser(request)
	const organization = await getOrganization(params.orgId)
	if (!organization) notFound()
	// The form is only shown to the office's own staff; the server decides regardless.
	await requireOrganizationUpdate(request, current, organization.id)
	const formData = await request.formData()
	const form = parseForm(formData, vacancyUpdateSchema(todayJst()))
	if (!form.ok) {
		return json(
			{ fieldErrors: form.fieldErrors, formErrors: form.formErrors, values: formDataToObject(formData) },
			{ status: 400 },
		)
	}
	const result = await updateVacancy({
		actor: current.actor,
		organizationId: organization.id,
		update: form.data,
		ipAddress: clientIp(request),
	})
	if (!result.ok) {
		if (result.reason === 'not_found') notFound()
		throw json({ error: 'forbidden', message: 'この事業所の情報を更新する権限がありません' }, { status: 403 })
	}
	return redirect(`/directory/${organization.id}?saved=vacancy`)
}

export default function OrganizationPage() {
	const { organization: org, canUpdate } = useLoaderData<typeof loader>()
	const [searchParams] = useSearchParams()
	const vacancy = vacancyLabel(org.vacancyStatus)
	const trainings = TRAININGS.filter((t) => org[TRAINING_FIELDS[t]])
	const openDays = new Set(org.openDays)
	return (
		<>
			<nav className="breadcrumbs" aria-label="パンくずリスト">
				<Link to="/directory">事業所を探す</Link> ＞ <span aria-current="page">{org.name}</span>
			</nav>
			<div className="page-header">
				<div>
					<h1>{org.name}</h1>
					<p className="org-subtitle muted">
						{org.corporation ? <span className="legend-item">{org.corporation}</span> : null}
						<span className="badge info">{kindLabel(org.kind)}</span>
					</p>
				</div>
			</div>
			{searchParams.get('saved') === 'vacancy' ? (
				<div className="alert success" role="status">
					<p>空き状況を更新しました。</p>
				</div>
			) : null}
			<div className="directory-detail-grid">
				<section className="card" aria-labelledby="org-basic">
					<h2 id="org-basic">基本情報</h2>
					<dl className="facts">
						<dt>所在地</dt>
						<dd>{org.address || '—'}</dd>
						<dt>電話</dt>
						<dd>{org.phone ? <a href={`tel:${org.phone}`}>{org.phone}</a> : '—'}</dd>
						<dt>FAX</dt>
						<dd>{org.fax || '—'}</dd>
						<dt>営業時間</dt>
						<dd>{org.businessHours || '—'}</dd>
						<dt>営業日</dt>
						<dd>
							{org.openDays ? (
								<ul className="day-list" aria-label={`営業日: ${[...org.openDays].join('・')}`}>
									{DAYS.map((d) => (
										<li key={d.code} className={openDays.has(d.char) ? 'open' : 'closed'} aria-hidden="true">
											{d.char}
										</li>
									))}
								</ul>
							) : (
								'—'
							)}
						</dd>
						<dt>空き状況</dt>
						<dd data-testid="vacancy-status">
							<span className={`badge ${vacancy.badge}`}>{vacancy.label}</span>
							{org.vacancyAsOf ? <span className="muted">（{formatJpDate(org.vacancyAsOf)}時点）</span> : null}
						</dd>
						{org.note ? (
							<>
								<dt>メモ</dt>
								<dd className="org-note">{org.note}</dd>
							</>
						) : null}
					</dl>
				</section>
				<section className="card" aria-labelledby="org-targets">
					<h2 id="org-targets">対象・研修</h2>
					<table className="data target-table">
						<caption className="visually-hidden">対象ごとの相談の可否</caption>
						<thead>
							<tr>
								<th scope="col">対象</th>
								<th scope="col">可否</th>
							</tr>
						</thead>
						<tbody>
							{TARGETS.map((t) => {
								const mark = targetLevelMark(org[TARGET_FIELDS[t]])
								return (
									<tr key={t}>
										<th scope="row">{TARGET_LABELS[t].long}</th>
										<td>
											<span aria-hidden="true">{mark.mark} </span>
											{mark.label}
										</td>
									</tr>
								)
							})}
						</tbody>
					</table>
					<p className="muted">
						{(['main', 'available', 'unavailable'] as const)
							.map((level) => `${TARGET_LEVEL_MARKS[level].mark} ${TARGET_LEVEL_MARKS[level].label}`)
							.join('　')}
					</p>
					<h3>研修を受けた分野</h3>
					{trainings.length > 0 ? (
						<ul>
							{trainings.map((t) => (
								<li key={t}>
									<span aria-hidden="true">{TRAINING_LABELS[t].mark} </span>
									{TRAINING_LABELS[t].label}
								</li>
							))}
						</ul>
					) : (
						<p className="muted">登録されていません</p>
					)}
				</section>
			</div>
			<section className="card" aria-labelledby="org-services">
				<h2 id="org-services">提供しているサービス</h2>
				{org.services.length > 0 ? (
					<ul>
						{org.services.map((s) => (
							<li key={s.id}>
								{s.serviceType}
								{s.capacity !== null ? <span className="muted">（定員 {s.capacity}名）</span> : null}
							</li>
						))}
					</ul>
				) : (
					<p className="muted">登録されていません</p>
				)}
			</section>
			{canUpdate ? <VacancyForm /> : null}
		</>
	)
}

function VacancyForm() {
	const { organization: org, today } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const values = (actionData?.values ?? {}) as Record<string, string | undefined>
	const errors = (actionData?.fieldErrors ?? {}) as Record<string, string[] | undefined>
	const hasErrors = Boolean(actionData)
	return (
		<section className="card no-print" aria-labelledby="vacancy-form-title">
			<h2 id="vacancy-form-title">空き状況を更新</h2>
			<p className="muted">この事業所の職員として、最新の空き状況をご家族や相談支援専門員に知らせます。</p>
			<Form method="post" noValidate>
				<FormErrorSummary
					errors={hasErrors ? ['入力内容に誤りがあります。各項目のメッセージを確認してください。', ...(actionData?.formErrors ?? [])] : null}
				/>
				<div className="form-grid">
					<SelectField
						label="空き状況"
						name="vacancyStatus"
						required
						defaultValue={values.vacancyStatus ?? org.vacancyStatus}
						errors={errors.vacancyStatus}
						options={VACANCY_STATUSES.map((s) => ({ value: s, label: VACANCY_LABELS[s].label }))}
					/>
					<TextField
						label="基準日"
						name="vacancyAsOf"
						type="date"
						max={today}
						hint="いつ時点の空き状況か（「不明」の場合は空欄でも可）"
						defaultValue={values.vacancyAsOf ?? (org.vacancyAsOf || today)}
						errors={errors.vacancyAsOf}
					/>
				</div>
				<TextAreaField
					label="メモ"
					name="note"
					maxLength={VACANCY_NOTE_MAX}
					hint={`空き状況の補足など（${VACANCY_NOTE_MAX}文字以内）。事業所を探す方全員に表示されます。`}
					defaultValue={values.note ?? org.note}
					errors={errors.note}
				/>
				<SubmitButton pendingText="更新中…">空き状況を更新する</SubmitButton>
			</Form>
		</section>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
