import { describe, expect, test } from 'vitest'
import { isAllowedHref, normalizeLinkInput } from './links.ts'

describe('isAllowedHref', () => {
	test.each([
		'https://example.jp',
		'https://example.jp/path?q=1#x',
		'HTTPS://EXAMPLE.JP',
		'mailto:sodan@example.jp',
		'/clients/client-sato-makoto',
		'./relative',
		'../up',
		'#section',
		'?q=1',
		'page.html',
	])('allows %s', (href) => {
		expect(isAllowedHref(href)).toBe(true)
	})

	test.each([
		'javascript:alert(1)',
		'JavaScript:alert(1)',
		' javascript:alert(1)',
		'java\tscript:alert(1)',
		'java\nscript:alert(1)',
		'\u0000javascript:alert(1)',
		'vbscript:msgbox(1)',
		'data:text/html,<script>alert(1)</script>',
		'http://example.jp',
		'ftp://example.jp',
		'tel:0120000000',
		'//evil.example/',
		'/\\evil.example',
		'https:',
		'https:/',
		'mailto:',
		'',
		'x'.repeat(3000),
	])('refuses %j', (href) => {
		expect(isAllowedHref(href)).toBe(false)
	})

	test('refuses what is not a string', () => {
		for (const value of [null, undefined, 1, {}, ['https://example.jp']]) expect(isAllowedHref(value)).toBe(false)
	})
})

describe('normalizeLinkInput', () => {
	test.each([
		['https://example.jp/a', 'https://example.jp/a'],
		['  example.jp/page  ', 'https://example.jp/page'],
		['www.city.example.lg.jp', 'https://www.city.example.lg.jp'],
		['sodan@example.jp', 'mailto:sodan@example.jp'],
		['/clients/client-sato-makoto', '/clients/client-sato-makoto'],
	])('reads %j as %j', (input, href) => {
		expect(normalizeLinkInput(input)).toBe(href)
	})

	test.each(['', '   ', 'javascript:alert(1)', 'http://example.jp', 'data:,x', '//evil.example'])('refuses %j', (input) => {
		expect(normalizeLinkInput(input)).toBeNull()
	})
})
