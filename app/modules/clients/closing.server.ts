import { audit } from '#app/modules/audit/audit.server.ts'
import { emitAuthzEvent } from '#app/modules/authz-events.server.ts'
import { canOnClient, teamRoleFor, type Actor, type ClientScope } from '#app/policies/index.ts'
import { prisma } from '#app/utils/db.server.ts'
import { toJstDate } from '#app/utils/dates.ts'
import { decodeCloseReason, encodeCloseReason, parseCloseForm, retainUntil, retentionYears } from './closing.ts'
import type { RequestMeta } from './ids.server.ts'

/**
 * Closing a case (終了). From then on the policy module makes the client read-only for everyone
 * (no writes, documents read-only) until at least retainUntil. There is no reopening in the UI:
 * a returning person is registered again, and the closed record stays as it was kept.
 */

export type CloseResult =
	| { ok: true; retainUntil: string }
	| { ok: false; status: 400; fieldErrors: Record<string, string[]> }
	| { ok: false; status: 403 | 404; fieldErrors: Record<string, string[]> }

export async function closeClient(actor: Actor, scope: ClientScope, form: Record<string, unknown>, today: string, meta: RequestMeta): Promise<CloseResult> {
	if (!canOnClient(actor, 'client.close', scope, today)) {
		const visible = teamRoleFor(actor, scope, today) !== null
		const message = scope.closed ? 'この利用者は既に終了しています' : '終了の手続きを行う権限がありません'
		return { ok: false, status: visible ? 403 : 404, fieldErrors: { form: [visible ? message : '見つかりません'] } }
	}
	const parsed = parseCloseForm(form, today)
	if (!parsed.ok) return { ok: false, status: 400, fieldErrors: parsed.fieldErrors }
	const { closedOn, reason, reasonDetail, evaluation } = parsed.data
	const years = retentionYears()
	const until = retainUntil(closedOn, years)
	// Only an open case is closed: a colleague's close a moment earlier wins, unchanged.
	const updated = await prisma.client.updateMany({
		where: { id: scope.id, closedAt: null },
		data: {
			// The closing day as entered (JST midnight), so the record shows the day the case ended.
			closedAt: new Date(`${closedOn}T00:00:00+09:00`),
			closedById: actor.id,
			closeReason: encodeCloseReason(reason, reasonDetail),
			closeEvaluation: evaluation,
			retainUntil: until,
		},
	})
	if (updated.count === 0) return { ok: false, status: 403, fieldErrors: { form: ['この利用者は既に終了しています'] } }
	// Open editors of the client's documents become read-only at once.
	emitAuthzEvent({ type: 'client-team-changed', clientId: scope.id })
	await audit({
		action: 'client.close',
		userId: actor.id,
		clientId: scope.id,
		target: `client:${scope.id}`,
		ipAddress: meta.ipAddress,
		detail: { reason, closedOn, retainUntil: until, retentionYears: years },
	})
	return { ok: true, retainUntil: until }
}

/** The closing record shown on the client page (null while the case is open). */
export async function loadClosing(clientId: string) {
	const client = await prisma.client.findUnique({
		where: { id: clientId },
		select: { closedAt: true, closedById: true, closeReason: true, closeEvaluation: true, retainUntil: true },
	})
	if (!client?.closedAt) return null
	const closedBy = client.closedById ? await prisma.user.findUnique({ where: { id: client.closedById }, select: { displayName: true } }) : null
	const reason = decodeCloseReason(client.closeReason)
	return {
		closedOn: toJstDate(client.closedAt),
		closedByName: closedBy?.displayName ?? '',
		reasonLabel: reason.label,
		reasonDetail: reason.detail,
		evaluation: client.closeEvaluation,
		retainUntil: client.retainUntil,
	}
}
export type ClosingView = NonNullable<Awaited<ReturnType<typeof loadClosing>>>
