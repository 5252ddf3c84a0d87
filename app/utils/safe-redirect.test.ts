import { describe, expect, test } from 'vitest'
import { safeRedirect } from './safe-redirect.ts'

describe('safeRedirect', () => {
	test('keeps same-origin paths with their query and hash', () => {
		for (const ok of ['/', '/clients', '/clients/abc?tab=plan#goal-1', '/directory?target=child', '/%E4%BD%90%E8%97%A4', '/.//x']) {
			expect(safeRedirect(ok)).toBe(ok)
		}
	})

	test('refuses everything that could leave the site or break a header', () => {
		const bad = [
			'//evil.example',
			'/\\evil.example',
			'/\t/evil.example',
			'/\n/evil.example',
			'/\r\nSet-Cookie: x=1',
			'/ /evil',
			'\\\\evil.example',
			'https://evil.example/',
			'javascript:alert(1)',
			'evil.example',
			'/\u0000',
			'/\u007f',
			'/日本語',
			'',
			'/'.padEnd(2001, 'a'),
		]
		for (const to of bad) expect(safeRedirect(to), JSON.stringify(to)).toBe('/')
		expect(safeRedirect(null)).toBe('/')
		expect(safeRedirect(undefined, '/clients')).toBe('/clients')
	})
})
