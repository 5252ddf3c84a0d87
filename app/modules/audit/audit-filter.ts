import { auditFilterSchema } from '#app/modules/accounts/schemas.ts'

export const AUDIT_FILTER_KEYS = ['userId', 'clientId', 'clientName', 'seen', 'action', 'from', 'to', 'page'] as const

export type AuditFilterValues = {
	userId: string
	clientId: string
	clientName: string
	seen: string
	action: string
	from: string
	to: string
	page: number
}

/** Reads the audit filters from a query string; each bad value is reported and left out. */
export function parseAuditFilter(params: URLSearchParams): { filter: AuditFilterValues; errors: string[] } {
	const filter: AuditFilterValues = { userId: '', clientId: '', clientName: '', seen: '', action: '', from: '', to: '', page: 1 }
	const errors: string[] = []
	for (const key of AUDIT_FILTER_KEYS) {
		const parsed = auditFilterSchema.shape[key].safeParse(params.get(key) ?? '')
		if (parsed.success) (filter as Record<string, string | number>)[key] = parsed.data
		else errors.push(parsed.error.issues[0]?.message ?? '条件が正しくありません')
	}
	return { filter, errors }
}

export function auditQueryOf(filter: AuditFilterValues) {
	return {
		userId: filter.userId || undefined,
		clientId: filter.clientId || undefined,
		clientName: filter.clientName || undefined,
		seenOnly: filter.seen === '1',
		action: filter.action || undefined,
		from: filter.from || undefined,
		to: filter.to || undefined,
	}
}

/** The filters as a query string (page left out), for links and the CSV. */
export function filterQueryString(filter: AuditFilterValues): string {
	const params = new URLSearchParams()
	for (const key of AUDIT_FILTER_KEYS) {
		if (key === 'page') continue
		const value = String(filter[key] ?? '')
		if (value) params.set(key, value)
	}
	return params.toString()
}
