import { describe, expect, test } from 'vitest'
import { afterFailure, backoffDelayMs, nextAttemptAt, PAIR_BACKOFF, type BackoffRule } from './backoff.ts'

const RULE: BackoffRule = { freeFailures: 3, baseMs: 1000, maxMs: 8000, forgetAfterMs: 60_000 }

describe('sign-in back-off', () => {
	test('free failures first, then doubling waits up to the cap — never a lock', () => {
		expect([0, 1, 2, 3, 4, 5, 6, 7, 20].map((n) => backoffDelayMs(n, RULE))).toEqual([0, 0, 0, 1000, 2000, 4000, 8000, 8000, 8000])
		expect(backoffDelayMs(1000, PAIR_BACKOFF)).toBe(15 * 60_000)
	})

	test('the wait counts from the last failure, and an old streak is forgotten', () => {
		let state = null
		for (let i = 0; i < 4; i++) state = afterFailure(state, 10_000, RULE)
		expect(state).toEqual({ failures: 4, lastFailureAt: 10_000 })
		expect(nextAttemptAt(state, RULE)).toBe(12_000)
		expect(afterFailure(state, 10_000 + 60_001, RULE)).toEqual({ failures: 1, lastFailureAt: 70_001 })
		expect(nextAttemptAt(null, RULE)).toBe(0)
	})
})
