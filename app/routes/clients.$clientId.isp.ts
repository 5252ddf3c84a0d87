import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { auditDenied, requireClientPermission } from '#app/modules/authz.server.ts'
import { ensureIspDocument } from '#app/modules/documents/isp.server.ts'
import { todayJst } from '#app/utils/dates.ts'

/**
 * POST /clients/:clientId/isp (organizationId): creates that provider's 個別支援計画 for the
 * client unless it exists, then opens it. Only the provider's own staff on the team may (the
 * policy module decides, in ensureIspDocument).
 */

export async function loader({ params }: LoaderFunctionArgs) {
	return redirect(`/clients/${params.clientId ?? ''}`)
}

const MESSAGES = { 400: '事業所の指定が正しくありません', 403: 'この操作を行う権限がありません', 404: '見つかりません' } as const
const ERRORS = { 400: 'bad_request', 403: 'forbidden', 404: 'not_found' } as const

export async function action({ request, params }: ActionFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireClientPermission(request, current, params.clientId, 'document.list')
	const organizationId = (await request.formData()).get('organizationId')
	if (typeof organizationId !== 'string' || !organizationId) throw json({ error: 'bad_request', message: MESSAGES[400] }, { status: 400 })
	const result = await ensureIspDocument(current.actor, scope, organizationId, todayJst(), { ipAddress: clientIp(request) })
	if (!result.ok) {
		if (result.status !== 400) await auditDenied(request, current, { attempted: 'document.create', clientId: scope.id, detail: { kind: 'isp', organizationId } })
		throw json({ error: ERRORS[result.status], message: MESSAGES[result.status] }, { status: result.status })
	}
	return redirect(`/clients/${scope.id}/documents/${result.id}`)
}
