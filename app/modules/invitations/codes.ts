/**
 * Invitation codes: 16 characters of Crockford's base32 (look-alikes are folded when typed:
 * O → 0, I and L → 1; no U), shown
 * as four groups for printing (ABCD-EFGH-JKMN-PQRS) and carried whole in the one-time link.
 * 16 × 5 bits = 80 bits: not guessable within the expiry even without the per-address throttle.
 * Pure, so the page, the print and the tests share it.
 */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
export const CODE_LENGTH = 16
export const INVITATION_DAYS = [7, 14, 30] as const
export const DEFAULT_INVITATION_DAYS = 14

/** Printed form: four groups of four. */
export function formatCode(code: string): string {
	return code.match(/.{1,4}/g)?.join('-') ?? code
}

/**
 * What the person typed, as a code: full-width letters and digits folded, hyphens and spaces
 * dropped, upper case, look-alike letters read as the digits they resemble. Returns null when it cannot be a code (wrong length or characters).
 */
export function normalizeCode(input: string): string | null {
	const folded = input
		.normalize('NFKC')
		.toUpperCase()
		.replace(/[\s\-‐－ー]/g, '')
		.replace(/O/g, '0')
		.replace(/[IL]/g, '1')
	if (folded.length !== CODE_LENGTH) return null
	for (const c of folded) if (!CODE_ALPHABET.includes(c)) return null
	return folded
}

export type InvitationStatus = 'pending' | 'used' | 'withdrawn' | 'expired'

export function invitationStatus(row: { usedAt: Date | null; withdrawnAt: Date | null; expiresAt: Date }, now: Date): InvitationStatus {
	if (row.usedAt) return 'used'
	if (row.withdrawnAt) return 'withdrawn'
	if (row.expiresAt <= now) return 'expired'
	return 'pending'
}

export const INVITATION_STATUS_LABELS: Record<InvitationStatus, string> = {
	pending: '未使用',
	used: '参加済み',
	withdrawn: '取り消し済み',
	expired: '期限切れ',
}

/** What the person who opens a code that cannot be used is told (plainly, and what to do). */
export const INVITATION_REFUSALS: Record<Exclude<InvitationStatus, 'pending'> | 'unknown', string> = {
	unknown: 'この招待コードは見つかりません。コードを確かめて、もう一度入力してください。',
	used: 'この招待コードはすでに使われています。ログイン画面からログインしてください。わからないときは、相談支援専門員に聞いてください。',
	withdrawn: 'この招待コードは取り消されています。相談支援専門員に、新しい招待コードをお願いしてください。',
	expired: 'この招待コードは有効期限が切れています。相談支援専門員に、新しい招待コードをお願いしてください。',
}
