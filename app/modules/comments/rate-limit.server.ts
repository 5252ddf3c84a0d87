import { TokenBucket } from '#app/utils/token-bucket.ts'

/**
 * Comment writes per user: a burst of COMMENT_BURST, then one every COMMENT_REFILL_MS. A person
 * typing in a meeting never comes near it; a script posting in a loop does, and gets a 429
 * before anything is stored or anyone is notified.
 */
export const COMMENT_BURST = 20
export const COMMENT_REFILL_MS = 3000

export class CommentRateLimiter {
	private readonly buckets = new Map<string, TokenBucket>()

	constructor(
		private readonly burst = COMMENT_BURST,
		private readonly refillMs = COMMENT_REFILL_MS,
	) {}

	/** Takes one write for the user; false when they are over the limit. */
	allow(userId: string, now: number = performance.now()): boolean {
		let bucket = this.buckets.get(userId)
		if (!bucket) this.buckets.set(userId, (bucket = new TokenBucket(this.burst, 1000 / this.refillMs, now)))
		const allowed = bucket.take(1, now)
		// Full buckets carry no state worth keeping: memory stays bounded by active writers.
		if (this.buckets.size > 1000) for (const [id, b] of this.buckets) if (b.isFull(now)) this.buckets.delete(id)
		return allowed
	}
}

const KEY = Symbol.for('kizuna.comment-rate-limiter')
type GlobalWithLimiter = typeof globalThis & { [KEY]?: CommentRateLimiter }

/** The process-wide limiter (on globalThis: the Remix build and the server load separate module copies). */
export function commentRateLimiter(): CommentRateLimiter {
	const g = globalThis as GlobalWithLimiter
	return (g[KEY] ??= new CommentRateLimiter())
}
