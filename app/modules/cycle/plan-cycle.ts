/**
 * The plan cycle of one client as an explicit state machine (docs/domain/plan-cycle.md): アセスメント →
 * 計画案 → 同意 → 提出 → 支給決定 → サービス担当者会議 → 本計画 → 同意・交付 → 実施 → モニタリング →
 * 見直し (a new cycle) or 終了. Pure: the caller loads the cycle, the actor's team role
 * (policies/teamRoleFor) and the recorded facts, and passes them in as plain data.
 *
 * Every check a municipal 実地指導 makes on these steps is a fact check here, so a step the
 * inspector would flag cannot be recorded as done: 計画作成日 = the day of explanation and
 * consent, providers named on the 本計画, the person's attendance at the meeting (or the
 * reason), who/how/when of each consent (proxies with name, relationship and reason), a
 * complete 支給決定, and a note with every send-back.
 */
import type { PlanStage } from '#app/document-forms/plan.ts'
import { ROLE_LABELS, type TeamRole } from '#app/policies/roles.ts'
import { MONITORING_PERIOD_LABELS } from '#app/modules/clients/labels.ts'
import { decisionPeriodErrors, monitoringMonths } from '#app/modules/monitoring/schedule.ts'
import { formatJpDate, isValidIsoDate } from '#app/utils/dates.ts'

// ---------------------------------------------------------------------------
// Variants, states, actions

/**
 * Who writes the plan. 'specialist': a 指定特定（障害児）相談支援事業者's 相談支援専門員 (計画相談支援).
 * 'self': セルフプラン, written by the person or their family instead of an agency (docs/domain/people-and-terms.md:
 * "plan written by the person/family instead of an agency (no fee to agency)"; seed 001:
 * 「事業所に代わり利用者本人、家族等が「セルフプラン」を作成することもできます」).
 */
export const PLAN_VARIANTS = ['specialist', 'self'] as const
export type PlanVariant = (typeof PLAN_VARIANTS)[number]
export const PLAN_VARIANT_LABELS: Record<PlanVariant, string> = {
	specialist: '計画相談支援（相談支援専門員が作成）',
	self: 'セルフプラン（本人・家族が作成）',
}

export const CYCLE_STATES = [
	'assessment',
	'draft',
	'draft_consented',
	'submitted',
	'decided',
	'meeting',
	'final',
	'final_consented',
	'active',
	'monitoring',
	'revision',
	'closed',
] as const
export type CycleState = (typeof CYCLE_STATES)[number]
export const CYCLE_STATE_LABELS: Record<CycleState, string> = {
	assessment: 'アセスメント',
	draft: '計画案作成中',
	draft_consented: '計画案 同意済み',
	submitted: '計画案 提出済み（支給決定待ち）',
	decided: '支給決定済み',
	meeting: 'サービス担当者会議 開催済み',
	final: '本計画 作成中',
	final_consented: '本計画 同意・交付済み',
	active: '実施中',
	monitoring: 'モニタリング中',
	revision: '見直し（次の計画へ）',
	closed: '終了',
}

/**
 * 案 or 本計画 follows the cycle (docs/domain/plan-cycle.md steps 5–8), never a select: the plan is the 計画案
 * until the サービス担当者会議 has been held after the 支給決定, and the 本計画 from then on
 * (title, 提供事業者名 column and the checks of the 本計画). A closed cycle keeps the stage it
 * had when it was closed (the caller passes the state it was closed from).
 */
export function planStageForState(state: CycleState): PlanStage {
	return FINAL_STAGE_STATES.includes(state) ? 'final' : 'draft'
}
const FINAL_STAGE_STATES: readonly CycleState[] = ['meeting', 'final', 'final_consented', 'active', 'monitoring', 'revision']

/** Why the plan is the 案 or the 本計画 now: shown on the plan and printed with a frozen version. */
export const PLAN_STAGE_REASONS: Record<CycleState, string> = {
	assessment: 'アセスメントの段階のため計画案です。サービス担当者会議を開催すると本計画になります。',
	draft: '計画案を作成している段階です。支給決定の後、サービス担当者会議を開催すると本計画になります。',
	draft_consented: '計画案に同意を得た段階です。支給決定の後、サービス担当者会議を開催すると本計画になります。',
	submitted: '計画案を市町村に提出し、支給決定を待っている段階です。',
	decided: '支給決定を受けた段階です。サービス担当者会議を開催すると本計画になります。',
	meeting: 'サービス担当者会議を開催したため本計画です。各行に提供事業者名を記入します。',
	final: 'サービス担当者会議を開催したため本計画です。各行に提供事業者名を記入します。',
	final_consented: '本計画に同意を得て交付した段階です。',
	active: '本計画に基づいてサービスを利用している段階です。',
	monitoring: '本計画のモニタリングを行っている段階です。',
	revision: '見直しに入った本計画です。次の計画はアセスメントから始まります。',
	closed: '支援を終了した計画です。',
}

/** A cycle ends in 見直し (the next cycle starts: nextCycle) or 終了. */
export const TERMINAL_STATES: readonly CycleState[] = ['revision', 'closed']

/**
 * The states a セルフプラン passes through. What drops out is what only the 相談支援専門員 does
 * in person — the home-visit assessment, explaining the 計画案 and the plan, asking the providers at
 * the サービス担当者会議 (docs/domain/people-and-terms.md) — and what only an agency provides: 計画相談支援
 * is サービス利用支援 and 継続サービス利用支援 (the monitoring); the meeting is the specialist's, and the
 * 本計画 adds the providers after it (docs/domain/plan-cycle.md steps 7–8):
 *   - アセスメント: the authors know their own situation; the cycle starts at the 案.
 *   - 計画案への同意: the person or family wrote it — there is nobody to explain it to them.
 *   - サービス担当者会議, 本計画, 本計画への同意・交付: the agency's steps after the decision.
 *   - モニタリング: 継続サービス利用支援 is an agency service; the 受給者証 sets no monitoring months.
 * What stays: writing the 案, submitting it, the municipality's send-back or 支給決定, starting
 * services, and renewal (見直し) or the end — the same cycle without the specialist's steps.
 */
export const VARIANT_STATES: Record<PlanVariant, readonly CycleState[]> = {
	specialist: CYCLE_STATES,
	self: ['draft', 'submitted', 'decided', 'active', 'revision', 'closed'],
}

export const CYCLE_ACTIONS = [
	'write_draft',
	'consent_draft',
	'submit',
	'send_back',
	'record_decision',
	'hold_meeting',
	'finalize',
	'consent_final',
	'start_services',
	'start_monitoring',
	'continue_plan',
	'revise',
	'close',
] as const
export type CycleAction = (typeof CYCLE_ACTIONS)[number]

export type PlanCycle = { variant: PlanVariant; state: CycleState }

// ---------------------------------------------------------------------------
// Facts

export const CONSENT_METHODS = ['written', 'electronic'] as const
export type ConsentMethod = (typeof CONSENT_METHODS)[number]
export const CONSENT_METHOD_LABELS: Record<ConsentMethod, string> = { written: '書面（署名）', electronic: '電磁的方法' }

/** One consent as the inspector reads it: who, how, when (docs/domain/records-and-consent.md). */
export type ConsentRecord = {
	/** the person themself, or a proxy (保護者・家族・後見人) */
	by: 'self' | 'proxy'
	/** name of whoever consented (the proxy's name for a proxy) */
	name: string
	method: ConsentMethod
	/** 同意日 YYYY-MM-DD */
	date: string
	/** 説明日 YYYY-MM-DD: the day the plan was explained */
	explainedOn: string
	/** proxy only: relationship to the person (e.g. 母, 成年後見人) */
	relationship?: string
	/** proxy only: why the person did not consent themself (e.g. 未成年のため) */
	reason?: string
	/** electronic only: the person's prior agreement to 電磁的方法 is on record */
	priorElectronicAgreement?: boolean
}

/** The 支給決定 as printed on the 受給者証 (docs/domain/forms.md). */
export type DecisionRecord = {
	/** 支給決定期間 */
	start: string
	end: string
	/** サービス種類・支給量, one entry each */
	services: readonly string[]
	/** モニタリング期間 (monthly | every3 | every6 | custom) — 計画相談支援 only */
	monitoringPeriod?: string
	monitoringMonths?: string | readonly string[]
}

export type MeetingRecord = {
	/** the day it was held: its actual start (「会議を開始」), not the day it was scheduled for */
	date: string
	/** 「会議を開始」 was recorded: a meeting only scheduled and closed was never held */
	started: boolean
	personAttended: boolean
	/** required when the person did not attend */
	absenceReason?: string
	/** each provider's 専門的見地からの意見 is recorded (照会 for those absent) */
	providerOpinionsRecorded: boolean
}

/** One goal row of the plan table (documents/plan.ts PLAN_GOAL_COLUMNS). */
export type GoalRow = { need: string; provider: string }

export type MonitoringRecord = {
	/**
	 * the facts come from a completed モニタリング報告書 (monitoring.server.ts completes it and
	 * records the step): the step is never recorded on its own, nor from a draft report
	 */
	fromCompletedReport: boolean
	date: string
	/** 実施場所 (居宅等) — recorded on every monitoring (docs/domain/plan-cycle.md step 10) */
	place: string
	/** 計画変更の必要性: any of サービス種類・量・週間計画 marked 有; undefined = not yet recorded */
	changeNeeded?: boolean
}

/**
 * How the アセスメント was done: inspectors require the 居宅訪問 (docs/domain/plan-cycle.md step 4); an exception (入院中, 入所中…) is allowed with its reason. 実施場所 stays text.
 */
export const ASSESSMENT_METHODS = ['home_visit', 'hospital', 'facility', 'other'] as const
export type AssessmentMethod = (typeof ASSESSMENT_METHODS)[number]
export const ASSESSMENT_METHOD_LABELS: Record<AssessmentMethod, string> = {
	home_visit: '居宅訪問',
	hospital: '例外：入院中（病院で面接）',
	facility: '例外：施設に入所中（施設で面接）',
	other: '例外：その他（理由を記録）',
}

export type AssessmentRecord = { date: string; place: string; method?: string; reason?: string }

/**
 * The recorded facts a transition is checked against. Dates are YYYY-MM-DD. The delivery and
 * submission dates concern the plan document of the step at hand: the 計画案 when submitting
 * it, the 本計画 when starting services.
 */
export type CycleFacts = {
	assessment?: AssessmentRecord
	/** 計画案作成日 */
	draftDate?: string
	/** 計画作成日 (本計画) */
	planDate?: string
	consent?: ConsentRecord
	/** 交付 to the person */
	deliveredToPersonOn?: string
	/** 交付 to every provider on the plan */
	deliveredToProvidersOn?: string
	/** サービス利用開始日 */
	servicesStartOn?: string
	/** 提出 to the municipality */
	submittedOn?: string
	decision?: DecisionRecord
	/** the municipality's note when sending the 案 back */
	sendBackNote?: string
	meeting?: MeetingRecord
	goals?: readonly GoalRow[]
	monitoring?: MonitoringRecord
	revisionReason?: string
	closeReason?: string
}
export type FactKey = keyof CycleFacts

export const FACT_LABELS: Record<FactKey, string> = {
	assessment: 'アセスメントの記録（実施日・居宅訪問か例外か・実施場所）',
	draftDate: '計画案作成日',
	planDate: '計画作成日',
	consent: '同意の記録（誰が・どの方法で・いつ）',
	deliveredToPersonOn: '本人への交付日',
	deliveredToProvidersOn: '事業所への交付日',
	servicesStartOn: 'サービス利用開始日',
	submittedOn: '市町村への提出日',
	decision: '支給決定の内容（支給決定期間・サービス・モニタリング期間）',
	sendBackNote: '差し戻しの理由',
	meeting: 'この計画のサービス担当者会議（支給決定の後に開始・終了した会議、本人の出席、各事業所の意見）',
	goals: '計画の目標と提供事業者',
	monitoring: '完了したモニタリング報告書（実施日・実施場所・計画変更の必要性）',
	revisionReason: '見直しの理由',
	closeReason: '終了の理由',
}

// ---------------------------------------------------------------------------
// Transitions

export type Transition = {
	action: CycleAction
	label: string
	from: readonly CycleState[]
	to: CycleState
	/** team roles that may take the step */
	roles: readonly TeamRole[]
	/** the facts the step is checked against (FACT_LABELS) */
	requires: readonly FactKey[]
}

const OPEN_SPECIALIST = CYCLE_STATES.filter((s) => !TERMINAL_STATES.includes(s))
const OPEN_SELF = VARIANT_STATES.self.filter((s) => !TERMINAL_STATES.includes(s))

/**
 * Roles, by principle:
 * - Steps the 相談支援専門員 must take personally (assessment, explaining and obtaining consent,
 *   the meeting, monitoring — docs/domain/people-and-terms.md) are the specialist's alone; the office manager
 *   supervises but does not stand in for them.
 * - Paperwork the office as a whole is answerable for (submitting, recording the decision from
 *   the 受給者証, starting services once the plan is delivered, closing the case) is also open
 *   to the 相談支援事業所 管理者.
 * - 本人 and the family consent themselves (電磁的方法, docs/domain/records-and-consent.md); the specialist records a
 *   consent obtained on paper.
 * - The municipality sends the 案 back and records the 支給決定. Most municipalities are not
 *   on the workspace, so the office may transcribe the decision from the 受給者証 (it already
 *   keeps the certificate register: certificate.edit).
 * - Providers and the 拠点 coordinator take part (meeting, 個別支援計画) but move no step.
 */
export const TRANSITIONS: Record<PlanVariant, readonly Transition[]> = {
	specialist: [
		{ action: 'write_draft', label: '計画案の作成', from: ['assessment'], to: 'draft', roles: ['specialist'], requires: ['assessment'] },
		{
			action: 'consent_draft',
			label: '計画案の説明・同意',
			from: ['draft'],
			to: 'draft_consented',
			roles: ['specialist', 'client_self', 'family'],
			requires: ['draftDate', 'consent'],
		},
		{
			action: 'submit',
			label: '計画案の交付・市町村への提出',
			from: ['draft_consented'],
			to: 'submitted',
			roles: ['specialist', 'office_manager'],
			requires: ['deliveredToPersonOn', 'submittedOn'],
		},
		{ action: 'send_back', label: '計画案の差し戻し', from: ['submitted'], to: 'draft', roles: ['municipal'], requires: ['sendBackNote'] },
		{
			action: 'record_decision',
			label: '支給決定の記録',
			from: ['submitted'],
			to: 'decided',
			roles: ['municipal', 'specialist', 'office_manager'],
			requires: ['decision'],
		},
		{ action: 'hold_meeting', label: 'サービス担当者会議の開催', from: ['decided'], to: 'meeting', roles: ['specialist'], requires: ['meeting'] },
		{ action: 'finalize', label: '本計画の作成', from: ['meeting'], to: 'final', roles: ['specialist'], requires: ['goals'] },
		{
			action: 'consent_final',
			label: '本計画の説明・同意・交付',
			from: ['final'],
			to: 'final_consented',
			roles: ['specialist', 'client_self', 'family'],
			requires: ['planDate', 'consent', 'goals', 'deliveredToPersonOn'],
		},
		{
			action: 'start_services',
			label: 'サービス利用開始（事業所への交付・市町村への提出）',
			from: ['final_consented'],
			to: 'active',
			roles: ['specialist', 'office_manager'],
			requires: ['deliveredToProvidersOn', 'submittedOn', 'servicesStartOn'],
		},
		{ action: 'start_monitoring', label: 'モニタリングの実施', from: ['active'], to: 'monitoring', roles: ['specialist'], requires: ['monitoring'] },
		{ action: 'continue_plan', label: '計画の継続（変更なし）', from: ['monitoring'], to: 'active', roles: ['specialist'], requires: ['monitoring'] },
		{ action: 'revise', label: '計画の見直し（次の計画へ）', from: ['active', 'monitoring'], to: 'revision', roles: ['specialist'], requires: ['revisionReason'] },
		{ action: 'close', label: '支援の終了', from: OPEN_SPECIALIST, to: 'closed', roles: ['specialist', 'office_manager'], requires: ['closeReason'] },
	],
	self: [
		{
			action: 'submit',
			label: 'セルフプランの市町村への提出',
			from: ['draft'],
			to: 'submitted',
			roles: ['client_self', 'family'],
			requires: ['draftDate', 'submittedOn'],
		},
		{ action: 'send_back', label: 'セルフプランの差し戻し', from: ['submitted'], to: 'draft', roles: ['municipal'], requires: ['sendBackNote'] },
		{
			action: 'record_decision',
			label: '支給決定の記録',
			from: ['submitted'],
			to: 'decided',
			// Without an agency, the person or family transcribe their own 受給者証.
			roles: ['municipal', 'client_self', 'family'],
			requires: ['decision'],
		},
		{ action: 'start_services', label: 'サービス利用開始', from: ['decided'], to: 'active', roles: ['client_self', 'family'], requires: [] },
		{ action: 'revise', label: '計画の見直し（次の計画へ）', from: ['active'], to: 'revision', roles: ['client_self', 'family'], requires: ['revisionReason'] },
		{ action: 'close', label: '支援の終了', from: OPEN_SELF, to: 'closed', roles: ['client_self', 'family'], requires: ['closeReason'] },
	],
}

/** Default label of each action (the specialist variant's; a variant may word it differently). */
export const CYCLE_ACTION_LABELS = Object.fromEntries(TRANSITIONS.specialist.map((t) => [t.action, t.label])) as Record<CycleAction, string>

export function initialState(variant: PlanVariant): CycleState {
	return variant === 'self' ? 'draft' : 'assessment'
}

export function isTerminal(state: CycleState): boolean {
	return TERMINAL_STATES.includes(state)
}

export function transitionFor(variant: PlanVariant, action: CycleAction): Transition | null {
	return TRANSITIONS[variant]?.find((t) => t.action === action) ?? null
}

/**
 * The cycle after 見直し: a new one, for the same or the other variant (a person may switch
 * between an agency plan and a セルフプラン at renewal). A specialist cycle starts again at
 * アセスメント: the new 計画案 rests on the situation now (docs/domain/plan-cycle.md step 10: a needed change
 * starts a new 計画案 and loops back to the decision)
 */
export function nextCycle(previous: PlanCycle, variant: PlanVariant = previous.variant): PlanCycle {
	if (previous.state !== 'revision') {
		throw new Error(`A new cycle starts from 'revision' only; this cycle is in '${previous.state}'`)
	}
	return { variant, state: initialState(variant) }
}

// ---------------------------------------------------------------------------
// Checks

export type CheckResult = { ok: true } | { ok: false; errors: string[] }

function isVariant(value: unknown): value is PlanVariant {
	return (PLAN_VARIANTS as readonly unknown[]).includes(value)
}
function isState(value: unknown): value is CycleState {
	return (CYCLE_STATES as readonly unknown[]).includes(value)
}
function isAction(value: unknown): value is CycleAction {
	return (CYCLE_ACTIONS as readonly unknown[]).includes(value)
}
function roleLabel(role: string): string {
	return (ROLE_LABELS as Record<string, string>)[role] ?? role
}
function blank(value: string | undefined | null): boolean {
	return typeof value !== 'string' || value.trim() === ''
}
function dateError(value: string | undefined, label: string): string | null {
	if (!value) return `${label}がありません`
	if (typeof value !== 'string' || !isValidIsoDate(value)) return `${label}「${value}」が正しい日付ではありません`
	return null
}
function push(errors: string[], error: string | null): void {
	if (error) errors.push(error)
}

/**
 * May this actor take this step now, given these facts? State and role are checked first;
 * the facts only when both allow the step (a fact list for a step one cannot take is noise).
 * All problems of a stage are reported at once, in Japanese, so the form can list them.
 */
export function checkTransition(cycle: PlanCycle, action: CycleAction, actorRole: TeamRole, facts: CycleFacts): CheckResult {
	if (!isVariant(cycle.variant)) return { ok: false, errors: [`不明な計画の種類です: ${String(cycle.variant)}`] }
	if (!isState(cycle.state)) return { ok: false, errors: [`不明な段階です: ${String(cycle.state)}`] }
	if (!isAction(action)) return { ok: false, errors: [`不明な操作です: ${String(action)}`] }
	const transition = transitionFor(cycle.variant, action)
	if (!transition) {
		return { ok: false, errors: [`${PLAN_VARIANT_LABELS[cycle.variant]}には「${CYCLE_ACTION_LABELS[action]}」の手順はありません`] }
	}
	const errors: string[] = []
	if (!transition.from.includes(cycle.state)) {
		errors.push(
			`「${transition.label}」は「${transition.from.map((s) => CYCLE_STATE_LABELS[s]).join('」「')}」の段階で行います（現在: ${CYCLE_STATE_LABELS[cycle.state]}）`,
		)
	}
	if (!transition.roles.includes(actorRole)) {
		errors.push(`「${transition.label}」は${transition.roles.map(roleLabel).join('・')}が行います（あなた: ${roleLabel(actorRole)}）`)
	}
	if (errors.length > 0) return { ok: false, errors }
	errors.push(...factErrors(cycle.variant, action, actorRole, facts ?? {}))
	return errors.length > 0 ? { ok: false, errors } : { ok: true }
}

/** The steps the actor may take from the current state, each with what still blocks it (for the UI). */
export function availableTransitions(
	cycle: PlanCycle,
	actorRole: TeamRole,
	facts: CycleFacts,
): Array<{ transition: Transition; ok: boolean; errors: string[] }> {
	if (!isVariant(cycle.variant)) return []
	return TRANSITIONS[cycle.variant]
		.filter((t) => t.from.includes(cycle.state) && t.roles.includes(actorRole))
		.map((transition) => {
			const result = checkTransition(cycle, transition.action, actorRole, facts)
			return { transition, ok: result.ok, errors: result.ok ? [] : result.errors }
		})
}

/** Takes the step: the cycle in its new state, or why not. */
export function applyTransition(
	cycle: PlanCycle,
	action: CycleAction,
	actorRole: TeamRole,
	facts: CycleFacts,
): { ok: true; cycle: PlanCycle } | { ok: false; errors: string[] } {
	const result = checkTransition(cycle, action, actorRole, facts)
	if (!result.ok) return result
	const transition = transitionFor(cycle.variant, action) as Transition
	return { ok: true, cycle: { variant: cycle.variant, state: transition.to } }
}

function factErrors(variant: PlanVariant, action: CycleAction, role: TeamRole, facts: CycleFacts): string[] {
	const errors: string[] = []
	switch (action) {
		case 'write_draft':
			errors.push(...assessmentErrors(facts.assessment))
			break
		case 'consent_draft': {
			push(errors, dateError(facts.draftDate, '計画案作成日'))
			const consent = consentErrors(facts.consent, role)
			errors.push(...consent)
			// H26 guidance lets the 案 be consented to later (by post), so the dates need only be in
			// order: written, then explained, then consented.
			if (consent.length === 0 && errors.length === 0) {
				const { explainedOn } = facts.consent as ConsentRecord
				if (explainedOn < (facts.draftDate as string)) {
					errors.push(`説明日（${formatJpDate(explainedOn)}）が計画案作成日（${formatJpDate(facts.draftDate)}）より前です`)
				}
			}
			break
		}
		case 'submit':
			if (variant === 'self') push(errors, dateError(facts.draftDate, 'セルフプランの作成日'))
			else push(errors, dateError(facts.deliveredToPersonOn, '計画案を本人に交付した日'))
			push(errors, dateError(facts.submittedOn, '市町村への提出日'))
			break
		case 'send_back':
			if (blank(facts.sendBackNote)) errors.push('差し戻しの理由（直してほしい点）を記入してください')
			break
		case 'record_decision':
			errors.push(...decisionErrors(facts.decision, variant === 'specialist'))
			break
		case 'hold_meeting':
			errors.push(...meetingErrors(facts.meeting))
			break
		case 'finalize':
			errors.push(...goalErrors(facts.goals))
			break
		case 'consent_final':
			errors.push(...goalErrors(facts.goals))
			errors.push(...finalConsentErrors(facts, role))
			push(errors, dateError(facts.deliveredToPersonOn, '本計画を本人に交付した日'))
			break
		case 'start_services':
			if (variant === 'specialist') {
				push(errors, dateError(facts.deliveredToProvidersOn, '本計画を各事業所に交付した日'))
				push(errors, dateError(facts.submittedOn, '本計画を市町村に提出した日'))
				push(errors, dateError(facts.servicesStartOn, 'サービス利用開始日'))
			}
			break
		case 'start_monitoring':
			errors.push(...monitoringErrors(facts.monitoring))
			break
		case 'continue_plan':
			if (!facts.monitoring || facts.monitoring.changeNeeded === undefined) {
				errors.push('計画変更の必要性（有・無）を記録してください')
			} else if (facts.monitoring.changeNeeded) {
				errors.push('計画変更の必要性が「有」のため、このまま継続できません。計画の見直しに進んでください')
			}
			break
		case 'revise':
			if (blank(facts.revisionReason)) errors.push('見直しの理由（モニタリングの結果、状態の変化、支給決定期間の更新など）を記入してください')
			break
		case 'close':
			if (blank(facts.closeReason)) errors.push('終了の理由（契約の終了、転居、サービス利用の終了など）を記入してください')
			break
	}
	return errors
}

function assessmentErrors(assessment: AssessmentRecord | undefined): string[] {
	// The 相談支援専門員 assesses in person at the home, and the result is recorded (docs/domain/plan-cycle.md step 4).
	if (!assessment) return ['アセスメントの記録がありません（実施日・居宅訪問か例外か・実施場所）']
	const errors: string[] = []
	push(errors, dateError(assessment.date, 'アセスメントの実施日'))
	if (!(ASSESSMENT_METHODS as readonly unknown[]).includes(assessment.method)) {
		errors.push('アセスメントの方法を選んでください（居宅訪問、または入院中などの例外）')
	} else if (assessment.method !== 'home_visit' && blank(assessment.reason)) {
		errors.push('居宅訪問で行わなかった理由を記録してください（例：入院中のため病院で面接）')
	}
	if (blank(assessment.place)) errors.push('アセスメントの実施場所（ご自宅など）を記録してください')
	return errors
}

/**
 * Who, how and when (the 利用者同意署名欄, docs/domain/records-and-consent.md): a proxy needs name,
 * relationship and reason (an inspection point); 電磁的方法 needs the person's prior agreement. 本人 consents as themself and the family as a proxy: an account cannot sign in
 * somebody else's name.
 */
function consentErrors(consent: ConsentRecord | undefined, role: TeamRole): string[] {
	if (!consent) return ['同意の記録がありません（誰が・どの方法で・いつ）']
	const errors: string[] = []
	if (consent.by !== 'self' && consent.by !== 'proxy') errors.push('同意したのが本人か代理人かを記録してください')
	if (blank(consent.name)) errors.push('同意した人の氏名を記録してください')
	if (!(CONSENT_METHODS as readonly string[]).includes(consent.method)) errors.push('同意の方法（書面・電磁的方法）を記録してください')
	push(errors, dateError(consent.date, '同意日'))
	push(errors, dateError(consent.explainedOn, '説明日'))
	if (consent.by === 'proxy') {
		if (blank(consent.relationship)) errors.push('代理人の続柄を記録してください')
		if (blank(consent.reason)) errors.push('本人ではなく代理人が同意した理由を記録してください')
	}
	if (consent.method === 'electronic' && consent.priorElectronicAgreement !== true) {
		errors.push('電磁的方法による同意には、電磁的方法によることについて事前に得た承諾の記録が必要です')
	}
	if (role === 'client_self' && consent.by !== 'self') errors.push('本人の操作では、本人による同意として記録してください')
	if (role === 'family' && consent.by !== 'proxy') errors.push('家族・後見人の操作では、代理人による同意として記録してください（続柄と理由も必要です）')
	if (errors.length === 0 && consent.date < consent.explainedOn) {
		errors.push(`同意日（${formatJpDate(consent.date)}）が説明日（${formatJpDate(consent.explainedOn)}）より前です`)
	}
	return errors
}

/**
 * The 本計画's consent, plus the inspection finding that the 計画作成日 is the day of explanation and
 * consent (署名日), not the print date (docs/domain/plan-cycle.md step 8): explained,
 * consented and dated on one day.
 */
function finalConsentErrors(facts: CycleFacts, role: TeamRole): string[] {
	const errors = consentErrors(facts.consent, role)
	push(errors, dateError(facts.planDate, '計画作成日'))
	if (errors.length > 0) return errors
	const { date, explainedOn } = facts.consent as ConsentRecord
	if (explainedOn !== date) {
		errors.push(`説明日（${formatJpDate(explainedOn)}）と同意日（${formatJpDate(date)}）が異なります。本計画は説明したその日に同意を得ます`)
	}
	if (facts.planDate !== date) {
		errors.push(
			`計画作成日（${formatJpDate(facts.planDate)}）が同意日（${formatJpDate(date)}）と異なります。計画作成日は説明・同意を得た日（署名日）にしてください`,
		)
	}
	return errors
}

/** The 本計画 names the responsible provider on every row (docs/domain/forms.md item 9, 本計画 only). */
function goalErrors(goals: readonly GoalRow[] | undefined): string[] {
	if (!goals || goals.length === 0) return ['計画の目標（解決すべき課題）が1行もありません']
	const errors: string[] = []
	goals.forEach((goal, i) => {
		if (blank(goal.provider)) {
			const need = blank(goal.need) ? '' : `（${goal.need.trim().slice(0, 20)}）`
			errors.push(`本計画の${i + 1}行目${need}に提供事業者名がありません`)
		}
	})
	return errors
}

/**
 * A 支給決定 is recorded complete: period, services and — for 計画相談支援 — the モニタリング期間
 * the municipality set on the 相談支援 受給者証 (docs/domain/plan-cycle.md step 6). A セルフプラン has no 計画相談支援, so no monitoring
 * period. The monitoring months are checked by the same reader the schedule uses.
 */
function decisionErrors(decision: DecisionRecord | undefined, needsMonitoring: boolean): string[] {
	if (!decision) return ['支給決定の内容がありません（支給決定期間・サービス' + (needsMonitoring ? '・モニタリング期間）' : '）')]
	const errors = decisionPeriodErrors({ decisionStart: decision.start, decisionEnd: decision.end })
	const services = decision.services ?? []
	if (services.length === 0) errors.push('支給決定されたサービス（種類・支給量）を1件以上記録してください')
	else if (services.some((s) => blank(s))) errors.push('支給決定されたサービスに空の行があります')
	if (needsMonitoring) {
		if (blank(decision.monitoringPeriod)) {
			errors.push(`モニタリング期間（${Object.values(MONITORING_PERIOD_LABELS).join('・')}）を記録してください`)
		} else if (errors.length === 0) {
			const schedule = monitoringMonths({
				decisionStart: decision.start,
				decisionEnd: decision.end,
				monitoringPeriod: decision.monitoringPeriod as string,
				monitoringMonths: decision.monitoringMonths,
			})
			if (!schedule.ok) errors.push(...schedule.errors)
		}
	}
	return errors
}

/**
 * Since R6 the person attends the サービス担当者会議 in principle (exceptions such as 面会謝絶 or a
 * worsening condition — docs/domain/plan-cycle.md step 7), and the specialist obtains each provider's
 * professional opinion.
 */
function meetingErrors(meeting: MeetingRecord | undefined): string[] {
	if (!meeting) return ['サービス担当者会議の記録がありません（この計画の支給決定の後に開始・終了した会議を選んでください）']
	if (!meeting.started) return ['この会議は開始の記録がありません。「会議を開始」から開催した会議だけが開催の記録になります']
	const errors: string[] = []
	push(errors, dateError(meeting.date, '会議の開催日'))
	if (meeting.personAttended !== true && blank(meeting.absenceReason)) {
		errors.push('本人が出席していません。欠席の理由（面会謝絶、出席すると心身の状態が悪化するなど）を記録してください')
	}
	if (meeting.providerOpinionsRecorded !== true) {
		errors.push('各事業所の担当者から専門的見地からの意見を聴いた記録がありません（欠席した事業所には照会）')
	}
	return errors
}

function monitoringErrors(monitoring: MonitoringRecord | undefined): string[] {
	if (!monitoring || !monitoring.fromCompletedReport) {
		return ['モニタリングは、その月のモニタリング報告書を完了すると記録されます（報告書の下書きや、報告書のない記録はできません）']
	}
	const errors: string[] = []
	push(errors, dateError(monitoring.date, 'モニタリングの実施日'))
	if (blank(monitoring.place)) errors.push('モニタリングの実施場所（居宅など）を記録してください')
	return errors
}
