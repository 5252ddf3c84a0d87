/**
 * モニタリング and renewal dates derived from a 受給者証 (docs/domain/monitoring.md, forms.md) — pure: no I/O,
 * every input is passed in, `today` included.
 *
 * Error convention:
 * - Anything read from a stored record (the certificate, the client's birth date, the
 *   options taken from the plan header, the monitoring report dates) can be wrong because the
 *   record is wrong. Those functions return `{ ok: false, errors }` with Japanese messages
 *   the dashboard can show next to the client, so one bad record never hides the others.
 * - `today` (always todayJst() in the app) and the inputs of monitoringStatus (months that
 *   monitoringMonths already validated) are the caller's responsibility: a malformed value
 *   there is a bug, and the function throws a RangeError saying which argument was wrong.
 */
import { MONITORING_PERIODS, MONITORING_PERIOD_LABELS, type MonitoringPeriod } from '#app/modules/clients/labels.ts'
import { expiryStatus, parseMonthList, suggestMonitoringMonths } from '#app/modules/clients/summary.ts'
import { addMonths, formatJpDate, formatJpMonth, isValidIsoDate, nextBirthMonth } from '#app/utils/dates.ts'

/** The 受給者証 fields the schedule reads (prisma model Certificate). */
export type ScheduleCertificate = {
	/** 支給決定期間 start, YYYY-MM-DD */
	decisionStart: string
	/** 支給決定期間 end (inclusive), YYYY-MM-DD */
	decisionEnd: string
	/** monthly | every3 | every6 | custom */
	monitoringPeriod: string
	/** the months printed on the 受給者証: comma-separated YYYY-MM as stored, or a list */
	monitoringMonths?: string | readonly string[] | null
	/**
	 * 新規利用者: the month the municipality starts the 3 months of 毎月 monitoring (YYYY-MM);
	 * '' / absent when the rule does not apply. Set by the municipality, which may start the three 毎月
	 * months from the decision month or from the next one (docs/domain/monitoring.md).
	 */
	newUserMonthlyFrom?: string | null
}

/** 新規利用者 are monitored 毎月 for this many months (docs/domain/monitoring.md standard periods). */
export const NEW_USER_MONTHLY_MONTHS = 3

export type ScheduleOptions = {
	/**
	 * モニタリング開始年月 (plan header, PLAN_META.monitoringStart): the month counted as month 1,
	 * i.e. the month after the plan month, when service use starts. Defaults to the first
	 * month of the 支給決定期間. Must lie inside the period.
	 */
	startMonth?: string
	/**
	 * New users and users whose services changed markedly are monitored 毎月 for the first
	 * 3 months (docs/domain/monitoring.md standard periods): the number of such months from startMonth,
	 * on top of the certificate's regular period. 0 (default) = none.
	 */
	initialMonthly?: number
}

export type Result<T> = ({ ok: true } & T) | { ok: false; errors: string[] }

export type MonitoringSchedule = {
	/** due months, YYYY-MM, ascending, no duplicates, all inside the 支給決定期間 */
	months: string[]
	/** 'certificate': the months printed on the 受給者証; 'derived': computed from the period */
	source: 'certificate' | 'derived'
	/** listed months that fell outside the 支給決定期間 and were left out (for a warning) */
	dropped: string[]
	period: MonitoringPeriod
}

const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/

function isMonth(value: unknown): value is string {
	return typeof value === 'string' && MONTH_PATTERN.test(value)
}

function isMonitoringPeriod(value: string): value is MonitoringPeriod {
	return (MONITORING_PERIODS as readonly string[]).includes(value)
}

function assertToday(today: string): void {
	if (typeof today !== 'string' || !isValidIsoDate(today)) {
		throw new RangeError(`today must be a YYYY-MM-DD date (todayJst()), got ${JSON.stringify(today)}`)
	}
}

// Generous upper bound: decisions run for 1 year, some (生活介護) 3 years (seed 001). A longer
// one is a typo, and suggestMonitoringMonths stops at 120 months anyway.
const MAX_PERIOD_MONTHS = 120

function monthsBetween(from: string, to: string): number {
	const [fy, fm] = from.split('-').map(Number)
	const [ty, tm] = to.split('-').map(Number)
	return (ty - fy) * 12 + (tm - fm)
}

/** Checks the 支給決定期間 of a certificate; returns Japanese messages (empty when valid). */
export function decisionPeriodErrors(certificate: Pick<ScheduleCertificate, 'decisionStart' | 'decisionEnd'>): string[] {
	const errors: string[] = []
	const { decisionStart, decisionEnd } = certificate
	const startOk = typeof decisionStart === 'string' && isValidIsoDate(decisionStart)
	const endOk = typeof decisionEnd === 'string' && isValidIsoDate(decisionEnd)
	if (!startOk) errors.push(`支給決定期間の開始日「${decisionStart ?? ''}」が正しい日付ではありません`)
	if (!endOk) errors.push(`支給決定期間の終了日「${decisionEnd ?? ''}」が正しい日付ではありません`)
	if (startOk && endOk) {
		if (decisionEnd < decisionStart) {
			errors.push(`支給決定期間の終了日（${formatJpDate(decisionEnd)}）が開始日（${formatJpDate(decisionStart)}）より前です`)
		} else if (monthsBetween(decisionStart.slice(0, 7), decisionEnd.slice(0, 7)) >= MAX_PERIOD_MONTHS) {
			errors.push('支給決定期間が10年以上になっています。開始日と終了日を確認してください')
		}
	}
	return errors
}

function listedMonths(value: ScheduleCertificate['monitoringMonths']): { months: string[]; invalid: string[] } {
	if (value === null || value === undefined) return { months: [], invalid: [] }
	// parseMonthList is the reader the certificate form uses: the same spellings are accepted.
	return parseMonthList(typeof value === 'string' ? value : value.join(','))
}

/**
 * The months in which モニタリング is due within the 支給決定期間.
 *
 * The months printed on the 受給者証 are authoritative whatever the period says: the
 * municipality, not the agency, sets them (the agency only proposes a period in the 計画案), and it
 * may count the three 毎月 months from the decision month or from the next month
 * (docs/domain/monitoring.md), which no interval can reproduce — hence
 * "**App implication:** store the period and explicit month list from the 受給者証, not just an
 * interval." Listed months are sorted, de-duplicated and clipped to the period.
 *
 * Only when the certificate lists no months are they derived, as in docs/domain/monitoring.md's worked
 * example (nihonkousei.jp Q&A): counting the start month (the month after the plan month —
 * by default the decision's first month, even when the decision starts mid-month, as the
 * certificate form suggests) as month 1, monitoring falls in months n, 2n, 3n… So 支給決定
 * H24.5.1–H25.4.30, 3ヶ月ごと → H24.7, H24.10, H25.1, H25.4; with initialMonthly = 3 and 6ヶ月ごと
 * → H24.5, H24.6, H24.7, H24.10, H25.4.
 */
export function monitoringMonths(certificate: ScheduleCertificate, options: ScheduleOptions = {}): Result<MonitoringSchedule> {
	const errors = decisionPeriodErrors(certificate)
	const period = certificate.monitoringPeriod
	if (typeof period !== 'string' || !isMonitoringPeriod(period)) {
		errors.push(`モニタリング期間「${period ?? ''}」が不明です（毎月・3ヶ月ごと・6ヶ月ごと・その他のいずれか）`)
	}
	const listed = listedMonths(certificate.monitoringMonths)
	if (listed.invalid.length > 0) {
		errors.push(`モニタリング月「${listed.invalid.join('、')}」が読み取れません（YYYY-MM で記録してください）`)
	}
	const { startMonth, initialMonthly = 0 } = options
	if (startMonth !== undefined && !isMonth(startMonth)) {
		errors.push(`モニタリング開始年月「${startMonth}」が正しくありません（YYYY-MM で記録してください）`)
	}
	if (!Number.isInteger(initialMonthly) || initialMonthly < 0 || initialMonthly > 12) {
		errors.push('新規・変更時の毎月モニタリングの月数は0〜12で指定してください')
	}
	const newUserFrom = certificate.newUserMonthlyFrom || ''
	if (newUserFrom !== '' && !isMonth(newUserFrom)) {
		errors.push(`新規利用者の毎月モニタリングの開始年月「${newUserFrom}」が正しくありません（YYYY-MM で記録してください）`)
	}
	if (errors.length > 0) return { ok: false, errors }

	const validPeriod = period as MonitoringPeriod
	const first = certificate.decisionStart.slice(0, 7)
	const last = certificate.decisionEnd.slice(0, 7)
	const inPeriod = (m: string) => m >= first && m <= last
	const periodText = `${formatJpMonth(first)}〜${formatJpMonth(last)}`

	// The new-user rule runs from the month the municipality set, whatever the regular period
	// (and on top of listed months: a list that already holds them loses nothing).
	const newUserMonths: string[] = []
	if (newUserFrom !== '') {
		if (!inPeriod(newUserFrom)) {
			return {
				ok: false,
				errors: [`新規利用者の毎月モニタリングの開始年月（${formatJpMonth(newUserFrom)}）が支給決定期間（${periodText}）の外です`],
			}
		}
		for (let i = 0; i < NEW_USER_MONTHLY_MONTHS; i++) newUserMonths.push(addMonths(newUserFrom, i))
	}

	if (listed.months.length > 0) {
		const months = [...new Set([...listed.months.filter(inPeriod), ...newUserMonths.filter(inPeriod)])].sort()
		const dropped = listed.months.filter((m) => !inPeriod(m))
		if (months.length === 0) {
			return {
				ok: false,
				errors: [`モニタリング月（${dropped.map(formatJpMonth).join('、')}）がすべて支給決定期間（${periodText}）の外です`],
			}
		}
		return { ok: true, months, source: 'certificate', dropped, period: validPeriod }
	}
	if (validPeriod === 'custom' && newUserMonths.length === 0) {
		return { ok: false, errors: [`モニタリング期間が「${MONITORING_PERIOD_LABELS.custom}」ですが、モニタリング月が記録されていません`] }
	}

	const start = startMonth ?? first
	if (!inPeriod(start)) {
		return {
			ok: false,
			errors: [`モニタリング開始年月（${formatJpMonth(start)}）が支給決定期間（${periodText}）の外です`],
		}
	}
	// The same counting the certificate form uses to pre-fill the months (one rule, one place).
	const derived = new Set(suggestMonitoringMonths(validPeriod, `${start}-01`, certificate.decisionEnd))
	for (let i = 0; i < initialMonthly; i++) derived.add(addMonths(start, i))
	for (const month of newUserMonths) derived.add(month)
	const months = [...derived].filter(inPeriod).sort()
	return { ok: true, months, source: 'derived', dropped: [], period: validPeriod }
}

// ---------------------------------------------------------------------------
// Renewal

export const RENEWAL_REASONS = ['preparation', 'decision_end', 'birth_month'] as const
export type RenewalReason = (typeof RENEWAL_REASONS)[number]
export const RENEWAL_REASON_LABELS: Record<RenewalReason, string> = {
	preparation: '更新の準備（計画案の作成）',
	decision_end: '支給決定期間の終了',
	birth_month: '誕生月の更新',
}

export type RenewalEntry = { month: string; reason: RenewalReason; label: string }

export type RenewalWindow = {
	/** ascending by month; for the same month in RENEWAL_REASONS order */
	entries: RenewalEntry[]
	/** the distinct months of the entries, ascending */
	months: string[]
	/** the months to prepare the next 計画案 in (the two before the end month) */
	preparationMonths: string[]
	decisionEndMonth: string
	birthMonth: string
}

/**
 * When the plan has to be renewed for this certificate.
 *
 * - 支給決定期間の終了: the plan is renewed with the decision period (usually 12 months), prepared
 *   one to two months before it ends (docs/domain/plan-cycle.md step 11) → the two months before the end
 *   month are preparation months, the end month itself is the renewal.
 * - 誕生月の更新: some municipalities renew everyone once a year in their birth month (seed 001,
 *   小平市: 「ご本人の誕生月に合わせて、年に1回更新の手続き」), and a 3-year decision (生活介護)
 *   may not line up with it (「作成時期が異なる場合があります」). The birth month reported is the
 *   one nearest the end of the period (5 months before to 6 after), i.e. the annual renewal
 *   that replaces this certificate. Only the month matters, so a 2月29日 birthday is 2月.
 */
export function renewalWindow(
	certificate: Pick<ScheduleCertificate, 'decisionStart' | 'decisionEnd'>,
	birthDate: string,
): Result<RenewalWindow> {
	const errors = decisionPeriodErrors(certificate)
	if (typeof birthDate !== 'string' || !isValidIsoDate(birthDate)) {
		errors.push(`生年月日「${birthDate ?? ''}」が正しい日付ではありません`)
	}
	if (errors.length > 0) return { ok: false, errors }

	const decisionEndMonth = certificate.decisionEnd.slice(0, 7)
	const preparationMonths = [addMonths(decisionEndMonth, -2), addMonths(decisionEndMonth, -1)]
	const birthMonth = nextBirthMonth(birthDate, `${addMonths(decisionEndMonth, -5)}-01`)
	const entries: RenewalEntry[] = [
		...preparationMonths.map((month) => entry(month, 'preparation')),
		entry(decisionEndMonth, 'decision_end'),
		entry(birthMonth, 'birth_month'),
	].sort((a, b) => (a.month === b.month ? RENEWAL_REASONS.indexOf(a.reason) - RENEWAL_REASONS.indexOf(b.reason) : a.month < b.month ? -1 : 1))
	const months = [...new Set(entries.map((e) => e.month))]
	return { ok: true, entries, months, preparationMonths, decisionEndMonth, birthMonth }
}

function entry(month: string, reason: RenewalReason): RenewalEntry {
	return { month, reason, label: RENEWAL_REASON_LABELS[reason] }
}

// ---------------------------------------------------------------------------
// Status of each due month

export const MONITORING_STATUSES = ['done', 'due', 'overdue', 'upcoming'] as const
export type MonitoringStatus = (typeof MONITORING_STATUSES)[number]
export const MONITORING_STATUS_LABELS: Record<MonitoringStatus, string> = {
	done: '実施済み',
	due: '今月実施',
	overdue: '未実施（期限超過）',
	upcoming: '予定',
}

export type MonitoringMonthStatus = {
	month: string
	status: MonitoringStatus
	/** report dates (モニタリング実施日) that fall in the month, ascending */
	reportDates: string[]
}

/**
 * The state of every due month on `today`: 'done' when a monitoring report is dated in that
 * month, otherwise 'due' (this month), 'overdue' (past) or 'upcoming'.
 *
 * A report counts for its own month only: the 受給者証 fixes the month (docs/domain/monitoring.md), so a
 * report the month after does not make up for a missed one. Reports dated after today are
 * ignored — a visit entered ahead has not happened yet. Inputs are validated upstream
 * (monitoringMonths, the report form); a malformed one throws a RangeError.
 */
export function monitoringStatus(
	schedule: readonly string[] | Pick<MonitoringSchedule, 'months'>,
	reports: readonly string[],
	today: string,
): MonitoringMonthStatus[] {
	assertToday(today)
	const months = Array.isArray(schedule) ? (schedule as readonly string[]) : (schedule as Pick<MonitoringSchedule, 'months'>).months
	for (const m of months) {
		if (!isMonth(m)) throw new RangeError(`schedule months must be YYYY-MM, got ${JSON.stringify(m)}`)
	}
	for (const r of reports) {
		if (typeof r !== 'string' || !isValidIsoDate(r)) throw new RangeError(`report dates must be YYYY-MM-DD, got ${JSON.stringify(r)}`)
	}
	const thisMonth = today.slice(0, 7)
	const held = reports.filter((r) => r <= today).sort()
	return [...new Set(months)].sort().map((month) => {
		const reportDates = held.filter((r) => r.slice(0, 7) === month)
		const status: MonitoringStatus =
			reportDates.length > 0 ? 'done' : month === thisMonth ? 'due' : month < thisMonth ? 'overdue' : 'upcoming'
		return { month, status, reportDates }
	})
}

// ---------------------------------------------------------------------------
// Dashboard

export const DUE_KINDS = [
	'certificate_expired',
	'monitoring_overdue',
	'invalid_record',
	'certificate_expiring',
	'monitoring_due',
	'renewal',
] as const
/** Kinds in order of urgency (the dashboard's sort order). */
export type DueKind = (typeof DUE_KINDS)[number]
export const DUE_KIND_LABELS: Record<DueKind, string> = {
	certificate_expired: '支給決定期間の終了',
	monitoring_overdue: 'モニタリング未実施',
	invalid_record: '記録の確認',
	certificate_expiring: '支給決定期間の終了間近',
	monitoring_due: '今月のモニタリング',
	renewal: '更新の準備',
}

/** Everything dueItems needs to know about one client. */
export type DueClient = {
	clientId: string
	/** YYYY-MM-DD */
	birthDate: string
	/** the certificate in force (pickCurrentCertificate); null when there is none yet */
	certificate: ScheduleCertificate | null
	/** モニタリング実施日 of the reports written under this certificate, YYYY-MM-DD */
	monitoringReports?: readonly string[]
	scheduleOptions?: ScheduleOptions
}

export type DueItem = {
	clientId: string
	kind: DueKind
	/** the month concerned (YYYY-MM); null for invalid_record */
	month: string | null
	/** the date concerned (YYYY-MM-DD): the 支給決定期間 end for certificate items, else null */
	date: string | null
	/** days left until the 支給決定期間 ends (negative once past); certificate items only */
	days?: number
	label: string
}

/** How far ahead a renewal is announced: this month and the next two. */
export const RENEWAL_NOTICE_MONTHS = 2

/**
 * The dashboard list: monitoring due this month, monitoring overdue, renewals within
 * RENEWAL_NOTICE_MONTHS months, certificates whose 支給決定期間 ends within EXPIRY_WARNING_DAYS
 * (clients/summary.ts: 60) days or has ended, and records that cannot be scheduled (so a typo never hides a client).
 * Sorted by urgency (DUE_KINDS order), then by date / month, then by client id.
 *
 * Clients without a certificate yield nothing: before the first 支給決定 there is nothing to
 * monitor or renew. A renewal in the end month is not repeated while the expiry item speaks
 * for that month, and no renewal is shown once the period has ended (the expired item is the
 * thing to act on).
 */
export function dueItems(clients: readonly DueClient[], today: string): DueItem[] {
	assertToday(today)
	const thisMonth = today.slice(0, 7)
	const noticeUntil = addMonths(thisMonth, RENEWAL_NOTICE_MONTHS)
	const items: DueItem[] = []

	for (const client of clients) {
		const { clientId, certificate } = client
		if (!certificate) continue
		const problems: string[] = []
		const reports = client.monitoringReports ?? []
		const badReports = reports.filter((r) => typeof r !== 'string' || !isValidIsoDate(r))
		if (badReports.length > 0) problems.push(`モニタリング実施日「${badReports.join('、')}」が正しい日付ではありません`)

		const schedule = monitoringMonths(certificate, client.scheduleOptions)
		if (schedule.ok) {
			const validReports = reports.filter((r) => !badReports.includes(r))
			for (const row of monitoringStatus(schedule.months, validReports, today)) {
				if (row.status === 'overdue') {
					items.push({ clientId, kind: 'monitoring_overdue', month: row.month, date: null, label: `モニタリング未実施（${formatJpMonth(row.month)}）` })
				} else if (row.status === 'due') {
					items.push({ clientId, kind: 'monitoring_due', month: row.month, date: null, label: `今月のモニタリング（${formatJpMonth(row.month)}）` })
				}
			}
		} else {
			problems.push(...schedule.errors)
		}

		const renewal = renewalWindow(certificate, client.birthDate)
		if (renewal.ok) {
			const end = certificate.decisionEnd
			const expiry = expiryStatus(end, today)
			if (expiry.kind === 'expired') {
				items.push({
					clientId,
					kind: 'certificate_expired',
					month: end.slice(0, 7),
					date: end,
					days: expiry.days,
					label: `支給決定期間が終了しています（${formatJpDate(end)}まで）`,
				})
			} else {
				if (expiry.kind === 'soon') {
					items.push({
						clientId,
						kind: 'certificate_expiring',
						month: end.slice(0, 7),
						date: end,
						days: expiry.days,
						label: `支給決定期間の終了まであと${expiry.days}日（${formatJpDate(end)}まで）`,
					})
				}
				const upcoming = renewal.entries.filter(
					(e) =>
						e.reason !== 'preparation' &&
						// the expiry item already speaks for the end month
						!(expiry.kind === 'soon' && e.month === renewal.decisionEndMonth) &&
						e.month >= thisMonth &&
						e.month <= noticeUntil,
				)
				if (upcoming.length > 0) {
					const month = upcoming[0].month
					const reasons = upcoming.filter((e) => e.month === month).map((e) => e.label)
					items.push({ clientId, kind: 'renewal', month, date: null, label: `更新の準備: ${reasons.join('・')}（${formatJpMonth(month)}）` })
				}
			}
		} else {
			for (const error of renewal.errors) if (!problems.includes(error)) problems.push(error)
		}

		if (problems.length > 0) {
			items.push({ clientId, kind: 'invalid_record', month: null, date: null, label: `受給者証・利用者情報を確認してください: ${problems.join(' / ')}` })
		}
	}

	return items.sort(compareDueItems)
}

function compareDueItems(a: DueItem, b: DueItem): number {
	const rank = DUE_KINDS.indexOf(a.kind) - DUE_KINDS.indexOf(b.kind)
	if (rank !== 0) return rank
	const ka = a.date ?? a.month ?? ''
	const kb = b.date ?? b.month ?? ''
	if (ka !== kb) return ka < kb ? -1 : 1
	return a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0
}
