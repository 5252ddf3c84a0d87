/** Calendar helpers. The service runs on Japan time: "today" is the date in Asia/Tokyo. */

const JST_OFFSET_MS = 9 * 60 * 60 * 1000

/** YYYY-MM-DD for the given instant in Japan time. */
export function toJstDate(instant: Date = new Date()): string {
	return new Date(instant.getTime() + JST_OFFSET_MS).toISOString().slice(0, 10)
}

export function todayJst(): string {
	return toJstDate(new Date())
}

/** Whole years of age on `onDate` for someone born on `birthDate` (both YYYY-MM-DD). */
export function ageOn(birthDate: string, onDate: string): number {
	const [by, bm, bd] = birthDate.split('-').map(Number)
	const [ty, tm, td] = onDate.split('-').map(Number)
	let age = ty - by
	if (tm < bm || (tm === bm && td < bd)) age -= 1
	return age
}

export function isValidIsoDate(value: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
	const [y, m, d] = value.split('-').map(Number)
	const date = new Date(Date.UTC(y, m - 1, d))
	return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

/** 2026-11-23 → 2026年11月23日 */
export function formatJpDate(value: string | null | undefined): string {
	if (!value) return '—'
	const [y, m, d] = value.split('-').map(Number)
	if (!y || !m) return value
	return d ? `${y}年${m}月${d}日` : `${y}年${m}月`
}

/** 2026-11 → 2026年11月 */
export function formatJpMonth(value: string): string {
	const [y, m] = value.split('-').map(Number)
	return `${y}年${m}月`
}

/** Adds whole months to a YYYY-MM month string. */
export function addMonths(month: string, count: number): string {
	const [y, m] = month.split('-').map(Number)
	const index = y * 12 + (m - 1) + count
	return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
}

/** The next date on or after `fromDate` that falls in the person's birth month (annual renewal, seed 001). */
export function nextBirthMonth(birthDate: string, fromDate: string): string {
	const birthMonth = Number(birthDate.slice(5, 7))
	const [fy, fm] = fromDate.split('-').map(Number)
	const year = fm <= birthMonth ? fy : fy + 1
	return `${year}-${String(birthMonth).padStart(2, '0')}`
}

/** Days from a to b (YYYY-MM-DD), negative when b is earlier. */
export function daysBetween(a: string, b: string): number {
	return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000)
}

/** An instant (ISO string or Date) in Japan time: "2026年12月7日 14:05"; '—' when absent or invalid. */
export function formatJstDateTime(instant: string | Date | null | undefined): string {
	if (!instant) return '—'
	const date = instant instanceof Date ? instant : new Date(instant)
	if (Number.isNaN(date.getTime())) return '—'
	const time = new Date(date.getTime() + JST_OFFSET_MS).toISOString().slice(11, 16)
	return `${formatJpDate(toJstDate(date))} ${time}`
}

/** The calendar date `days` after (or before) a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
	const [y, m, d] = date.split('-').map(Number)
	return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}
