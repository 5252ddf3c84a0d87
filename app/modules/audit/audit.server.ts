import { prisma } from '#app/utils/db.server.ts'
import { auditWriter } from './audit-writer.server.ts'

/**
 * Audit actions. The log records who did what to which client and when (UTC) — never the
 * content itself. Rows are append-only (database triggers refuse UPDATE and DELETE).
 */
export type AuditAction =
	| 'auth.login'
	| 'auth.login_failed'
	| 'auth.logout'
	| 'auth.password_changed'
	| 'auth.session_expired'
	| 'auth.second_factor_failed'
	| 'auth.two_factor_enrolled'
	| 'auth.two_factor_reenrolled'
	| 'auth.two_factor_disabled'
	| 'auth.recovery_codes_regenerated'
	| 'account.two_factor_reset'
	| 'organization.two_factor_policy'
	| 'comment.view'
	| 'audit.view'
	| 'audit.export'
	| 'authz.denied'
	| 'client.view'
	| 'client.create'
	| 'client.update'
	| 'certificate.create'
	| 'team.add'
	| 'team.end'
	| 'team.update'
	| 'document.create'
	| 'document.connect'
	| 'document.disconnect'
	| 'document.write'
	| 'organization.update'
	| 'account.create'
	| 'account.disable'
	| 'account.enable'
	| 'export'
	| 'api.read'
	| 'comment.create'
	| 'comment.edit'
	| 'comment.delete'
	| 'comment.resolve'
	| 'comment.reopen'
	| 'comment.flag'
	| 'meeting.create'
	| 'meeting.update'
	| 'meeting.start'
	| 'meeting.attendance'
	| 'meeting.close'
	| 'meeting.cancel'
	| 'meeting.view'
	| 'notification.read'
	| 'version.create'
	| 'monitoring.create'
	| 'monitoring.complete'
	| 'client.close'
	| 'version.view'
	| 'cycle.start'
	| 'cycle.transition'
	| 'consent.record'
	| 'consent.electronic_agreement'
	| 'delivery.record'
	| 'decision.record'
	// 地域生活支援拠点 (issue #12)
	| 'hub.registration.create'
	| 'hub.registration.update'
	| 'hub.registration.end'
	| 'hub.roster.view'
	| 'hub.sheet.view'
	| 'hub.meeting.create'
	| 'hub.summary.export'
	| 'emergency.create'
	| 'emergency.revision'
	| 'emergency_access.grant'
	| 'emergency_access.view'
	| 'emergency_access.end'
	| 'emergency_access.review'
	// issue #13: invitations, 契約の終了, やさしい説明, easy-view settings
	| 'invitation.create'
	| 'invitation.withdraw'
	| 'invitation.use'
	| 'invitation.refused'
	| 'contract.end'
	| 'explanation.write'
	| 'preference.update'

export type AuditEntry = {
	action: AuditAction
	userId?: string | null
	clientId?: string | null
	outcome?: 'ok' | 'denied' | 'failed'
	/** what was acted on, e.g. "certificate:<id>" or "document:note.<id>" */
	target?: string
	ipAddress?: string
	/** small structured facts (never client content) */
	detail?: Record<string, unknown>
}

/**
 * Reads of client content: queued and written in batches (no disk sync per page view). Every
 * other action — changes, sign-ins, refusals — is written at once.
 */
export const READ_ACTIONS: ReadonlySet<AuditAction> = new Set<AuditAction>([
	'client.view',
	'api.read',
	'meeting.view',
	'version.view',
	'comment.view',
	'audit.view',
])

/** Appends one audit row (reads: queued for the next batch; the chain is sealed right after). */
export async function audit(entry: AuditEntry): Promise<void> {
	const row = toRow(entry)
	if (READ_ACTIONS.has(entry.action)) {
		auditWriter().enqueue({ ...row, at: new Date().toISOString().replace('Z', '+00:00') })
		return
	}
	await prisma.auditLog.create({ data: row })
	auditWriter().schedule()
}

export function toRow(entry: AuditEntry) {
	return {
		action: entry.action,
		userId: entry.userId ?? null,
		clientId: entry.clientId ?? null,
		outcome: entry.outcome ?? 'ok',
		target: entry.target ?? '',
		ipAddress: entry.ipAddress ?? '',
		detail: entry.detail ? JSON.stringify(entry.detail) : '',
	}
}
