import { prisma } from '#app/utils/db.server.ts'
import type { AuditAction } from './audit.server.ts'

/**
 * Reading the audit trail (the page for 'audit.view'). Rows carry ids, actions and outcomes
 * only — the log never holds client content, and this reader adds none (no names of clients).
 */

/** Every action the app records, for the filter menu. */
export const AUDIT_ACTIONS = [
	'auth.login',
	'auth.login_failed',
	'auth.logout',
	'auth.password_changed',
	'auth.session_expired',
	'authz.denied',
	'client.view',
	'client.create',
	'client.update',
	'certificate.create',
	'team.add',
	'team.end',
	'team.update',
	'document.create',
	'document.connect',
	'document.disconnect',
	'document.write',
	'organization.update',
	'account.create',
	'account.disable',
	'account.enable',
	'export',
	'api.read',
] as const satisfies readonly AuditAction[]

export type AuditQuery = {
	userId?: string
	clientId?: string
	action?: string
	/** YYYY-MM-DD in Japan time, inclusive */
	from?: string
	/** YYYY-MM-DD in Japan time, inclusive */
	to?: string
	page: number
	pageSize: number
}

/** Start of a Japan-time calendar day as an instant. */
function jstDayStart(date: string): Date {
	return new Date(`${date}T00:00:00+09:00`)
}

/** The newest audit rows matching the filters, one page at a time. */
export async function searchAuditLog(query: AuditQuery) {
	const at: { gte?: Date; lt?: Date } = {}
	if (query.from) at.gte = jstDayStart(query.from)
	if (query.to) at.lt = new Date(jstDayStart(query.to).getTime() + 86_400_000)
	const where = {
		...(query.userId ? { userId: query.userId } : {}),
		...(query.clientId ? { clientId: query.clientId } : {}),
		...(query.action ? { action: query.action } : {}),
		...(at.gte || at.lt ? { at } : {}),
	}
	const total = await prisma.auditLog.count({ where })
	const pageCount = Math.max(1, Math.ceil(total / query.pageSize))
	const page = Math.min(query.page, pageCount)
	const rows = await prisma.auditLog.findMany({
		where,
		orderBy: { id: 'desc' },
		skip: (page - 1) * query.pageSize,
		take: query.pageSize,
		select: { id: true, at: true, userId: true, clientId: true, action: true, outcome: true, target: true, ipAddress: true, detail: true },
	})
	const userIds = [...new Set(rows.map((r) => r.userId).filter((id): id is string => Boolean(id)))]
	const users = userIds.length
		? await prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, displayName: true } })
		: []
	const names = new Map(users.map((u) => [u.id, u.displayName]))
	return {
		total,
		page,
		pageCount,
		rows: rows.map((r) => ({
			...r,
			at: r.at.toISOString(),
			userName: r.userId ? (names.get(r.userId) ?? '') : '',
		})),
	}
}
