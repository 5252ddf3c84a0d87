/**
 * A token bucket: `capacity` tokens, refilled continuously at `perSecond`. Time is passed in
 * (milliseconds, monotonic) so the arithmetic is testable without fake timers.
 */
export class TokenBucket {
	private tokens: number
	private updatedAt: number

	constructor(
		private readonly capacity: number,
		private readonly perSecond: number,
		now: number,
	) {
		this.tokens = capacity
		this.updatedAt = now
	}

	/** Takes `cost` tokens if available. A cost above the capacity never succeeds. */
	take(cost: number, now: number): boolean {
		this.refill(now)
		if (this.tokens < cost) return false
		this.tokens -= cost
		return true
	}

	/** Tokens available now (without taking any). */
	available(now: number): number {
		this.refill(now)
		return this.tokens
	}

	/** True when the bucket is back to capacity (its state can be forgotten). */
	isFull(now: number): boolean {
		this.refill(now)
		return this.tokens >= this.capacity
	}

	private refill(now: number): void {
		const elapsed = Math.max(0, now - this.updatedAt)
		this.updatedAt = now
		this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.perSecond) / 1000)
	}
}
