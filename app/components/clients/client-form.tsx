import { Form, Link } from '@remix-run/react'
import { useRef, useState } from 'react'
import { DateField, FormErrorSummary, SelectField, SubmitButton, TextField } from '#app/components/forms.tsx'
import {
	CLIENT_CATEGORIES,
	CLIENT_CATEGORY_LABELS,
	DISABILITY_CATEGORIES,
	DISABILITY_LABELS,
	GENDERS,
	GENDER_LABELS,
	SUPPORT_LEVELS,
	SUPPORT_LEVEL_LABELS,
} from '#app/modules/clients/labels.ts'
import { ageOn, isValidIsoDate } from '#app/utils/dates.ts'
import { useFocusFirstError, valueOf, valuesOf, type FormValues } from './client-bits.tsx'

export type ClientFormErrors = { fieldErrors?: Record<string, string[] | undefined>; formErrors?: string[] } | null | undefined

/** The client's basic information (new and edit). Defaults come from the record or the last submission. */
export function ClientForm({
	values,
	errors,
	municipalities,
	today,
	submitLabel,
	pendingText,
	cancelTo,
}: {
	values: FormValues
	errors: ClientFormErrors
	municipalities: ReadonlyArray<{ id: string; name: string }>
	today: string
	submitLabel: string
	pendingText: string
	cancelTo: string
}) {
	const fe = errors?.fieldErrors ?? {}
	const [category, setCategory] = useState(valueOf(values, 'category', 'adult'))
	const [birthDate, setBirthDate] = useState(valueOf(values, 'birthDate'))
	const age = isValidIsoDate(birthDate) && birthDate <= today ? ageOn(birthDate, today) : null
	const categories = valuesOf(values, 'disabilityCategories')
	const hasErrors = Object.values(fe).some((e) => e && e.length > 0) || (errors?.formErrors?.length ?? 0) > 0
	const formRef = useRef<HTMLFormElement>(null)
	useFocusFirstError(formRef, hasErrors ? errors : null)

	return (
		<Form method="post" noValidate className="client-form" ref={formRef}>
			<FormErrorSummary
				errors={[...(errors?.formErrors ?? []), ...(hasErrors ? ['入力内容を確認してください。赤字の項目に誤りがあります。'] : [])]}
			/>
			<fieldset>
				<legend>氏名</legend>
				<div className="form-grid">
					<TextField label="姓" name="familyName" required defaultValue={valueOf(values, 'familyName')} errors={fe.familyName} autoComplete="off" />
					<TextField label="名" name="givenName" required defaultValue={valueOf(values, 'givenName')} errors={fe.givenName} autoComplete="off" />
					<TextField
						label="せい（ふりがな）"
						name="familyNameKana"
						required
						hint="ひらがな・カタカナ"
						defaultValue={valueOf(values, 'familyNameKana')}
						errors={fe.familyNameKana}
						autoComplete="off"
					/>
					<TextField
						label="めい（ふりがな）"
						name="givenNameKana"
						required
						hint="ひらがな・カタカナ"
						defaultValue={valueOf(values, 'givenNameKana')}
						errors={fe.givenNameKana}
						autoComplete="off"
					/>
				</div>
			</fieldset>

			<fieldset>
				<legend>基本情報</legend>
				<div className="form-grid">
					<TextField
						label="生年月日"
						name="birthDate"
						type="date"
						required
						max={today}
						value={birthDate}
						onChange={(e) => setBirthDate(e.currentTarget.value)}
						hint={age !== null ? `${age}歳` : undefined}
						errors={fe.birthDate}
					/>
					<SelectField
						label="性別"
						name="gender"
						defaultValue={valueOf(values, 'gender')}
						options={GENDERS.map((g) => ({ value: g, label: GENDER_LABELS[g] }))}
						errors={fe.gender}
					/>
					<SelectField
						label="成人・児童"
						name="category"
						required
						value={category}
						onChange={(e) => setCategory(e.currentTarget.value)}
						hint="児童の計画は障害児支援利用計画になります"
						options={CLIENT_CATEGORIES.map((c) => ({ value: c, label: CLIENT_CATEGORY_LABELS[c] }))}
						errors={fe.category}
					/>
					<TextField
						label="保護者氏名"
						name="guardianName"
						required={category === 'child'}
						hint={category === 'child' ? '児童の場合は必須です' : '児童の場合に入力します'}
						defaultValue={valueOf(values, 'guardianName')}
						errors={fe.guardianName}
						autoComplete="off"
					/>
				</div>
				{category === 'child' && age !== null && age >= 18 ? (
					<div className="alert warning" role="status">
						<p>
							生年月日から計算すると{age}歳です。18歳以上の方を「児童」として登録しようとしています。区分を確認してください（このまま保存することもできます）。
						</p>
					</div>
				) : null}
			</fieldset>

			<fieldset>
				<legend>障害の状況</legend>
				<fieldset className="checkbox-group" aria-describedby={fe.disabilityCategories ? 'disability-errors' : undefined}>
					<legend>障害種別（該当するものすべて）</legend>
					<div className="checkbox-row">
						{DISABILITY_CATEGORIES.map((c) => (
							<label key={c}>
								<input type="checkbox" name="disabilityCategories" value={c} defaultChecked={categories.includes(c)} />
								{DISABILITY_LABELS[c]}
							</label>
						))}
					</div>
					{fe.disabilityCategories ? (
						<ul id="disability-errors" className="field-errors" role="alert">
							{fe.disabilityCategories.map((e) => (
								<li key={e}>{e}</li>
							))}
						</ul>
					) : null}
				</fieldset>
				<div className="form-grid">
					{category === 'child' ? (
						<div className="field">
							<span className="field-label">障害支援区分</span>
							<p data-testid="support-level-child">対象外（障害児は区分認定の対象外です）</p>
							<input type="hidden" name="supportLevel" value="none" />
						</div>
					) : (
						<>
							<SelectField
								label="障害支援区分"
								name="supportLevel"
								required
								defaultValue={valueOf(values, 'supportLevel', 'pending')}
								options={SUPPORT_LEVELS.map((l) => ({ value: l, label: SUPPORT_LEVEL_LABELS[l] }))}
								errors={fe.supportLevel}
							/>
							<DateField label="区分の認定有効期間（開始日）" name="supportLevelFrom" defaultValue={valueOf(values, 'supportLevelFrom')} errors={fe.supportLevelFrom} />
							<DateField
								label="区分の認定有効期間（終了日）"
								name="supportLevelUntil"
								hint="終了の90日前からダッシュボードに表示します"
								defaultValue={valueOf(values, 'supportLevelUntil')}
								errors={fe.supportLevelUntil}
							/>
						</>
					)}
					<TextField
						label="手帳"
						name="handbook"
						hint="例: 療育手帳 B1、身体障害者手帳 2級"
						defaultValue={valueOf(values, 'handbook')}
						errors={fe.handbook}
						autoComplete="off"
					/>
				</div>
			</fieldset>

			<fieldset>
				<legend>連絡先・支給市町村</legend>
				<div className="form-grid">
					<TextField label="郵便番号" name="postalCode" inputMode="numeric" placeholder="123-4567" defaultValue={valueOf(values, 'postalCode')} errors={fe.postalCode} autoComplete="off" />
					<TextField label="住所" name="address" className="wide" defaultValue={valueOf(values, 'address')} errors={fe.address} autoComplete="off" />
					<TextField label="電話番号" name="phone" type="tel" defaultValue={valueOf(values, 'phone')} errors={fe.phone} autoComplete="off" />
					<SelectField
						label="支給決定を行う市町村"
						name="municipalityId"
						defaultValue={valueOf(values, 'municipalityId')}
						options={[{ value: '', label: '未設定' }, ...municipalities.map((m) => ({ value: m.id, label: m.name }))]}
						errors={fe.municipalityId}
					/>
				</div>
				<p className="muted">地域生活支援拠点への事前の利用登録は、登録後の利用者ページ「拠点 事前登録」で、理由・同意・事前調整とともに記録します。</p>
			</fieldset>

			<div className="button-row">
				<SubmitButton pendingText={pendingText}>{submitLabel}</SubmitButton>
				<Link className="button" to={cancelTo}>
					キャンセル
				</Link>
			</div>
		</Form>
	)
}
