import { formatJpDate } from '#app/utils/dates.ts'

/**
 * The order of a cycle's dates as an inspector reads them (docs/domain/plan-cycle.md, issue #11):
 * アセスメント ≤ 計画案作成日 ≤ 支給決定 ≤ サービス担当者会議 ≤ 本計画作成日 (= 説明日 = 同意日)
 * ≤ サービス利用開始. Pure: the cycle module loads the dates recorded by the earlier steps of the
 * cycle and the one the step at hand would record, and refuses the step on any error here.
 */

export const CYCLE_DATE_KEYS = ['assessment', 'draft', 'decision', 'meeting', 'plan', 'servicesStart'] as const
export type CycleDateKey = (typeof CYCLE_DATE_KEYS)[number]
export type CycleDates = Partial<Record<CycleDateKey, string>>

export const CYCLE_DATE_LABELS: Record<CycleDateKey, string> = {
	assessment: 'アセスメントの実施日',
	draft: '計画案作成日',
	decision: '支給決定日（受給者証の交付年月日）',
	meeting: 'サービス担当者会議の開催日',
	plan: '本計画の計画作成日（説明・同意日）',
	servicesStart: 'サービス利用開始日',
}

const ORDER_HINT = 'アセスメント → 計画案作成 → 支給決定 → サービス担当者会議 → 本計画作成（説明・同意）→ サービス利用開始 の順になるよう、日付を確認してください'

/**
 * Errors for the date the step at hand records (`current`) against every other recorded date
 * of the cycle: an earlier step's date after it, or a later step's date before it. Dates that
 * are missing or malformed are the state machine's to report, not this check's.
 */
export function dateOrderErrors(dates: CycleDates, current: CycleDateKey): string[] {
	const mine = dates[current]
	if (!isDate(mine)) return []
	const position = CYCLE_DATE_KEYS.indexOf(current)
	const errors: string[] = []
	CYCLE_DATE_KEYS.forEach((key, index) => {
		const other = dates[key]
		if (index === position || !isDate(other)) return
		if (index < position && other > mine) {
			errors.push(`${CYCLE_DATE_LABELS[current]}（${formatJpDate(mine)}）が${CYCLE_DATE_LABELS[key]}（${formatJpDate(other)}）より前です。${ORDER_HINT}`)
		}
		if (index > position && other < mine) {
			errors.push(`${CYCLE_DATE_LABELS[current]}（${formatJpDate(mine)}）が${CYCLE_DATE_LABELS[key]}（${formatJpDate(other)}）より後です。${ORDER_HINT}`)
		}
	})
	return errors
}

/** A recorded day may not lie in the future: the steps record what has happened. */
export function futureDateError(value: string | undefined, key: CycleDateKey, today: string): string | null {
	if (!isDate(value) || value <= today) return null
	return `${CYCLE_DATE_LABELS[key]}（${formatJpDate(value)}）に未来の日付は指定できません`
}

function isDate(value: string | undefined): value is string {
	return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
}

/** One recorded step of the cycle, as the events table keeps it. */
export type RecordedStep = { action: string; occurredOn: string; detail: Record<string, unknown> }

/**
 * The dates the earlier steps of a cycle recorded, the latest of each kind (a 案 sent back and
 * consented again counts with its new date). Events written before these details were kept
 * fall back to the day the step happened.
 */
export function recordedCycleDates(steps: readonly RecordedStep[]): CycleDates {
	const dates: CycleDates = {}
	const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined)
	for (const step of steps) {
		switch (step.action) {
			case 'write_draft':
				dates.assessment = text(step.detail.assessmentDate) ?? step.occurredOn
				break
			case 'consent_draft':
				dates.draft = text(step.detail.draftDate) ?? dates.draft
				break
			case 'record_decision':
				dates.decision = text(step.detail.decisionDate) ?? step.occurredOn
				break
			case 'hold_meeting':
				dates.meeting = text(step.detail.meetingHeldOn) ?? step.occurredOn
				break
			case 'consent_final':
				dates.plan = text(step.detail.planDate) ?? step.occurredOn
				break
			case 'start_services':
				dates.servicesStart = text(step.detail.servicesStartOn) ?? dates.servicesStart
				break
			case 'send_back':
				// The 案 goes back to be rewritten: its consent (and what followed) no longer counts.
				delete dates.draft
				break
		}
	}
	return dates
}
