/**
 * Form schemas for accounts: password change, account creation, audit-log filters.
 * Passwords are never trimmed or normalised: what the person typed is what is hashed.
 */
import { z } from 'zod'
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '#app/modules/auth/password-strength.ts'
import { ACCOUNT_ROLES, type AccountRole } from '#app/policies/roles.ts'
import { isValidIsoDate } from '#app/utils/dates.ts'

function one(value: unknown): string {
	if (Array.isArray(value)) return one(value[0])
	return typeof value === 'string' ? value : ''
}
const trimmed = (value: unknown) => one(value).trim()

function newPasswordField(label: string) {
	return z.preprocess(
		one,
		z.string().superRefine((value, ctx) => {
			// One message at a time: an empty field is "missing", not also "too short".
			const message =
				value.length === 0
					? `${label}を入力してください`
					: value.length < PASSWORD_MIN_LENGTH
						? `${label}は${PASSWORD_MIN_LENGTH}文字以上にしてください`
						: value.length > PASSWORD_MAX_LENGTH
							? `${label}は${PASSWORD_MAX_LENGTH}文字以内にしてください`
							: null
			if (message) ctx.addIssue({ code: 'custom', message })
		}),
	)
}

export const changePasswordSchema = z
	.object({
		currentPassword: z.preprocess(
			one,
			z.string().min(1, '現在のパスワードを入力してください').max(256, 'パスワードが長すぎます'),
		),
		newPassword: newPasswordField('新しいパスワード'),
		confirmPassword: z.preprocess(one, z.string().min(1, '確認のため、新しいパスワードをもう一度入力してください')),
	})
	.superRefine((data, ctx) => {
		if (data.confirmPassword !== '' && data.newPassword !== data.confirmPassword) {
			ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: '確認用のパスワードが一致しません' })
		}
		if (data.newPassword !== '' && data.newPassword === data.currentPassword) {
			ctx.addIssue({ code: 'custom', path: ['newPassword'], message: '新しいパスワードは現在のパスワードと異なるものにしてください' })
		}
	})
export type ChangePasswordData = z.output<typeof changePasswordSchema>

/** Roles whose work happens inside an organisation: they must be given one. */
export const ROLES_NEEDING_ORGANIZATION: readonly AccountRole[] = [
	'specialist',
	'office_manager',
	'service_manager',
	'provider_staff',
	'municipal',
	'hub_coordinator',
	'hub_oncall',
]

const KANA_PATTERN = /^[\p{Script=Hiragana}\p{Script=Katakana}ー・ ]+$/u

export const createAccountSchema = z
	.object({
		email: z.preprocess(
			(v) => trimmed(v).toLowerCase(),
			z
				.string()
				.min(1, 'メールアドレスを入力してください')
				.max(254, 'メールアドレスが長すぎます')
				.email('メールアドレスの形式が正しくありません'),
		),
		displayName: z.preprocess(trimmed, z.string().min(1, '氏名を入力してください').max(50, '氏名は50文字以内で入力してください')),
		displayNameKana: z.preprocess(
			(v) => trimmed(v).normalize('NFKC').replace(/\s+/g, ' '),
			z.string().superRefine((value, ctx) => {
				const message =
					value.length === 0
						? 'ふりがなを入力してください'
						: value.length > 50
							? 'ふりがなは50文字以内で入力してください'
							: !KANA_PATTERN.test(value)
								? 'ふりがなはひらがな・カタカナで入力してください'
								: null
				if (message) ctx.addIssue({ code: 'custom', message })
			}),
		),
		role: z.preprocess(
			trimmed,
			z.string().refine((v): v is AccountRole => (ACCOUNT_ROLES as readonly string[]).includes(v), '役割を選択してください'),
		),
		organizationId: z.preprocess(trimmed, z.string().max(64)),
		title: z.preprocess(trimmed, z.string().max(50, '職名は50文字以内で入力してください')),
		password: newPasswordField('初期パスワード'),
	})
	.superRefine((data, ctx) => {
		if (ROLES_NEEDING_ORGANIZATION.includes(data.role as AccountRole) && data.organizationId === '') {
			ctx.addIssue({ code: 'custom', path: ['organizationId'], message: 'この役割では所属事業所・機関を選択してください' })
		}
	})
export type CreateAccountData = z.output<typeof createAccountSchema>

export const accountStatusSchema = z.object({
	intent: z.preprocess(trimmed, z.enum(['disable', 'enable', 'reset_two_factor'], { errorMap: () => ({ message: '操作が正しくありません' }) })),
	userId: z.preprocess(trimmed, z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'アカウントが正しくありません')),
})

export const AUDIT_PAGE_SIZE = 50

/**
 * Filters of the audit-log page (from the query string). Invalid values are reported and
 * ignored rather than failing the page.
 */
export const auditFilterSchema = z.object({
	userId: z.preprocess(trimmed, z.string().regex(/^[A-Za-z0-9_-]{0,64}$/, '利用者IDの形式が正しくありません')),
	clientId: z.preprocess(trimmed, z.string().regex(/^[A-Za-z0-9_-]{0,64}$/, '利用者（クライアント）IDの形式が正しくありません')),
	clientName: z.preprocess(trimmed, z.string().max(50, '利用者名は50文字以内で入力してください')),
	seen: z.preprocess(trimmed, z.enum(['', '1'], { errorMap: () => ({ message: '表示の種類が正しくありません' }) })),
	action: z.preprocess(trimmed, z.string().regex(/^[a-z_.]{0,40}$/, '操作の形式が正しくありません')),
	from: z.preprocess(trimmed, z.string().refine((v) => v === '' || isValidIsoDate(v), '開始日は正しい日付で入力してください')),
	to: z.preprocess(trimmed, z.string().refine((v) => v === '' || isValidIsoDate(v), '終了日は正しい日付で入力してください')),
	page: z.preprocess(
		(v) => trimmed(v) || '1',
		z.string().regex(/^\d{1,6}$/, 'ページ番号が正しくありません').transform(Number).refine((n) => n >= 1, 'ページ番号が正しくありません'),
	),
})
export type AuditFilter = z.output<typeof auditFilterSchema>
