/**
 * Form schemas for clients, 受給者証 versions and care-team changes, with the Japanese
 * messages the forms show. Pure (no I/O): checks that need the database (municipality
 * exists, account exists) live in the server modules.
 */
import { z } from 'zod'
import { TEAM_ROLES } from '#app/policies/roles.ts'
import { isValidIsoDate } from '#app/utils/dates.ts'
import { parseDateInput, parseMonthInput } from '#app/utils/wareki.ts'
import {
	CERTIFICATE_KINDS,
	CLIENT_CATEGORIES,
	CONSENT_BASES,
	DISABILITY_CATEGORIES,
	EXTERNAL_MEMBER_ROLES,
	GENDERS,
	MONITORING_PERIODS,
	SUPPORT_LEVELS,
} from './labels.ts'
import { formValue, formValues } from '#app/utils/forms.ts'
import { parseMonthList, suggestMonitoringMonths } from './summary.ts'

// ---------------------------------------------------------------------------
// Building blocks


/** String checks applied in order; only the first failing one is reported. */
function rules(...list: Array<[(value: string) => boolean, string]>) {
	return z.string().superRefine((value, ctx) => {
		for (const [ok, message] of list) {
			if (!ok(value)) {
				ctx.addIssue({ code: 'custom', message })
				return
			}
		}
	})
}

function optionalText(label: string, max: number) {
	return z.preprocess(formValue, z.string().max(max, `${label}は${max}文字以内で入力してください`))
}

function requiredText(label: string, max: number, verb = '入力') {
	return z.preprocess(
		formValue,
		z
			.string()
			.min(1, `${label}を${verb}してください`)
			.max(max, `${label}は${max}文字以内で入力してください`),
	)
}

function choice<const T extends readonly string[]>(values: T, message: string) {
	return z.preprocess(
		formValue,
		z.string().refine((v): v is T[number] => (values as readonly string[]).includes(v), message),
	)
}

const MIN_YEAR = 1900
const MAX_YEAR = 2100

/**
 * A date typed in 西暦 or 和暦 (令和8年12月7日, R8.12.7 — app/utils/wareki.ts), stored as
 * YYYY-MM-DD; empty allowed only when optional.
 */
function dateField(label: string, options: { optional?: boolean } = {}) {
	return z.preprocess(
		(v) => {
			const text = formValue(v)
			return parseDateInput(text) ?? text
		},
		z.string().superRefine((value, ctx) => {
			if (value === '') {
				if (!options.optional) ctx.addIssue({ code: 'custom', message: `${label}を入力してください` })
				return
			}
			const year = Number(value.slice(0, 4))
			if (!isValidIsoDate(value) || year < MIN_YEAR || year > MAX_YEAR) {
				ctx.addIssue({ code: 'custom', message: `${label}は正しい日付で入力してください（例: 令和8年4月1日 または 2026-04-01）` })
			}
		}),
	)
}

/** Hiragana, katakana (half-width is normalised to full-width), the long-vowel mark, 「・」 and spaces. */
const KANA_PATTERN = /^[\p{Script=Hiragana}\p{Script=Katakana}ー・ ]+$/u

function kanaField(label: string) {
	return z.preprocess(
		(v) => formValue(v).normalize('NFKC').replace(/\s+/g, ' '),
		rules(
			[(v) => v.length > 0, `${label}を入力してください`],
			[(v) => v.length <= 50, `${label}は50文字以内で入力してください`],
			[(v) => KANA_PATTERN.test(v), `${label}はひらがな・カタカナで入力してください`],
		),
	)
}

/** A usable calendar date (same bounds as dateField), for cross-field comparisons. */
function validDate(value: string): boolean {
	const year = Number(value.slice(0, 4))
	return isValidIsoDate(value) && year >= MIN_YEAR && year <= MAX_YEAR
}

// ---------------------------------------------------------------------------
// Client

/** Basic client information (create and edit use the same form). */
export function clientFormSchema(today: string) {
	return z
		.object({
			familyName: requiredText('姓', 50),
			givenName: requiredText('名', 50),
			familyNameKana: kanaField('せい（ふりがな）'),
			givenNameKana: kanaField('めい（ふりがな）'),
			birthDate: dateField('生年月日'),
			gender: choice(GENDERS, '性別を選択してください'),
			category: choice(CLIENT_CATEGORIES, '成人・児童の区分を選択してください'),
			guardianName: optionalText('保護者氏名', 50),
			disabilityCategories: z.preprocess(
				formValues,
				z
					.array(z.string())
					.refine(
						(list) => list.every((c) => (DISABILITY_CATEGORIES as readonly string[]).includes(c)),
						'障害種別の値が正しくありません',
					),
			),
			supportLevel: choice(SUPPORT_LEVELS, '障害支援区分を選択してください'),
			supportLevelFrom: dateField('認定有効期間の開始日', { optional: true }),
			supportLevelUntil: dateField('認定有効期間の終了日', { optional: true }),
			handbook: optionalText('手帳', 100),
			postalCode: z.preprocess(
				(v) => formValue(v).normalize('NFKC'),
				z.string().refine((v) => v === '' || /^\d{3}-?\d{4}$/.test(v), '郵便番号は「123-4567」の形式で入力してください'),
			),
			address: optionalText('住所', 200),
			phone: z.preprocess(
				(v) => formValue(v).normalize('NFKC'),
				z
					.string()
					.max(20, '電話番号は20文字以内で入力してください')
					.refine((v) => v === '' || /^[0-9()+\- ]+$/.test(v), '電話番号は数字とハイフンで入力してください'),
			),
			municipalityId: optionalText('市町村', 64),
		})
		.superRefine((data, ctx) => {
			if (validDate(data.birthDate) && data.birthDate > today) {
				ctx.addIssue({ code: 'custom', path: ['birthDate'], message: '生年月日に未来の日付は指定できません' })
			}
			if (data.category === 'child' && data.guardianName === '') {
				ctx.addIssue({ code: 'custom', path: ['guardianName'], message: '児童の場合は保護者氏名を入力してください' })
			}
			if (validDate(data.supportLevelFrom) && validDate(data.supportLevelUntil) && data.supportLevelUntil < data.supportLevelFrom) {
				ctx.addIssue({ code: 'custom', path: ['supportLevelUntil'], message: '認定有効期間の終了日は開始日以降の日付にしてください' })
			}
		})
		.transform((data) => ({
			...data,
			// Canonical order, whatever order the browser sent the checkboxes in.
			disabilityCategories: DISABILITY_CATEGORIES.filter((c) => data.disabilityCategories.includes(c)),
			// 保護者氏名 is printed on 障害児支援利用計画 only; adults' supporters are team members.
			guardianName: data.category === 'child' ? data.guardianName : '',
			// Children have no 障害支援区分, so no 認定有効期間 either.
			supportLevelFrom: data.category === 'child' ? '' : data.supportLevelFrom,
			supportLevelUntil: data.category === 'child' ? '' : data.supportLevelUntil,
			postalCode: data.postalCode && !data.postalCode.includes('-') ? `${data.postalCode.slice(0, 3)}-${data.postalCode.slice(3)}` : data.postalCode,
		}))
}
export type ClientFormData = z.output<ReturnType<typeof clientFormSchema>>

// ---------------------------------------------------------------------------
// 受給者証 (certificate) version

const COPAY_MAX = 1_000_000

export function certificateFormSchema(today: string) {
	return z
		.object({
			kind: choice(CERTIFICATE_KINDS, '受給者証の種類を選択してください'),
			number: z.preprocess(
				(v) => formValue(v).normalize('NFKC').replace(/[\s-]/g, ''),
				rules([(v) => v.length > 0, '受給者証番号を入力してください'], [(v) => /^\d{10}$/.test(v), '受給者証番号は10桁の数字で入力してください']),
			),
			issuedBy: requiredText('交付市町村', 100),
			issuedOn: dateField('交付年月日'),
			effectiveFrom: dateField('適用開始日'),
			decisionStart: dateField('支給決定期間の開始日'),
			decisionEnd: dateField('支給決定期間の終了日'),
			supportLevel: z.preprocess(
				formValue,
				z.string().refine((v) => v === '' || (SUPPORT_LEVELS as readonly string[]).includes(v), '障害支援区分を選択してください'),
			),
			copayCap: z.preprocess(
				(v) => formValue(v).normalize('NFKC').replace(/[,\s円]/g, ''),
				rules(
					[(v) => v.length > 0, '利用者負担上限月額を入力してください'],
					[(v) => /^\d{1,9}$/.test(v), '利用者負担上限月額は0以上の整数（円）で入力してください'],
					[(v) => Number(v) <= COPAY_MAX, '利用者負担上限月額が大きすぎます'],
				),
			),
			monitoringPeriod: choice(MONITORING_PERIODS, 'モニタリング期間を選択してください'),
			monitoringMonths: z.preprocess(formValue, z.string().max(2000, 'モニタリング月が多すぎます')),
			newUserMonthlyFrom: z.preprocess(
				(v) => {
					const text = formValue(v)
					return parseMonthInput(text) ?? text
				},
				z.string().refine((v) => v === '' || /^\d{4}-(0[1-9]|1[0-2])$/.test(v), '新規利用者の毎月モニタリングの開始年月は「令和8年11月」または「2026-11」の形式で入力してください'),
			),
			serviceType: z.preprocess(formValues, z.array(z.string())),
			amount: z.preprocess(formValues, z.array(z.string())),
			note: optionalText('備考', 1000),
		})
		.superRefine((data, ctx) => {
			const { decisionStart, decisionEnd, effectiveFrom, issuedOn } = data
			const periodValid = validDate(decisionStart) && validDate(decisionEnd)
			if (periodValid && decisionStart > decisionEnd) {
				ctx.addIssue({ code: 'custom', path: ['decisionEnd'], message: '支給決定期間の終了日は開始日以降の日付にしてください' })
			}
			if (periodValid && validDate(effectiveFrom) && (effectiveFrom < decisionStart || effectiveFrom > decisionEnd)) {
				ctx.addIssue({ code: 'custom', path: ['effectiveFrom'], message: '適用開始日は支給決定期間内の日付にしてください' })
			}
			if (validDate(issuedOn) && issuedOn > today) {
				ctx.addIssue({ code: 'custom', path: ['issuedOn'], message: '交付年月日に未来の日付は指定できません' })
			}

			const { months, invalid } = parseMonthList(data.monitoringMonths)
			for (const token of invalid) {
				ctx.addIssue({
					code: 'custom',
					path: ['monitoringMonths'],
					message: `モニタリング月「${token.slice(0, 20)}」は「2026-11」の形式で入力してください`,
				})
			}
			if (data.monitoringPeriod === 'custom' && months.length === 0 && invalid.length === 0) {
				ctx.addIssue({
					code: 'custom',
					path: ['monitoringMonths'],
					message: 'モニタリング期間が「その他」の場合はモニタリング月を入力してください',
				})
			}
			const newUserFrom = data.newUserMonthlyFrom
			if (periodValid && /^\d{4}-\d{2}$/.test(newUserFrom) && (newUserFrom < decisionStart.slice(0, 7) || newUserFrom > decisionEnd.slice(0, 7))) {
				ctx.addIssue({ code: 'custom', path: ['newUserMonthlyFrom'], message: '新規利用者の毎月モニタリングの開始年月は支給決定期間内の月にしてください' })
			}
			if (months.length > 60) {
				ctx.addIssue({ code: 'custom', path: ['monitoringMonths'], message: 'モニタリング月は60か月分までにしてください' })
			}
			if (periodValid && decisionStart <= decisionEnd) {
				const outside = months.filter((m) => m < decisionStart.slice(0, 7) || m > decisionEnd.slice(0, 7))
				if (outside.length > 0) {
					ctx.addIssue({
						code: 'custom',
						path: ['monitoringMonths'],
						message: `モニタリング月 ${outside.join('、')} が支給決定期間の外です`,
					})
				}
			}

			const rows = zipServices(data.serviceType, data.amount)
			if (rows.length === 0) {
				ctx.addIssue({ code: 'custom', path: ['services'], message: '支給量を1行以上入力してください' })
			}
			if (rows.length > 30) {
				ctx.addIssue({ code: 'custom', path: ['services'], message: '支給量は30行までにしてください' })
			}
			rows.forEach((row, i) => {
				if (row.serviceType === '') {
					ctx.addIssue({ code: 'custom', path: ['services'], message: `支給量の${i + 1}行目: サービス種類を入力してください` })
				}
				if (row.amount === '') {
					ctx.addIssue({ code: 'custom', path: ['services'], message: `支給量の${i + 1}行目: 支給量を入力してください` })
				}
				if (row.serviceType.length > 100 || row.amount.length > 200) {
					ctx.addIssue({ code: 'custom', path: ['services'], message: `支給量の${i + 1}行目が長すぎます` })
				}
			})
		})
		// Conversions happen here, after every check ran: a transform on a field would stop the
		// cross-field checks above from reporting anything once that field failed.
		.transform(({ serviceType, amount, monitoringMonths, copayCap, ...data }) => {
			const listed = parseMonthList(monitoringMonths).months
			return {
				...data,
				copayCap: Number(copayCap),
				// An empty list for a regular period is filled in the way municipalities print it.
				monitoringMonths:
					listed.length > 0 ? listed : suggestMonitoringMonths(data.monitoringPeriod, data.decisionStart, data.decisionEnd),
				services: zipServices(serviceType, amount),
			}
		})
}
export type CertificateFormData = z.output<ReturnType<typeof certificateFormSchema>>

/** Pairs the repeated 支給量 fields row by row; rows left completely empty are dropped. */
function zipServices(types: readonly string[], amounts: readonly string[]) {
	const rows: Array<{ serviceType: string; amount: string }> = []
	for (let i = 0; i < Math.max(types.length, amounts.length); i++) {
		const serviceType = types[i] ?? ''
		const amount = amounts[i] ?? ''
		if (serviceType === '' && amount === '') continue
		rows.push({ serviceType, amount })
	}
	return rows
}

// ---------------------------------------------------------------------------
// Care team

export function teamAddSchema(today: string) {
	return z
		.object({
			mode: choice(['account', 'external'] as const, '追加する人の種類を選択してください'),
			email: z.preprocess((v) => formValue(v).toLowerCase(), z.string().max(254, 'メールアドレスが長すぎます')),
			externalName: optionalText('氏名', 50),
			role: z.preprocess(formValue, z.string()),
			relationship: optionalText('続柄・関係', 50),
			organizationId: optionalText('所属', 64),
			startsOn: dateField('参加開始日'),
			consentBasis: choice(CONSENT_BASES, '情報共有の根拠を選択してください'),
			consentOn: dateField('同意日', { optional: true }),
			note: optionalText('備考', 200),
		})
		.superRefine((data, ctx) => {
			if (data.mode === 'account') {
				if (data.email === '') ctx.addIssue({ code: 'custom', path: ['email'], message: 'メールアドレスを入力してください' })
				else if (!z.string().email().safeParse(data.email).success) {
					ctx.addIssue({ code: 'custom', path: ['email'], message: 'メールアドレスの形式が正しくありません' })
				}
			}
			if (data.mode === 'external') {
				if (data.externalName === '') ctx.addIssue({ code: 'custom', path: ['externalName'], message: '氏名を入力してください' })
				if (!(EXTERNAL_MEMBER_ROLES as readonly string[]).includes(data.role)) {
					ctx.addIssue({ code: 'custom', path: ['role'], message: 'チームでの役割を選択してください' })
				}
			}
			if (data.consentBasis === 'written_consent' && data.consentOn === '') {
				ctx.addIssue({ code: 'custom', path: ['consentOn'], message: '書面による同意の場合は同意日を入力してください' })
			}
			if (validDate(data.consentOn) && data.consentOn > today) {
				ctx.addIssue({ code: 'custom', path: ['consentOn'], message: '同意日に未来の日付は指定できません' })
			}
			if (
				data.consentBasis === 'written_consent' &&
				validDate(data.consentOn) &&
				validDate(data.startsOn) &&
				data.consentOn > data.startsOn
			) {
				// Information may be shared only once consent exists.
				ctx.addIssue({ code: 'custom', path: ['consentOn'], message: '同意日は参加開始日以前の日付にしてください' })
			}
		})
		.transform((data) => ({
			...data,
			role: (TEAM_ROLES as readonly string[]).includes(data.role) ? data.role : '',
		}))
}
export type TeamAddData = z.output<ReturnType<typeof teamAddSchema>>

export const teamEndSchema = z
	.object({
		memberId: z.preprocess(formValue, z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '終了するメンバーが正しくありません')),
		when: choice(['now', 'date'] as const, '終了のしかたを選択してください'),
		endsOn: dateField('最終日', { optional: true }),
	})
	.superRefine((data, ctx) => {
		if (data.when === 'date' && data.endsOn === '') {
			ctx.addIssue({ code: 'custom', path: ['endsOn'], message: '最終日を入力してください' })
		}
	})
export type TeamEndData = z.output<typeof teamEndSchema>
