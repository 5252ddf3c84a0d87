import type { LoaderFunctionArgs } from '@remix-run/node'
import { auditQueryOf, filterQueryString, parseAuditFilter } from '#app/modules/audit/audit-filter.ts'
import { exportAuditLog } from '#app/modules/audit/audit-log.server.ts'
import { audit } from '#app/modules/audit/audit.server.ts'
import { auditOutcomeLabel } from '#app/modules/audit/labels.ts'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { requireGlobalPermission } from '#app/modules/authz.server.ts'
import { toCsv } from '#app/modules/dashboard/csv.ts'
import { todayJst } from '#app/utils/dates.ts'

const HEADER = ['番号', '日時（日本時間）', '操作した人', '操作した人のID', '操作', '操作コード', '結果', '利用者', '利用者ID', '対象', '対象コード', 'IPアドレス', '詳細', 'ハッシュ'] as const

const jst = new Intl.DateTimeFormat('sv-SE', {
	timeZone: 'Asia/Tokyo',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
})

/**
 * /admin/audit.csv — the audit rows of the page's filters, oldest first, as CSV for Excel (BOM,
 * CRLF). The export itself is audited, at once (it is not a read of client content but a copy
 * of the trail leaving the system).
 */
export async function loader({ request }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	await requireGlobalPermission(request, current, 'audit.view')
	const { filter } = parseAuditFilter(new URL(request.url).searchParams)
	const { rows, truncated } = await exportAuditLog(auditQueryOf(filter))
	await audit({
		action: 'audit.export',
		userId: current.user.id,
		ipAddress: clientIp(request),
		target: 'audit.csv',
		detail: { filter: filterQueryString(filter), rows: rows.length, truncated },
	})
	const body = toCsv(
		HEADER,
		rows.map((r) => [
			r.id,
			jst.format(r.at),
			r.userName,
			r.userId,
			r.actionLabel,
			r.action,
			auditOutcomeLabel(r.outcome),
			r.clientName,
			r.clientId,
			r.targetLabel,
			r.target,
			r.ipAddress,
			r.detail,
			r.hash,
		]),
	)
	const today = todayJst()
	return new Response(body, {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="audit-${today}.csv"; filename*=UTF-8''${encodeURIComponent(`監査ログ-${today}.csv`)}`,
			'Cache-Control': 'no-store',
		},
	})
}
