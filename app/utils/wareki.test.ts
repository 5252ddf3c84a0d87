import { describe, expect, it } from 'vitest'
import { formatWareki, formatWarekiWithWestern, parseDateInput, parseMonthInput } from './wareki.ts'

describe('formatWareki', () => {
	it('prints dates in the Japanese era', () => {
		expect(formatWareki('2026-12-07')).toBe('令和8年12月7日')
		expect(formatWareki('2019-05-01')).toBe('令和元年5月1日')
		expect(formatWareki('2019-04-30')).toBe('平成31年4月30日')
		expect(formatWareki('1999-06-14')).toBe('平成11年6月14日')
		expect(formatWareki('1989-01-07')).toBe('昭和64年1月7日')
	})
	it('prints months and leaves absent or odd values readable', () => {
		expect(formatWareki('2026-11')).toBe('令和8年11月')
		expect(formatWareki('')).toBe('—')
		expect(formatWareki(null)).toBe('—')
		expect(formatWareki('someday')).toBe('someday')
	})
	it('prints both calendars where a form uses both', () => {
		expect(formatWarekiWithWestern('2026-12-07')).toBe('令和8年（2026年）12月7日')
		expect(formatWarekiWithWestern('2026-11')).toBe('令和8年（2026年）11月')
	})
})

describe('parseDateInput', () => {
	it.each([
		['2026-12-07', '2026-12-07'],
		['2026/12/7', '2026-12-07'],
		['2026年12月7日', '2026-12-07'],
		['２０２６年１２月７日', '2026-12-07'],
		['令和8年12月7日', '2026-12-07'],
		['令和８年１２月７日', '2026-12-07'],
		['令和元年5月1日', '2019-05-01'],
		['R8.12.7', '2026-12-07'],
		['r8/12/7', '2026-12-07'],
		['H24.5.1', '2012-05-01'],
		['平成31年4月30日', '2019-04-30'],
		['昭和64年1月7日', '1989-01-07'],
	])('%s → %s', (input, expected) => {
		expect(parseDateInput(input)).toBe(expected)
	})
	it.each([[''], ['明日'], ['2026-02-30'], ['令和8年13月1日'], ['平成31年5月1日'], ['令和0年1月1日'], ['X8.12.7']])('refuses %s', (input) => {
		expect(parseDateInput(input)).toBeNull()
	})
})

describe('parseMonthInput', () => {
	it.each([
		['2026-11', '2026-11'],
		['2026/1', '2026-01'],
		['2026年11月', '2026-11'],
		['令和8年11月', '2026-11'],
		['R8.11', '2026-11'],
		['令和元年5月', '2019-05'],
	])('%s → %s', (input, expected) => {
		expect(parseMonthInput(input)).toBe(expected)
	})
	it.each([[''], ['2026-13'], ['来月']])('refuses %s', (input) => {
		expect(parseMonthInput(input)).toBeNull()
	})
})
