/**
 * Care-team membership in time: a row is in force from `startsOn` through `endsOn` (both
 * inclusive, YYYY-MM-DD; `endsOn` null while open). The one statement of that rule, in two
 * forms: `isRowActive` for rows already loaded, `activeOn` for a database query (the same rule
 * as a Prisma `where` fragment over CareTeamMember and OrganizationMembership rows). Pure,
 * re-exported from index.ts.
 */
import type { TeamRole } from './roles.ts'

type Period = { startsOn: string; endsOn: string | null }

/** Whether a team (or organisation) membership is in force on the given day. */
export function isRowActive(row: Period, today: string): boolean {
	return row.startsOn <= today && (row.endsOn === null || row.endsOn >= today)
}

/** `isRowActive` as a query: spread into a `where` (it sets `startsOn` and `OR`). */
export function activeOn(today: string) {
	return { startsOn: { lte: today }, OR: [{ endsOn: null }, { endsOn: { gte: today } }] }
}

/**
 * Rows in force today or starting later — not yet ended. For checks that must also see a
 * membership already arranged for the future (a person added twice, the successor specialist).
 */
export function notEndedOn(today: string) {
	return { OR: [{ endsOn: null }, { endsOn: { gte: today } }] }
}

/** Team roles of the service providers (サービス管理責任者・事業所の職員): their ISPs, their opinions at meetings. */
export const PROVIDER_ROLES: ReadonlySet<TeamRole> = new Set(['service_manager', 'provider_staff'])

/** The members giving a 専門的見地からの意見 at a サービス担当者会議: providers on the team today, with an account. */
export function givesProviderOpinion(row: Period & { userId: string | null; role: TeamRole }, today: string): boolean {
	return row.userId !== null && PROVIDER_ROLES.has(row.role) && isRowActive(row, today)
}
