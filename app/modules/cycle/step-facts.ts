import { PLAN_GOALS_TABLE, PLAN_META } from '#app/document-forms/plan.ts'
import { snapshotRows, type DocumentSnapshot } from '#app/document-forms/structure.ts'
import type { CertificateFormData } from '#app/modules/clients/schemas.ts'
import type { VersionReason } from '#app/modules/versions/versions.server.ts'
import { isRowActive, PROVIDER_ROLES, type ClientScope } from '#app/policies/index.ts'
import type { CycleAction, DecisionRecord, GoalRow, PlanVariant } from './plan-cycle.ts'

/**
 * What a cycle step reads, derived without I/O from what step-facts.server.ts loaded: the
 * stored plan's dates and goal rows, the 支給決定 from the 受給者証 form, the providers who
 * receive the 本計画, which steps freeze the plan. Pure, so step-facts.test.ts checks it
 * without a database.
 */

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

/** Provider organisations on the care team today (each receives the 本計画). */
export function providerOrganizations(team: ClientScope['team'], today: string): string[] {
	const ids = team
		.filter((row) => isRowActive(row, today) && PROVIDER_ROLES.has(row.role) && row.organizationId)
		.map((row) => row.organizationId as string)
	return [...new Set(ids)]
}

/** The 受給者証 form as the state machine's 支給決定 (period, services, monitoring months). */
export function decisionRecord(data: CertificateFormData): DecisionRecord {
	return {
		start: data.decisionStart,
		end: data.decisionEnd,
		services: data.services.map((s) => `${s.serviceType} ${s.amount}`),
		monitoringPeriod: data.monitoringPeriod,
		monitoringMonths: data.monitoringMonths,
	}
}

/** The 支給決定's day: the 受給者証's 交付年月日 (the decision period may start later). */
export function decisionDate(data: CertificateFormData | undefined): string | undefined {
	return data?.issuedOn || data?.decisionStart || undefined
}

/** Which steps freeze the live plan: consents, and a セルフプラン's submission (it has no consent step). */
export function versionReasonFor(variant: PlanVariant, action: CycleAction): VersionReason | null {
	if (action === 'consent_draft') return 'draft_consented'
	if (action === 'consent_final') return 'final_consented'
	if (action === 'submit' && variant === 'self') return 'submitted'
	return null
}

/** A cycle event's stored detail (JSON text); anything unreadable counts as empty. */
export function parseDetail(text: string): Record<string, unknown> {
	try {
		const value = JSON.parse(text) as unknown
		return value && typeof value === 'object' ? (value as Record<string, unknown>) : {}
	} catch {
		return {}
	}
}
