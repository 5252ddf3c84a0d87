/**
 * 和暦 (Japanese-era) dates for forms and prints, from the platform's Intl Japanese calendar
 * (`ja-JP-u-ca-japanese`) — no table of era start dates written by hand, so a new era arrives
 * with the runtime's ICU data. Stored values and CSV stay ISO (YYYY-MM-DD).
 */
import { isValidIsoDate } from './dates.ts'

// month 'long' makes ICU write the first year of an era as 元年 (with 'numeric' it writes 1年).
const LONG = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' })
const NARROW = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'narrow', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' })

type EraParts = { era: string; year: string; month: string; day: string }

function eraParts(formatter: Intl.DateTimeFormat, iso: string): EraParts {
	const [y, m, d] = iso.split('-').map(Number)
	const date = new Date(Date.UTC(y, m - 1, d))
	// Years 0–99 would be read as 1900–1999 by Date.UTC; no form date lies there.
	const parts: EraParts = { era: '', year: '', month: '', day: '' }
	for (const part of formatter.formatToParts(date)) {
		if (part.type === 'era' || part.type === 'year' || part.type === 'month' || part.type === 'day') parts[part.type] = part.value
	}
	return parts
}

/** 2026-12-07 → 令和8年12月7日; 2019-05-01 → 令和元年5月1日; a month 2026-12 → 令和8年12月; '—' when empty. */
export function formatWareki(value: string | null | undefined): string {
	if (!value) return '—'
	if (/^\d{4}-\d{2}$/.test(value)) {
		const p = eraParts(LONG, `${value}-01`)
		return `${p.era}${p.year}年${p.month}月`
	}
	if (!isValidIsoDate(value)) return value
	const p = eraParts(LONG, value)
	return `${p.era}${p.year}年${p.month}月${p.day}日`
}

/** For forms that print both calendars: 令和8年（2026年）12月7日. */
export function formatWarekiWithWestern(value: string | null | undefined): string {
	if (!value) return '—'
	const monthOnly = /^\d{4}-\d{2}$/.test(value)
	const iso = monthOnly ? `${value}-01` : value
	if (!isValidIsoDate(iso)) return value
	const p = eraParts(LONG, iso)
	return `${p.era}${p.year}年（${iso.slice(0, 4)}年）${p.month}月${monthOnly ? '' : `${p.day}日`}`
}

const WESTERN = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/
const ERA = /^([^\d\s元]+?)\s*(元|\d{1,2})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?$/

const FIRST_YEAR = 1868
const LAST_YEAR = 2200

function iso(y: number, m: number, d: number): string {
	return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/**
 * What a person typed into a date field, as YYYY-MM-DD, or null when it is not a date:
 * 西暦 (2026-12-07, 2026/12/7, 2026年12月7日) or 和暦 (令和8年12月7日, 令和元年5月1日, R8.12.7,
 * full-width digits). A 和暦 date must exist in its era (平成31年5月1日 does not: that day is 令和元年).
 */
export function parseDateInput(input: string): string | null {
	const text = input.normalize('NFKC').trim()
	if (text === '') return null
	const western = WESTERN.exec(text)
	if (western) {
		const value = iso(Number(western[1]), Number(western[2]), Number(western[3]))
		return isValidIsoDate(value) ? value : null
	}
	const era = ERA.exec(text)
	if (!era) return null
	const eraName = era[1].toUpperCase()
	const eraYear = era[2] === '元' ? 1 : Number(era[2])
	const month = Number(era[3])
	const day = Number(era[4])
	if (eraYear < 1 || month < 1 || month > 12 || day < 1 || day > 31) return null
	// Find the Gregorian year whose date the Intl calendar names with this era and era year.
	for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
		const value = iso(year, month, day)
		if (!isValidIsoDate(value)) continue
		const long = eraParts(LONG, value)
		const yearOf = (p: EraParts) => (p.year === '元' ? 1 : Number(p.year))
		if (long.era === eraName && yearOf(long) === eraYear) return value
		const narrow = eraParts(NARROW, value)
		if (narrow.era.toUpperCase() === eraName && yearOf(narrow) === eraYear) return value
	}
	return null
}

/**
 * A month typed as 2026-11, 2026/11, 2026年11月, 令和8年11月 or R8.11 → YYYY-MM, or null.
 */
export function parseMonthInput(input: string): string | null {
	const text = input.normalize('NFKC').trim().replace(/\s*月$/, '')
	if (text === '') return null
	const western = /^(\d{4})\s*[-/.年]\s*(\d{1,2})$/.exec(text)
	if (western) {
		const month = Number(western[2])
		return month >= 1 && month <= 12 ? `${western[1]}-${String(month).padStart(2, '0')}` : null
	}
	const date = parseDateInput(`${text}.1`)
	return date ? date.slice(0, 7) : null
}
