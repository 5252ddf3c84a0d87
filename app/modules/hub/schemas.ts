/**
 * Form schemas of the 地域生活支援拠点 records (issue #12) with the Japanese messages the forms
 * show. Pure: checks that need the database (the hub exists, the person is of the hub's
 * municipality, a specialist is under contract) live in the server modules.
 */
import { z } from 'zod'
import { isValidIsoDate } from '#app/utils/dates.ts'
import { formValue, formValues } from '#app/utils/forms.ts'
import {
	CONSENT_METHODS,
	EMERGENCY_ACCESS_REASONS,
	EMERGENCY_CATEGORIES,
	HUB_REASONS,
	REVIEW_OUTCOMES,
	type HubReason,
} from './labels.ts'

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/


function optionalText(label: string, max: number) {
	return z.preprocess(formValue, z.string().max(max, `${label}は${max}文字以内で入力してください`))
}

function requiredText(label: string, max: number) {
	return z.preprocess(formValue, z.string().min(1, `${label}を入力してください`).max(max, `${label}は${max}文字以内で入力してください`))
}

function choice<const T extends readonly string[]>(values: T, message: string) {
	return z.preprocess(formValue, z.string().refine((v): v is T[number] => (values as readonly string[]).includes(v), message))
}

function idField(message: string, options: { optional?: boolean } = {}) {
	return z.preprocess(
		formValue,
		z.string().refine((v) => (options.optional && v === '') || ID_PATTERN.test(v), message),
	)
}

function validDate(value: string): boolean {
	const year = Number(value.slice(0, 4))
	return isValidIsoDate(value) && year >= 1900 && year <= 2100
}

function dateField(label: string, options: { optional?: boolean } = {}) {
	return z.preprocess(
		formValue,
		z.string().superRefine((value, ctx) => {
			if (value === '') {
				if (!options.optional) ctx.addIssue({ code: 'custom', message: `${label}を入力してください` })
				return
			}
			if (!validDate(value)) ctx.addIssue({ code: 'custom', message: `${label}は正しい日付で入力してください（例: 2026-04-01）` })
		}),
	)
}

/**
 * Rows of a repeated group sent as parallel keys (prefix_key, one value per row). Rows left
 * completely blank are dropped; at most `max` rows.
 */
export function rowsOf<const K extends string>(raw: Record<string, unknown>, prefix: string, keys: readonly K[], max = 20): Array<Record<K, string>> {
	const columns = keys.map((k) => formValues(raw[`${prefix}_${k}`]))
	const length = Math.min(max, Math.max(0, ...columns.map((c) => c.length)))
	const rows: Array<Record<K, string>> = []
	for (let i = 0; i < length; i++) {
		const row = Object.fromEntries(keys.map((k, j) => [k, columns[j][i] ?? ''])) as Record<K, string>
		if (keys.every((k) => row[k] === '')) continue
		rows.push(row)
	}
	return rows
}

type RowErrors = string[]

function checkRows<K extends string>(rows: Array<Record<K, string>>, label: string, check: (row: Record<K, string>, n: number) => string | null): RowErrors {
	const errors: RowErrors = []
	rows.forEach((row, i) => {
		const error = check(row, i + 1)
		if (error) errors.push(`${label}${i + 1}行目：${error}`)
	})
	return errors
}

// ---------------------------------------------------------------------------
// 事前の利用登録

export const ARRANGEMENT_KEYS = ['serviceType', 'providerName', 'conditions', 'agreedOn'] as const
export const TRIAL_KEYS = ['serviceType', 'providerName', 'fromDate', 'toDate', 'note'] as const

export function registrationSchema(today: string) {
	return z
		.object({
			hubOrganizationId: idField('登録先の拠点を選んでください'),
			coordinatorId: idField('担当コーディネーターを一覧から選んでください', { optional: true }),
			registeredOn: dateField('登録日'),
			reasons: z.preprocess(formValues, z.array(z.string()).min(1, '登録の理由を1つ以上選んでください')),
			reasonOther: optionalText('その他の理由', 200),
			consentBy: requiredText('同意した人の氏名', 50),
			consentRelation: requiredText('同意した人の続柄（本人・母など）', 20),
			consentMethod: choice(CONSENT_METHODS, '同意の方法（書面・口頭）を選んでください'),
			consentOn: dateField('同意日'),
			coreCenterOrganizationId: idField('基幹相談支援センターを一覧から選んでください', { optional: true }),
			coreCenterNote: optionalText('基幹相談支援センターの関わり', 500),
			reviewOn: dateField('見直し予定日'),
		})
		.superRefine((data, ctx) => {
			for (const r of data.reasons) {
				if (!(HUB_REASONS as readonly string[]).includes(r)) {
					ctx.addIssue({ code: 'custom', path: ['reasons'], message: '登録の理由を一覧から選んでください' })
					break
				}
			}
			if (data.reasons.includes('other') && data.reasonOther === '') {
				ctx.addIssue({ code: 'custom', path: ['reasonOther'], message: '「その他」の理由を具体的に入力してください' })
			}
			if (validDate(data.registeredOn) && data.registeredOn > today) {
				ctx.addIssue({ code: 'custom', path: ['registeredOn'], message: '登録日に未来の日付は指定できません' })
			}
			if (validDate(data.consentOn) && data.consentOn > today) {
				ctx.addIssue({ code: 'custom', path: ['consentOn'], message: '同意日に未来の日付は指定できません' })
			}
			if (validDate(data.consentOn) && validDate(data.registeredOn) && data.consentOn > data.registeredOn) {
				ctx.addIssue({ code: 'custom', path: ['consentOn'], message: '同意は登録日までに得てください（同意日が登録日より後です）' })
			}
			if (validDate(data.reviewOn) && validDate(data.registeredOn) && data.reviewOn <= data.registeredOn) {
				ctx.addIssue({ code: 'custom', path: ['reviewOn'], message: '見直し予定日は登録日より後の日付にしてください' })
			}
		})
		.transform((data) => ({ ...data, reasons: data.reasons as HubReason[] }))
}
export type RegistrationData = z.output<ReturnType<typeof registrationSchema>>

export type RegistrationRows = {
	arrangements: Array<Record<(typeof ARRANGEMENT_KEYS)[number], string>>
	trials: Array<Record<(typeof TRIAL_KEYS)[number], string>>
}

/** The repeated groups of the registration form, checked. */
export function parseRegistrationRows(raw: Record<string, unknown>): { ok: true; rows: RegistrationRows } | { ok: false; errors: string[] } {
	const arrangements = rowsOf(raw, 'arr', ARRANGEMENT_KEYS)
	const trials = rowsOf(raw, 'trial', TRIAL_KEYS)
	const errors = [
		...checkRows(arrangements, '事前調整', (row) => {
			if (row.serviceType === '') return 'サービスの種類を入力してください'
			if (row.providerName === '') return '受け入れる事業所を入力してください'
			if (row.serviceType.length > 50 || row.providerName.length > 100 || row.conditions.length > 500) return '入力が長すぎます'
			if (row.agreedOn !== '' && !validDate(row.agreedOn)) return '合意日は正しい日付で入力してください'
			return null
		}),
		...checkRows(trials, '体験利用', (row) => {
			if (row.serviceType === '' || row.providerName === '') return 'サービスの種類と事業所を入力してください'
			if (!validDate(row.fromDate) || !validDate(row.toDate)) return '期間は正しい日付で入力してください'
			if (row.fromDate > row.toDate) return '期間の終わりが始まりより前です'
			if (row.serviceType.length > 50 || row.providerName.length > 100 || row.note.length > 500) return '入力が長すぎます'
			return null
		}),
	]
	return errors.length > 0 ? { ok: false, errors } : { ok: true, rows: { arrangements, trials } }
}

export const endRegistrationSchema = (today: string) =>
	z
		.object({ endedOn: dateField('終了日'), endReason: requiredText('終了の理由', 500) })
		.superRefine((data, ctx) => {
			if (validDate(data.endedOn) && data.endedOn > today) ctx.addIssue({ code: 'custom', path: ['endedOn'], message: '終了日に未来の日付は指定できません' })
		})

// ---------------------------------------------------------------------------
// 緊急対応記録

export const SERVICE_KEYS = ['serviceType', 'providerName', 'fromDate', 'toDate', 'note'] as const

/** "YYYY-MM-DDTHH:MM" of <input type="datetime-local">, read as Japan time. */
export function parseJstDateTime(value: string): Date | null {
	const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value)
	if (!m || !validDate(`${m[1]}-${m[2]}-${m[3]}`) || Number(m[4]) > 23 || Number(m[5]) > 59) return null
	return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00+09:00`)
}

export function emergencySchema(now: Date) {
	return z
		.object({
			occurredAt: z.preprocess(formValue, z.string().min(1, '受付日時を入力してください')),
			callerName: requiredText('連絡してきた人', 50),
			callerRelation: optionalText('連絡してきた人の続柄・所属', 50),
			category: choice(EMERGENCY_CATEGORIES, '緊急事態の種類を選んでください'),
			situation: requiredText('状況（何が起きたか）', 2000),
			actionsTaken: requiredText('対応内容', 2000),
			contacted: optionalText('連絡した先', 1000),
			handoffNote: optionalText('相談支援専門員への引き継ぎ', 1000),
		})
		.superRefine((data, ctx) => {
			if (data.occurredAt === '') return
			const at = parseJstDateTime(data.occurredAt)
			if (!at) ctx.addIssue({ code: 'custom', path: ['occurredAt'], message: '受付日時は正しい日時で入力してください' })
			else if (at.getTime() > now.getTime() + 5 * 60_000) ctx.addIssue({ code: 'custom', path: ['occurredAt'], message: '受付日時に未来の日時は指定できません' })
		})
		.transform((data) => ({ ...data, occurredAt: parseJstDateTime(data.occurredAt) as Date }))
}
export type EmergencyData = z.output<ReturnType<typeof emergencySchema>>

export function parseServiceRows(raw: Record<string, unknown>): { ok: true; rows: Array<Record<(typeof SERVICE_KEYS)[number], string>> } | { ok: false; errors: string[] } {
	const rows = rowsOf(raw, 'svc', SERVICE_KEYS)
	const errors = checkRows(rows, '計画外のサービス', (row) => {
		if (row.serviceType === '' || row.providerName === '') return 'サービスの種類と事業所を入力してください'
		if (!validDate(row.fromDate) || !validDate(row.toDate)) return '期間は正しい日付で入力してください'
		if (row.fromDate > row.toDate) return '期間の終わりが始まりより前です'
		if (row.serviceType.length > 50 || row.providerName.length > 100 || row.note.length > 500) return '入力が長すぎます'
		return null
	})
	return errors.length > 0 ? { ok: false, errors } : { ok: true, rows }
}

// ---------------------------------------------------------------------------
// 緊急時アクセス

export function breakGlassSchema(maxHours: number) {
	return z.object({
		clientId: idField('対象の方が見つかりません。もう一度検索してください'),
		reasonCategory: choice(EMERGENCY_ACCESS_REASONS, '緊急時アクセスの理由の区分を選んでください'),
		reasonText: z.preprocess(
			formValue,
			z.string().superRefine((value, ctx) => {
				const message =
					value === ''
						? '緊急時アクセスの理由を入力してください（理由がなければ開けません）'
						: value.length < 10
							? '理由は状況がわかるように10文字以上で入力してください'
							: value.length > 500
								? '理由は500文字以内で入力してください'
								: null
				if (message) ctx.addIssue({ code: 'custom', message })
			}),
		),
		hours: z.preprocess(
			(v) => {
				const s = formValue(v)
				return s === '' ? Number.NaN : Number(s)
			},
			z
				.number({ invalid_type_error: `有効時間は1〜${maxHours}時間の整数で指定してください` })
				.refine((n) => Number.isInteger(n) && n >= 1, `有効時間は1〜${maxHours}時間の整数で指定してください`)
				.refine((n) => n <= maxHours, `有効時間は最長${maxHours}時間です。それより長くはできません`),
		),
	})
}
export type BreakGlassData = z.output<ReturnType<typeof breakGlassSchema>>

export const reviewSchema = z
	.object({
		outcome: choice(REVIEW_OUTCOMES, '判定（適切・不適切）を選んでください'),
		note: optionalText('所見', 1000),
	})
	.superRefine((data, ctx) => {
		if (data.outcome === 'inappropriate' && data.note === '') ctx.addIssue({ code: 'custom', path: ['note'], message: '不適切と判定する場合は、その理由を所見に記入してください' })
	})

// ---------------------------------------------------------------------------
// 調整会議

export function hubMeetingSchema(today: string) {
	return z
		.object({
			date: dateField('開催日'),
			title: requiredText('会議名', 100),
			participants: requiredText('参加者', 2000),
			outcomes: requiredText('検討結果', 4000),
			clientIds: z.preprocess(formValues, z.array(z.string().regex(ID_PATTERN, '検討した方を一覧から選んでください')).max(50, '検討した方は50人までです')),
		})
		.superRefine((data, ctx) => {
			if (validDate(data.date) && data.date > today) ctx.addIssue({ code: 'custom', path: ['date'], message: '開催日に未来の日付は指定できません（記録は開催後に作成します）' })
		})
}

/** "YYYY-MM" of a summary month. */
export function parseMonth(value: string | null): string | null {
	if (!value || !/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) return null
	const year = Number(value.slice(0, 4))
	return year >= 2000 && year <= 2100 ? value : null
}
