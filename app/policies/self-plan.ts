/**
 * Rules of issue #13: 本人 accounts reach only their own case, invitations for 本人 and the
 * family, the easy view and its やさしい説明, and who may start a セルフプラン. Pure, like the rest
 * of the policy module (re-exported from index.ts).
 */
import { isRowActive } from './membership.ts'
import type { AccountRole, TeamRole } from './roles.ts'

type ActorLike = { id: string; role: AccountRole; disabled?: boolean; ownClientId?: string | null }
type RowLike = { userId: string | null; role: TeamRole; startsOn: string; endsOn: string | null }
type ClientLike = { id: string; team: readonly RowLike[]; closed: boolean }

/**
 * A 本人 account belongs to one client (User.clientId): whatever team rows say, it reaches no
 * other case. An actor loaded without the account's client (ownClientId undefined) is not
 * restricted here; loadActor always sets it.
 */
export function selfAccountReaches(actor: ActorLike, clientId: string): boolean {
	if (actor.role !== 'client_self' || actor.ownClientId === undefined) return true
	return actor.ownClientId === clientId
}

/** A 相談支援専門員 under contract: an active specialist row on the team today. */
export function hasSpecialistUnderContract(client: Pick<ClientLike, 'team'>, today: string): boolean {
	return client.team.some((row) => row.role === 'specialist' && isRowActive(row, today))
}

/** Who may start a セルフプラン: its authors, the person and the family. */
export const SELF_PLAN_STARTERS: readonly TeamRole[] = ['family', 'client_self']

/**
 * Why a セルフプラン may not be started on this case, or null. The plan of a case with a
 * specialist under contract is the specialist's (計画相談支援): a self plan there would hand the
 * family write access to it. The specialist ends the contract first (which closes their cycle).
 */
export function selfPlanRefusal(client: Pick<ClientLike, 'team' | 'closed'>, today: string): string | null {
	if (client.closed) return '支援が終了しているため、セルフプランを始められません'
	if (hasSpecialistUnderContract(client, today)) {
		return '相談支援専門員と契約中のため、セルフプランは始められません。セルフプランに切り替えるときは、相談支援専門員が「契約を終了する」を行ってから始めてください'
	}
	return null
}

/** Invitation codes (one-time link or printed code) are handed out by those who manage the team. */
export const INVITABLE_ROLES = ['client_self', 'family'] as const
export type InvitableRole = (typeof INVITABLE_ROLES)[number]

/** Staff roles that write plain-language explanations beside the official text. */
const EXPLAINERS: ReadonlySet<TeamRole> = new Set(['specialist', 'office_manager'])

/**
 * やさしい説明 are written by the consultation office (the authors of the official text) while
 * they may write the plan; 本人 and the family read them, a machine never writes them.
 */
export function canWriteEasyExplanation(teamRole: TeamRole | null, planAccess: 'none' | 'read' | 'write'): boolean {
	return teamRole !== null && EXPLAINERS.has(teamRole) && planAccess === 'write'
}

/** Staff open the easy view from the client page; for 本人 and the family it is the default view. */
export function easyViewIsDefault(role: AccountRole): boolean {
	return role === 'client_self' || role === 'family'
}
