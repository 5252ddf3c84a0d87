import { PLAN_GOALS_TABLE, PLAN_META } from '#app/documents/plan.ts'
import { readDocument, snapshotRows, type DocumentSnapshot } from '#app/documents/structure.ts'
import { audit } from '#app/modules/audit/audit.server.ts'
import { emitAuthzEvent } from '#app/modules/authz-events.server.ts'
import {
	auditCertificateVersion,
	checkCertificateVersion,
	getCurrentCertificate,
	insertCertificateVersion,
} from '#app/modules/clients/certificates.server.ts'
import { newId, type RequestMeta } from '#app/modules/clients/ids.server.ts'
import type { CertificateFormData } from '#app/modules/clients/schemas.ts'
import { ensurePlanDocument, findPlanDocument } from '#app/modules/documents/documents.server.ts'
import { loadStoredDocument } from '#app/modules/documents/stored-document.server.ts'
import { auditVersion, captureVersion, snapshotDigest, writeVersion, type CapturedVersion, type VersionReason } from '#app/modules/versions/versions.server.ts'
import {
	canConsentInApp,
	canRecordPlanDelivery,
	canStartCycle,
	canTakeCycleStep,
	documentAccess,
	hasSpecialistUnderContract,
	isRowActive,
	selfPlanRefusal,
	teamRoleFor,
	SELF_PLAN_STARTERS,
	type Actor,
	type ClientScope,
} from '#app/policies/index.ts'
import type { TeamRole } from '#app/policies/roles.ts'
import { prisma } from '#app/utils/db.server.ts'
import {
	CYCLE_STATES,
	PLAN_VARIANTS,
	checkTransition,
	initialState,
	isTerminal,
	nextCycle,
	transitionFor,
	type CycleAction,
	type CycleFacts,
	type CycleState,
	type DecisionRecord,
	type GoalRow,
	type PlanVariant,
} from './plan-cycle.ts'
import { parseStepInput, type DeliveryMethod, type StepInput } from './step-input.ts'

/**
 * Persistence of the plan cycle (issue #6). The pure state machine (plan-cycle.ts) decides
 * whether a step may be taken; this module loads the facts it needs from the database and the
 * stored plan document, and records an allowed step — the event, the new state, the consent,
 * the deliveries, the frozen version and the 受給者証 row of a 支給決定 — in one transaction, so
 * a refused or interrupted step leaves nothing behind. Authorization is the policy module's.
 */

export type CycleRow = {
	id: string
	clientId: string
	number: number
	variant: PlanVariant
	state: CycleState
	planDocumentId: string | null
	endedAt: Date | null
	createdAt: Date
}

export type StepResult =
	| { ok: true; cycleId: string; state: CycleState; versionId: string | null }
	| { ok: false; status: 400 | 403 | 404 | 409; errors: string[]; fieldErrors?: Record<string, string[]> }

const CYCLE_SELECT = { id: true, clientId: true, number: true, variant: true, state: true, planDocumentId: true, endedAt: true, createdAt: true } as const

/** A cycle row as read from the database, with unknown variants and states made safe. */
export function toCycleRow(row: Parameters<typeof toCycle>[0]): CycleRow {
	return toCycle(row)
}

function toCycle(row: { id: string; clientId: string; number: number; variant: string; state: string; planDocumentId: string | null; endedAt: Date | null; createdAt: Date }): CycleRow {
	const variant = (PLAN_VARIANTS as readonly string[]).includes(row.variant) ? (row.variant as PlanVariant) : 'specialist'
	const state = (CYCLE_STATES as readonly string[]).includes(row.state) ? (row.state as CycleState) : 'closed'
	return { ...row, variant, state }
}

/** The client's cycle that has not ended (at most one), or null. */
export async function loadOpenCycle(clientId: string): Promise<CycleRow | null> {
	const row = await prisma.planCycle.findFirst({ where: { clientId, endedAt: null }, orderBy: { number: 'desc' }, select: CYCLE_SELECT })
	return row ? toCycle(row) : null
}

/** The newest cycle, open or ended (what the client page summarises). */
export async function loadLatestCycle(clientId: string): Promise<CycleRow | null> {
	const row = await prisma.planCycle.findFirst({ where: { clientId }, orderBy: { number: 'desc' }, select: CYCLE_SELECT })
	return row ? toCycle(row) : null
}

const denied = (status: 403 | 404, message = 'この操作を行う権限がありません'): StepResult => ({ ok: false, status, errors: [message] })

/**
 * Opens the client's first (or, after an ended one, next) cycle on the client's plan document,
 * creating the plan when it does not exist yet. A セルフプラン's authors may start it themselves.
 */
export async function startCycle(actor: Actor, scope: ClientScope, variant: PlanVariant, today: string, meta: RequestMeta): Promise<StepResult> {
	const role = teamRoleFor(actor, scope, today)
	if (!role) return denied(404, '見つかりません')
	// A セルフプラン's authors are told why they may not start one here (a specialist under contract).
	const selfRefusal = variant === 'self' && SELF_PLAN_STARTERS.includes(role) ? selfPlanRefusal(scope, today) : null
	if (selfRefusal) return { ok: false, status: 409, errors: [selfRefusal] }
	if (!canStartCycle(actor, scope, variant, today)) return denied(403)
	if (await loadOpenCycle(scope.id)) return { ok: false, status: 409, errors: ['計画の進行はすでに始まっています'] }
	// The plan's writers change with the variant: a セルフプラン's authors write it from now on.
	const plan = await ensurePlanDocument(actor, { ...scope, selfPlan: variant === 'self' }, today, meta)
	const planDocumentId = plan.ok ? plan.id : ((await findPlanDocument(scope.id))?.id ?? null)
	const id = newId('cyc')
	const created = await prisma.$transaction(async (tx) => {
		if (await tx.planCycle.findFirst({ where: { clientId: scope.id, endedAt: null }, select: { id: true } })) return null
		const last = await tx.planCycle.findFirst({ where: { clientId: scope.id }, orderBy: { number: 'desc' }, select: { number: true } })
		const number = (last?.number ?? 0) + 1
		await tx.planCycle.create({ data: { id, clientId: scope.id, number, variant, state: initialState(variant), planDocumentId, createdById: actor.id } })
		return number
	})
	if (created === null) return { ok: false, status: 409, errors: ['計画の進行はすでに始まっています'] }
	// Who writes the plan may have changed (a セルフプラン's authors): open sockets are re-decided.
	if (planDocumentId) emitAuthzEvent({ type: 'document-changed', documentId: planDocumentId })
	await audit({ action: 'cycle.start', userId: actor.id, clientId: scope.id, target: `cycle:${id}`, ipAddress: meta.ipAddress, detail: { variant, number: created } })
	return { ok: true, cycleId: id, state: initialState(variant), versionId: null }
}

// ---------------------------------------------------------------------------
// Facts

/** The stored plan as the steps read it: its dates and goal rows. */
export function planFacts(snapshot: DocumentSnapshot | null): { draftDate?: string; planDate?: string; goals: GoalRow[] } {
	if (!snapshot) return { goals: [] }
	const date = (key: string) => {
		const value = snapshot.meta[key]
		return typeof value === 'string' && value !== '' ? value : undefined
	}
	const goals = snapshotRows(snapshot, PLAN_GOALS_TABLE).map((row) => ({ need: row.cells.need ?? '', provider: row.cells.provider ?? '' }))
	return { draftDate: date(PLAN_META.draftDate), planDate: date(PLAN_META.planDate), goals }
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

/** Provider organisations on the care team today (each receives the 本計画). */
export function providerOrganizations(team: ClientScope['team'], today: string): string[] {
	const ids = team
		.filter((row) => isRowActive(row, today) && (row.role === 'service_manager' || row.role === 'provider_staff') && row.organizationId)
		.map((row) => row.organizationId as string)
	return [...new Set(ids)]
}

/** The version a step of this cycle concerns: the one frozen at the consent of that stage. */
async function consentedVersion(cycleId: string, stage: 'draft' | 'final'): Promise<string | null> {
	const consent = await prisma.planConsent.findFirst({ where: { cycleId, stage }, orderBy: { createdAt: 'desc' }, select: { versionId: true } })
	return consent?.versionId ?? null
}

type StepContext = {
	actor: Actor
	scope: ClientScope
	cycle: CycleRow
	action: CycleAction
	input: StepInput
	channel: 'paper' | 'electronic'
	decision?: CertificateFormData
	today: string
}

type LoadedFacts = { facts: CycleFacts; meetingId?: string; monitoring?: { date: string; changeNeeded?: boolean } }

async function loadFacts(ctx: StepContext): Promise<LoadedFacts> {
	const { cycle, action, input } = ctx
	const needsPlan = ['consent_draft', 'consent_final', 'finalize', 'submit'].includes(action)
	const plan = planFacts(needsPlan ? readStoredPlan(cycle.planDocumentId) : null)
	const facts: CycleFacts = {}
	switch (action) {
		case 'write_draft':
			facts.assessment = { date: input.assessmentDate ?? '', place: input.assessmentPlace ?? '' }
			if (!input.assessmentDate && !input.assessmentPlace) delete facts.assessment
			break
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
			break
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
			break
		case 'hold_meeting': {
			const meeting = input.meetingId
				? await prisma.meeting.findFirst({
						where: { id: input.meetingId, clientId: cycle.clientId, status: 'closed' },
						select: { id: true, date: true, selfAttendance: true, selfAbsenceReason: true },
					})
				: null
			if (meeting) {
				// Closing a meeting requires every participant's attendance (absentees with a reason,
				// whose opinion is asked for by 照会): a closed meeting has the providers' opinions on record.
				facts.meeting = {
					date: meeting.date,
					personAttended: meeting.selfAttendance === 'attended',
					absenceReason: meeting.selfAbsenceReason,
					providerOpinionsRecorded: true,
				}
				return { facts, meetingId: meeting.id }
			}
			break
		}
		case 'finalize':
			facts.goals = plan.goals
			break
		case 'start_services': {
			facts.submittedOn = input.submittedOn
			if (cycle.variant === 'specialist') facts.deliveredToProvidersOn = await providersDeliveredOn(ctx)
			break
		}
		case 'start_monitoring':
			facts.monitoring = { date: input.monitoringDate ?? '', place: input.monitoringPlace ?? '', changeNeeded: input.changeNeeded }
			break
		case 'continue_plan': {
			const last = await prisma.planCycleEvent.findFirst({ where: { cycleId: cycle.id, action: 'start_monitoring' }, orderBy: { createdAt: 'desc' }, select: { detail: true } })
			const recorded = last ? (JSON.parse(last.detail) as { monitoringDate?: string; changeNeeded?: boolean }) : null
			if (recorded) {
				facts.monitoring = {
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
	return { facts }
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

export function decisionRecord(data: CertificateFormData): DecisionRecord {
	return {
		start: data.decisionStart,
		end: data.decisionEnd,
		services: data.services.map((s) => `${s.serviceType} ${s.amount}`),
		monitoringPeriod: data.monitoringPeriod,
		monitoringMonths: data.monitoringMonths,
	}
}

/** The calendar day a step happened, as the timeline shows it. */
function occurredOn(ctx: StepContext, loaded: LoadedFacts): string {
	const { input, action } = ctx
	switch (action) {
		case 'write_draft':
			return input.assessmentDate ?? ctx.today
		case 'consent_draft':
		case 'consent_final':
			return input.consent?.consentedOn || ctx.today
		case 'submit':
		case 'start_services':
			return input.submittedOn ?? ctx.today
		case 'record_decision':
			return ctx.decision?.issuedOn || ctx.today
		case 'hold_meeting':
			return loaded.facts.meeting?.date ?? ctx.today
		case 'start_monitoring':
			return input.monitoringDate ?? ctx.today
		default:
			return ctx.today
	}
}

// ---------------------------------------------------------------------------
// Steps

/**
 * Takes one step of the client's open cycle. Refusals come back with the state machine's
 * Japanese messages and change nothing. `channel` is 'electronic' only from the in-app consent
 * page (the person's or family's own account); everything else is recorded by staff on paper.
 */
export async function takeStep(
	actor: Actor,
	scope: ClientScope,
	action: CycleAction,
	raw: Record<string, string | string[] | undefined>,
	today: string,
	meta: RequestMeta,
	options: {
		channel?: 'paper' | 'electronic'
		decision?: CertificateFormData
		/** in-app consent: the digest of the plan the person read (snapshotDigest); a changed plan is refused */
		shownDigest?: string
	} = {},
): Promise<StepResult> {
	const role = teamRoleFor(actor, scope, today)
	if (!role) return denied(404, '見つかりません')
	const cycle = await loadOpenCycle(scope.id)
	if (!cycle) return { ok: false, status: 409, errors: ['計画の進行がまだ始まっていません'] }
	const transition = transitionFor(cycle.variant, action)
	if (!transition) {
		const check = checkTransition(cycle, action, role, {})
		return { ok: false, status: 400, errors: check.ok ? ['この手順はありません'] : check.errors }
	}
	const channel = options.channel ?? 'paper'
	if (!canTakeCycleStep(actor, scope, transition.roles, today)) {
		const check = checkTransition(cycle, action, role, {})
		return { ok: false, status: 403, errors: check.ok ? ['この操作を行う権限がありません'] : check.errors }
	}
	// In-app consent is the consenting account's own act; staff record a paper signature.
	const consentStep = action === 'consent_draft' || action === 'consent_final'
	if (consentStep && channel === 'electronic' && !canConsentInApp(actor, scope, today)) return denied(403, '電子同意は本人・家族のアカウントで行います')
	if (consentStep && channel === 'paper' && (role === 'family' || role === 'client_self')) {
		return denied(403, '本人・家族の同意は「同意する」画面から行ってください')
	}
	const parsed = parseStepInput(action, raw)
	if (!parsed.ok) return { ok: false, status: 400, errors: Object.values(parsed.fieldErrors).flat(), fieldErrors: parsed.fieldErrors }
	// The next cycle may be a セルフプラン only once no specialist is under contract (the contract is
	// ended first, which closes this cycle: self-plan/contract.server.ts).
	if (action === 'revise' && parsed.input.nextVariant === 'self' && hasSpecialistUnderContract(scope, today)) {
		return { ok: false, status: 400, errors: [selfPlanRefusal(scope, today) as string] }
	}
	const ctx: StepContext = { actor, scope, cycle, action, input: parsed.input, channel, decision: options.decision, today }
	if (action === 'record_decision' && !options.decision) return { ok: false, status: 400, errors: ['支給決定の内容がありません（支給決定期間・サービス・モニタリング期間）'] }

	const loaded = await loadFacts(ctx)
	if (action === 'hold_meeting' && !loaded.meetingId && parsed.input.meetingId) {
		return { ok: false, status: 400, errors: ['選んだサービス担当者会議が見つからないか、まだ終了していません'] }
	}
	const check = checkTransition(cycle, action, role, loaded.facts)
	if (!check.ok) return { ok: false, status: 400, errors: check.errors }

	// Checks of the record the step writes into, before anything is written.
	let supersedes: string | null = null
	if (options.decision) {
		const certificate = await checkCertificateVersion(scope.id, options.decision, today)
		if (!certificate.ok) return { ok: false, status: 400, errors: Object.values(certificate.fieldErrors).flat(), fieldErrors: certificate.fieldErrors }
		supersedes = certificate.supersedes
	}
	const freezeReason = versionReasonFor(cycle.variant, action)
	if (freezeReason && !cycle.planDocumentId) return { ok: false, status: 409, errors: ['計画の文書がありません。先に計画を作成してください'] }
	const captured: CapturedVersion | null = freezeReason && cycle.planDocumentId ? await captureVersion(cycle.planDocumentId) : null
	if (captured && options.shownDigest !== undefined && snapshotDigest(JSON.parse(captured.rendered) as DocumentSnapshot) !== options.shownDigest) {
		return { ok: false, status: 409, errors: ['計画は表示した後に更新されました。もう一度読んでから同意してください'] }
	}
	// The version a submission hands over is the one consented to, not whatever the live plan says now.
	const referenced =
		action === 'submit' && cycle.variant === 'specialist'
			? await consentedVersion(cycle.id, 'draft')
			: action === 'start_services' && cycle.variant === 'specialist'
				? await consentedVersion(cycle.id, 'final')
				: null
	const clientName = await clientDisplayName(scope.id)

	const to = transition.to
	const eventId = newId('cev')
	const written = await prisma.$transaction(async (tx) => {
		const moved = await tx.planCycle.updateMany({
			where: { id: cycle.id, state: cycle.state, endedAt: null },
			data: { state: to, ...(isTerminal(to) ? { endedAt: new Date() } : {}) },
		})
		if (moved.count !== 1) return null
		const version = captured && freezeReason ? await writeVersion(tx, captured, freezeReason, actor.id) : null
		const versionId = version?.id ?? referenced
		const consents: string[] = []
		const deliveries: Array<{ id: string; recipientType: string }> = []
		let certificateId: string | null = null
		const consent = parsed.input.consent
		if (consentStep && consent && version) {
			const id = newId('cns')
			await tx.planConsent.create({
				data: {
					id,
					clientId: scope.id,
					cycleId: cycle.id,
					versionId: version.id,
					stage: action === 'consent_draft' ? 'draft' : 'final',
					consenterType: consent.by,
					consenterName: consent.name,
					relationship: consent.by === 'proxy' ? consent.relationship : '',
					proxyReason: consent.by === 'proxy' ? consent.reason : '',
					method: channel,
					explainedOn: consent.explainedOn,
					consentedOn: consent.consentedOn,
					consentUserId: channel === 'electronic' ? actor.id : null,
					recordedById: actor.id,
				},
			})
			consents.push(id)
		}
		const deliver = async (recipientType: string, recipientName: string, method: DeliveryMethod, deliveredOn: string, organizationId: string | null = null) => {
			const id = newId('dlv')
			await tx.planDelivery.create({
				data: { id, clientId: scope.id, cycleId: cycle.id, versionId, recipientType, recipientName, organizationId, method, deliveredOn, recordedById: actor.id },
			})
			deliveries.push({ id, recipientType })
		}
		const input = parsed.input
		if ((action === 'submit' && cycle.variant === 'specialist') || action === 'consent_final') {
			if (input.deliveredOn) {
				const to = input.deliveredTo ?? (consent?.by === 'proxy' ? 'family' : 'self')
				const name = to === 'family' && consent?.by === 'proxy' ? consent.name : to === 'self' ? clientName : ''
				await deliver(to, name, channel === 'electronic' ? 'electronic' : (input.deliveryMethod ?? 'hand'), input.deliveredOn)
			}
		}
		if ((action === 'submit' || action === 'start_services') && input.submittedOn) {
			// The office hands the plan in at the counter; a セルフプラン's authors submit it through the app.
			await deliver('municipality', '', cycle.variant === 'self' ? 'electronic' : 'hand', input.submittedOn)
		}
		if (action === 'record_decision' && options.decision) certificateId = await insertCertificateVersion(tx, actor, scope.id, options.decision)
		await tx.planCycleEvent.create({
			data: {
				id: eventId,
				cycleId: cycle.id,
				clientId: scope.id,
				action,
				fromState: cycle.state,
				toState: to,
				actorId: actor.id,
				occurredOn: occurredOn(ctx, loaded),
				note: eventNote(ctx),
				versionId,
				detail: JSON.stringify(eventDetail(ctx, loaded, role, { consents, deliveries: deliveries.length, certificateId })),
			},
		})
		let nextCycleId: string | null = null
		if (action === 'revise') {
			const next = nextCycle({ variant: cycle.variant, state: to }, input.nextVariant ?? cycle.variant)
			nextCycleId = newId('cyc')
			await tx.planCycle.create({
				data: { id: nextCycleId, clientId: scope.id, number: cycle.number + 1, variant: next.variant, state: next.state, planDocumentId: cycle.planDocumentId, createdById: actor.id },
			})
		}
		return { version, versionId, consents, deliveries, certificateId, nextCycleId }
	})
	if (!written) return { ok: false, status: 409, errors: ['ほかの人が先に手順を進めたため、記録できませんでした。画面を読み込み直してください'] }

	// A cycle that ends (or a next one of another variant) changes who writes the plan.
	if (isTerminal(to) && cycle.planDocumentId) emitAuthzEvent({ type: 'document-changed', documentId: cycle.planDocumentId })
	// Audits after the commit: the log records what happened, never plan content.
	if (captured && written.version && freezeReason) await auditVersion(captured, written.version, freezeReason, actor.id, meta)
	await audit({
		action: 'cycle.transition',
		userId: actor.id,
		clientId: scope.id,
		target: `cycle:${cycle.id}`,
		ipAddress: meta.ipAddress,
		detail: { step: action, from: cycle.state, to, role, versionId: written.versionId, eventId, nextCycleId: written.nextCycleId },
	})
	for (const id of written.consents) {
		await audit({ action: 'consent.record', userId: actor.id, clientId: scope.id, target: `consent:${id}`, ipAddress: meta.ipAddress, detail: { step: action, method: channel, by: parsed.input.consent?.by } })
	}
	for (const d of written.deliveries) {
		await audit({ action: 'delivery.record', userId: actor.id, clientId: scope.id, target: `delivery:${d.id}`, ipAddress: meta.ipAddress, detail: { step: action, recipient: d.recipientType } })
	}
	if (written.certificateId && options.decision) {
		await auditCertificateVersion(actor, scope.id, written.certificateId, options.decision, supersedes, meta)
		await audit({ action: 'decision.record', userId: actor.id, clientId: scope.id, target: `certificate:${written.certificateId}`, ipAddress: meta.ipAddress, detail: { cycleId: cycle.id, decisionStart: options.decision.decisionStart, decisionEnd: options.decision.decisionEnd } })
	}
	return { ok: true, cycleId: written.nextCycleId ?? cycle.id, state: written.nextCycleId ? initialState(parsed.input.nextVariant ?? cycle.variant) : to, versionId: written.versionId }
}

/** Which steps freeze the live plan: consents, and a セルフプラン's submission (it has no consent step). */
export function versionReasonFor(variant: PlanVariant, action: CycleAction): VersionReason | null {
	if (action === 'consent_draft') return 'draft_consented'
	if (action === 'consent_final') return 'final_consented'
	if (action === 'submit' && variant === 'self') return 'submitted'
	return null
}

function eventNote(ctx: StepContext): string {
	const { input, action } = ctx
	const parts: string[] = []
	if (action === 'write_draft' && input.assessmentPlace) parts.push(`アセスメント実施場所：${input.assessmentPlace}`)
	if ((action === 'start_monitoring' || action === 'continue_plan') && input.monitoringPlace) parts.push(`モニタリング実施場所：${input.monitoringPlace}`)
	if (input.note) parts.push(input.note)
	return parts.join('\n')
}

/** Small facts for the timeline and inspectors: dates, ids, flags — never plan content. */
function eventDetail(ctx: StepContext, loaded: LoadedFacts, role: TeamRole, written: { consents: string[]; deliveries: number; certificateId: string | null }) {
	const { input } = ctx
	return {
		role,
		...(input.assessmentDate ? { assessmentDate: input.assessmentDate } : {}),
		...(loaded.facts.draftDate ? { draftDate: loaded.facts.draftDate } : {}),
		...(loaded.facts.planDate ? { planDate: loaded.facts.planDate } : {}),
		...(input.consent ? { consentMethod: ctx.channel, consentBy: input.consent.by, consentedOn: input.consent.consentedOn, explainedOn: input.consent.explainedOn } : {}),
		...(input.deliveredOn ? { deliveredOn: input.deliveredOn } : {}),
		...(input.submittedOn ? { submittedOn: input.submittedOn } : {}),
		...(loaded.meetingId ? { meetingId: loaded.meetingId, personAttended: loaded.facts.meeting?.personAttended } : {}),
		...(loaded.facts.goals && ['finalize', 'consent_final'].includes(ctx.action) ? { goals: loaded.facts.goals.length } : {}),
		...(input.monitoringDate ? { monitoringDate: input.monitoringDate } : {}),
		...(input.changeNeeded !== undefined ? { changeNeeded: input.changeNeeded } : {}),
		...(written.certificateId ? { certificateId: written.certificateId } : {}),
		...(ctx.decision ? { decisionStart: ctx.decision.decisionStart, decisionEnd: ctx.decision.decisionEnd, monitoringPeriod: ctx.decision.monitoringPeriod } : {}),
		...(written.consents.length ? { consentId: written.consents[0] } : {}),
		...(written.deliveries ? { deliveries: written.deliveries } : {}),
	}
}

async function clientDisplayName(clientId: string): Promise<string> {
	const client = await prisma.client.findUnique({ where: { id: clientId }, select: { familyName: true, givenName: true } })
	return client ? `${client.familyName} ${client.givenName}` : ''
}

// ---------------------------------------------------------------------------
// Electronic consent and deliveries

/** Records that this (本人 / family) account agreed to consent electronically. Idempotent. */
export async function agreeToElectronicConsent(actor: Actor, meta: RequestMeta): Promise<Date> {
	const user = await prisma.user.findUniqueOrThrow({ where: { id: actor.id }, select: { electronicConsentAt: true } })
	if (user.electronicConsentAt) return user.electronicConsentAt
	const now = new Date()
	await prisma.user.update({ where: { id: actor.id }, data: { electronicConsentAt: now } })
	await audit({ action: 'consent.electronic_agreement', userId: actor.id, target: `user:${actor.id}`, ipAddress: meta.ipAddress })
	return now
}

export type DeliveryInput = {
	recipientType: string
	organizationId?: string
	recipientName?: string
	method: string
	deliveredOn: string
	versionId?: string
}

/**
 * Records a 交付 of a frozen version of the plan (to the person, the family, a provider, the
 * municipality). Deliveries are append-only; a wrong one is corrected by a new record.
 */
export async function recordDelivery(actor: Actor, scope: ClientScope, input: DeliveryInput, today: string, meta: RequestMeta): Promise<StepResult> {
	if (!teamRoleFor(actor, scope, today)) return denied(404, '見つかりません')
	if (!canRecordPlanDelivery(actor, scope, today)) return denied(403)
	const cycle = await loadLatestCycle(scope.id)
	if (!cycle) return { ok: false, status: 409, errors: ['計画の進行がまだ始まっていません'] }
	const errors: string[] = []
	const recipientType = input.recipientType
	if (!['self', 'family', 'provider', 'municipality'].includes(recipientType)) errors.push('交付先を選んでください')
	if (!['hand', 'mail', 'electronic'].includes(input.method)) errors.push('交付の方法を選んでください')
	if (!/^\d{4}-\d{2}-\d{2}$/.test(input.deliveredOn)) errors.push('交付日を正しい日付で入力してください')
	else if (input.deliveredOn > today) errors.push('交付日に未来の日付は指定できません')
	let recipientName = (input.recipientName ?? '').trim().slice(0, 100)
	let organizationId: string | null = null
	if (recipientType === 'provider') {
		const providers = providerOrganizations(scope.team, today)
		if (!input.organizationId || !providers.includes(input.organizationId)) errors.push('交付先の事業所を選んでください（チームの事業所のみ）')
		else {
			organizationId = input.organizationId
			const org = await prisma.organization.findUnique({ where: { id: organizationId }, select: { name: true } })
			recipientName = org?.name ?? recipientName
		}
	}
	if (recipientType === 'self' && !recipientName) recipientName = await clientDisplayName(scope.id)
	if (recipientType === 'family' && !recipientName) errors.push('交付した家族・後見人の氏名を入力してください')
	const version = input.versionId
		? await prisma.documentVersion.findFirst({ where: { id: input.versionId, clientId: scope.id }, select: { id: true } })
		: null
	if (!version) errors.push('交付した計画の版を選んでください')
	if (errors.length > 0) return { ok: false, status: 400, errors }
	const id = newId('dlv')
	await prisma.planDelivery.create({
		data: { id, clientId: scope.id, cycleId: cycle.id, versionId: version!.id, recipientType, recipientName, organizationId, method: input.method, deliveredOn: input.deliveredOn, recordedById: actor.id },
	})
	await audit({ action: 'delivery.record', userId: actor.id, clientId: scope.id, target: `delivery:${id}`, ipAddress: meta.ipAddress, detail: { recipient: recipientType, versionId: version!.id } })
	return { ok: true, cycleId: cycle.id, state: cycle.state, versionId: version!.id }
}

/**
 * A provider hands its 個別支援計画 to the 相談支援専門員 (R6: ISPs are delivered back to the
 * specialist). Only the ISP's own writers record it.
 */
export async function recordIspDelivery(
	actor: Actor,
	scope: ClientScope,
	input: { documentId: string; method: string; deliveredOn: string },
	today: string,
	meta: RequestMeta,
): Promise<StepResult> {
	if (!teamRoleFor(actor, scope, today)) return denied(404, '見つかりません')
	const document = await prisma.document.findFirst({ where: { id: input.documentId, clientId: scope.id, kind: 'isp' }, select: { id: true, organizationId: true, frozenAt: true } })
	if (!document) return { ok: false, status: 400, errors: ['個別支援計画を選んでください'] }
	const access = documentAccess(actor, { kind: 'isp', organizationId: document.organizationId, frozen: document.frozenAt !== null, client: scope }, today)
	if (access !== 'write') return denied(403)
	const errors: string[] = []
	if (!['hand', 'mail', 'electronic'].includes(input.method)) errors.push('交付の方法を選んでください')
	if (!/^\d{4}-\d{2}-\d{2}$/.test(input.deliveredOn)) errors.push('交付日を正しい日付で入力してください')
	else if (input.deliveredOn > today) errors.push('交付日に未来の日付は指定できません')
	if (errors.length > 0) return { ok: false, status: 400, errors }
	const specialist = scope.team.find((row) => row.role === 'specialist' && isRowActive(row, today) && row.userId)
	const user = specialist?.userId ? await prisma.user.findUnique({ where: { id: specialist.userId }, select: { displayName: true } }) : null
	const cycle = await loadLatestCycle(scope.id)
	const id = newId('dlv')
	await prisma.planDelivery.create({
		data: {
			id,
			clientId: scope.id,
			cycleId: cycle?.id ?? null,
			documentId: document.id,
			recipientType: 'specialist',
			recipientName: user?.displayName ?? '相談支援専門員',
			organizationId: document.organizationId,
			method: input.method,
			deliveredOn: input.deliveredOn,
			recordedById: actor.id,
		},
	})
	await audit({ action: 'delivery.record', userId: actor.id, clientId: scope.id, target: `delivery:${id}`, ipAddress: meta.ipAddress, detail: { recipient: 'specialist', documentId: document.id } })
	return { ok: true, cycleId: cycle?.id ?? '', state: cycle?.state ?? 'assessment', versionId: null }
}

/** The decision form's starting values: the 受給者証 in force, so the municipality edits what changed. */
export async function decisionDefaults(clientId: string, today: string) {
	const [certificate, client] = await Promise.all([
		getCurrentCertificate(clientId, today),
		prisma.client.findUnique({ where: { id: clientId }, select: { category: true, supportLevel: true, municipalityId: true } }),
	])
	// Client.municipalityId is a plain column (no relation).
	const municipality = client?.municipalityId ? await prisma.organization.findUnique({ where: { id: client.municipalityId }, select: { name: true } }) : null
	return {
		kind: certificate?.kind ?? (client?.category === 'child' ? 'child_day' : 'welfare'),
		number: certificate?.number ?? '',
		issuedBy: certificate?.issuedBy ?? municipality?.name ?? '',
		issuedOn: today,
		effectiveFrom: '',
		decisionStart: '',
		decisionEnd: '',
		supportLevel: certificate?.supportLevel ?? client?.supportLevel ?? '',
		copayCap: certificate ? String(certificate.copayCap) : '',
		monitoringPeriod: certificate?.monitoringPeriod ?? 'every6',
		monitoringMonths: '',
		services: certificate?.services.map((s) => ({ serviceType: s.serviceType, amount: s.amount })) ?? [],
	}
}
