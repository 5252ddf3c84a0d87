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
	upgradeBurstPerSession: number
	upgradesPerSecondPerSession: number
	maxPendingAuthsPerSession: number
	unverifiedSessionBurstPerIp: number
	unverifiedSessionsPerSecondPerIp: number
}

type IpState = { attempts: TokenBucket; lookups: TokenBucket; pending: number; open: number }
type SessionState = { attempts: TokenBucket; pending: number }

export type AdmitDecision = 'ok' | 'rate' | 'pending' | 'connections' | 'capacity'

/** Which budget a handshake was charged to; endAuth() needs it back. */
export type AuthTicket = { ip: string; session: string | null }

/**
 * Limits applied before any authentication work is done. A handshake that carries a session
 * token is counted against that session (a burst of 50: enough to reopen every document a
 * person has after the Wi-Fi drops, whoever else shares the office's address). A handshake
 * without one — or with a token that turned out not to be a valid, fully signed-in session —
 * is counted against its address. Tokens not yet seen valid (after a restart, everyone's) also
 * spend a large per-address budget of session look-ups, so made-up tokens cannot make the server
 * look up sessions without bound; each one that fails is charged to the address as well.
 * Concurrent handshakes being authorized are bounded per address, per session and in total;
 * open connections per address are bounded generously. Idle entries are forgotten.
 */
export class IpLimiter {
	private readonly ips = new Map<string, IpState>()
	private readonly sessions = new Map<string, SessionState>()
	/** token hashes seen valid, with the time they stop counting as such */
	private readonly knownValid = new Map<string, number>()
	private pendingTotal = 0

	constructor(private readonly limits: IpLimits) {}

	private ipState(ip: string, now: number): IpState | null {
		let state = this.ips.get(ip)
		if (!state) {
			if (this.ips.size >= this.limits.maxTrackedIps) return null
			state = {
				attempts: new TokenBucket(this.limits.upgradeBurstPerIp, this.limits.upgradesPerSecondPerIp, now),
				lookups: new TokenBucket(this.limits.unverifiedSessionBurstPerIp, this.limits.unverifiedSessionsPerSecondPerIp, now),
				pending: 0,
				open: 0,
			}
			this.ips.set(ip, state)
		}
		return state
	}

	/**
	 * Registers a handshake attempt; when 'ok' the caller must later call endAuth(ticket).
	 * `sessionKey` is the hash of the session token the request carries, if any.
	 */
	beginAuth(ip: string, now: number, sessionKey: string | null = null): AdmitDecision | { ok: AuthTicket } {
		const state = this.ipState(ip, now)
		if (!state) return 'capacity'
		if (state.open >= this.limits.maxConnectionsPerIp) return 'connections'
		const trusted = sessionKey !== null && (this.knownValid.get(sessionKey) ?? 0) > now
		if (sessionKey !== null && (trusted || state.lookups.take(1, now))) {
			let session = this.sessions.get(sessionKey)
			if (!session) {
				if (this.sessions.size >= this.limits.maxTrackedIps * 10) return 'capacity'
				session = { attempts: new TokenBucket(this.limits.upgradeBurstPerSession, this.limits.upgradesPerSecondPerSession, now), pending: 0 }
				this.sessions.set(sessionKey, session)
			}
			if (!session.attempts.take(1, now)) return 'rate'
			if (this.pendingTotal >= this.limits.maxPendingAuths) return 'capacity'
			if (session.pending >= this.limits.maxPendingAuthsPerSession) return 'pending'
			session.pending++
			this.pendingTotal++
			return { ok: { ip, session: sessionKey } }
		}
		if (!state.attempts.take(1, now)) return 'rate'
		if (this.pendingTotal >= this.limits.maxPendingAuths) return 'capacity'
		if (state.pending >= this.limits.maxPendingAuthsPerIp) return 'pending'
		state.pending++
		this.pendingTotal++
		return { ok: { ip, session: null } }
	}

	endAuth(ticket: AuthTicket): void {
		const holder = ticket.session !== null ? this.sessions.get(ticket.session) : this.ips.get(ticket.ip)
		if (!holder || holder.pending === 0) return
		holder.pending--
		this.pendingTotal--
	}

	/** The token was a valid, fully signed-in session: later handshakes with it skip the address budget. */
	sessionValid(sessionKey: string, until: number): void {
		if (this.knownValid.size >= this.limits.maxTrackedIps) this.pruneKnownValid(performance.now())
		this.knownValid.set(sessionKey, until)
	}

	/** A handshake whose token was no valid session is charged to its address after all. */
	sessionInvalid(ip: string, sessionKey: string, now: number): void {
		this.knownValid.delete(sessionKey)
		this.ips.get(ip)?.attempts.take(1, now)
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

	/** Forgets addresses and sessions with nothing open, nothing pending and a full bucket. */
	prune(now: number): void {
		for (const [ip, state] of this.ips) {
			if (state.open === 0 && state.pending === 0 && state.attempts.isFull(now) && state.lookups.isFull(now)) this.ips.delete(ip)
		}
		for (const [key, state] of this.sessions) {
			if (state.pending === 0 && state.attempts.isFull(now)) this.sessions.delete(key)
		}
		this.pruneKnownValid(now)
	}

	private pruneKnownValid(now: number): void {
		for (const [key, until] of this.knownValid) if (until <= now) this.knownValid.delete(key)
	}
}
