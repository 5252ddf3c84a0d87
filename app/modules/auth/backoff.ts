/**
 * Exponential back-off for failed sign-ins (pure arithmetic, unit-tested). The first
 * `freeFailures` failures cost nothing; every further failure doubles the wait before the next
 * attempt, from `baseMs` up to `maxMs`. Nothing is ever locked: the next attempt is only later.
 */
export type BackoffRule = { freeFailures: number; baseMs: number; maxMs: number; forgetAfterMs: number }

/** Per (account, address): the owner at another address is never slowed by it. */
export const PAIR_BACKOFF: BackoffRule = { freeFailures: 5, baseMs: 1000, maxMs: 15 * 60_000, forgetAfterMs: 24 * 3600_000 }
/**
 * Per account, across addresses — only for accounts without a second factor (and unknown
 * emails, so the answer does not tell which accounts exist). With a second factor the password
 * alone opens nothing, and a stranger must not be able to slow the owner down.
 */
export const ACCOUNT_BACKOFF: BackoffRule = { freeFailures: 10, baseMs: 1000, maxMs: 15 * 60_000, forgetAfterMs: 24 * 3600_000 }
/** Wrong second-factor codes, per account (whoever tries them already has the password). */
export const SECOND_FACTOR_BACKOFF: BackoffRule = { freeFailures: 5, baseMs: 2000, maxMs: 15 * 60_000, forgetAfterMs: 24 * 3600_000 }

export function backoffDelayMs(failures: number, rule: BackoffRule): number {
	if (failures < rule.freeFailures) return 0
	const exponent = Math.min(30, failures - rule.freeFailures)
	return Math.min(rule.maxMs, rule.baseMs * 2 ** exponent)
}

export type BackoffState = { failures: number; lastFailureAt: number }

/** The state after one more failure (an old streak is forgotten first). */
export function afterFailure(state: BackoffState | null, now: number, rule: BackoffRule): BackoffState {
	const fresh = !state || now - state.lastFailureAt > rule.forgetAfterMs
	return { failures: fresh ? 1 : state.failures + 1, lastFailureAt: now }
}

/** When the next attempt may be made (epoch ms); `now` or earlier means "now". */
export function nextAttemptAt(state: BackoffState | null, rule: BackoffRule): number {
	if (!state) return 0
	return state.lastFailureAt + backoffDelayMs(state.failures, rule)
}
