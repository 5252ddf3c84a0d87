/**
 * The モニタリング報告書 record beside its co-edited document: labels, the report's deterministic
 * ids and the completion check. Pure: the server runs the check on the stored document, tests
 * run it on hand-made snapshots.
 */
import { CHANGE_KINDS, CHANGE_KIND_LABELS, monitoringContent, type MonitoringContent } from '#app/document-forms/monitoring.ts'
import type { DocumentSnapshot } from '#app/document-forms/structure.ts'
import { formatJpDate, formatJpMonth, isValidIsoDate } from '#app/utils/dates.ts'
import type { MonitoringStatus, RenewalEntry } from './schedule.ts'

export const REPORT_STATUSES = ['draft', 'completed'] as const
export type ReportStatus = (typeof REPORT_STATUSES)[number]
export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = { draft: '作成中', completed: '完了' }

export function reportStatusOf(value: string): ReportStatus {
	return value === 'completed' ? 'completed' : 'draft'
}

const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/

export function isMonth(value: unknown): value is string {
	return typeof value === 'string' && MONTH_PATTERN.test(value)
}

export function monitoringTitle(month: string): string {
	return `モニタリング報告書（${formatJpMonth(month)}）`
}

// FNV-1a, to shorten a long client id into the 64-character id pattern.
function fnv1a(text: string): string {
	let hash = 0x811c9dc5
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i)
		hash = Math.imul(hash, 0x01000193) >>> 0
	}
	return (hash >>> 0).toString(36)
}

/**
 * The report's document id, derived from the client and the month: one report per scheduled
 * month, and two writers pressing 「この月の報告書を作成」 at once land on the same document (the
 * second insert fails on the primary key). Ids stay within the app's 64-character id pattern.
 */
export function monitoringDocumentId(clientId: string, month: string): string {
	const compact = month.replace('-', '')
	const id = `monitoring-${clientId}-${compact}`
	return id.length <= 64 ? id : `monitoring-${fnv1a(clientId)}${fnv1a(`${clientId}#`)}-${compact}`
}

export type CompletionFacts = { conductedOn: string; changeNeeded: boolean; content: MonitoringContent }
export type CompletionResult = ({ ok: true } & CompletionFacts) | { ok: false; errors: string[] }

/**
 * What 「報告書を完了」 checks in the stored report: the 実施日 is a real date in the report's own
 * month (the 受給者証 fixes the month; a visit another month does not answer it) and not in the
 * future, 実施場所 and 全体の状況 are written, at least one goal is evaluated, and every goal's
 * 変更の必要性 is answered 有 or 無. Returns the facts the MonitoringReport row keeps.
 */
export function checkCompletion(snapshot: DocumentSnapshot, month: string, today: string): CompletionResult {
	const content = monitoringContent(snapshot)
	const errors: string[] = []
	const date = content.conductedOn
	if (!date) errors.push('モニタリング実施日を入力してください')
	else if (!isValidIsoDate(date)) errors.push(`モニタリング実施日「${date}」が正しい日付ではありません`)
	else if (date.slice(0, 7) !== month) errors.push(`モニタリング実施日は${formatJpMonth(month)}中の日付にしてください（この報告書は${formatJpMonth(month)}のモニタリングです）`)
	else if (date > today) errors.push(`モニタリング実施日（${formatJpDate(date)}）が今日より後です。実施後に完了してください`)
	if (!content.fields.place.trim()) errors.push('実施場所を入力してください')
	if (!content.fields.overall.trim()) errors.push('全体の状況を入力してください')
	if (content.rows.length === 0) errors.push('支援目標の行がありません。計画の目標ごとに評価を記入してください')
	for (const row of content.rows) {
		const missing = CHANGE_KINDS.filter((kind) => content.rows.length > 0 && row.changes[kind] === null).map((kind) => CHANGE_KIND_LABELS[kind])
		if (missing.length > 0) errors.push(`${row.priority}番目の目標：計画変更の必要性（${missing.join('・')}）の有・無を選んでください`)
	}
	if (errors.length > 0) return { ok: false, errors }
	const changeNeeded = content.rows.some((row) => CHANGE_KINDS.some((kind) => row.changes[kind] === 'yes'))
	return { ok: true, conductedOn: date, changeNeeded, content }
}

// ---------------------------------------------------------------------------
// The schedule as the pages show it (built by monitoring.server.ts loadClientSchedule)

export type ScheduleReport = { id: string; documentId: string; month: string; status: ReportStatus; conductedOn: string; changeNeeded: boolean; /** 臨時モニタリング: why this unscheduled month was monitored ("" for a scheduled month) */ extraordinaryReason?: string }

export type ScheduleMonth = {
	month: string
	status: MonitoringStatus
	report: ScheduleReport | null
	/** a writer of 'monitoring' may start this month's report (due or overdue, none yet) */
	canCreate: boolean
}

export type ClientSchedule =
	| { state: 'no_certificate' }
	| { state: 'invalid'; errors: string[] }
	| {
			state: 'ok'
			certificate: { decisionStart: string; decisionEnd: string; monitoringPeriod: string; source: 'certificate' | 'derived'; dropped: string[] }
			months: ScheduleMonth[]
			renewals: RenewalEntry[]
			/** renewal entries from this month up to two months ahead (the notices) */
			renewalNotices: RenewalEntry[]
			/** reports answering months outside the schedule (an earlier certificate's) */
			otherReports: ScheduleReport[]
	  }

