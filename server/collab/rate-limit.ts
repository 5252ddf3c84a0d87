import net from 'node:net'

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

/**
 * The key pre-authentication limits count by: the IPv4 address, or the /64 prefix of an IPv6
 * address (one host usually owns a whole /64, so counting single IPv6 addresses limits nothing).
 */
export function ipKey(address: string | undefined | null): string {
	if (!address) return 'unknown'
	const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address)
	if (mapped) return mapped[1]
	if (net.isIPv4(address)) return address
	if (!net.isIPv6(address)) return 'unknown'
	const withoutZone = address.split('%')[0]
	const [head, tail = ''] = withoutZone.split('::')
	const headParts = head ? head.split(':') : []
	const tailParts = withoutZone.includes('::') && tail ? tail.split(':') : []
	const missing = 8 - headParts.length - tailParts.length
	const groups = withoutZone.includes('::') ? [...headParts, ...Array(Math.max(0, missing)).fill('0'), ...tailParts] : headParts
	return `${groups
		.slice(0, 4)
		.map((g) => (parseInt(g, 16) || 0).toString(16))
		.join(':')}::/64`
}

export type IpLimits = {
	upgradeBurstPerIp: number
	upgradesPerSecondPerIp: number
	maxPendingAuthsPerIp: number
	maxPendingAuths: number
	maxConnectionsPerIp: number
	maxTrackedIps: number
}

type IpState = { attempts: TokenBucket; pending: number; open: number }

export type AdmitDecision = 'ok' | 'rate' | 'pending' | 'connections' | 'capacity'

/**
 * Limits applied before any authentication work is done: handshake attempts per IP (a token
 * bucket), concurrent handshakes being authorized (per IP and in total) and open connections
 * per IP. Entries are forgotten once an IP is idle again, and the table itself is bounded.
 */
export class IpLimiter {
	private readonly ips = new Map<string, IpState>()
	private pendingTotal = 0

	constructor(private readonly limits: IpLimits) {}

	/** Registers a handshake attempt; when 'ok' the caller must later call endAuth(). */
	beginAuth(ip: string, now: number): AdmitDecision {
		let state = this.ips.get(ip)
		if (!state) {
			if (this.ips.size >= this.limits.maxTrackedIps) return 'capacity'
			state = { attempts: new TokenBucket(this.limits.upgradeBurstPerIp, this.limits.upgradesPerSecondPerIp, now), pending: 0, open: 0 }
			this.ips.set(ip, state)
		}
		if (!state.attempts.take(1, now)) return 'rate'
		if (this.pendingTotal >= this.limits.maxPendingAuths) return 'capacity'
		if (state.pending >= this.limits.maxPendingAuthsPerIp) return 'pending'
		if (state.open >= this.limits.maxConnectionsPerIp) return 'connections'
		state.pending++
		this.pendingTotal++
		return 'ok'
	}

	endAuth(ip: string): void {
		const state = this.ips.get(ip)
		if (!state || state.pending === 0) return
		state.pending--
		this.pendingTotal--
	}

	opened(ip: string): void {
		const state = this.ips.get(ip)
		if (state) state.open++
	}

	closed(ip: string): void {
		const state = this.ips.get(ip)
		if (state && state.open > 0) state.open--
	}

	get pendingAuths(): number {
		return this.pendingTotal
	}

	get trackedIps(): number {
		return this.ips.size
	}

	/** Forgets IPs with nothing open, nothing pending and a full bucket. */
	prune(now: number): void {
		for (const [ip, state] of this.ips) {
			if (state.open === 0 && state.pending === 0 && state.attempts.isFull(now)) this.ips.delete(ip)
		}
	}
}
