import { describe, expect, it } from 'vitest'
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '#app/modules/auth/password.server.ts'
import { parseForm } from '#app/utils/forms.ts'
import { auditFilterSchema, changePasswordSchema, createAccountSchema } from './schemas.ts'

function errorsOf(result: ReturnType<typeof parseForm>): Record<string, string[]> {
	return result.ok ? {} : result.fieldErrors
}

describe('changePasswordSchema', () => {
	const good = 'a-much-longer-passphrase'
	it('accepts a valid change', () => {
		expect(parseForm({ currentPassword: 'old-password-123', newPassword: good, confirmPassword: good }, changePasswordSchema).ok).toBe(true)
	})
	it(`needs at least ${PASSWORD_MIN_LENGTH} and at most ${PASSWORD_MAX_LENGTH} characters`, () => {
		const short = 'x'.repeat(PASSWORD_MIN_LENGTH - 1)
		expect(errorsOf(parseForm({ currentPassword: 'old', newPassword: short, confirmPassword: short }, changePasswordSchema)).newPassword).toEqual([
			`新しいパスワードは${PASSWORD_MIN_LENGTH}文字以上にしてください`,
		])
		const long = 'x'.repeat(PASSWORD_MAX_LENGTH + 1)
		expect(errorsOf(parseForm({ currentPassword: 'old', newPassword: long, confirmPassword: long }, changePasswordSchema)).newPassword).toEqual([
			`新しいパスワードは${PASSWORD_MAX_LENGTH}文字以内にしてください`,
		])
	})
	it('needs a matching confirmation', () => {
		expect(
			errorsOf(parseForm({ currentPassword: 'old', newPassword: good, confirmPassword: `${good}!` }, changePasswordSchema)).confirmPassword,
		).toEqual(['確認用のパスワードが一致しません'])
	})
	it('must differ from the current password', () => {
		expect(errorsOf(parseForm({ currentPassword: good, newPassword: good, confirmPassword: good }, changePasswordSchema)).newPassword).toEqual([
			'新しいパスワードは現在のパスワードと異なるものにしてください',
		])
	})
	it('does not trim passwords', () => {
		const r = parseForm({ currentPassword: ' old ', newPassword: ` ${good} `, confirmPassword: ` ${good} ` }, changePasswordSchema)
		expect(r.ok && r.data.newPassword).toBe(` ${good} `)
	})
	it('requires every field', () => {
		const e = errorsOf(parseForm({}, changePasswordSchema))
		expect(e.currentPassword).toEqual(['現在のパスワードを入力してください'])
		expect(e.newPassword).toEqual(['新しいパスワードを入力してください'])
		expect(e.confirmPassword).toEqual(['確認のため、新しいパスワードをもう一度入力してください'])
	})
})

describe('createAccountSchema', () => {
	const valid = {
		email: ' New.Staff@Example.JP ',
		displayName: '新井 花',
		displayNameKana: 'あらい はな',
		role: 'provider_staff',
		organizationId: 'org-hidamari',
		title: '生活支援員',
		password: 'initial-pass-2026',
	}
	it('accepts a staff account and lower-cases the email', () => {
		const r = parseForm(valid, createAccountSchema)
		expect(r.ok && r.data.email).toBe('new.staff@example.jp')
	})
	it('requires an organisation for staff roles but not for family', () => {
		expect(errorsOf(parseForm({ ...valid, organizationId: '' }, createAccountSchema)).organizationId).toEqual([
			'この役割では所属事業所・機関を選択してください',
		])
		expect(parseForm({ ...valid, role: 'family', organizationId: '' }, createAccountSchema).ok).toBe(true)
	})
	it('refuses unknown roles, short passwords and non-kana readings', () => {
		const e = errorsOf(parseForm({ ...valid, role: 'root', password: 'short', displayNameKana: 'Arai' }, createAccountSchema))
		expect(e.role).toEqual(['役割を選択してください'])
		expect(e.password).toEqual([`初期パスワードは${PASSWORD_MIN_LENGTH}文字以上にしてください`])
		expect(e.displayNameKana).toEqual(['ふりがなはひらがな・カタカナで入力してください'])
	})
})

describe('auditFilterSchema', () => {
	it('accepts empty filters and defaults to page 1', () => {
		const r = auditFilterSchema.safeParse({})
		expect(r.success && r.data).toEqual({ userId: '', clientId: '', clientName: '', seen: '', action: '', from: '', to: '', page: 1 })
	})
	it('refuses malformed values', () => {
		expect(auditFilterSchema.safeParse({ clientId: "x' OR 1=1" }).success).toBe(false)
		expect(auditFilterSchema.safeParse({ from: '2026-02-30' }).success).toBe(false)
		expect(auditFilterSchema.safeParse({ page: '0' }).success).toBe(false)
		expect(auditFilterSchema.safeParse({ seen: 'yes' }).success).toBe(false)
		expect(auditFilterSchema.safeParse({ clientName: 'あ'.repeat(51) }).success).toBe(false)
	})
})
