import { describe, expect, it } from 'vitest'
import { CommentRateLimiter } from './rate-limit.server.ts'

describe('CommentRateLimiter', () => {
	it('allows a burst, then one write per refill interval, per user', () => {
		const limiter = new CommentRateLimiter(3, 1000)
		const t0 = 10_000
		expect([1, 2, 3].map(() => limiter.allow('u1', t0))).toEqual([true, true, true])
		expect(limiter.allow('u1', t0)).toBe(false)
		// Someone else is not affected.
		expect(limiter.allow('u2', t0)).toBe(true)
		expect(limiter.allow('u1', t0 + 999)).toBe(false)
		expect(limiter.allow('u1', t0 + 1000)).toBe(true)
		expect(limiter.allow('u1', t0 + 1000)).toBe(false)
	})
})
