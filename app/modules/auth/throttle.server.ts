import { ipKey } from '#app/utils/address.ts'
import { prisma } from '#app/utils/db.server.ts'
import { TokenBucket } from '#app/utils/token-bucket.ts'
import { afterFailure, nextAttemptAt, type BackoffRule } from './backoff.ts'

/**
 * Sign-in throttling that stops guessing without locking anyone out
 * (docs/decisions/0015-sign-in-and-throttles.md):
 * - failures slow down the (account, address) pair, and — for accounts without a second
 *   factor — the account, with exponential back-off stored in the database (survives restarts);
 * - each address gets a generous token bucket for unauthenticated sign-in requests, sized for a
 *   hundred people signing in behind one office router within minutes.
 * The account key is the submitted email whether or not it exists, so throttling reveals
 * nothing about which emails are registered.
 */
export function accountKey(email: string): string {
	return `account:${email.trim().toLowerCase()}`
}
export function pairKey(email: string, address: string): string {
	return `pair:${email.trim().toLowerCase()}|${ipKey(address)}`
}
export function secondFactorKey(userId: string): string {
	return `second-factor:${userId}`
}

export type ThrottledKey = { key: string; rule: BackoffRule }

/** The moment the next attempt may be made over all the keys, or null when it may be made now. */
export async function waitUntil(keys: ThrottledKey[], now = Date.now()): Promise<Date | null> {
	if (keys.length === 0) return null
	const rows = await prisma.loginThrottle.findMany({ where: { key: { in: keys.map((k) => k.key) } } })
	let until = 0
	for (const { key, rule } of keys) {
		const row = rows.find((r) => r.key === key)
		if (!row) continue
		until = Math.max(until, nextAttemptAt({ failures: row.failures, lastFailureAt: row.windowStartsAt.getTime() }, rule))
	}
	return until > now ? new Date(until) : null
}

/** Counts a failure on every key (windowStartsAt holds the last failure, lockedUntil the next allowed attempt). */
export async function recordFailure(keys: ThrottledKey[], now = Date.now()): Promise<void> {
	for (const { key, rule } of keys) {
		const row = await prisma.loginThrottle.findUnique({ where: { key } })
		const state = afterFailure(row ? { failures: row.failures, lastFailureAt: row.windowStartsAt.getTime() } : null, now, rule)
		const data = { failures: state.failures, windowStartsAt: new Date(state.lastFailureAt), lockedUntil: new Date(nextAttemptAt(state, rule)) }
		await prisma.loginThrottle.upsert({ where: { key }, create: { key, ...data }, update: data })
	}
}

export async function clearFailures(keys: string[]): Promise<void> {
	await prisma.loginThrottle.deleteMany({ where: { key: { in: keys } } })
}

/**
 * Unauthenticated sign-in requests per address (IPv4 address or IPv6 /64): a burst of 300 and
 * one more per second. A hundred people signing in with password and code spend 200; a failure
 * costs FAILURE_COST, so guessing from one address runs dry long before an office does.
 */
export const ADDRESS_BURST = 300
export const ADDRESS_PER_SECOND = 1
export const FAILURE_COST = 5

export class AddressLimiter {
	private readonly buckets = new Map<string, TokenBucket>()

	constructor(
		private readonly burst = ADDRESS_BURST,
		private readonly perSecond = ADDRESS_PER_SECOND,
	) {}

	take(address: string, cost = 1, now = performance.now()): boolean {
		const key = ipKey(address)
		let bucket = this.buckets.get(key)
		if (!bucket) this.buckets.set(key, (bucket = new TokenBucket(this.burst, this.perSecond, now)))
		const ok = bucket.take(cost, now)
		if (this.buckets.size > 10_000) for (const [k, b] of this.buckets) if (b.isFull(now)) this.buckets.delete(k)
		return ok
	}

	/** A failure spends extra tokens; it may take the bucket to empty but no further. */
	charge(address: string, cost: number, now = performance.now()): void {
		const bucket = this.buckets.get(ipKey(address))
		if (!bucket) return
		for (let i = 0; i < cost; i++) if (!bucket.take(1, now)) break
	}
}

const KEY = Symbol.for('kizuna.sign-in-address-limiter')
type GlobalWithLimiter = typeof globalThis & { [KEY]?: AddressLimiter }

/** Process-wide (on globalThis: the Remix build and the server load separate module copies). */
export function signInAddressLimiter(): AddressLimiter {
	const g = globalThis as GlobalWithLimiter
	return (g[KEY] ??= new AddressLimiter())
}
