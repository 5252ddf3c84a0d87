import { ipKey } from '#app/utils/address.ts'
import { TokenBucket } from '#app/utils/token-bucket.ts'

// Both live in app/utils (app/ must not import from server/); re-exported for the collab code.
export { ipKey, TokenBucket }

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
