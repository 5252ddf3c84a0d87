import { PLAN_META, planStageOf, type PlanStage } from '#app/document-forms/plan.ts'
import { loadHeaderFacts } from '#app/modules/versions/header-facts.server.ts'
import { VERSION_REASON_LABELS, loadVersion, type LoadedVersion, type VersionReason } from '#app/modules/versions/versions.server.ts'
import { activeOn, canConsentInApp, canRecordPlanDelivery, canStartCycle, canViewCycle, documentAccess, isRowActive, selfPlanRefusal, teamRoleFor, SELF_PLAN_STARTERS, type Actor, type ClientScope } from '#app/policies/index.ts'
import { prisma } from '#app/utils/db.server.ts'
import { toJstDate } from '#app/utils/dates.ts'
import { decisionDefaults, loadLatestCycle, loadOpenCycle } from './cycle.server.ts'
import { providerOrganizations } from './step-facts.ts'
import {
	CYCLE_ACTION_LABELS,
	CYCLE_STATES,
	CYCLE_STATE_LABELS,
	PLAN_STAGE_REASONS,
	planStageForState,
	FACT_LABELS,
	PLAN_VARIANTS,
	PLAN_VARIANT_LABELS,
	TRANSITIONS,
	isTerminal,
	type CycleAction,
	type CycleState,
	type PlanVariant,
} from './plan-cycle.ts'
import { recordedCycleDates } from './date-order.ts'
import { STEP_FIX_PLACES } from './views.ts'

/** What the cycle page shows; everything the actor may not see is left out here. */
export async function loadCycleView(actor: Actor, scope: ClientScope, today: string) {
	const role = teamRoleFor(actor, scope, today)
	const cycles = await prisma.planCycle.findMany({
		where: { clientId: scope.id },
		orderBy: { number: 'desc' },
		select: { id: true, number: true, variant: true, state: true, endedAt: true, createdAt: true, planDocumentId: true, events: { orderBy: { createdAt: 'asc' } } },
	})
	const open = await loadOpenCycle(scope.id)
	const userIds = new Set<string>()
	for (const c of cycles) for (const e of c.events) userIds.add(e.actorId)
	const [consents, deliveries, versions] = await Promise.all([
		prisma.planConsent.findMany({ where: { clientId: scope.id }, orderBy: { createdAt: 'asc' } }),
		prisma.planDelivery.findMany({ where: { clientId: scope.id }, orderBy: { createdAt: 'asc' } }),
		prisma.documentVersion.findMany({
			where: { clientId: scope.id, kind: 'plan' },
			orderBy: { number: 'asc' },
			select: { id: true, number: true, reason: true, createdAt: true, createdById: true, contentHash: true },
		}),
	])
	for (const c of consents) userIds.add(c.recordedById)
	for (const v of versions) userIds.add(v.createdById)
	const users = await prisma.user.findMany({ where: { id: { in: [...userIds] } }, select: { id: true, displayName: true } })
	const name = new Map(users.map((u) => [u.id, u.displayName]))
	const orgIds = providerOrganizations(scope.team, today)
	const orgs = orgIds.length ? await prisma.organization.findMany({ where: { id: { in: orgIds } }, select: { id: true, name: true } }) : []

	const steps = open && role ? TRANSITIONS[open.variant].filter((t) => t.from.includes(open.state) && t.roles.includes(role)) : []
	const nextSteps = open ? TRANSITIONS[open.variant].filter((t) => t.from.includes(open.state) && t.action !== 'close').map((t) => t.label) : []
	const needsMeetings = steps.some((s) => s.action === 'hold_meeting')
	// Only meetings actually held (started, then closed) can be the cycle's meeting.
	const meetings = needsMeetings
		? await prisma.meeting.findMany({
				where: { clientId: scope.id, status: 'closed', startedAt: { not: null } },
				orderBy: { startedAt: 'desc' },
				select: { id: true, date: true, originalDate: true, startedAt: true, selfAttendance: true, selfAbsenceReason: true },
			})
		: []
	const decision = steps.some((s) => s.action === 'record_decision') ? await decisionDefaults(scope.id, today) : null
	// Providers hand their own 個別支援計画 back to the specialist.
	const isps = await prisma.document.findMany({ where: { clientId: scope.id, kind: 'isp' }, select: { id: true, title: true, organizationId: true, frozenAt: true } })
	const ownIsps = isps.filter(
		(d) => documentAccess(actor, { kind: 'isp', organizationId: d.organizationId, frozen: d.frozenAt !== null, client: scope }, today) === 'write',
	)
	const familyRow = scope.team.find((row) => row.role === 'family' && row.userId === actor.id && isRowActive(row, today))
	const familyRelationship = familyRow
		? ((await prisma.careTeamMember.findFirst({ where: { clientId: scope.id, userId: actor.id, role: 'family' }, select: { relationship: true } }))?.relationship ?? '')
		: ''

	return {
		role,
		open: open ? { id: open.id, number: open.number, variant: open.variant, state: open.state, stateLabel: CYCLE_STATE_LABELS[open.state], variantLabel: PLAN_VARIANT_LABELS[open.variant] } : null,
		cycles: cycles.map((c) => ({
			id: c.id,
			number: c.number,
			variant: c.variant as PlanVariant,
			variantLabel: PLAN_VARIANT_LABELS[c.variant as PlanVariant] ?? c.variant,
			state: c.state as CycleState,
			stateLabel: CYCLE_STATE_LABELS[c.state as CycleState] ?? c.state,
			ended: c.endedAt !== null,
			createdAt: c.createdAt.toISOString(),
			events: c.events.map((e) => ({
				id: e.id,
				action: e.action,
				label: CYCLE_ACTION_LABELS[e.action as CycleAction] ?? e.action,
				fromLabel: CYCLE_STATE_LABELS[e.fromState as CycleState] ?? e.fromState,
				toLabel: CYCLE_STATE_LABELS[e.toState as CycleState] ?? e.toState,
				occurredOn: e.occurredOn,
				actorName: name.get(e.actorId) ?? '',
				note: e.note,
				versionId: e.versionId,
				recordedAt: e.createdAt.toISOString(),
			})),
		})),
		steps: steps.map((t) => ({ action: t.action, label: t.label, requires: t.requires.map((f) => FACT_LABELS[f]), fix: STEP_FIX_PLACES[t.action] ?? null })),
		nextSteps,
		canStart: Object.fromEntries(PLAN_VARIANTS.map((v) => [v, !open && canStartCycle(actor, scope, v, today)])) as Record<PlanVariant, boolean>,
		// 本人・家族 who may not start a セルフプラン here are told why (issue #13).
		selfPlanRefusal: !open && role && SELF_PLAN_STARTERS.includes(role) ? selfPlanRefusal(scope, today) : null,
		canDeliver: canRecordPlanDelivery(actor, scope, today),
		canConsentInApp: canConsentInApp(actor, scope, today) && open !== null && (open.state === 'draft' || open.state === 'final'),
		consents: consents.map((c) => ({
			id: c.id,
			stage: c.stage,
			consenterType: c.consenterType,
			consenterName: c.consenterName,
			relationship: c.relationship,
			proxyReason: c.proxyReason,
			method: c.method,
			explainedOn: c.explainedOn,
			consentedOn: c.consentedOn,
			versionId: c.versionId,
			recordedByName: name.get(c.recordedById) ?? '',
		})),
		deliveries: deliveries.map((d) => ({
			id: d.id,
			recipientType: d.recipientType,
			recipientName: d.recipientName,
			method: d.method,
			deliveredOn: d.deliveredOn,
			versionId: d.versionId,
			documentId: d.documentId,
		})),
		versions: versions.map((v) => ({
			id: v.id,
			number: v.number,
			reason: v.reason,
			reasonLabel: VERSION_REASON_LABELS[v.reason as VersionReason] ?? v.reason,
			createdAt: v.createdAt.toISOString(),
			createdByName: name.get(v.createdById) ?? '',
			hash: v.contentHash.slice(0, 12),
		})),
		providers: orgs,
		meetings: meetingChoices(meetings, cycles, open?.id ?? null),
		decision,
		ownIsps: ownIsps.map((d) => ({ id: d.id, title: d.title })),
		familyRelationship,
		clientId: scope.id,
		today,
	}
}
export type CycleView = Awaited<ReturnType<typeof loadCycleView>>

/**
 * The meetings the open cycle's meeting step can take: held (started) on or after this cycle's
 * 支給決定 and not already another cycle's meeting. The step checks the same on the server.
 */
function meetingChoices(
	meetings: Array<{ id: string; date: string; originalDate: string | null; startedAt: Date | null; selfAttendance: string; selfAbsenceReason: string }>,
	cycles: Array<{ id: string; events: Array<{ action: string; occurredOn: string; detail: string }> }>,
	openId: string | null,
) {
	const detailOf = (text: string) => {
		try {
			return JSON.parse(text) as Record<string, unknown>
		} catch {
			return {}
		}
	}
	const current = cycles.find((c) => c.id === openId)
	const decision = current ? recordedCycleDates(current.events.map((e) => ({ action: e.action, occurredOn: e.occurredOn, detail: detailOf(e.detail) }))).decision : undefined
	const usedElsewhere = new Set(
		cycles
			.filter((c) => c.id !== openId)
			.flatMap((c) => c.events.filter((e) => e.action === 'hold_meeting').map((e) => detailOf(e.detail).meetingId))
			.filter((id): id is string => typeof id === 'string'),
	)
	return meetings
		.map((m) => ({
			id: m.id,
			date: m.date,
			heldOn: m.startedAt ? toJstDate(m.startedAt) : m.date,
			originalDate: m.originalDate,
			attendance: m.selfAttendance === 'attended' ? '本人出席' : `本人欠席（${m.selfAbsenceReason}）`,
		}))
		.filter((m) => !usedElsewhere.has(m.id) && (!decision || m.heldOn >= decision))
}

/**
 * 案 or 本計画 for the live plan, and why: the latest cycle's state decides (never a select on
 * the plan). A closed cycle keeps the stage it was closed in.
 */
export async function livePlanStage(clientId: string): Promise<{ stage: PlanStage; stageReason: string }> {
	const cycle = await loadLatestCycle(clientId)
	if (!cycle) return { stage: 'draft', stageReason: '計画の進行がまだ始まっていないため計画案です。「計画の進行」から始めます。' }
	return stageOfCycle(cycle)
}

/** A live plan header with the cycle's 案 / 本計画 and its reason (null stays null). */
export async function withStage<T extends object>(clientId: string, header: T | null): Promise<(T & { stage: PlanStage; stageReason: string }) | null> {
	return header ? { ...header, ...(await livePlanStage(clientId)) } : null
}

async function stageOfCycle(cycle: { id: string; state: CycleState }) {
	let state = cycle.state
	if (state === 'closed') {
		const closing = await prisma.planCycleEvent.findFirst({ where: { cycleId: cycle.id, action: 'close' }, orderBy: { createdAt: 'desc' }, select: { fromState: true } })
		if (closing && (CYCLE_STATES as readonly string[]).includes(closing.fromState)) state = closing.fromState as CycleState
	}
	return { stage: planStageForState(state), stageReason: PLAN_STAGE_REASONS[cycle.state] }
}

/** The client page's 「計画の進行」 line and the plan page's status line. */
export async function cycleSummary(clientId: string) {
	const cycle = await loadLatestCycle(clientId)
	if (!cycle) return null
	const { stage, stageReason } = await stageOfCycle(cycle)
	const next = isTerminal(cycle.state)
		? []
		: TRANSITIONS[cycle.variant].filter((t) => t.from.includes(cycle.state) && t.action !== 'close').map((t) => t.label)
	return {
		number: cycle.number,
		variantLabel: PLAN_VARIANT_LABELS[cycle.variant],
		state: cycle.state,
		stateLabel: CYCLE_STATE_LABELS[cycle.state],
		stage,
		stageReason,
		next,
		ended: cycle.endedAt !== null,
	}
}
export type CycleSummary = NonNullable<Awaited<ReturnType<typeof cycleSummary>>>

/**
 * The municipality's inbox: clients the account is on the team of as 市町村 today, with plans
 * handed in — the open cycle's state and the frozen versions that were submitted.
 */
export async function listSubmissions(actor: Actor, today: string) {
	const rows = await prisma.careTeamMember.findMany({
		where: { userId: actor.id, role: 'municipal', ...activeOn(today) },
		select: { client: { select: { id: true, familyName: true, givenName: true } } },
	})
	const clients = [...new Map(rows.map((r) => [r.client.id, r.client])).values()]
	const result = []
	for (const client of clients) {
		const cycle = await loadLatestCycle(client.id)
		const submissions = await prisma.planCycleEvent.findMany({
			where: { clientId: client.id, action: { in: ['submit', 'start_services'] } },
			orderBy: { createdAt: 'desc' },
			select: { id: true, action: true, occurredOn: true, versionId: true },
		})
		if (!cycle && submissions.length === 0) continue
		result.push({
			id: client.id,
			name: `${client.familyName} ${client.givenName}`,
			state: cycle?.state ?? null,
			stateLabel: cycle ? CYCLE_STATE_LABELS[cycle.state] : '—',
			variantLabel: cycle ? PLAN_VARIANT_LABELS[cycle.variant] : '',
			awaitingDecision: cycle?.state === 'submitted',
			submissions: submissions.map((s) => ({ id: s.id, label: s.action === 'submit' ? '計画案' : '本計画', occurredOn: s.occurredOn, versionId: s.versionId })),
		})
	}
	result.sort((a, b) => Number(b.awaitingDecision) - Number(a.awaitingDecision) || a.name.localeCompare(b.name, 'ja'))
	return result
}

/**
 * One frozen version of the client's plan for a reader of the plan, with the consent that was
 * given on it (the print's consent block) and what its printout shows beside the plan: the
 * header facts, 案/本計画 and why, and the 週間計画表 — all as frozen with the version. Null =
 * not found.
 */
export async function loadPlanVersionPage(actor: Actor, scope: ClientScope, versionId: string, today: string) {
	if (!canViewCycle(actor, scope, today)) return null
	const version = await loadVersion(versionId)
	if (!version || version.clientId !== scope.id || version.kind !== 'plan') return null
	const [consent, creator, frozen] = await Promise.all([
		prisma.planConsent.findFirst({ where: { versionId: version.id }, orderBy: { createdAt: 'desc' } }),
		prisma.user.findUnique({ where: { id: version.createdById }, select: { displayName: true } }),
		printedFacts(scope.id, version, today),
	])
	if (!frozen) return null
	const consentUser = consent?.consentUserId ? await prisma.user.findUnique({ where: { id: consent.consentUserId }, select: { displayName: true, electronicConsentAt: true } }) : null
	return {
		version: {
			id: version.id,
			number: version.number,
			reason: version.reason,
			reasonLabel: VERSION_REASON_LABELS[version.reason as VersionReason] ?? version.reason,
			contentHash: version.contentHash,
			createdAt: version.createdAt.toISOString(),
			createdByName: creator?.displayName ?? '',
			verified: version.verified,
			snapshot: version.snapshot,
		},
		header: frozen.header,
		/** false: a version frozen before its facts were kept — the header shown is today's */
		headerFrozen: frozen.headerFrozen,
		stage: frozen.stage,
		stageReason: frozen.stageReason,
		weekly: frozen.weekly,
		consent: consent
			? {
					stage: consent.stage,
					consenterType: consent.consenterType,
					consenterName: consent.consenterName,
					relationship: consent.relationship,
					proxyReason: consent.proxyReason,
					method: consent.method,
					explainedOn: consent.explainedOn,
					consentedOn: consent.consentedOn,
					electronicBy: consentUser?.displayName ?? null,
					electronicAgreedAt: consentUser?.electronicConsentAt?.toISOString() ?? null,
					recordedAt: consent.createdAt.toISOString(),
				}
			: null,
	}
}

/**
 * What a version's printout shows beside the plan. A version frozen with its facts shows those
 * (the same page on every reprint). Versions frozen before the facts were kept print what they
 * always printed: the header as it is today, 案/本 from the plan's own stage field, no 週間計画表.
 */
async function printedFacts(clientId: string, version: LoadedVersion, today: string) {
	if (version.facts) {
		return { header: version.facts.header, headerFrozen: true, stage: version.facts.stage, stageReason: version.facts.stageReason, weekly: version.facts.weekly }
	}
	// Fallback for versions frozen before issue #11 (no frozen facts stored).
	const monitoringStart = version.snapshot.meta[PLAN_META.monitoringStart]
	const header = await loadHeaderFacts(clientId, today, typeof monitoringStart === 'string' ? monitoringStart : '')
	if (!header) return null
	return { header, headerFrozen: false, stage: planStageOf(version.snapshot.meta[PLAN_META.stage]), stageReason: '', weekly: null }
}
export type PlanVersionPage = NonNullable<Awaited<ReturnType<typeof loadPlanVersionPage>>>

/** The other versions of the same plan (for the compare picker). */
export async function listPlanVersions(clientId: string) {
	const rows = await prisma.documentVersion.findMany({ where: { clientId, kind: 'plan' }, orderBy: { number: 'asc' }, select: { id: true, number: true, reason: true } })
	return rows.map((r) => ({ ...r, reasonLabel: VERSION_REASON_LABELS[r.reason as VersionReason] ?? r.reason }))
}
