import { furigana } from '#app/modules/easy/furigana.server.ts'
import type { RubySegment } from '#app/modules/easy/readings.ts'
import { loadLatestCycle, type CycleRow } from '#app/modules/cycle/cycle.server.ts'
import { CYCLE_STATE_LABELS, TRANSITIONS } from '#app/modules/cycle/plan-cycle.ts'
import { canStartCycle, documentAccess, selfPlanRefusal, teamRoleFor, SELF_PLAN_STARTERS, type Actor, type ClientScope } from '#app/policies/index.ts'
import { prisma } from '#app/utils/db.server.ts'
import { formatJpDate } from '#app/utils/dates.ts'

/**
 * The セルフプラン as its authors see it in the easy view: whether they may start one (or why
 * not), whether they may write and submit it now, and the municipality's answer (支給決定 or a
 * send-back with its note). Steps themselves are the cycle module's (takeStep / startCycle).
 */

type Ruby = RubySegment[]

export type SelfPlanStatus = {
	/** the latest cycle is a セルフプラン */
	active: boolean
	state: string | null
	stateLabel: Ruby | null
	/** 本人・家族 who may start one now */
	canStart: boolean
	/** why an author may not start one here (a specialist under contract), plainly */
	refusal: Ruby | null
	canWrite: boolean
	canSubmit: boolean
	submittedOn: string | null
	decision: { decidedOn: string; period: string; services: Ruby[] } | null
	sentBack: { on: string; note: Ruby } | null
}

/** `latest` is the client's newest cycle when the caller has already loaded it (loadLatestCycle). */
export async function selfPlanSteps(actor: Actor, scope: ClientScope, today: string, latest?: CycleRow | null): Promise<SelfPlanStatus | null> {
	const role = teamRoleFor(actor, scope, today)
	if (!role) return null
	const author = SELF_PLAN_STARTERS.includes(role)
	const cycle = latest !== undefined ? latest : await loadLatestCycle(scope.id)
	const selfCycle = cycle && cycle.variant === 'self' ? cycle : null
	const open = cycle !== null && cycle.endedAt === null
	if (!selfCycle && !author) return null
	const refusal = author && !open ? selfPlanRefusal(scope, today) : null
	const base: SelfPlanStatus = {
		active: selfCycle !== null,
		state: selfCycle?.state ?? null,
		stateLabel: selfCycle ? await furigana(CYCLE_STATE_LABELS[selfCycle.state]) : null,
		canStart: !open && canStartCycle(actor, scope, 'self', today),
		refusal: refusal ? await furigana(refusal) : null,
		canWrite: false,
		canSubmit: false,
		submittedOn: null,
		decision: null,
		sentBack: null,
	}
	if (!selfCycle) return author ? base : null
	const access = documentAccess(actor, { kind: 'plan', organizationId: null, frozen: false, client: scope }, today)
	base.canWrite = access === 'write' && selfCycle.state === 'draft'
	const submit = TRANSITIONS.self.find((t) => t.action === 'submit')!
	base.canSubmit = base.canWrite && submit.roles.includes(role)
	const events = await prisma.planCycleEvent.findMany({ where: { cycleId: selfCycle.id }, orderBy: { createdAt: 'desc' }, select: { action: true, occurredOn: true, note: true, detail: true } })
	const submitted = events.find((e) => e.action === 'submit')
	base.submittedOn = submitted ? formatJpDate(submitted.occurredOn) : null
	const decided = events.find((e) => e.action === 'record_decision')
	if (decided) {
		const detail = JSON.parse(decided.detail) as { certificateId?: string; decisionStart?: string; decisionEnd?: string }
		const services = detail.certificateId
			? await prisma.certificateService.findMany({ where: { certificateId: detail.certificateId }, orderBy: { sortOrder: 'asc' }, select: { serviceType: true, amount: true } })
			: []
		base.decision = {
			decidedOn: formatJpDate(decided.occurredOn),
			period: `${formatJpDate(detail.decisionStart ?? '')} 〜 ${formatJpDate(detail.decisionEnd ?? '')}`,
			services: await Promise.all(services.map((s) => furigana(`${s.serviceType} ${s.amount}`))),
		}
	}
	const sentBack = events.find((e) => e.action === 'send_back')
	// A send-back matters while the plan is back in the authors' hands (no later submission).
	if (sentBack && selfCycle.state === 'draft') base.sentBack = { on: formatJpDate(sentBack.occurredOn), note: await furigana(sentBack.note) }
	return base
}
