import type { DocumentSnapshot } from '#app/document-forms/structure.ts'
import { audit } from '#app/modules/audit/audit.server.ts'
import { emitAuthzEvent } from '#app/modules/authz-events.server.ts'
import {
	auditCertificateVersion,
	checkCertificateVersion,
	getCurrentCertificate,
	insertCertificateVersion,
} from '#app/modules/clients/certificates.server.ts'
import { newId, type RequestMeta } from '#app/modules/clients/ids.server.ts'
import { labelOf } from '#app/modules/clients/labels.ts'
import type { CertificateFormData } from '#app/modules/clients/schemas.ts'
import { ensurePlanDocument, findPlanDocument } from '#app/modules/documents/documents.server.ts'
import { captureFrozenPlanFacts } from '#app/modules/versions/header-facts.server.ts'
import {
	auditVersion,
	captureVersion,
	snapshotDigest,
	writeVersion,
	type CapturedVersion,
	type FrozenVersion,
	type VersionReason,
} from '#app/modules/versions/versions.server.ts'
import {
	consentChannelRefusal,
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
	ASSESSMENT_METHOD_LABELS,
	CYCLE_STATES,
	PLAN_STAGE_REASONS,
	PLAN_VARIANTS,
	checkTransition,
	initialState,
	isTerminal,
	nextCycle,
	planStageForState,
	transitionFor,
	type CycleAction,
	type CycleState,
	type PlanVariant,
	type Transition,
} from './plan-cycle.ts'
import { consentedVersion, loadFacts, stepDateErrors, type LoadedFacts, type StepContext } from './step-facts.server.ts'
import { decisionDate, providerOrganizations, versionReasonFor } from './step-facts.ts'
import { parseStepInput, type DeliveryMethod } from './step-input.ts'

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
// Facts: loaded by step-facts.server.ts, derived by step-facts.ts (pure). The consent page reads the stored plan.

export { readStoredPlan } from './step-facts.server.ts'

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
			return input.submittedOn ?? ctx.today
		case 'start_services':
			return input.servicesStartOn ?? input.submittedOn ?? ctx.today
		case 'record_decision':
			return decisionDate(ctx.decision) ?? ctx.today
		case 'hold_meeting':
			return loaded.facts.meeting?.date || ctx.today
		case 'start_monitoring':
			return loaded.facts.monitoring?.date || ctx.today
		default:
			return ctx.today
	}
}

// ---------------------------------------------------------------------------
// Steps

export type StepOptions = {
	channel?: 'paper' | 'electronic'
	decision?: CertificateFormData
	/** in-app consent: the digest of the plan the person read (snapshotDigest); a changed plan is refused */
	shownDigest?: string
	/**
	 * the completed モニタリング報告書 whose completion records the モニタリング step — set only by
	 * monitoring.server.ts, never from a form: the step has no form of its own
	 */
	monitoringReportId?: string
}

/** A step that passed every check, with what it will write. */
type PreparedStep = {
	ctx: StepContext
	role: TeamRole
	transition: Transition
	loaded: LoadedFacts
	/** the 受給者証 row a 支給決定 supersedes */
	supersedes: string | null
	freezeReason: VersionReason | null
	captured: CapturedVersion | null
	/** the version a submission or the start of services hands over */
	referenced: string | null
	clientName: string
}

type Refusal = Extract<StepResult, { ok: false }>

/**
 * Takes one step of the client's open cycle. Refusals come back with the state machine's
 * Japanese messages and change nothing. `channel` is 'electronic' only from the in-app consent
 * page (the person's or family's own account); everything else is recorded by staff on paper.
 * Three stages: prepare (authorize, read the facts, check — no writes), write (one
 * transaction), audit (after the commit).
 */
export async function takeStep(
	actor: Actor,
	scope: ClientScope,
	action: CycleAction,
	raw: Record<string, string | string[] | undefined>,
	today: string,
	meta: RequestMeta,
	options: StepOptions = {},
): Promise<StepResult> {
	const prepared = await prepareStep(actor, scope, action, raw, today, options)
	if ('ok' in prepared) return prepared
	const written = await writeStep(prepared)
	if (!written) return { ok: false, status: 409, errors: ['ほかの人が先に手順を進めたため、記録できませんでした。画面を読み込み直してください'] }
	await auditStep(prepared, written, meta)
	const { cycle, input } = prepared.ctx
	return {
		ok: true,
		cycleId: written.nextCycleId ?? cycle.id,
		state: written.nextCycleId ? initialState(input.nextVariant ?? cycle.variant) : prepared.transition.to,
		versionId: written.versionId,
	}
}

/** Everything before the first write: who may, what the form says, the facts and every check. */
async function prepareStep(
	actor: Actor,
	scope: ClientScope,
	action: CycleAction,
	raw: Record<string, string | string[] | undefined>,
	today: string,
	options: StepOptions,
): Promise<PreparedStep | Refusal> {
	const role = teamRoleFor(actor, scope, today)
	if (!role) return denied(404, '見つかりません') as Refusal
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
	if (action === 'consent_draft' || action === 'consent_final') {
		const refusal = consentChannelRefusal(actor, scope, channel, today)
		if (refusal) return denied(403, refusal) as Refusal
	}
	const parsed = parseStepInput(action, raw)
	if (!parsed.ok) return { ok: false, status: 400, errors: Object.values(parsed.fieldErrors).flat(), fieldErrors: parsed.fieldErrors }
	// The next cycle may be a セルフプラン only once no specialist is under contract (the contract is
	// ended first, which closes this cycle: self-plan/contract.server.ts).
	if (action === 'revise' && parsed.input.nextVariant === 'self' && hasSpecialistUnderContract(scope, today)) {
		return { ok: false, status: 400, errors: [selfPlanRefusal(scope, today) as string] }
	}
	const ctx: StepContext = { actor, scope, cycle, action, input: parsed.input, channel, decision: options.decision, monitoringReportId: options.monitoringReportId, today }
	if (action === 'record_decision' && !options.decision) return { ok: false, status: 400, errors: ['支給決定の内容がありません（支給決定期間・サービス・モニタリング期間）'] }

	const loaded = await loadFacts(ctx)
	if (loaded.meetingError) return { ok: false, status: 400, errors: [loaded.meetingError] }
	const check = checkTransition(cycle, action, role, loaded.facts)
	if (!check.ok) return { ok: false, status: 400, errors: check.errors }
	const dateErrors = stepDateErrors(loaded, today)
	if (dateErrors.length > 0) return { ok: false, status: 400, errors: dateErrors }

	// Checks of the record the step writes into, before anything is written.
	let supersedes: string | null = null
	if (options.decision) {
		const certificate = await checkCertificateVersion(scope.id, options.decision, today)
		if (!certificate.ok) return { ok: false, status: 400, errors: Object.values(certificate.fieldErrors).flat(), fieldErrors: certificate.fieldErrors }
		supersedes = certificate.supersedes
	}
	const freezeReason = versionReasonFor(cycle.variant, action)
	if (freezeReason && !cycle.planDocumentId) return { ok: false, status: 409, errors: ['計画の文書がありません。先に計画を作成してください'] }
	const captured = freezeReason && cycle.planDocumentId ? await captureVersion(cycle.planDocumentId, (plan) => frozenFactsOf(ctx, plan)) : null
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
	return { ctx, role, transition, loaded, supersedes, freezeReason, captured, referenced, clientName: await clientDisplayName(scope.id) }
}

/**
 * What the printout of the version shows beside the plan, as of the consent (or submission):
 * the header facts, 案/本計画 by the cycle's state and why, and the 週間計画表.
 */
function frozenFactsOf(ctx: StepContext, plan: DocumentSnapshot) {
	const stage = planStageForState(ctx.cycle.state)
	return captureFrozenPlanFacts({
		clientId: ctx.scope.id,
		asOf: ctx.input.consent?.consentedOn || ctx.input.submittedOn || ctx.today,
		plan,
		stage,
		stageReason: PLAN_STAGE_REASONS[ctx.cycle.state],
	})
}

type WrittenStep = {
	version: FrozenVersion | null
	versionId: string | null
	eventId: string
	consents: string[]
	deliveries: Array<{ id: string; recipientType: string }>
	certificateId: string | null
	nextCycleId: string | null
}

/** Records a prepared step in one transaction; null when another step moved the cycle first. */
async function writeStep(step: PreparedStep): Promise<WrittenStep | null> {
	const { ctx, transition, loaded, captured, freezeReason, referenced, clientName, role } = step
	const { actor, scope, cycle, action, channel, input } = ctx
	const to = transition.to
	const eventId = newId('cev')
	return prisma.$transaction(async (tx) => {
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
		const consent = input.consent
		const consentStep = action === 'consent_draft' || action === 'consent_final'
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
		if ((action === 'submit' && cycle.variant === 'specialist') || action === 'consent_final') {
			if (input.deliveredOn) {
				const recipient = input.deliveredTo ?? (consent?.by === 'proxy' ? 'family' : 'self')
				const name = recipient === 'family' && consent?.by === 'proxy' ? consent.name : recipient === 'self' ? clientName : ''
				await deliver(recipient, name, channel === 'electronic' ? 'electronic' : (input.deliveryMethod ?? 'hand'), input.deliveredOn)
			}
		}
		if ((action === 'submit' || action === 'start_services') && input.submittedOn) {
			// The office hands the plan in at the counter; a セルフプラン's authors submit it through the app.
			await deliver('municipality', '', cycle.variant === 'self' ? 'electronic' : 'hand', input.submittedOn)
		}
		if (action === 'record_decision' && ctx.decision) certificateId = await insertCertificateVersion(tx, actor, scope.id, ctx.decision)
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
		return { version, versionId, eventId, consents, deliveries, certificateId, nextCycleId }
	})
}

/** After the commit: re-decide open sockets when needed, and audit facts (never plan content). */
async function auditStep(step: PreparedStep, written: WrittenStep, meta: RequestMeta): Promise<void> {
	const { ctx, transition, captured, freezeReason, supersedes, role } = step
	const { actor, scope, cycle, action, channel, input } = ctx
	const to = transition.to
	// A cycle that ends (or a next one of another variant) changes who writes the plan.
	if (isTerminal(to) && cycle.planDocumentId) emitAuthzEvent({ type: 'document-changed', documentId: cycle.planDocumentId })
	if (captured && written.version && freezeReason) await auditVersion(captured, written.version, freezeReason, actor.id, meta)
	await audit({
		action: 'cycle.transition',
		userId: actor.id,
		clientId: scope.id,
		target: `cycle:${cycle.id}`,
		ipAddress: meta.ipAddress,
		detail: { step: action, from: cycle.state, to, role, versionId: written.versionId, eventId: written.eventId, nextCycleId: written.nextCycleId },
	})
	for (const id of written.consents) {
		await audit({ action: 'consent.record', userId: actor.id, clientId: scope.id, target: `consent:${id}`, ipAddress: meta.ipAddress, detail: { step: action, method: channel, by: input.consent?.by } })
	}
	for (const d of written.deliveries) {
		await audit({ action: 'delivery.record', userId: actor.id, clientId: scope.id, target: `delivery:${d.id}`, ipAddress: meta.ipAddress, detail: { step: action, recipient: d.recipientType } })
	}
	if (written.certificateId && ctx.decision) {
		await auditCertificateVersion(actor, scope.id, written.certificateId, ctx.decision, supersedes, meta)
		await audit({ action: 'decision.record', userId: actor.id, clientId: scope.id, target: `certificate:${written.certificateId}`, ipAddress: meta.ipAddress, detail: { cycleId: cycle.id, decisionStart: ctx.decision.decisionStart, decisionEnd: ctx.decision.decisionEnd } })
	}
}

function eventNote(ctx: StepContext): string {
	const { input, action } = ctx
	const parts: string[] = []
	if (action === 'write_draft') {
		const method = input.assessmentMethod ? labelOf(ASSESSMENT_METHOD_LABELS, input.assessmentMethod, '') : ''
		if (method) parts.push(`アセスメント：${method.replace(/^例外：/, '')}${input.assessmentMethod !== 'home_visit' && input.assessmentReason ? `（理由：${input.assessmentReason}）` : ''}`)
		if (input.assessmentPlace) parts.push(`アセスメント実施場所：${input.assessmentPlace}`)
	}
	if ((action === 'start_monitoring' || action === 'continue_plan') && input.monitoringPlace) parts.push(`モニタリング実施場所：${input.monitoringPlace}`)
	if (input.note) parts.push(input.note)
	return parts.join('\n')
}

/** Small facts for the timeline, the date order and inspectors: dates, ids, flags — never plan content. */
function eventDetail(ctx: StepContext, loaded: LoadedFacts, role: TeamRole, written: { consents: string[]; deliveries: number; certificateId: string | null }) {
	const { input } = ctx
	const monitoring = ctx.action === 'start_monitoring' ? loaded.facts.monitoring : undefined
	return {
		role,
		...(input.assessmentDate ? { assessmentDate: input.assessmentDate } : {}),
		...(input.assessmentMethod ? { assessmentMethod: input.assessmentMethod } : {}),
		...(loaded.facts.draftDate ? { draftDate: loaded.facts.draftDate } : {}),
		...(loaded.facts.planDate ? { planDate: loaded.facts.planDate } : {}),
		...(input.consent ? { consentMethod: ctx.channel, consentBy: input.consent.by, consentedOn: input.consent.consentedOn, explainedOn: input.consent.explainedOn } : {}),
		...(input.deliveredOn ? { deliveredOn: input.deliveredOn } : {}),
		...(input.submittedOn ? { submittedOn: input.submittedOn } : {}),
		...(input.servicesStartOn ? { servicesStartOn: input.servicesStartOn } : {}),
		...(loaded.meetingId ? { meetingId: loaded.meetingId, meetingHeldOn: loaded.facts.meeting?.date, personAttended: loaded.facts.meeting?.personAttended } : {}),
		...(loaded.facts.goals && ['finalize', 'consent_final'].includes(ctx.action) ? { goals: loaded.facts.goals.length } : {}),
		...(monitoring ? { monitoringDate: monitoring.date, changeNeeded: monitoring.changeNeeded, monitoringReportId: ctx.monitoringReportId } : {}),
		...(!monitoring && input.changeNeeded !== undefined ? { changeNeeded: input.changeNeeded } : {}),
		...(written.certificateId ? { certificateId: written.certificateId } : {}),
		...(ctx.decision
			? { decisionDate: decisionDate(ctx.decision), decisionStart: ctx.decision.decisionStart, decisionEnd: ctx.decision.decisionEnd, monitoringPeriod: ctx.decision.monitoringPeriod }
			: {}),
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

/**
 * The consenting account as the consent page shows it: name, whether it already agreed to
 * consent electronically, and its relationship to the person on the care team.
 */
export async function loadConsenter(userId: string, clientId: string) {
	const [user, member] = await Promise.all([
		prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { displayName: true, electronicConsentAt: true } }),
		prisma.careTeamMember.findFirst({ where: { clientId, userId }, select: { relationship: true } }),
	])
	return { displayName: user.displayName, electronicConsentAt: user.electronicConsentAt, relationship: member?.relationship ?? '' }
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
