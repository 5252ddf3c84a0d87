import { Form, Link } from '@remix-run/react'
import { useEffect, useId, useRef, useState } from 'react'
import { DateField, ErrorList, FormErrorSummary, SelectField, SubmitButton, TextAreaField, TextField } from '#app/components/forms.tsx'
import {
	CERTIFICATE_KINDS,
	CERTIFICATE_KIND_LABELS,
	COPAY_TIERS,
	MONITORING_PERIODS,
	MONITORING_PERIOD_LABELS,
	SUPPORT_LEVELS,
	SUPPORT_LEVEL_LABELS,
	formatYen,
	type MonitoringPeriod,
} from '#app/modules/clients/labels.ts'
import { suggestMonitoringMonths } from '#app/modules/clients/summary.ts'
import { isValidIsoDate, todayJst } from '#app/utils/dates.ts'
import { formatWareki, parseDateInput } from '#app/utils/wareki.ts'
import { suggestStandardPeriod } from '#app/modules/monitoring/standard-period.ts'
import { useFocusFirstError, valueOf, valuesOf, type FormValues } from './client-bits.tsx'

/** Service types that commonly appear on 受給者証 (free text is allowed too). */
const COMMON_SERVICE_TYPES = [
	'居宅介護',
	'重度訪問介護',
	'同行援護',
	'行動援護',
	'短期入所',
	'生活介護',
	'療養介護',
	'自立訓練（機能訓練）',
	'自立訓練（生活訓練）',
	'就労移行支援',
	'就労継続支援A型',
	'就労継続支援B型',
	'就労定着支援',
	'自立生活援助',
	'共同生活援助',
	'施設入所支援',
	'児童発達支援',
	'放課後等デイサービス',
	'保育所等訪問支援',
	'居宅訪問型児童発達支援',
	'地域移行支援',
	'地域定着支援',
	'計画相談支援',
	'障害児相談支援',
]

type ServiceRow = { key: number; serviceType: string; amount: string }

export type CertificateFormErrors = { fieldErrors?: Record<string, string[] | undefined>; formErrors?: string[] } | null | undefined

/**
 * One 受給者証 version. 支給量 is a repeated row group (add/remove buttons; keyboard focus
 * follows the change); モニタリング月 can be suggested from the period and decision dates.
 */
export function CertificateForm({
	values,
	errors,
	submitLabel,
	cancelTo,
	hiddenFields,
	person,
}: {
	values: FormValues
	errors: CertificateFormErrors
	submitLabel: string
	cancelTo: string
	/** extra fields the page's action needs (e.g. the plan cycle step the 支給決定 is recorded with) */
	hiddenFields?: Record<string, string>
	/** the person, for the standard monitoring period suggestion (docs/domain/monitoring.md) */
	person?: { birthDate: string; category: string }
}) {
	const fe = errors?.fieldErrors ?? {}
	const id = useId()
	const [period, setPeriod] = useState(valueOf(values, 'monitoringPeriod', 'every6'))
	// What was typed (和暦 or 西暦) and its ISO reading, for the month suggestion.
	const [decisionStart, setDecisionStart] = useState(() => parseDateInput(valueOf(values, 'decisionStart')) ?? '')
	const [decisionEnd, setDecisionEnd] = useState(() => parseDateInput(valueOf(values, 'decisionEnd')) ?? '')
	const [newUser, setNewUser] = useState(valueOf(values, 'newUserMonthlyFrom') !== '')
	const [intensive, setIntensive] = useState(false)
	const [months, setMonths] = useState(valueOf(values, 'monitoringMonths'))
	const [suggestNote, setSuggestNote] = useState('')

	const initialTypes = valuesOf(values, 'serviceType')
	const initialAmounts = valuesOf(values, 'amount')
	const nextKey = useRef(0)
	const [rows, setRows] = useState<ServiceRow[]>(() => {
		const count = Math.max(initialTypes.length, initialAmounts.length, 1)
		return Array.from({ length: count }, (_, i) => ({
			key: nextKey.current++,
			serviceType: initialTypes[i] ?? '',
			amount: initialAmounts[i] ?? '',
		}))
	})
	const focusKey = useRef<number | null>(null)
	const addButton = useRef<HTMLButtonElement>(null)
	const rowInputs = useRef(new Map<number, HTMLInputElement>())

	useEffect(() => {
		if (focusKey.current === null) return
		const target = focusKey.current === -1 ? addButton.current : rowInputs.current.get(focusKey.current)
		target?.focus()
		focusKey.current = null
	}, [rows])

	function addRow() {
		const key = nextKey.current++
		focusKey.current = key
		setRows((r) => [...r, { key, serviceType: '', amount: '' }])
	}

	function removeRow(key: number) {
		setRows((r) => {
			const index = r.findIndex((row) => row.key === key)
			const next = r.filter((row) => row.key !== key)
			// Keep focus in the group: the row that moved up, the one before, or the add button.
			focusKey.current = next[index]?.key ?? next[index - 1]?.key ?? -1
			return next
		})
	}

	function updateRow(key: number, field: 'serviceType' | 'amount', value: string) {
		setRows((r) => r.map((row) => (row.key === key ? { ...row, [field]: value } : row)))
	}

	function suggest() {
		if (period === 'custom') {
			setSuggestNote('「その他」の場合は月を直接入力してください。')
			return
		}
		if (!isValidIsoDate(decisionStart) || !isValidIsoDate(decisionEnd) || decisionStart > decisionEnd) {
			setSuggestNote('先に支給決定期間（開始日・終了日）を正しく入力してください。')
			return
		}
		const list = suggestMonitoringMonths(period as MonitoringPeriod, decisionStart, decisionEnd)
		setMonths(list.join(', '))
		setSuggestNote(
			list.length > 0
				? `${list.map(formatWareki).join('、')} を入力しました。受給者証の記載と違う場合は修正してください。`
				: '期間内に該当する月がありません。',
		)
	}

	const hasErrors = Object.values(fe).some((e) => e && e.length > 0) || (errors?.formErrors?.length ?? 0) > 0
	const servicesErrorId = `${id}-services-error`
	const formRef = useRef<HTMLFormElement>(null)
	useFocusFirstError(formRef, hasErrors ? errors : null)

	return (
		<Form method="post" noValidate className="certificate-form" ref={formRef}>
			{Object.entries(hiddenFields ?? {}).map(([name, value]) => (
				<input key={name} type="hidden" name={name} value={value} />
			))}
			<FormErrorSummary
				errors={[...(errors?.formErrors ?? []), ...(hasErrors ? ['入力内容を確認してください。赤字の項目に誤りがあります。'] : [])]}
			/>
			<fieldset>
				<legend>受給者証</legend>
				<div className="form-grid">
					<SelectField
						label="種類"
						name="kind"
						required
						defaultValue={valueOf(values, 'kind', 'welfare')}
						options={CERTIFICATE_KINDS.map((k) => ({ value: k, label: CERTIFICATE_KIND_LABELS[k] }))}
						errors={fe.kind}
					/>
					<TextField
						label="受給者証番号"
						name="number"
						required
						inputMode="numeric"
						hint="10桁の数字"
						autoComplete="off"
						defaultValue={valueOf(values, 'number')}
						errors={fe.number}
					/>
					<TextField label="交付市町村" name="issuedBy" required defaultValue={valueOf(values, 'issuedBy')} errors={fe.issuedBy} autoComplete="off" />
					<DateField label="交付年月日" name="issuedOn" required defaultValue={valueOf(values, 'issuedOn')} errors={fe.issuedOn} />
				</div>
			</fieldset>

			<fieldset>
				<legend>支給決定</legend>
				<div className="form-grid">
					<DateField
						label="支給決定期間（開始日）"
						name="decisionStart"
						required
						defaultValue={valueOf(values, 'decisionStart')}
						onChange={(_, iso) => setDecisionStart(iso ?? '')}
						errors={fe.decisionStart}
					/>
					<DateField
						label="支給決定期間（終了日）"
						name="decisionEnd"
						required
						defaultValue={valueOf(values, 'decisionEnd')}
						onChange={(_, iso) => setDecisionEnd(iso ?? '')}
						errors={fe.decisionEnd}
					/>
					<DateField
						label="この版の適用開始日"
						name="effectiveFrom"
						required
						defaultValue={valueOf(values, 'effectiveFrom')}
						errors={fe.effectiveFrom}
					/>
					<SelectField
						label="障害支援区分"
						name="supportLevel"
						defaultValue={valueOf(values, 'supportLevel')}
						options={[{ value: '', label: '記載なし' }, ...SUPPORT_LEVELS.map((l) => ({ value: l, label: SUPPORT_LEVEL_LABELS[l] }))]}
						errors={fe.supportLevel}
					/>
					<TextField
						label="利用者負担上限月額（円）"
						name="copayCap"
						required
						inputMode="numeric"
						list={`${id}-copay-tiers`}
						hint={`主な区分: ${COPAY_TIERS.map(formatYen).join(' / ')}`}
						defaultValue={valueOf(values, 'copayCap')}
						errors={fe.copayCap}
						autoComplete="off"
					/>
				</div>
				<datalist id={`${id}-copay-tiers`}>
					{COPAY_TIERS.map((t) => (
						<option key={t} value={t} />
					))}
				</datalist>
			</fieldset>

			<fieldset aria-describedby={fe.services ? servicesErrorId : undefined}>
				<legend>支給量（サービスの種類と量）</legend>
				<datalist id={`${id}-service-types`}>
					{COMMON_SERVICE_TYPES.map((t) => (
						<option key={t} value={t} />
					))}
				</datalist>
				<ol className="services-editor">
					{rows.map((row, index) => (
						<li key={row.key} className="service-row">
							<div className="field">
								<label htmlFor={`${id}-type-${row.key}`}>サービス種類（{index + 1}行目）</label>
								<input
									id={`${id}-type-${row.key}`}
									name="serviceType"
									list={`${id}-service-types`}
									value={row.serviceType}
									autoComplete="off"
									ref={(el) => {
										if (el) rowInputs.current.set(row.key, el)
										else rowInputs.current.delete(row.key)
									}}
									onChange={(e) => updateRow(row.key, 'serviceType', e.currentTarget.value)}
								/>
							</div>
							<div className="field">
								<label htmlFor={`${id}-amount-${row.key}`}>支給量（{index + 1}行目）</label>
								<input
									id={`${id}-amount-${row.key}`}
									name="amount"
									placeholder="例: 22日/月、当該月の日数から8日を控除した日数"
									value={row.amount}
									autoComplete="off"
									onChange={(e) => updateRow(row.key, 'amount', e.currentTarget.value)}
								/>
							</div>
							<button
								type="button"
								className="button small danger"
								onClick={() => removeRow(row.key)}
								disabled={rows.length === 1}
								aria-label={`支給量の${index + 1}行目を削除`}
							>
								削除
							</button>
						</li>
					))}
				</ol>
				<ErrorList id={servicesErrorId} errors={fe.services} />
				<button type="button" className="button small" onClick={addRow} ref={addButton}>
					＋ 行を追加
				</button>
			</fieldset>

			<fieldset>
				<legend>モニタリング</legend>
				<StandardPeriodHint
					serviceTypes={rows.map((r) => r.serviceType)}
					person={person}
					on={decisionStart}
					newUser={newUser}
					intensive={intensive}
					onIntensiveChange={setIntensive}
				/>
				<div className="form-grid">
					<SelectField
						label="モニタリング期間"
						name="monitoringPeriod"
						required
						value={period}
						onChange={(e) => setPeriod(e.currentTarget.value)}
						options={MONITORING_PERIODS.map((p) => ({ value: p, label: MONITORING_PERIOD_LABELS[p] }))}
						errors={fe.monitoringPeriod}
					/>
					<TextField
						label="モニタリング月"
						name="monitoringMonths"
						className="wide"
						required={period === 'custom'}
						hint="受給者証に記載された月を「2026-11, 2027-02」のように入力します。空欄の場合は期間から自動で設定します。"
						value={months}
						onChange={(e) => setMonths(e.currentTarget.value)}
						errors={fe.monitoringMonths}
						autoComplete="off"
					/>
				</div>
				<div className="field checkbox-field">
					<label>
						<input type="checkbox" checked={newUser} onChange={(e) => setNewUser(e.currentTarget.checked)} data-testid="new-user-toggle" />
						新規利用者（又は支給決定の内容が著しく変わった人）: 最初の3か月は毎月モニタリング
					</label>
				</div>
				{newUser ? (
					<DateField
						label="毎月モニタリングの開始年月（市町村の決定どおり）"
						name="newUserMonthlyFrom"
						month
						required
						hint="支給決定の月から、又はその翌月から。例: 令和8年11月 または 2026-11"
						defaultValue={valueOf(values, 'newUserMonthlyFrom')}
						errors={fe.newUserMonthlyFrom}
						testId="new-user-from"
					/>
				) : (
					<input type="hidden" name="newUserMonthlyFrom" value="" />
				)}
				<div className="button-row compact">
					<button type="button" className="button small" onClick={suggest}>
						支給決定期間から月を提案
					</button>
					<p className="muted small-note" role="status" aria-live="polite">
						{suggestNote}
					</p>
				</div>
			</fieldset>

			<TextAreaField label="備考" name="note" defaultValue={valueOf(values, 'note')} errors={fe.note} rows={3} />

			<div className="button-row">
				<SubmitButton pendingText="登録中…">{submitLabel}</SubmitButton>
				<Link className="button" to={cancelTo}>
					キャンセル
				</Link>
			</div>
		</Form>
	)
}

/**
 * The standard monitoring period for these services and this person (docs/domain/monitoring.md's table) with its
 * one-line reason. A suggestion only: the municipality's decision on the 受給者証 is what is
 * entered in the select.
 */
function StandardPeriodHint({
	serviceTypes,
	person,
	on,
	newUser,
	intensive,
	onIntensiveChange,
}: {
	serviceTypes: string[]
	person?: { birthDate: string; category: string }
	on: string
	newUser: boolean
	intensive: boolean
	onIntensiveChange: (value: boolean) => void
}) {
	if (!person) return null
	const suggestion = suggestStandardPeriod({
		serviceTypes,
		birthDate: person.birthDate,
		category: person.category,
		on: isValidIsoDate(on) ? on : todayJst(),
		newUser,
		intensive,
	})
	return (
		<div className="standard-period" data-testid="standard-period">
			<p className="field-hint" role="status" aria-live="polite">
				{suggestion
					? `標準期間の目安: ${MONITORING_PERIOD_LABELS[suggestion.period]}（${suggestion.reason}）。市町村の決定（受給者証の記載）を優先して入力してください。`
					: '支給量にサービスを入力すると、標準期間の目安を表示します。'}
			</p>
			<label className="checkbox-inline">
				<input type="checkbox" checked={intensive} onChange={(e) => onIntensiveChange(e.currentTarget.checked)} />
				集中的な支援が必要（施設退所直後、単身で調整が難しい等）
			</label>
		</div>
	)
}
