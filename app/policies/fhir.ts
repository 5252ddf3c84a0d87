import { canOnClient, teamRoleFor, type Actor, type ClientScope } from './index.ts'
import type { TeamRole } from './roles.ts'

/**
 * Who may export a client's record as a FHIR Bundle (issue #14). Exporting hands the record
 * to another system, so it is narrower than reading it:
 *   - the consultation office (相談支援専門員, and the 管理者 of the specialist's office) — the
 *     record's keeper;
 *   - 本人 and the family on the team — their own record (the right to disclosure, APPI 第33条);
 *   - the provider's サービス管理責任者 on the team — the plan was handed to it (交付); its Bundle
 *     holds only what it may read (no other provider's 個別支援計画);
 *   - the municipality — only a version of the plan that was submitted to it;
 *   - nobody else: not provider staff, not the 拠点 coordinator, never an administrator, never
 *     anyone off the client's team.
 * What each Bundle holds is decided per part by the read rules (documentAccess, canOnClient) in
 * the loader, so an export never shows more than the pages do.
 */

export const FHIR_EXPORT_ROLES: readonly TeamRole[] = ['specialist', 'office_manager', 'service_manager', 'family', 'client_self']

export type FhirExportTarget =
	/** the current record (a collection Bundle) */
	| { kind: 'current' }
	/** one consented version of the plan; submitted = handed to the municipality (submit / start_services) */
	| { kind: 'version'; submitted: boolean }

export function canExportFhir(actor: Actor, client: ClientScope, target: FhirExportTarget, today: string): boolean {
	const role = teamRoleFor(actor, client, today)
	if (!role || !canOnClient(actor, 'client.view', client, today)) return false
	if (role === 'municipal') return target.kind === 'version' && target.submitted
	return FHIR_EXPORT_ROLES.includes(role)
}
