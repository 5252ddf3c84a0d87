import { z } from 'zod'
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '#app/modules/auth/password.server.ts'
import { CONSENT_BASES } from '#app/modules/clients/labels.ts'
import { isValidIsoDate } from '#app/utils/dates.ts'
import { INVITATION_DAYS } from './codes.ts'

function one(value: unknown): string {
	if (Array.isArray(value)) return one(value[0])
	return typeof value === 'string' ? value : ''
}
const trimmed = (value: unknown) => one(value).trim()

/** The specialist's invitation form (team page). */
export function invitationSchema(today: string) {
	return z
		.object({
			role: z.preprocess(trimmed, z.enum(['client_self', 'family'], { errorMap: () => ({ message: '招待する人（本人・家族）を選んでください' }) })),
			displayName: z.preprocess(trimmed, z.string().min(1, '招待する人の氏名を入力してください').max(100, '氏名は100文字以内で入力してください')),
			relationship: z.preprocess(trimmed, z.string().max(50, '続柄は50文字以内で入力してください')),
			consentBasis: z.preprocess(trimmed, z.enum(CONSENT_BASES, { errorMap: () => ({ message: '情報共有の根拠を選んでください' }) })),
			consentOn: z.preprocess(
				trimmed,
				z.string().refine((v) => v === '' || isValidIsoDate(v), '同意日を正しい日付で入力してください').refine((v) => v === '' || v <= today, '同意日に未来の日付は指定できません'),
			),
			validDays: z.preprocess(
				(v) => Number(one(v)),
				z.number().refine((n) => (INVITATION_DAYS as readonly number[]).includes(n), `有効期間は${INVITATION_DAYS.join('・')}日から選んでください`),
			),
		})
		.superRefine((data, ctx) => {
			if (data.role === 'family' && data.relationship === '') ctx.addIssue({ code: 'custom', path: ['relationship'], message: '家族・後見人の続柄を入力してください（例：母、成年後見人）' })
			if (data.consentBasis === 'written_consent' && data.consentOn === '') ctx.addIssue({ code: 'custom', path: ['consentOn'], message: '書面による同意の場合は同意日を入力してください' })
		})
}
export type InvitationData = z.output<ReturnType<typeof invitationSchema>>

/** Login ids for people without an email address: letters, digits, '.', '_' and '-'. */
export const LOGIN_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{3,31}$/

/** Joining with a code: a login (email or login id), the name, and a new password twice. */
export const acceptInvitationSchema = z
	.object({
		code: z.preprocess(trimmed, z.string().min(1, '招待コードを入力してください').max(64, '招待コードが正しくありません')),
		login: z.preprocess(
			(v) => trimmed(v).toLowerCase(),
			z
				.string()
				.min(1, 'ログインに使うメールアドレスかログインIDを入力してください')
				.max(254, '長すぎます')
				.refine(
					(v) => LOGIN_ID_PATTERN.test(v) || z.string().email().safeParse(v).success,
					'メールアドレス、または4〜32文字の半角英数字（. _ - も使えます）のログインIDを入力してください',
				),
		),
		displayName: z.preprocess(trimmed, z.string().min(1, 'お名前を入力してください').max(100, 'お名前は100文字以内で入力してください')),
		password: z.preprocess(
			one,
			z.string().superRefine((value, ctx) => {
				const message =
					value.length === 0
						? 'パスワードを入力してください'
						: value.length < PASSWORD_MIN_LENGTH
							? `パスワードは${PASSWORD_MIN_LENGTH}文字以上にしてください`
							: value.length > PASSWORD_MAX_LENGTH
								? `パスワードは${PASSWORD_MAX_LENGTH}文字以内にしてください`
								: null
				if (message) ctx.addIssue({ code: 'custom', message })
			}),
		),
		confirmPassword: z.preprocess(one, z.string().min(1, '確認のため、パスワードをもう一度入力してください')),
	})
	.superRefine((data, ctx) => {
		if (data.confirmPassword !== '' && data.password !== data.confirmPassword) {
			ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: '確認用のパスワードが一致しません' })
		}
	})
export type AcceptInvitationData = z.output<typeof acceptInvitationSchema>
