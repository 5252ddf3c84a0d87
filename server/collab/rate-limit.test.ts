import { describe, expect, test } from 'vitest'
import { IpLimiter, ipKey, TokenBucket, type AuthTicket } from './rate-limit.ts'

describe('TokenBucket', () => {
	test('allows a burst, then refills at the configured rate', () => {
		const bucket = new TokenBucket(3, 2, 0)
		expect([bucket.take(1, 0), bucket.take(1, 0), bucket.take(1, 0), bucket.take(1, 0)]).toEqual([true, true, true, false])
		expect(bucket.take(1, 400)).toBe(false) // 0.8 tokens
		expect(bucket.take(1, 500)).toBe(true) // 1 token after 500 ms at 2/s
		expect(bucket.isFull(10_000)).toBe(true)
	})

	test('never exceeds its capacity and weighs costly messages', () => {
		const bucket = new TokenBucket(10, 100, 0)
		expect(bucket.take(11, 60_000)).toBe(false)
		expect(bucket.take(10, 60_000)).toBe(true)
		expect(bucket.take(1, 60_000)).toBe(false)
	})

	test('a clock going backwards does not mint tokens', () => {
		const bucket = new TokenBucket(1, 1, 1000)
		expect(bucket.take(1, 1000)).toBe(true)
		expect(bucket.take(1, 0)).toBe(false)
	})
})

describe('IpLimiter', () => {
	const limits = {
		upgradeBurstPerIp: 3,
		upgradesPerSecondPerIp: 1,
		maxPendingAuthsPerIp: 2,
		maxPendingAuths: 3,
		maxConnectionsPerIp: 2,
		maxTrackedIps: 3,
		upgradeBurstPerSession: 5,
		upgradesPerSecondPerSession: 1,
		maxPendingAuthsPerSession: 2,
		unverifiedSessionBurstPerIp: 4,
		unverifiedSessionsPerSecondPerIp: 1,
	}

	/** beginAuth, reduced to its verdict; tickets of admitted handshakes are kept for endAuth. */
	function admit(limiter: IpLimiter, tickets: AuthTicket[], ip: string, now: number, session: string | null = null): string {
		const decision = limiter.beginAuth(ip, now, session)
		if (typeof decision === 'string') return decision
		tickets.push(decision.ok)
		return 'ok'
	}

	test('counts attempts without a session per IP', () => {
		const limiter = new IpLimiter(limits)
		const tickets: AuthTicket[] = []
		for (let i = 0; i < 3; i++) {
			expect(admit(limiter, tickets, 'a', 0)).toBe('ok')
			limiter.endAuth(tickets.pop()!)
		}
		expect(admit(limiter, tickets, 'a', 0)).toBe('rate')
		expect(admit(limiter, tickets, 'b', 0)).toBe('ok') // other IPs are not affected
		expect(admit(limiter, tickets, 'a', 1000)).toBe('ok')
	})

	test('handshakes with a session token count per session, not per address', () => {
		const limiter = new IpLimiter({ ...limits, maxPendingAuths: 100, unverifiedSessionBurstPerIp: 100 })
		const tickets: AuthTicket[] = []
		// Ten people behind one address each reopen five documents at once.
		for (let person = 0; person < 10; person++) {
			for (let doc = 0; doc < 5; doc++) {
				expect(admit(limiter, tickets, 'office', 0, `s${person}`)).toBe('ok')
				limiter.endAuth(tickets.pop()!)
			}
			limiter.sessionValid(`s${person}`, 1e9)
		}
		expect(admit(limiter, tickets, 'office', 0, 's0')).toBe('rate') // one person's burst is spent
		expect(admit(limiter, tickets, 'office', 0, 's-new')).toBe('ok') // the address budget is untouched
	})

	test('made-up tokens spend a per-address look-up budget and are charged to the address', async () => {
		const limiter = new IpLimiter(limits)
		const tickets: AuthTicket[] = []
		for (let i = 0; i < 4; i++) {
			expect(admit(limiter, tickets, 'x', 0, `fake${i}`)).toBe('ok')
			limiter.endAuth(tickets.pop()!)
			limiter.sessionInvalid('x', `fake${i}`, 0)
		}
		// The look-up budget is spent: an unknown token now counts as no session — and the address
		// budget was charged by the failures, so it is spent too.
		expect(admit(limiter, tickets, 'x', 0, 'fake-next')).toBe('rate')
		expect(admit(limiter, tickets, 'x', 0)).toBe('rate')
		// A session seen valid before still gets in from that address.
		limiter.sessionValid('good', 1e9)
		expect(admit(limiter, tickets, 'x', 0, 'good')).toBe('ok')
	})

	test('bounds concurrent handshakes per IP, per session and in total, and open connections per IP', () => {
		const limiter = new IpLimiter({ ...limits, upgradeBurstPerIp: 100 })
		const tickets: AuthTicket[] = []
		expect(admit(limiter, tickets, 'a', 0)).toBe('ok')
		expect(admit(limiter, tickets, 'a', 0)).toBe('ok')
		expect(admit(limiter, tickets, 'a', 0)).toBe('pending')
		expect(admit(limiter, tickets, 'b', 0)).toBe('ok')
		expect(admit(limiter, tickets, 'c', 0)).toBe('capacity')
		expect(limiter.pendingAuths).toBe(3)
		for (const t of tickets.splice(0)) limiter.endAuth(t)
		expect(admit(limiter, tickets, 'a', 0, 's')).toBe('ok')
		expect(admit(limiter, tickets, 'a', 0, 's')).toBe('ok')
		expect(admit(limiter, tickets, 'a', 0, 's')).toBe('pending')
		for (const t of tickets.splice(0)) limiter.endAuth(t)
		limiter.opened('a')
		limiter.opened('a')
		expect(admit(limiter, tickets, 'a', 0)).toBe('connections')
		limiter.closed('a')
		expect(admit(limiter, tickets, 'a', 0)).toBe('ok')
	})

	test('forgets idle IPs and bounds the table', () => {
		const limiter = new IpLimiter(limits)
		const tickets: AuthTicket[] = []
		for (const ip of ['a', 'b', 'c']) {
			admit(limiter, tickets, ip, 0)
			limiter.endAuth(tickets.pop()!)
		}
		expect(admit(limiter, tickets, 'd', 0)).toBe('capacity')
		limiter.prune(100) // buckets not yet refilled
		expect(limiter.trackedIps).toBe(3)
		limiter.prune(10_000)
		expect(limiter.trackedIps).toBe(0)
		expect(admit(limiter, tickets, 'd', 10_000)).toBe('ok')
	})
})

describe('ipKey', () => {
	test.each([
		['127.0.0.1', '127.0.0.1'],
		['::ffff:10.1.2.3', '10.1.2.3'],
		['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
		['2001:db8:1:2::9', '2001:db8:1:2::/64'],
		['2001:db8::1', '2001:db8:0:0::/64'],
		['::1', '0:0:0:0::/64'],
		['fe80::1%eth0', 'fe80:0:0:0::/64'],
		[undefined, 'unknown'],
		['not an ip', 'unknown'],
	])('%s → %s', (address, key) => {
		expect(ipKey(address)).toBe(key)
	})
})
