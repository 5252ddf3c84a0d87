import type { Actor } from './index.ts'
import { isStaffRole, type AccountRole } from './roles.ts'

/**
 * Who must sign in with a second factor (TOTP). Staff must, unless every organisation they
 * currently belong to has turned the requirement off (an administrator's choice, audited).
 * Administrators, who belong to no organisation, always must. The person (本人) and family may
 * opt in; once they have set it up, it is asked every time.
 */
export function secondFactorRequired(
	user: { role: AccountRole },
	memberships: ReadonlyArray<{ requireStaffTwoFactor: boolean }>,
	enrolled: boolean,
): boolean {
	if (enrolled) return true
	if (!isStaffRole(user.role)) return false
	if (user.role === 'admin' || memberships.length === 0) return true
	return memberships.some((m) => m.requireStaffTwoFactor)
}

/** Only staff have an organisation policy; 本人 and family decide for themselves. */
export function mayTurnOffSecondFactor(user: { role: AccountRole }, memberships: ReadonlyArray<{ requireStaffTwoFactor: boolean }>): boolean {
	return !secondFactorRequired(user, memberships, false)
}

/** Resetting someone's second factor (lost phone) and setting an organisation's policy are account management. */
export function canResetSecondFactor(actor: Actor, target: { id: string }): boolean {
	return !actor.disabled && actor.role === 'admin' && actor.id !== target.id
}

export function canSetTwoFactorPolicy(actor: Actor): boolean {
	return !actor.disabled && actor.role === 'admin'
}
