import { isRowActive } from '#app/policies/index.ts'
import { ROLE_LABELS, isAccountRole } from '#app/policies/roles.ts'
import { prisma } from '#app/utils/db.server.ts'

/**
 * Who the plan's header names as its author. For a セルフプラン: the person or family member who
 * started it (本人 / 家族), and 「セルフプラン」 where the office's name would stand — the
 * specialist's office and name never appear on it (they did not write it). For an agency plan:
 * the specialist under contract and their office. Kept apart from the header loader so the plan
 * header's other facts can change without touching this rule.
 */

export type PlanAuthor = {
	selfPlan: boolean
	/** what stands in the 相談支援事業者名 box */
	agencyName: string
	/** what stands in the 計画作成担当者 box */
	authorName: string
	/** one line for the easy view */
	label: string
}

export type LatestCycleFacts = { variant: string; createdById: string } | null

/**
 * The セルフプラン's author, or null when the plan is not a セルフプラン (open or latest cycle).
 * `latest` is the client's newest cycle when the caller has already loaded it.
 */
export async function selfPlanAuthor(clientId: string, latest?: LatestCycleFacts): Promise<PlanAuthor | null> {
	const cycle = latest !== undefined ? latest : await prisma.planCycle.findFirst({ where: { clientId }, orderBy: { number: 'desc' }, select: { variant: true, createdById: true } })
	if (!cycle || cycle.variant !== 'self') return null
	const user = await prisma.user.findUnique({ where: { id: cycle.createdById }, select: { displayName: true, role: true } })
	// Only 本人 and the family start a セルフプラン (policies/self-plan.ts); anything else is not named.
	const role = user && isAccountRole(user.role) && (user.role === 'family' || user.role === 'client_self') ? user.role : null
	const who = role ? `${user!.displayName}（${role === 'client_self' ? '本人' : ROLE_LABELS.family.replace('・後見人', '')}）` : '本人・家族'
	return { selfPlan: true, agencyName: 'セルフプラン', authorName: who, label: `セルフプラン ・ 作成：${who}` }
}

/** The plan's author for the easy view: the セルフプラン's author, or the specialist and office. */
export async function planAuthor(clientId: string, today: string, latest?: LatestCycleFacts): Promise<PlanAuthor | null> {
	const self = await selfPlanAuthor(clientId, latest)
	if (self) return self
	const rows = await prisma.careTeamMember.findMany({
		where: { clientId, role: 'specialist' },
		select: { startsOn: true, endsOn: true, externalName: true, user: { select: { displayName: true } }, organization: { select: { name: true } } },
		orderBy: { startsOn: 'desc' },
	})
	const specialist = rows.find((row) => isRowActive(row, today))
	if (!specialist) return null
	const name = specialist.user?.displayName ?? specialist.externalName
	const office = specialist.organization?.name ?? ''
	return { selfPlan: false, agencyName: office, authorName: name, label: `作成：相談支援専門員 ${name}${office ? `（${office}）` : ''}` }
}
