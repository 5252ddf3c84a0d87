import { Form } from '@remix-run/react'
import { useRef, useState } from 'react'
import { useFocusFirstError, valueOf, valuesOf, type FormValues } from '#app/components/clients/client-bits.tsx'
import { ErrorList, FormErrorSummary, SelectField, SubmitButton, TextAreaField, TextField } from '#app/components/forms.tsx'
import {
	CONSENT_METHODS,
	CONSENT_METHOD_LABELS,
	MEETING_FORMATS,
	MEETING_FORMAT_LABELS,
	MEETING_PURPOSES,
	MEETING_PURPOSE_LABELS,
} from '#app/modules/meetings/labels.ts'
import { LIMITS } from '#app/modules/meetings/schemas.ts'

export type InvitableMemberOption = {
	id: string
	name: string
	organizationName: string
	roleLabel: string
	hasAccount: boolean
}

type Errors = Record<string, string[] | undefined>

/**
 * The schedule / edit form of a サービス担当者会議: when and where, the purpose, who is invited
 * (team members as checkboxes, others — e.g. a 民生委員 without an account — as rows) and the
 * consent that allows the person's information to be shared at the meeting.
 */
export function MeetingForm({
	members,
	values,
	errors,
	formErrors,
	submitLabel,
	defaultConsentBy,
}: {
	members: readonly InvitableMemberOption[]
	values: FormValues | null
	errors: Errors | null
	formErrors?: readonly string[] | null
	submitLabel: string
	defaultConsentBy: string
}) {
	const formRef = useRef<HTMLFormElement>(null)
	useFocusFirstError(formRef, errors ?? formErrors)
	const [format, setFormat] = useState(valueOf(values, 'format', 'in_person'))
	const initialExternals = Math.max(1, valuesOf(values, 'externalName').length)
	const [externalRows, setExternalRows] = useState(initialExternals)
	const selected = new Set(valuesOf(values, 'memberIds'))
	const placeLabel = format === 'online' ? '参加URL・方法' : format === 'hybrid' ? '開催場所・参加URL' : '開催場所'
	const allErrors = [...(formErrors ?? []), ...(errors?.form ?? [])]

	return (
		<Form method="post" ref={formRef} className="meeting-form" noValidate>
			<FormErrorSummary errors={allErrors.length > 0 ? allErrors : errors ? ['入力内容を確認してください。'] : null} />
			<fieldset>
				<legend>日時・場所</legend>
				<div className="form-grid">
					<TextField label="開催日" name="date" type="date" required defaultValue={valueOf(values, 'date')} errors={errors?.date} />
					<TextField label="開始時刻" name="startTime" type="time" required defaultValue={valueOf(values, 'startTime')} errors={errors?.startTime} />
					<TextField label="終了時刻（予定）" name="endTime" type="time" defaultValue={valueOf(values, 'endTime')} errors={errors?.endTime} />
					<SelectField
						label="開催方法"
						name="format"
						required
						value={format}
						onChange={(event) => setFormat(event.currentTarget.value)}
						options={MEETING_FORMATS.map((f) => ({ value: f, label: MEETING_FORMAT_LABELS[f] }))}
						errors={errors?.format}
					/>
				</div>
				<TextField
					label={placeLabel}
					name="place"
					required
					maxLength={LIMITS.place}
					defaultValue={valueOf(values, 'place')}
					hint={format === 'in_person' ? '例：相談支援センターきずな 相談室' : 'オンライン会議のURL、または電話会議などの方法'}
					errors={errors?.place}
				/>
				<SelectField
					label="会議の目的"
					name="purpose"
					required
					defaultValue={valueOf(values, 'purpose', 'new')}
					options={MEETING_PURPOSES.map((p) => ({ value: p, label: MEETING_PURPOSE_LABELS[p] }))}
					errors={errors?.purpose}
				/>
			</fieldset>

			<fieldset aria-describedby="participants-hint">
				<legend>参加者</legend>
				<p id="participants-hint" className="field-hint">
					ケアチームから招集する人を選び、アカウントのない人（民生委員など）は下の表に追加します。アカウントのある人には招集の通知が届きます。
				</p>
				<ErrorList errors={errors?.participants} />
				{members.length === 0 ? (
					<p className="muted">招集できるケアチームのメンバーがいません。</p>
				) : (
					<ul className="checkbox-list" data-testid="member-options">
						{members.map((m) => (
							<li key={m.id}>
								<label className="checkbox-row">
									<input type="checkbox" name="memberIds" value={m.id} defaultChecked={selected.has(m.id)} />
									<span>
										{m.name}
										<span className="sub">
											{m.roleLabel}
											{m.organizationName ? `・${m.organizationName}` : ''}
											{m.hasAccount ? '' : '・アカウントなし'}
										</span>
									</span>
								</label>
							</li>
						))}
					</ul>
				)}
				<div className="table-wrap">
					<table className="data external-participants">
						<caption>その他の参加者（アカウントのない人）</caption>
						<thead>
							<tr>
								<th scope="col">氏名</th>
								<th scope="col">所属</th>
								<th scope="col">役割</th>
							</tr>
						</thead>
						<tbody>
							{Array.from({ length: externalRows }, (_, i) => (
								<tr key={i} data-testid="external-row">
									<td>
										<input
											type="text"
											name="externalName"
											aria-label={`その他の参加者 ${i + 1}：氏名`}
											maxLength={LIMITS.personName}
											defaultValue={valuesOf(values, 'externalName')[i] ?? ''}
										/>
									</td>
									<td>
										<input
											type="text"
											name="externalOrganization"
											aria-label={`その他の参加者 ${i + 1}：所属`}
											maxLength={LIMITS.organization}
											defaultValue={valuesOf(values, 'externalOrganization')[i] ?? ''}
										/>
									</td>
									<td>
										<input
											type="text"
											name="externalRole"
											aria-label={`その他の参加者 ${i + 1}：役割`}
											maxLength={LIMITS.role}
											defaultValue={valuesOf(values, 'externalRole')[i] ?? ''}
										/>
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
				<ErrorList errors={[...(errors?.externalName ?? []), ...(errors?.externalOrganization ?? []), ...(errors?.externalRole ?? [])]} />
				{externalRows < LIMITS.participants ? (
					<p className="button-row">
						<button type="button" className="button small" onClick={() => setExternalRows((n) => n + 1)}>
							＋ 参加者の行を追加
						</button>
					</p>
				) : null}
			</fieldset>

			<fieldset>
				<legend>情報共有の同意</legend>
				<p className="field-hint">会議で本人の情報を共有することへの同意の記録です（必須）。</p>
				<div className="form-grid">
					<TextField
						label="同意した人"
						name="consentBy"
						required
						maxLength={LIMITS.consentBy}
						defaultValue={valueOf(values, 'consentBy', defaultConsentBy)}
						hint="例：本人（佐藤 誠）、母（佐藤 洋子）"
						errors={errors?.consentBy}
					/>
					<SelectField
						label="同意の方法"
						name="consentMethod"
						required
						defaultValue={valueOf(values, 'consentMethod', 'written')}
						options={CONSENT_METHODS.map((m) => ({ value: m, label: CONSENT_METHOD_LABELS[m] }))}
						errors={errors?.consentMethod}
					/>
					<TextField label="同意日" name="consentOn" type="date" required defaultValue={valueOf(values, 'consentOn')} errors={errors?.consentOn} />
				</div>
				<TextAreaField label="備考" name="consentNote" rows={2} maxLength={LIMITS.consentNote} defaultValue={valueOf(values, 'consentNote')} errors={errors?.consentNote} />
			</fieldset>
			<p className="button-row">
				<SubmitButton pendingText="保存中…">{submitLabel}</SubmitButton>
			</p>
		</Form>
	)
}
