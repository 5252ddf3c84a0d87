/** Account roles. A person has one account role; their team role on a client follows from it. */
export const ACCOUNT_ROLES = [
	'specialist',
	'office_manager',
	'service_manager',
	'provider_staff',
	'client_self',
	'family',
	'municipal',
	'hub_coordinator',
	// staff of a 地域生活支援拠点 organisation who answer emergencies when the coordinator is not
	// there (seed 003); never on a care team — they reach a person only through break-glass
	'hub_oncall',
	'admin',
] as const
export type AccountRole = (typeof ACCOUNT_ROLES)[number]

/** Roles a person can hold on a client's care team (admins are never on a team). */
export const TEAM_ROLES = [
	'specialist',
	'office_manager',
	'service_manager',
	'provider_staff',
	'client_self',
	'family',
	'municipal',
	'hub_coordinator',
] as const
export type TeamRole = (typeof TEAM_ROLES)[number]

export const ROLE_LABELS: Record<AccountRole, string> = {
	specialist: '相談支援専門員',
	office_manager: '相談支援事業所 管理者',
	service_manager: 'サービス管理責任者',
	provider_staff: '事業所職員',
	client_self: '本人',
	family: '家族・後見人',
	municipal: '市町村職員',
	hub_coordinator: '拠点コーディネーター',
	hub_oncall: '拠点 緊急対応職員',
	admin: 'システム管理者',
}

/** Staff roles work under the stricter session policy (30 min idle, 12 h absolute). */
export function isStaffRole(role: AccountRole): boolean {
	return role !== 'client_self' && role !== 'family'
}

export function isAccountRole(value: string): value is AccountRole {
	return (ACCOUNT_ROLES as readonly string[]).includes(value)
}

export function isTeamRole(value: string): value is TeamRole {
	return (TEAM_ROLES as readonly string[]).includes(value)
}
