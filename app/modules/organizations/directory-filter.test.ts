import { describe, expect, test } from 'vitest'
import {
	EMPTY_FILTERS,
	canonicalDirectorySearch,
	buildDirectoryWhere,
	describeFilters,
	filtersToSearchParams,
	hasActiveFilters,
	parseDirectoryFilters,
	searchTokens,
} from '#app/modules/organizations/directory-filter.ts'

function parse(query: string) {
	return parseDirectoryFilters(new URLSearchParams(query))
}

describe('parseDirectoryFilters', () => {
	test('an empty query gives no filters', () => {
		expect(parse('')).toEqual(EMPTY_FILTERS)
		expect(hasActiveFilters(parse(''))).toBe(false)
	})

	test('reads every filter', () => {
		const filters = parse(
			'q=%E5%B0%8F%E5%B7%9D%E7%94%BA&kind=consultation&target=child&main=1&training=medicalCare&training=behavior&service=%E8%A8%88%E7%94%BB%E7%9B%B8%E8%AB%87%E6%94%AF%E6%8F%B4&day=sat&day=mon&vacancy=open&city=%E5%B0%8F%E5%B9%B3%E5%B8%82',
		)
		expect(filters).toEqual({
			q: '小川町',
			kind: 'consultation',
			target: 'child',
			mainOnly: true,
			trainings: ['medicalCare', 'behavior'],
			service: '計画相談支援',
			// Days come back in week order whatever the URL order.
			days: ['mon', 'sat'],
			vacancyOpen: true,
			city: '小平市',
		})
	})

	test('ignores unknown and malformed values instead of failing', () => {
		const filters = parse('kind=hospital&target=elderly&main=1&training=cooking&day=funday&vacancy=yes&q=%20%20')
		expect(filters).toEqual(EMPTY_FILTERS)
	})

	test('主に支援 without a target means nothing', () => {
		expect(parse('main=1').mainOnly).toBe(false)
		expect(parse('target=mental&main=1').mainOnly).toBe(true)
		expect(parse('target=mental&main=0').mainOnly).toBe(false)
	})

	test('caps the length of free text', () => {
		expect(parse(`q=${'あ'.repeat(500)}`).q).toHaveLength(100)
		expect(parse(`city=${'x'.repeat(500)}`).city).toHaveLength(100)
	})

	test('round-trips through the query string', () => {
		const filters = parse('q=%E3%81%82&target=physical&main=1&training=mental&day=tue&day=thu&vacancy=open')
		expect(parseDirectoryFilters(filtersToSearchParams(filters))).toEqual(filters)
		expect(hasActiveFilters(filters)).toBe(true)
	})
})

describe('canonicalDirectorySearch', () => {
	test('drops the empty fields a GET form sends', () => {
		expect(canonicalDirectorySearch(new URLSearchParams('q=&city=&kind=&service=&target=child&training=medicalCare&day=sat'))).toBe(
			'target=child&training=medicalCare&day=sat',
		)
		expect(canonicalDirectorySearch(new URLSearchParams('q=&city='))).toBe('')
	})

	test('leaves a tidy URL alone, whatever its order', () => {
		expect(canonicalDirectorySearch(new URLSearchParams(''))).toBeNull()
		expect(canonicalDirectorySearch(new URLSearchParams('day=sat&target=child&main=1'))).toBeNull()
	})

	test('drops unknown values and duplicates', () => {
		expect(canonicalDirectorySearch(new URLSearchParams('day=sat&day=sat&kind=hospital&utm=x'))).toBe('day=sat')
		expect(canonicalDirectorySearch(new URLSearchParams('main=1'))).toBe('')
	})

	test('is stable: the canonical form is itself canonical', () => {
		const once = canonicalDirectorySearch(new URLSearchParams('q=+%E5%B0%8F%E5%B7%9D+&day=mon&city='))
		expect(once).toBe('q=%E5%B0%8F%E5%B7%9D&day=mon')
		expect(canonicalDirectorySearch(new URLSearchParams(once!))).toBeNull()
	})
})

describe('searchTokens', () => {
	test('splits on ASCII and full-width spaces and drops duplicates', () => {
		expect(searchTokens(' 小川町\u3000相談  小川町 ')).toEqual([['小川町'], ['相談']])
	})

	test('adds the NFKC form so full-width digits find half-width addresses', () => {
		expect(searchTokens('１－５９０')).toEqual([['１－５９０', '1-590']])
	})

	test('drops LIKE wildcards, full-width ones included', () => {
		expect(searchTokens('%')).toEqual([])
		expect(searchTokens('く%れ_ん')).toEqual([['くれん']])
		// The full-width form is literal for LIKE; only its NFKC form loses the wildcard.
		expect(searchTokens('１００％')).toEqual([['１００％', '100']])
		expect(searchTokens('％')).toEqual([['％']])
	})

	test('keeps at most five words', () => {
		expect(searchTokens('a b c d e f g')).toHaveLength(5)
	})
})

describe('buildDirectoryWhere', () => {
	test('no filters: every organisation', () => {
		expect(buildDirectoryWhere(EMPTY_FILTERS)).toEqual({})
	})

	test('相談可以上 accepts ◆ and ○', () => {
		expect(buildDirectoryWhere({ ...EMPTY_FILTERS, target: 'child' })).toEqual({
			AND: [{ targetChild: { in: ['main', 'available'] } }],
		})
	})

	test('主に支援 accepts ◆ only', () => {
		expect(buildDirectoryWhere({ ...EMPTY_FILTERS, target: 'child', mainOnly: true })).toEqual({
			AND: [{ targetChild: 'main' }],
		})
	})

	test('every chosen training must be present', () => {
		expect(buildDirectoryWhere({ ...EMPTY_FILTERS, trainings: ['medicalCare', 'mental'] })).toEqual({
			AND: [{ trainingMedicalCare: true }, { trainingMental: true }],
		})
	})

	test('open on every chosen day', () => {
		expect(buildDirectoryWhere({ ...EMPTY_FILTERS, days: ['sat', 'sun'] })).toEqual({
			AND: [{ openDays: { contains: '土' } }, { openDays: { contains: '日' } }],
		})
	})

	test('空きあり includes わずか', () => {
		expect(buildDirectoryWhere({ ...EMPTY_FILTERS, vacancyOpen: true })).toEqual({
			AND: [{ vacancyStatus: { in: ['available', 'few'] } }],
		})
	})

	test('service, kind and city are exact matches', () => {
		expect(buildDirectoryWhere({ ...EMPTY_FILTERS, service: '計画相談支援', kind: 'consultation', city: '小平市' })).toEqual({
			AND: [{ kind: 'consultation' }, { city: '小平市' }, { services: { some: { serviceType: '計画相談支援' } } }],
		})
	})

	test('each word must match name, corporation or address', () => {
		expect(buildDirectoryWhere({ ...EMPTY_FILTERS, q: '小川町 ２' })).toEqual({
			AND: [
				{ OR: [{ name: { contains: '小川町' } }, { corporation: { contains: '小川町' } }, { address: { contains: '小川町' } }] },
				{
					OR: [
						{ name: { contains: '２' } },
						{ corporation: { contains: '２' } },
						{ address: { contains: '２' } },
						{ name: { contains: '2' } },
						{ corporation: { contains: '2' } },
						{ address: { contains: '2' } },
					],
				},
			],
		})
	})
})

describe('describeFilters', () => {
	test('puts the active filters into words', () => {
		expect(describeFilters(parse('target=child&main=1&training=medicalCare&day=sat&vacancy=open'))).toEqual([
			'対象: 障害児（18歳未満）（主に支援）',
			'研修: 医療的ケア',
			'営業日: 土曜日',
			'空きあり（わずかを含む）',
		])
		expect(describeFilters(EMPTY_FILTERS)).toEqual([])
	})
})
