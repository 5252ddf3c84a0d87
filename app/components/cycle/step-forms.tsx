import { Form, Link } from '@remix-run/react'
import { CertificateForm } from '#app/components/clients/certificate-form.tsx'
import { FormErrorSummary, SelectField, SubmitButton, TextAreaField, TextField } from '#app/components/forms.tsx'
import { DELIVERY_METHODS, DELIVERY_METHOD_LABELS } from '#app/modules/cycle/step-input.ts'
import { ASSESSMENT_METHODS, ASSESSMENT_METHOD_LABELS } from '#app/modules/cycle/plan-cycle.ts'
import type { FixPlace, StepFormView, StepView } from '#app/modules/cycle/views.ts'
import { formatJpDate } from '#app/utils/dates.ts'

type Step = StepView
type Errors = { step?: string; errors?: string[]; fieldErrors?: Record<string, string[] | undefined>; values?: Record<string, string | string[]> } | null | undefined

const methodOptions = DELIVERY_METHODS.filter((m) => m !== 'electronic').map((m) => ({ value: m, label: DELIVERY_METHOD_LABELS[m] }))

/** The fields one step needs, as the state machine checks them (plan-cycle.ts factErrors). */
function StepFields({
	step,
	view,
	fe,
	defaults,
}: {
	step: Step
	view: Pick<StepFormView, 'meetings' | 'today'>
	fe: Record<string, string[] | undefined>
	defaults?: Readonly<Record<string, string>>
}) {
	const today = view.today
	switch (step.action) {
		case 'write_draft':
			return (
				<>
					<TextField label="アセスメントの実施日" name="assessmentDate" type="date" defaultValue={today} required errors={fe.assessmentDate} />
					<SelectField
						label="アセスメントの方法"
						name="assessmentMethod"
						hint="居宅を訪問して行います。入院中などで訪問できなかったときは、例外とその理由を記録します。"
						options={ASSESSMENT_METHODS.map((m) => ({ value: m, label: ASSESSMENT_METHOD_LABELS[m] }))}
						errors={fe.assessmentMethod}
					/>
					<TextField label="居宅訪問でなかった理由" name="assessmentReason" hint="例外のときだけ。例：骨折で入院中のため病室で面接" errors={fe.assessmentReason} />
					<TextField label="アセスメントの実施場所" name="assessmentPlace" hint="例：ご自宅、〇〇病院 病室" required errors={fe.assessmentPlace} />
				</>
			)
		case 'consent_draft':
		case 'consent_final':
			return (
				<>
					<p className="field-hint">
						署名をいただいた書面の内容を記録します（電子同意は本人・家族のアカウントから行います）。
						{step.action === 'consent_final' ? '本計画は、説明した日に同意を得て、計画作成日を同意日と同じ日にします。' : ''}
					</p>
					<SelectField
						label="同意した人"
						name="consenterType"
						options={[
							{ value: 'self', label: '本人' },
							{ value: 'proxy', label: '代理人（家族・後見人など）' },
						]}
						errors={fe.consenterType}
					/>
					<TextField label="同意した人の氏名" name="consenterName" required errors={fe.consenterName} />
					<TextField label="代理人の続柄" name="relationship" hint="代理人のときだけ。例：母、成年後見人" errors={fe.relationship} />
					<TextField label="代理人が同意した理由" name="proxyReason" hint="代理人のときだけ。例：本人が未成年のため" errors={fe.proxyReason} />
					<TextField label="説明日" name="explainedOn" type="date" defaultValue={today} required errors={fe.explainedOn} />
					<TextField label="同意日（署名日）" name="consentedOn" type="date" defaultValue={today} required errors={fe.consentedOn} />
					{step.action === 'consent_final' ? <DeliveryFields fe={fe} today={today} label="本人（家族）への交付日" /> : null}
				</>
			)
		case 'submit':
			return (
				<>
					{step.requires.some((r) => r.includes('本人への交付日')) ? <DeliveryFields fe={fe} today={today} label="計画案を本人（家族）に交付した日" /> : null}
					<TextField label="市町村への提出日" name="submittedOn" type="date" defaultValue={today} required errors={fe.submittedOn} />
				</>
			)
		case 'start_services':
			return step.requires.length > 0 ? (
				<>
					<TextField label="本計画を市町村に提出した日" name="submittedOn" type="date" defaultValue={today} required errors={fe.submittedOn} />
					<TextField
						label="サービス利用開始日"
						name="servicesStartOn"
						type="date"
						defaultValue={today}
						hint="本計画の計画作成日（同意日）より前の日は記録できません。"
						required
						errors={fe.servicesStartOn}
					/>
				</>
			) : null
		case 'send_back':
			return <TextAreaField label="差し戻しの理由（直してほしい点）" name="note" rows={3} required errors={fe.note} />
		case 'hold_meeting':
			return view.meetings.length === 0 ? (
				<p className="alert warning" role="note">
					開催したサービス担当者会議がありません。支給決定の後に会議を開始し、出欠と本人参加を記録して終了してください。
				</p>
			) : (
				<SelectField
					label="開催したサービス担当者会議"
					name="meetingId"
					hint="支給決定の日以降に開催（開始）した、この計画の会議を選びます。"
					options={view.meetings.map((m) => ({ value: m.id, label: meetingLabel(m) }))}
					errors={fe.meetingId}
				/>
			)
		case 'start_monitoring':
			// Never recorded on its own: completing the month's report records it.
			return null
		case 'continue_plan':
			return <ChangeNeeded />
		case 'revise':
			return (
				<>
					<TextAreaField label="見直しの理由" name="note" rows={3} required errors={fe.note} defaultValue={defaults?.note} />
					<SelectField
						label="次の計画"
						name="nextVariant"
						options={[
							{ value: 'specialist', label: '計画相談支援（相談支援専門員が作成）' },
							{ value: 'self', label: 'セルフプラン（本人・家族が作成）' },
						]}
					/>
				</>
			)
		case 'close':
			return <TextAreaField label="終了の理由" name="note" rows={3} required errors={fe.note} />
		default:
			return null
	}
}

function meetingLabel(m: StepFormView['meetings'][number]): string {
	const scheduled = m.originalDate ? `予定日 ${formatJpDate(m.originalDate)} → ${formatJpDate(m.date)}` : `予定日 ${formatJpDate(m.date)}`
	return `${formatJpDate(m.heldOn)} 開催（${scheduled}・${m.attendance}）`
}

function ChangeNeeded() {
	return (
		<SelectField
			label="計画変更の必要性"
			name="changeNeeded"
			options={[
				{ value: '', label: '未記録' },
				{ value: 'no', label: '無' },
				{ value: 'yes', label: '有' },
			]}
		/>
	)
}

function DeliveryFields({ fe, today, label }: { fe: Record<string, string[] | undefined>; today: string; label: string }) {
	return (
		<fieldset className="cycle-fieldset">
			<legend>交付</legend>
			<TextField label={label} name="deliveredOn" type="date" defaultValue={today} required errors={fe.deliveredOn} />
			<SelectField
				label="交付した相手"
				name="deliveredTo"
				options={[
					{ value: 'self', label: '本人' },
					{ value: 'family', label: '家族・後見人（同意した代理人）' },
				]}
			/>
			<SelectField label="交付の方法" name="deliveryMethod" options={methodOptions} errors={fe.deliveryMethod} />
		</fieldset>
	)
}

function FixLink({ clientId, fix }: { clientId: string; fix: FixPlace }) {
	return <Link to={`/clients/${clientId}${fix.path}`}>{fix.label}</Link>
}

/** One available step as a form, with what it requires, the refusal reasons after a try and where to fix them. */
export function StepForm({
	step,
	view,
	errors,
	defaults,
}: {
	step: Step
	view: StepFormView
	errors: Errors
	/** prefilled answers (e.g. the revision's reason when arriving from a monitoring report) */
	defaults?: Readonly<Record<string, string>>
}) {
	const mine = errors?.step === step.action
	const fe = mine ? (errors?.fieldErrors ?? {}) : {}
	const heading = `step-${step.action}`
	if (step.action === 'record_decision' && view.decision) {
		const d = view.decision
		const { services, ...rest } = d
		const values = mine && errors?.values ? errors.values : { ...rest, serviceType: services.map((s) => s.serviceType), amount: services.map((s) => s.amount) }
		return (
			<section className="card cycle-step" aria-labelledby={heading} data-testid={`step-${step.action}`}>
				<h3 id={heading}>{step.label}</h3>
				<p className="field-hint">支給決定の内容は受給者証の新しい版として登録されます（これまでの版は履歴に残ります）。</p>
				{mine ? <FormErrorSummary errors={errors?.errors} /> : null}
				<CertificateForm
					values={values}
					errors={mine ? { fieldErrors: errors?.fieldErrors, formErrors: [] } : null}
					submitLabel="支給決定を記録する"
					cancelTo="."
					hiddenFields={{ intent: 'step', step: 'record_decision' }}
				/>
			</section>
		)
	}
	const fix = step.fix ? <FixLink clientId={view.clientId} fix={step.fix} /> : null
	if (step.action === 'start_monitoring') {
		return (
			<section className="card cycle-step" aria-labelledby={heading} data-testid={`step-${step.action}`}>
				<h3 id={heading}>{step.label}</h3>
				<p>モニタリングは、予定の月のモニタリング報告書を「報告書を完了」にすると、その実施日・実施場所・計画変更の必要性で自動的に記録されます。</p>
				{fix}
			</section>
		)
	}
	return (
		<section className="card cycle-step" aria-labelledby={heading} data-testid={`step-${step.action}`}>
			<h3 id={heading}>{step.label}</h3>
			{step.requires.length > 0 ? <p className="field-hint">確認すること：{step.requires.join('、')}</p> : null}
			<Form method="post" noValidate className="cycle-step__form">
				<input type="hidden" name="intent" value="step" />
				<input type="hidden" name="step" value={step.action} />
				{mine && errors?.errors?.length ? (
					<>
						<FormErrorSummary errors={errors?.errors} />
						{fix ? <p data-testid="step-fix">直す場所：{fix}</p> : null}
					</>
				) : null}
				<StepFields step={step} view={view} fe={fe} defaults={defaults} />
				{step.action !== 'send_back' && step.action !== 'revise' && step.action !== 'close' ? (
					<TextAreaField label="メモ（任意）" name="note" rows={2} />
				) : null}
				<SubmitButton name="step" value={step.action} pendingText="記録中…">
					{step.label}を記録する
				</SubmitButton>
			</Form>
		</section>
	)
}
