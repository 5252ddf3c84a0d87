/**
 * The dashboard's rows, categories, counts and sorting — pure. Rows come from the monitoring
 * schedule's due items (app/modules/monitoring/schedule.ts) and from the plan cycle's state.
 */
import type { DueItem, DueKind } from '#app/modules/monitoring/schedule.ts'
import { SUPPORT_LEVEL_LABELS, labelOf } from '#app/modules/clients/labels.ts'
import { daysBetween, formatJpDate } from '#app/utils/dates.ts'

export const DASHBOARD_CATEGORIES = [
	'monitoring_overdue',
	'monitoring_due',
	'certificate',
	'support_level',
	'isp_review',
	'renewal',
	'awaiting_consent',
	'awaiting_decision',
	'invalid_record',
] as const
export type DashboardCategory = (typeof DASHBOARD_CATEGORIES)[number]
export const DASHBOARD_CATEGORY_LABELS: Record<DashboardCategory, string> = {
	monitoring_overdue: 'モニタリング未実施（期限超過）',
	monitoring_due: '今月のモニタリング',
	certificate: '受給者証の期限',
	support_level: '障害支援区分の認定期限',
	isp_review: '個別支援計画の見直し',
	renewal: '更新の準備',
	awaiting_consent: '同意待ちの計画',
	awaiting_decision: '支給決定待ちの計画',
	invalid_record: '記録の確認',
}

const CATEGORY_OF_DUE_KIND: Record<DueKind, DashboardCategory> = {
	certificate_expired: 'certificate',
	certificate_expiring: 'certificate',
	monitoring_overdue: 'monitoring_overdue',
	monitoring_due: 'monitoring_due',
	renewal: 'renewal',
	invalid_record: 'invalid_record',
}

export type DashboardClient = { id: string; name: string; nameKana: string }

export type DashboardRow = {
	clientId: string
	clientName: string
	clientNameKana: string
	category: DashboardCategory
	label: string
	/** YYYY-MM or YYYY-MM-DD: the month or day concerned; '' when none */
	when: string
	/** days left (negative once past) for certificate rows; null otherwise */
	days: number | null
	/** where to act on it */
	href: string
}

/** Cycle states awaiting 同意 (計画案 or 本計画 written, not yet agreed) and the 支給決定 (submitted). */
export const AWAITING_CONSENT_STATES: readonly string[] = ['draft', 'final']
export const AWAITING_DECISION_STATES: readonly string[] = ['submitted']

export type CycleFact = { clientId: string; state: string; stateLabel: string; since: string }

export function buildDashboardRows(clients: readonly DashboardClient[], items: readonly DueItem[], cycles: readonly CycleFact[]): DashboardRow[] {
	const byId = new Map(clients.map((c) => [c.id, c]))
	const rows: DashboardRow[] = []
	for (const item of items) {
		const client = byId.get(item.clientId)
		if (!client) continue
		const category = CATEGORY_OF_DUE_KIND[item.kind]
		rows.push({
			clientId: client.id,
			clientName: client.name,
			clientNameKana: client.nameKana,
			category,
			label: item.label,
			when: item.date ?? item.month ?? '',
			days: item.days ?? null,
			href: category === 'monitoring_due' || category === 'monitoring_overdue' ? `/clients/${client.id}/monitoring` : `/clients/${client.id}`,
		})
	}
	for (const cycle of cycles) {
		const client = byId.get(cycle.clientId)
		if (!client) continue
		const category: DashboardCategory | null = AWAITING_CONSENT_STATES.includes(cycle.state)
			? 'awaiting_consent'
			: AWAITING_DECISION_STATES.includes(cycle.state)
				? 'awaiting_decision'
				: null
		if (!category) continue
		rows.push({
			clientId: client.id,
			clientName: client.name,
			clientNameKana: client.nameKana,
			category,
			label: cycle.stateLabel,
			when: cycle.since,
			days: null,
			href: `/clients/${client.id}/cycle`,
		})
	}
	return sortDashboardRows(rows, 'category', 'asc')
}

/** The 障害支援区分 認定有効期間 is announced this many days before it ends (re-assessment takes months). */
export const SUPPORT_LEVEL_NOTICE_DAYS = 90

export type SupportLevelFact = { clientId: string; category: string; supportLevel: string; until: string }

/**
 * A row for every adult whose 障害支援区分 認定有効期間 ends within SUPPORT_LEVEL_NOTICE_DAYS days
 * or has ended. Children have no 区分 (対象外) and records without an end date are skipped.
 */
export function supportLevelRows(clients: readonly DashboardClient[], facts: readonly SupportLevelFact[], today: string): DashboardRow[] {
	const byId = new Map(clients.map((c) => [c.id, c]))
	const rows: DashboardRow[] = []
	for (const fact of facts) {
		const client = byId.get(fact.clientId)
		if (!client || fact.category === 'child' || !/^\d{4}-\d{2}-\d{2}$/.test(fact.until)) continue
		const days = daysBetween(today, fact.until)
		if (days > SUPPORT_LEVEL_NOTICE_DAYS) continue
		const level = labelOf(SUPPORT_LEVEL_LABELS, fact.supportLevel)
		rows.push({
			clientId: client.id,
			clientName: client.name,
			clientNameKana: client.nameKana,
			category: 'support_level',
			label:
				days < 0
					? `障害支援区分（${level}）の認定有効期間が終了しています（${formatJpDate(fact.until)}まで）`
					: `障害支援区分（${level}）の認定有効期間の終了まであと${days}日（${formatJpDate(fact.until)}まで）`,
			when: fact.until,
			days,
			href: `/clients/${client.id}`,
		})
	}
	return rows
}

export type IspReviewFact = { clientId: string; documentId: string; organizationName: string; reviewBy: string }

/** The 個別支援計画 review is announced this many days ahead (and stays once overdue). */
export const ISP_REVIEW_NOTICE_DAYS = 30

/** A row for every 個別支援計画 whose 見直し予定日 is within ISP_REVIEW_NOTICE_DAYS days or past. */
export function ispReviewRows(clients: readonly DashboardClient[], facts: readonly IspReviewFact[], today: string): DashboardRow[] {
	const byId = new Map(clients.map((c) => [c.id, c]))
	const rows: DashboardRow[] = []
	for (const fact of facts) {
		const client = byId.get(fact.clientId)
		if (!client || !/^\d{4}-\d{2}-\d{2}$/.test(fact.reviewBy)) continue
		const days = daysBetween(today, fact.reviewBy)
		if (days > ISP_REVIEW_NOTICE_DAYS) continue
		rows.push({
			clientId: client.id,
			clientName: client.name,
			clientNameKana: client.nameKana,
			category: 'isp_review',
			label:
				days < 0
					? `個別支援計画（${fact.organizationName}）の見直し期限を過ぎています（${formatJpDate(fact.reviewBy)}まで）`
					: `個別支援計画（${fact.organizationName}）の見直しまであと${days}日（${formatJpDate(fact.reviewBy)}まで）`,
			when: fact.reviewBy,
			days,
			href: `/clients/${client.id}/documents/${fact.documentId}`,
		})
	}
	return rows
}

export function countByCategory(rows: readonly DashboardRow[]): Record<DashboardCategory, number> {
	const counts = Object.fromEntries(DASHBOARD_CATEGORIES.map((c) => [c, 0])) as Record<DashboardCategory, number>
	for (const row of rows) counts[row.category]++
	return counts
}

export const DASHBOARD_SORTS = ['category', 'client', 'when'] as const
export type DashboardSort = (typeof DASHBOARD_SORTS)[number]
export type SortDirection = 'asc' | 'desc'

export function parseSort(sort: string | null, dir: string | null): { sort: DashboardSort; dir: SortDirection } {
	return {
		sort: (DASHBOARD_SORTS as readonly string[]).includes(sort ?? '') ? (sort as DashboardSort) : 'category',
		dir: dir === 'desc' ? 'desc' : 'asc',
	}
}

export function parseCategory(value: string | null): DashboardCategory | null {
	return (DASHBOARD_CATEGORIES as readonly string[]).includes(value ?? '') ? (value as DashboardCategory) : null
}

function compare(a: string | number, b: string | number): number {
	return a < b ? -1 : a > b ? 1 : 0
}

/**
 * Stable sort by one column; ties fall back to urgency (category order), then date, then the
 * client's kana, so the order never depends on the database's.
 */
export function sortDashboardRows(rows: readonly DashboardRow[], sort: DashboardSort, dir: SortDirection): DashboardRow[] {
	const rank = (row: DashboardRow) => DASHBOARD_CATEGORIES.indexOf(row.category)
	const tieBreak = (a: DashboardRow, b: DashboardRow) =>
		compare(rank(a), rank(b)) || compare(a.when, b.when) || a.clientNameKana.localeCompare(b.clientNameKana, 'ja') || compare(a.clientId, b.clientId) || compare(a.label, b.label)
	const primary = (a: DashboardRow, b: DashboardRow) => {
		switch (sort) {
			case 'category':
				return compare(rank(a), rank(b))
			case 'client':
				return a.clientNameKana.localeCompare(b.clientNameKana, 'ja')
			case 'when':
				// rows without a date go last either way
				return a.when === b.when ? 0 : a.when === '' ? (dir === 'asc' ? 1 : -1) : b.when === '' ? (dir === 'asc' ? -1 : 1) : compare(a.when, b.when)
		}
	}
	const sign = dir === 'asc' ? 1 : -1
	return [...rows].sort((a, b) => sign * primary(a, b) || tieBreak(a, b))
}

export const DASHBOARD_CSV_HEADER = ['区分', '利用者氏名', 'ふりがな', '内容', '対象年月・期日', '残り日数'] as const

export function dashboardCsvRows(rows: readonly DashboardRow[]): Array<Array<string | number>> {
	return rows.map((row) => [DASHBOARD_CATEGORY_LABELS[row.category], row.clientName, row.clientNameKana, row.label, row.when, row.days ?? ''])
}
