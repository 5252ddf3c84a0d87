import { loadPlanHeader } from '#app/modules/documents/documents.server.ts'
import { VERSION_REASON_LABELS, loadVersion, type VersionReason } from '#app/modules/versions/versions.server.ts'
import { canConsentInApp, canRecordPlanDelivery, canStartCycle, canViewCycle, documentAccess, isRowActive, selfPlanRefusal, teamRoleFor, SELF_PLAN_STARTERS, type Actor, type ClientScope } from '#app/policies/index.ts'
import { prisma } from '#app/utils/db.server.ts'
import { decisionDefaults, loadLatestCycle, loadOpenCycle, providerOrganizations } from './cycle.server.ts'
import {
	CYCLE_ACTION_LABELS,
	CYCLE_STATE_LABELS,
	FACT_LABELS,
	PLAN_VARIANTS,
	PLAN_VARIANT_LABELS,
	TRANSITIONS,
	isTerminal,
	type CycleAction,
	type CycleState,
	type PlanVariant,
} from './plan-cycle.ts'

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
	const meetings = needsMeetings
		? await prisma.meeting.findMany({
				where: { clientId: scope.id, status: 'closed' },
				orderBy: { date: 'desc' },
				select: { id: true, date: true, selfAttendance: true, selfAbsenceReason: true },
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
		steps: steps.map((t) => ({ action: t.action, label: t.label, requires: t.requires.map((f) => FACT_LABELS[f]) })),
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
		meetings: meetings.map((m) => ({ id: m.id, date: m.date, attendance: m.selfAttendance === 'attended' ? '本人出席' : `本人欠席（${m.selfAbsenceReason}）` })),
		decision,
		ownIsps: ownIsps.map((d) => ({ id: d.id, title: d.title })),
		familyRelationship,
		today,
	}
}
export type CycleView = Awaited<ReturnType<typeof loadCycleView>>

/** The client page's 「計画の進行」 line and the plan page's status line. */
export async function cycleSummary(clientId: string) {
	const cycle = await loadLatestCycle(clientId)
	if (!cycle) return null
	const next = isTerminal(cycle.state)
		? []
		: TRANSITIONS[cycle.variant].filter((t) => t.from.includes(cycle.state) && t.action !== 'close').map((t) => t.label)
	return {
		number: cycle.number,
		variantLabel: PLAN_VARIANT_LABELS[cycle.variant],
		state: cycle.state,
		stateLabel: CYCLE_STATE_LABELS[cycle.state],
		stage: cycle.state === 'final' || cycle.state === 'final_consented' || cycle.state === 'active' || cycle.state === 'monitoring' ? ('final' as const) : ('draft' as const),
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
		where: { userId: actor.id, role: 'municipal', startsOn: { lte: today }, OR: [{ endsOn: null }, { endsOn: { gte: today } }] },
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
 * given on it (the print's consent block) and the client's header facts. Null = not found.
 */
export async function loadPlanVersionPage(actor: Actor, scope: ClientScope, versionId: string, today: string) {
	if (!canViewCycle(actor, scope, today)) return null
	const version = await loadVersion(versionId)
	if (!version || version.clientId !== scope.id || version.kind !== 'plan') return null
	const [consent, creator, header] = await Promise.all([
		prisma.planConsent.findFirst({ where: { versionId: version.id }, orderBy: { createdAt: 'desc' } }),
		prisma.user.findUnique({ where: { id: version.createdById }, select: { displayName: true } }),
		loadPlanHeader(scope.id, today),
	])
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
		header,
	}
}
export type PlanVersionPage = NonNullable<Awaited<ReturnType<typeof loadPlanVersionPage>>>

/** The other versions of the same plan (for the compare picker). */
export async function listPlanVersions(clientId: string) {
	const rows = await prisma.documentVersion.findMany({ where: { clientId, kind: 'plan' }, orderBy: { number: 'asc' }, select: { id: true, number: true, reason: true } })
	return rows.map((r) => ({ ...r, reasonLabel: VERSION_REASON_LABELS[r.reason as VersionReason] ?? r.reason }))
}
