import { describe, expect, it } from 'vitest'
import { allowedOrigins, isAllowedOrigin, parseOriginList } from './security.ts'

describe('origin allow-list', () => {
	const req = { headers: { host: 'kizuna.example.jp' } }

	it('accepts the site itself and configured origins', () => {
		const allowed = allowedOrigins(req, parseOriginList('https://partner.example.jp/, https://x.example.jp'))
		expect(isAllowedOrigin('https://kizuna.example.jp', allowed)).toBe(true)
		expect(isAllowedOrigin('https://partner.example.jp', allowed)).toBe(true)
		expect(isAllowedOrigin('https://x.example.jp', allowed)).toBe(true)
	})

	it.each([undefined, '', 'null', 'https://evil.example', 'https://kizuna.example.jp.evil.example', 'https://kizuna.example.jp:444'])(
		'refuses %s',
		(origin) => {
			expect(isAllowedOrigin(origin, allowedOrigins(req, []))).toBe(false)
		},
	)
})
