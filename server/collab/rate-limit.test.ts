import { describe, expect, test } from 'vitest'
import { IpLimiter, ipKey, TokenBucket } from './rate-limit.ts'

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
	const limits = { upgradeBurstPerIp: 3, upgradesPerSecondPerIp: 1, maxPendingAuthsPerIp: 2, maxPendingAuths: 3, maxConnectionsPerIp: 2, maxTrackedIps: 3 }

	test('counts attempts per IP', () => {
		const limiter = new IpLimiter(limits)
		for (let i = 0; i < 3; i++) {
			expect(limiter.beginAuth('a', 0)).toBe('ok')
			limiter.endAuth('a')
		}
		expect(limiter.beginAuth('a', 0)).toBe('rate')
		expect(limiter.beginAuth('b', 0)).toBe('ok') // other IPs are not affected
		expect(limiter.beginAuth('a', 1000)).toBe('ok')
	})

	test('bounds concurrent handshakes per IP and in total, and open connections per IP', () => {
		const limiter = new IpLimiter({ ...limits, upgradeBurstPerIp: 100 })
		expect(limiter.beginAuth('a', 0)).toBe('ok')
		expect(limiter.beginAuth('a', 0)).toBe('ok')
		expect(limiter.beginAuth('a', 0)).toBe('pending')
		expect(limiter.beginAuth('b', 0)).toBe('ok')
		expect(limiter.beginAuth('c', 0)).toBe('capacity')
		expect(limiter.pendingAuths).toBe(3)
		limiter.endAuth('a')
		limiter.endAuth('a')
		limiter.opened('a')
		limiter.opened('a')
		expect(limiter.beginAuth('a', 0)).toBe('connections')
		limiter.closed('a')
		expect(limiter.beginAuth('a', 0)).toBe('ok')
	})

	test('forgets idle IPs and bounds the table', () => {
		const limiter = new IpLimiter(limits)
		for (const ip of ['a', 'b', 'c']) {
			limiter.beginAuth(ip, 0)
			limiter.endAuth(ip)
		}
		expect(limiter.beginAuth('d', 0)).toBe('capacity')
		limiter.prune(100) // buckets not yet refilled
		expect(limiter.trackedIps).toBe(3)
		limiter.prune(10_000)
		expect(limiter.trackedIps).toBe(0)
		expect(limiter.beginAuth('d', 10_000)).toBe('ok')
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
