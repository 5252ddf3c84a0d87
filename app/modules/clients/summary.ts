/**
 * Pure date logic for clients and 受給者証: which version is current, when the decision
 * period ends, the next monitoring month, monitoring-month suggestions. Shared by the
 * server modules, the pages and the tests.
 */
import { addMonths, daysBetween } from '#app/utils/dates.ts'
import { MONITORING_INTERVAL, type MonitoringPeriod } from './labels.ts'

/** Days before the end of the 支給決定期間 from which the dashboard warns (renewal takes 1–2 months). */
export const EXPIRY_WARNING_DAYS = 60

type Versioned = { effectiveFrom: string; createdAt: Date | string }

function createdMs(value: Date | string): number {
	return value instanceof Date ? value.getTime() : Date.parse(value)
}

/**
 * Newest version first: later effectiveFrom wins; for the same effectiveFrom the row entered
 * later wins (a correction supersedes the version it corrects).
 */
export function compareVersionsDesc(a: Versioned, b: Versioned): number {
	if (a.effectiveFrom !== b.effectiveFrom) return a.effectiveFrom < b.effectiveFrom ? 1 : -1
	return createdMs(b.createdAt) - createdMs(a.createdAt)
}

/** The version in force today: the newest one whose effectiveFrom is on or before today. */
export function pickCurrentCertificate<T extends Versioned>(certificates: readonly T[], today: string): T | null {
	const sorted = [...certificates].sort(compareVersionsDesc)
	return sorted.find((c) => c.effectiveFrom <= today) ?? null
}

export type ExpiryStatus =
	| { kind: 'expired'; days: number }
	| { kind: 'soon'; days: number }
	| { kind: 'ok'; days: number }

/** How the 支給決定期間 end relates to today (days = days left; negative once expired). */
export function expiryStatus(decisionEnd: string, today: string): ExpiryStatus {
	const days = daysBetween(today, decisionEnd)
	if (days < 0) return { kind: 'expired', days }
	if (days <= EXPIRY_WARNING_DAYS) return { kind: 'soon', days }
	return { kind: 'ok', days }
}

/** "2026-11,2026-12" → ['2026-11', '2026-12'] */
export function splitMonths(value: string): string[] {
	return value
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean)
}

/** The first listed monitoring month that is this month or later, or null when none is left. */
export function nextMonitoringMonth(months: readonly string[], today: string): string | null {
	const thisMonth = today.slice(0, 7)
	return [...months].sort().find((m) => m >= thisMonth) ?? null
}

/**
 * Monitoring months a municipality would typically print for a period: every n months,
 * counting the decision's first month as month 1 (docs/domain/monitoring.md worked example: decision
 * 5月–翌4月, 3ヶ月ごと → 7月, 10月, 1月, 4月). Custom periods get no suggestion.
 */
export function suggestMonitoringMonths(period: MonitoringPeriod, decisionStart: string, decisionEnd: string): string[] {
	if (period === 'custom') return []
	if (!/^\d{4}-\d{2}/.test(decisionStart) || !/^\d{4}-\d{2}/.test(decisionEnd)) return []
	const step = MONITORING_INTERVAL[period]
	const last = decisionEnd.slice(0, 7)
	const months: string[] = []
	for (let m = addMonths(decisionStart.slice(0, 7), step - 1); m <= last && months.length < 120; m = addMonths(m, step)) {
		months.push(m)
	}
	return months
}

const MONTH_TOKEN = /^(\d{4})\s*[-/年.]\s*(\d{1,2})\s*月?$/

/**
 * Parses what a person typed for monitoring months: "2026-11, 2026/12 2027年1月".
 * Returns normalised, sorted, de-duplicated YYYY-MM and the tokens that could not be read.
 */
export function parseMonthList(input: string): { months: string[]; invalid: string[] } {
	const tokens = input
		.normalize('NFKC')
		.split(/[\s,、，;]+/)
		.map((t) => t.trim())
		.filter(Boolean)
	const months = new Set<string>()
	const invalid: string[] = []
	for (const token of tokens) {
		const match = MONTH_TOKEN.exec(token)
		const month = match ? Number(match[2]) : 0
		if (!match || month < 1 || month > 12) {
			invalid.push(token)
			continue
		}
		months.add(`${match[1]}-${String(month).padStart(2, '0')}`)
	}
	return { months: [...months].sort(), invalid }
}

export const CLIENT_SORTS = ['name', 'renewal', 'expiry', 'monitoring'] as const
export type ClientSort = (typeof CLIENT_SORTS)[number]

export function parseClientSort(value: string | null | undefined): ClientSort {
	return (CLIENT_SORTS as readonly string[]).includes(value ?? '') ? (value as ClientSort) : 'name'
}

type SortableClient = {
	familyNameKana: string
	givenNameKana: string
	nextRenewalMonth: string
	certificate: { decisionEnd: string; nextMonitoringMonth: string | null } | null
}

/** Orders "my clients" by reading, next renewal month, 支給決定期間 end or next monitoring (missing values last). */
export function sortClients<T extends SortableClient>(clients: readonly T[], sort: ClientSort): T[] {
	const byName = (a: T, b: T) =>
		`${a.familyNameKana} ${a.givenNameKana}`.localeCompare(`${b.familyNameKana} ${b.givenNameKana}`, 'ja')
	const key = (c: T): string | null => {
		switch (sort) {
			case 'renewal':
				return c.nextRenewalMonth
			case 'expiry':
				return c.certificate?.decisionEnd ?? null
			case 'monitoring':
				return c.certificate?.nextMonitoringMonth ?? null
			default:
				return null
		}
	}
	return [...clients].sort((a, b) => {
		if (sort !== 'name') {
			const ka = key(a)
			const kb = key(b)
			if (ka !== kb) {
				if (ka === null) return 1
				if (kb === null) return -1
				return ka < kb ? -1 : 1
			}
		}
		return byName(a, b)
	})
}
