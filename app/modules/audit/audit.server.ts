import { prisma } from '#app/utils/db.server.ts'

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

/** Appends one audit row. */
export async function audit(entry: AuditEntry): Promise<void> {
	await prisma.auditLog.create({ data: toRow(entry) })
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
