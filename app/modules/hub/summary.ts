/**
 * The monthly summary of a hub for the municipality (issue #12): registrations, emergencies by
 * type and 緊急受入 days. Pure: the caller loads the rows.
 */
import { addDays, daysBetween } from '#app/utils/dates.ts'
import { toCsv } from '#app/modules/dashboard/csv.ts'
import { EMERGENCY_CATEGORIES, EMERGENCY_CATEGORY_LABELS, type EmergencyCategory } from './labels.ts'

export type SummaryRegistration = { registeredOn: string; endedOn: string; status: string }
export type SummaryEmergency = {
	/** JST calendar day of the call */
	occurredOn: string
	category: string
	services: ReadonlyArray<{ serviceType: string; fromDate: string; toDate: string }>
}

export type MonthlySummary = {
	month: string
	registeredAtMonthEnd: number
	newRegistrations: number
	endedRegistrations: number
	emergencies: number
	byCategory: Record<EmergencyCategory, number>
	/** days of 短期入所 provided outside the plan within the month (入所日・退所日 both count) */
	emergencyStayDays: number
}

export function monthBounds(month: string): { first: string; last: string } {
	const first = `${month}-01`
	const [y, m] = month.split('-').map(Number)
	const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`
	return { first, last: addDays(next, -1) }
}

/** Inclusive days of [from, to] that fall in [first, last]. */
export function overlapDays(from: string, to: string, first: string, last: string): number {
	const start = from > first ? from : first
	const end = to < last ? to : last
	return start > end ? 0 : daysBetween(start, end) + 1
}

export function isEmergencyStay(serviceType: string): boolean {
	return serviceType.includes('短期入所')
}

export function monthlySummary(month: string, registrations: readonly SummaryRegistration[], emergencies: readonly SummaryEmergency[]): MonthlySummary {
	const { first, last } = monthBounds(month)
	const byCategory = Object.fromEntries(EMERGENCY_CATEGORIES.map((c) => [c, 0])) as Record<EmergencyCategory, number>
	let count = 0
	let stayDays = 0
	for (const e of emergencies) {
		if (e.occurredOn >= first && e.occurredOn <= last) {
			count++
			const category = (EMERGENCY_CATEGORIES as readonly string[]).includes(e.category) ? (e.category as EmergencyCategory) : 'other'
			byCategory[category]++
		}
		// A stay arranged late in the previous month counts its days in this one too.
		for (const s of e.services) if (isEmergencyStay(s.serviceType)) stayDays += overlapDays(s.fromDate, s.toDate, first, last)
	}
	const endedBy = (r: SummaryRegistration, day: string) => r.status === 'ended' && r.endedOn !== '' && r.endedOn <= day
	return {
		month,
		registeredAtMonthEnd: registrations.filter((r) => r.registeredOn <= last && !endedBy(r, last)).length,
		newRegistrations: registrations.filter((r) => r.registeredOn >= first && r.registeredOn <= last).length,
		endedRegistrations: registrations.filter((r) => r.status === 'ended' && r.endedOn >= first && r.endedOn <= last).length,
		emergencies: count,
		byCategory,
		emergencyStayDays: stayDays,
	}
}

export const SUMMARY_CSV_HEADER = [
	'拠点',
	'対象月',
	'登録者数（月末）',
	'新規登録',
	'登録終了',
	'緊急対応件数',
	...EMERGENCY_CATEGORIES.map((c) => `緊急対応：${EMERGENCY_CATEGORY_LABELS[c]}`),
	'緊急受入日数（短期入所）',
] as const

export function summaryCsv(hubName: string, summary: MonthlySummary): string {
	return toCsv(SUMMARY_CSV_HEADER, [
		[
			hubName,
			summary.month,
			summary.registeredAtMonthEnd,
			summary.newRegistrations,
			summary.endedRegistrations,
			summary.emergencies,
			...EMERGENCY_CATEGORIES.map((c) => summary.byCategory[c]),
			summary.emergencyStayDays,
		],
	])
}
