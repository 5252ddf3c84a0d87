import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { audit } from '#app/modules/audit/audit.server.ts'
import { clientIp, requireApiUser, type CurrentUser } from '#app/modules/auth/auth.server.ts'
import { requireDocumentAccess } from '#app/modules/authz.server.ts'
import { commentRateLimiter } from '#app/modules/comments/rate-limit.server.ts'
import { changeComments, listThreads, loadDocumentAudience, type AudienceMember, type ThreadView } from '#app/modules/comments/comments.server.ts'
import { todayJst } from '#app/utils/dates.ts'
import { formDataToObject } from '#app/utils/forms.ts'

/**
 * The comments of one document, as JSON for the comment margin.
 *   GET  → { threads, members, canCreate, viewerId }: threads the user may read, with what they
 *          may do on each; members = who can be mentioned (may read this document today).
 *   POST intent=create|reply|edit|delete|resolve|reopen|flag|unflag → { ok, commentId, threadId }
 *          or 400 { fieldErrors, message } / 403 / 404.
 * Reading the document is required for both (404 otherwise, like the document page).
 */

export type CommentsPayload = {
	threads: ThreadView[]
	members: Array<Pick<AudienceMember, 'id' | 'name' | 'kana' | 'roleLabel'>>
	canCreate: boolean
	viewerId: string
}

async function authorize(request: Request, params: LoaderFunctionArgs['params']) {
	const current: CurrentUser = await requireApiUser(request)
	const loaded = await requireDocumentAccess(request, current, params.documentId)
	if (loaded.document.clientId !== params.clientId) throw json({ error: 'not_found', message: '見つかりません' }, { status: 404 })
	return { current, loaded, who: { actor: current.actor, ipAddress: clientIp(request), today: todayJst() } }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { current, loaded, who } = await authorize(request, params)
	const [{ threads, canCreate }, audience] = await Promise.all([listThreads(who, loaded), loadDocumentAudience(loaded.scope, who.today)])
	const members = audience.map(({ id, name, kana, roleLabel }) => ({ id, name, kana, roleLabel }))
	// Comments are client content: reading them is audited like the document itself (batched).
	await audit({
		action: 'comment.view',
		userId: current.user.id,
		clientId: loaded.document.clientId,
		target: `document:${loaded.document.id}`,
		ipAddress: who.ipAddress,
		detail: { threads: threads.length },
	})
	return json({ threads, members, canCreate, viewerId: current.user.id } satisfies CommentsPayload)
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { current, loaded, who } = await authorize(request, params)
	if (!commentRateLimiter().allow(current.user.id)) {
		return json({ ok: false, message: 'コメントの送信が続いています。少し待ってからもう一度お試しください。', fieldErrors: {} }, { status: 429 })
	}
	const input = formDataToObject(await request.formData())
	const result = await changeComments(who, loaded, input)
	if (result.ok) return json(result)
	return json({ ok: false, message: result.message, fieldErrors: result.fieldErrors ?? {} }, { status: result.status })
}
