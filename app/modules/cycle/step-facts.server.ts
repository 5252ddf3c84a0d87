import { readDocument, type DocumentSnapshot } from '#app/document-forms/structure.ts'
import type { CertificateFormData } from '#app/modules/clients/schemas.ts'
import { loadStoredDocument } from '#app/modules/documents/stored-document.server.ts'
import { type Actor, type ClientScope } from '#app/policies/index.ts'
import { prisma } from '#app/utils/db.server.ts'
import { toJstDate } from '#app/utils/dates.ts'
import { dateOrderErrors, futureDateError, recordedCycleDates, type CycleDateKey, type CycleDates } from './date-order.ts'
import type { CycleAction, CycleFacts, CycleState, PlanVariant } from './plan-cycle.ts'
import { decisionDate, decisionRecord, parseDetail, planFacts, providerOrganizations } from './step-facts.ts'
import type { StepInput } from './step-input.ts'

/**
 * The facts a cycle step is checked against, read from the database and the stored plan
 * (never from what a browser claims): the plan's dates and goal rows, the meeting, the
 * deliveries, the completed monitoring report, and the dates the cycle's earlier steps
 * recorded (for the date order). Reads only; cycle.server.ts decides and writes.
 */

export type StepCycle = { id: string; clientId: string; number: number; variant: PlanVariant; state: CycleState; planDocumentId: string | null }

export type StepContext = {
	actor: Actor
	scope: ClientScope
	cycle: StepCycle
	action: CycleAction
	input: StepInput
	channel: 'paper' | 'electronic'
	decision?: CertificateFormData
	/** the completed モニタリング報告書 that records the モニタリング step (monitoring.server.ts) */
	monitoringReportId?: string
	today: string
}

export type LoadedFacts = {
	facts: CycleFacts
	meetingId?: string
	/** a chosen meeting that cannot be this cycle's (not found, not closed, used by another cycle) */
	meetingError?: string
	/** the dates of the cycle, with the one this step records */
	dates: CycleDates
	/** which of `dates` this step records, if any */
	dateKey?: CycleDateKey
}

export function readStoredPlan(documentId: string | null): DocumentSnapshot | null {
	if (!documentId) return null
	const doc = loadStoredDocument(documentId)
	try {
		return readDocument(doc)
	} finally {
		doc.destroy()
	}
}

/** The version a step of this cycle concerns: the one frozen at the consent of that stage. */
export async function consentedVersion(cycleId: string, stage: 'draft' | 'final'): Promise<string | null> {
	const consent = await prisma.planConsent.findFirst({ where: { cycleId, stage }, orderBy: { createdAt: 'desc' }, select: { versionId: true } })
	return consent?.versionId ?? null
}

/** The dates the earlier steps of this cycle recorded. */
async function recordedDates(cycleId: string): Promise<CycleDates> {
	const events = await prisma.planCycleEvent.findMany({ where: { cycleId }, orderBy: { createdAt: 'asc' }, select: { action: true, occurredOn: true, detail: true } })
	return recordedCycleDates(events.map((e) => ({ action: e.action, occurredOn: e.occurredOn, detail: parseDetail(e.detail) })))
}

export async function loadFacts(ctx: StepContext): Promise<LoadedFacts> {
	const { cycle, action, input } = ctx
	const needsPlan = ['consent_draft', 'consent_final', 'finalize', 'submit'].includes(action)
	const plan = planFacts(needsPlan ? readStoredPlan(cycle.planDocumentId) : null)
	const facts: CycleFacts = {}
	const dates = await recordedDates(cycle.id)
	const record = (key: CycleDateKey, value: string | undefined): LoadedFacts => {
		if (value) dates[key] = value
		return { facts, dates, dateKey: key }
	}
	switch (action) {
		case 'write_draft':
			if (input.assessmentDate || input.assessmentPlace || input.assessmentMethod) {
				facts.assessment = {
					date: input.assessmentDate ?? '',
					place: input.assessmentPlace ?? '',
					method: input.assessmentMethod,
					reason: input.assessmentReason,
				}
			}
			return record('assessment', input.assessmentDate)
		case 'consent_draft':
		case 'consent_final': {
			facts.draftDate = plan.draftDate
			facts.planDate = plan.planDate
			facts.goals = plan.goals
			const consent = input.consent
			if (consent) {
				const agreedAt =
					ctx.channel === 'electronic'
						? (await prisma.user.findUnique({ where: { id: ctx.actor.id }, select: { electronicConsentAt: true } }))?.electronicConsentAt
						: null
				facts.consent = {
					by: consent.by,
					name: consent.name,
					method: ctx.channel === 'electronic' ? 'electronic' : 'written',
					date: consent.consentedOn,
					explainedOn: consent.explainedOn,
					relationship: consent.relationship,
					reason: consent.reason,
					priorElectronicAgreement: ctx.channel === 'electronic' ? Boolean(agreedAt) : undefined,
				}
			}
			facts.deliveredToPersonOn = input.deliveredOn
			return action === 'consent_draft' ? record('draft', plan.draftDate) : record('plan', plan.planDate)
		}
		case 'submit':
			facts.draftDate = plan.draftDate
			facts.deliveredToPersonOn = input.deliveredOn
			facts.submittedOn = input.submittedOn
			break
		case 'send_back':
			facts.sendBackNote = input.note
			break
		case 'record_decision':
			if (ctx.decision) facts.decision = decisionRecord(ctx.decision)
			return record('decision', decisionDate(ctx.decision))
		case 'hold_meeting':
			return loadMeetingFacts(ctx, facts, dates)
		case 'finalize':
			facts.goals = plan.goals
			break
		case 'start_services': {
			facts.submittedOn = input.submittedOn
			facts.servicesStartOn = input.servicesStartOn
			if (cycle.variant === 'specialist') facts.deliveredToProvidersOn = await providersDeliveredOn(ctx)
			return record('servicesStart', input.servicesStartOn)
		}
		case 'start_monitoring':
			facts.monitoring = await completedReportFacts(ctx)
			break
		case 'continue_plan': {
			const last = await prisma.planCycleEvent.findFirst({ where: { cycleId: cycle.id, action: 'start_monitoring' }, orderBy: { createdAt: 'desc' }, select: { detail: true } })
			const recorded = last ? (parseDetail(last.detail) as { monitoringDate?: string; changeNeeded?: boolean }) : null
			if (recorded) {
				facts.monitoring = {
					// The モニタリング step is only ever recorded from a completed report.
					fromCompletedReport: true,
					date: recorded.monitoringDate ?? '',
					place: '記録済み',
					changeNeeded: input.changeNeeded ?? recorded.changeNeeded,
				}
			}
			break
		}
		case 'revise':
			facts.revisionReason = input.note
			break
		case 'close':
			facts.closeReason = input.note
			break
	}
	return { facts, dates }
}

/**
 * The meeting step takes a meeting of this cycle: closed, actually started (its held day is the
 * day of 「会議を開始」), not already the meeting of another cycle; the date order then puts it
 * on or after the 支給決定.
 */
async function loadMeetingFacts(ctx: StepContext, facts: CycleFacts, dates: CycleDates): Promise<LoadedFacts> {
	const id = ctx.input.meetingId
	if (!id) return { facts, dates, dateKey: 'meeting' }
	const meeting = await prisma.meeting.findFirst({
		where: { id, clientId: ctx.cycle.clientId, status: 'closed' },
		select: { id: true, date: true, startedAt: true, selfAttendance: true, selfAbsenceReason: true },
	})
	if (!meeting) return { facts, dates, dateKey: 'meeting', meetingError: '選んだサービス担当者会議が見つからないか、まだ終了していません' }
	const usedBy = await prisma.planCycleEvent.findFirst({
		where: { clientId: ctx.cycle.clientId, action: 'hold_meeting', cycleId: { not: ctx.cycle.id }, detail: { contains: `"meetingId":"${meeting.id}"` } },
		select: { cycle: { select: { number: true } } },
	})
	if (usedBy) return { facts, dates, dateKey: 'meeting', meetingError: `選んだ会議は第${usedBy.cycle.number}期の計画の会議として記録済みです。この計画のために開催した会議を選んでください` }
	const heldOn = meeting.startedAt ? toJstDate(meeting.startedAt) : ''
	// Closing a meeting requires every participant's attendance (absentees with a reason, whose
	// opinion is asked for by 照会): a closed meeting has the providers' opinions on record.
	facts.meeting = {
		date: heldOn,
		started: meeting.startedAt !== null,
		personAttended: meeting.selfAttendance === 'attended',
		absenceReason: meeting.selfAbsenceReason,
		providerOpinionsRecorded: true,
	}
	if (heldOn) dates.meeting = heldOn
	return { facts, dates, dateKey: 'meeting', meetingId: meeting.id }
}

/** The モニタリング step's facts, only from a completed report of this client. */
async function completedReportFacts(ctx: StepContext): Promise<CycleFacts['monitoring']> {
	if (!ctx.monitoringReportId) return undefined
	const report = await prisma.monitoringReport.findFirst({
		where: { id: ctx.monitoringReportId, clientId: ctx.cycle.clientId },
		select: { status: true, conductedOn: true, changeNeeded: true },
	})
	if (!report) return undefined
	return {
		fromCompletedReport: report.status === 'completed' && report.conductedOn !== '',
		date: report.conductedOn,
		place: ctx.input.monitoringPlace ?? '',
		changeNeeded: report.changeNeeded,
	}
}

/** Day the 本計画 reached the last provider on the team, or undefined while one still lacks it. */
async function providersDeliveredOn(ctx: StepContext): Promise<string | undefined> {
	const versionId = await consentedVersion(ctx.cycle.id, 'final')
	if (!versionId) return undefined
	const deliveries = await prisma.planDelivery.findMany({
		where: { cycleId: ctx.cycle.id, versionId, recipientType: 'provider' },
		select: { organizationId: true, deliveredOn: true },
	})
	const providers = providerOrganizations(ctx.scope.team, ctx.today)
	if (deliveries.length === 0) return undefined
	let latest = ''
	for (const org of providers) {
		const found = deliveries.filter((d) => d.organizationId === org).map((d) => d.deliveredOn)
		if (found.length === 0) return undefined
		const first = found.sort()[0]
		if (first > latest) latest = first
	}
	return latest || deliveries.map((d) => d.deliveredOn).sort()[0]
}

/** The date-order refusals of this step (nothing when it records no date of the order). */
export function stepDateErrors(loaded: LoadedFacts, today: string): string[] {
	if (!loaded.dateKey) return []
	const errors = dateOrderErrors(loaded.dates, loaded.dateKey)
	const future = futureDateError(loaded.dates[loaded.dateKey], loaded.dateKey, today)
	return future ? [future, ...errors] : errors
}
