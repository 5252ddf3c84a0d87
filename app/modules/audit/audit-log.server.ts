import { prisma } from '#app/utils/db.server.ts'
import { flushAuditLog } from './audit-writer.server.ts'
import { auditActionLabel, auditTargetLabel, SEEING_ACTIONS } from './labels.ts'

/**
 * Reading the audit trail (the page for 'audit.view'). Rows carry ids, actions and outcomes
 * only — the log never holds client content. To answer "whose data did this person see" (an
 * APPI leak report) the reader adds the client's name to each row, and can search by it.
 */

/** Every action the app records, for the filter menu: one per named action (labels.ts). */
export { AUDIT_ACTIONS } from './labels.ts'

export type AuditQuery = {
	userId?: string
	clientId?: string
	/** part of a client's name or its reading (kana); spaces ignored */
	clientName?: string
	/** only what showed someone client content */
	seenOnly?: boolean
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

async function clientIdsByName(name: string): Promise<string[]> {
	const needle = name.replace(/[\s\u3000]+/g, '')
	const clients = await prisma.client.findMany({ select: { id: true, familyName: true, givenName: true, familyNameKana: true, givenNameKana: true } })
	return clients
		.filter((c) => `${c.familyName}${c.givenName}`.includes(needle) || `${c.familyNameKana}${c.givenNameKana}`.includes(needle))
		.map((c) => c.id)
}

async function whereOf(query: Omit<AuditQuery, 'page' | 'pageSize'>) {
	const at: { gte?: Date; lt?: Date } = {}
	if (query.from) at.gte = jstDayStart(query.from)
	if (query.to) at.lt = new Date(jstDayStart(query.to).getTime() + 86_400_000)
	const byName = query.clientName ? await clientIdsByName(query.clientName) : null
	const clientIds = [...(query.clientId ? [query.clientId] : []), ...(byName ?? [])]
	const clientFilter = query.clientId && byName ? (byName.includes(query.clientId) ? [query.clientId] : []) : clientIds
	const actionFilter = query.action ? [query.action] : query.seenOnly ? [...SEEING_ACTIONS] : null
	return {
		...(query.userId ? { userId: query.userId } : {}),
		...(query.clientId || byName ? { clientId: { in: clientFilter } } : {}),
		...(actionFilter ? { action: { in: actionFilter.filter((a) => !query.seenOnly || (SEEING_ACTIONS as readonly string[]).includes(a)) } } : {}),
		...(at.gte || at.lt ? { at } : {}),
	}
}

async function clientNames(ids: Array<string | null>): Promise<Map<string, string>> {
	const unique = [...new Set(ids.filter((id): id is string => Boolean(id)))]
	if (unique.length === 0) return new Map()
	const rows = await prisma.client.findMany({ where: { id: { in: unique } }, select: { id: true, familyName: true, givenName: true } })
	return new Map(rows.map((c) => [c.id, `${c.familyName} ${c.givenName}`]))
}

async function userNames(ids: Array<string | null>): Promise<Map<string, string>> {
	const unique = [...new Set(ids.filter((id): id is string => Boolean(id)))]
	if (unique.length === 0) return new Map()
	const rows = await prisma.user.findMany({ where: { id: { in: unique } }, select: { id: true, displayName: true } })
	return new Map(rows.map((u) => [u.id, u.displayName]))
}

/** The newest audit rows matching the filters, one page at a time. */
export async function searchAuditLog(query: AuditQuery) {
	// Reads queued a moment ago belong in the answer.
	await flushAuditLog()
	const where = await whereOf(query)
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
	const [names, clients] = await Promise.all([userNames(rows.map((r) => r.userId)), clientNames(rows.map((r) => r.clientId))])
	return {
		total,
		page,
		pageCount,
		rows: rows.map((r) => ({
			...r,
			at: r.at.toISOString(),
			actionLabel: auditActionLabel(r.action),
			targetLabel: auditTargetLabel(r.target),
			userName: r.userId ? (names.get(r.userId) ?? '') : '',
			clientName: r.clientId ? (clients.get(r.clientId) ?? '') : '',
		})),
	}
}

export const AUDIT_EXPORT_LIMIT = 100_000

/** Every matching row, oldest first, for the CSV (bounded; the caller says when it was cut). */
export async function exportAuditLog(query: Omit<AuditQuery, 'page' | 'pageSize'>) {
	await flushAuditLog()
	const where = await whereOf(query)
	const rows = await prisma.auditLog.findMany({
		where,
		orderBy: { id: 'asc' },
		take: AUDIT_EXPORT_LIMIT + 1,
		select: { id: true, at: true, userId: true, clientId: true, action: true, outcome: true, target: true, ipAddress: true, detail: true, hash: true },
	})
	const truncated = rows.length > AUDIT_EXPORT_LIMIT
	const kept = rows.slice(0, AUDIT_EXPORT_LIMIT)
	const [names, clients] = await Promise.all([userNames(kept.map((r) => r.userId)), clientNames(kept.map((r) => r.clientId))])
	return {
		truncated,
		rows: kept.map((r) => ({
			...r,
			actionLabel: auditActionLabel(r.action),
			targetLabel: auditTargetLabel(r.target),
			userName: r.userId ? (names.get(r.userId) ?? '') : '',
			clientName: r.clientId ? (clients.get(r.clientId) ?? '') : '',
		})),
	}
}

/**
 * "What did this person see between these dates": per client, how often and when (first and
 * last) their content was shown to the person, and by which kinds of access.
 */
export async function seenByUser(userId: string, from?: string, to?: string) {
	await flushAuditLog()
	const where = await whereOf({ userId, from, to, seenOnly: true })
	const rows = await prisma.auditLog.findMany({ where: { ...where, clientId: { not: null } }, select: { clientId: true, action: true, at: true }, orderBy: { id: 'asc' } })
	const byClient = new Map<string, { count: number; first: Date; last: Date; actions: Set<string> }>()
	for (const r of rows) {
		const key = r.clientId as string
		const entry = byClient.get(key) ?? { count: 0, first: r.at, last: r.at, actions: new Set<string>() }
		entry.count++
		if (r.at < entry.first) entry.first = r.at
		if (r.at > entry.last) entry.last = r.at
		entry.actions.add(auditActionLabel(r.action))
		byClient.set(key, entry)
	}
	const names = await clientNames([...byClient.keys()])
	return [...byClient.entries()]
		.map(([clientId, e]) => ({
			clientId,
			clientName: names.get(clientId) ?? '',
			count: e.count,
			first: e.first.toISOString(),
			last: e.last.toISOString(),
			actions: [...e.actions],
		}))
		.sort((a, b) => b.last.localeCompare(a.last))
}
