import { audit } from '#app/modules/audit/audit.server.ts'
import { emitAuthzEvent } from '#app/modules/authz-events.server.ts'
import { newId, type RequestMeta } from '#app/modules/clients/ids.server.ts'
import { shiftDate } from '#app/modules/clients/team.server.ts'
import { canOnClient, hasSpecialistUnderContract, isRowActive, teamRoleFor, type Actor, type ClientScope } from '#app/policies/index.ts'
import { prisma } from '#app/utils/db.server.ts'

/**
 * 契約の終了: the 相談支援専門員's contract for 計画相談支援 ends (the person or family will write a
 * セルフプラン, or go to another office). In one transaction the open agency cycle is closed with
 * the reason (an append-only 終了 event) and every specialist row of the team ends yesterday, so
 * access stops at once and a セルフプラン may be started. Records stay; nothing is deleted.
 */

export type ContractResult = { ok: true; closedCycleId: string | null } | { ok: false; status: 400 | 403 | 404 | 409; errors: string[] }

export const CONTRACT_REASON_MAX = 500

export async function endContract(actor: Actor, scope: ClientScope, input: { reason: string }, today: string, meta: RequestMeta): Promise<ContractResult> {
	const role = teamRoleFor(actor, scope, today)
	if (!role) return { ok: false, status: 404, errors: ['見つかりません'] }
	if (!canOnClient(actor, 'team.manage', scope, today) || (role !== 'specialist' && role !== 'office_manager')) {
		return { ok: false, status: 403, errors: ['契約の終了は相談支援事業所が行います'] }
	}
	if (!hasSpecialistUnderContract(scope, today)) return { ok: false, status: 409, errors: ['契約中の相談支援専門員はいません'] }
	const reason = input.reason.trim()
	if (reason === '') return { ok: false, status: 400, errors: ['契約を終了する理由を入力してください（例：本人・家族がセルフプランを作成するため）'] }
	if (reason.length > CONTRACT_REASON_MAX) return { ok: false, status: 400, errors: [`理由は${CONTRACT_REASON_MAX}文字以内で入力してください`] }

	const yesterday = shiftDate(today, -1)
	const result = await prisma.$transaction(async (tx) => {
		const cycle = await tx.planCycle.findFirst({ where: { clientId: scope.id, endedAt: null }, orderBy: { number: 'desc' }, select: { id: true, state: true, variant: true, planDocumentId: true } })
		let closedCycleId: string | null = null
		if (cycle && cycle.variant === 'specialist') {
			const moved = await tx.planCycle.updateMany({ where: { id: cycle.id, state: cycle.state, endedAt: null }, data: { state: 'closed', endedAt: new Date() } })
			if (moved.count !== 1) return null
			await tx.planCycleEvent.create({
				data: {
					id: newId('cev'),
					cycleId: cycle.id,
					clientId: scope.id,
					action: 'close',
					fromState: cycle.state,
					toState: 'closed',
					actorId: actor.id,
					occurredOn: today,
					note: `契約終了：${reason}`,
					detail: JSON.stringify({ role, contractEnded: true }),
				},
			})
			closedCycleId = cycle.id
		}
		const rows = await tx.careTeamMember.findMany({ where: { clientId: scope.id, role: 'specialist' }, select: { id: true, startsOn: true, endsOn: true } })
		const ended: string[] = []
		for (const row of rows) {
			if (!isRowActive(row, today) && !(row.startsOn > today)) continue
			const endsOn = row.startsOn > yesterday ? shiftDate(row.startsOn, -1) : yesterday
			await tx.careTeamMember.update({ where: { id: row.id }, data: { endsOn } })
			ended.push(row.id)
		}
		return { closedCycleId, ended, planDocumentId: cycle?.planDocumentId ?? null }
	})
	if (!result) return { ok: false, status: 409, errors: ['ほかの人が先に手順を進めたため、記録できませんでした。画面を読み込み直してください'] }
	emitAuthzEvent({ type: 'client-team-changed', clientId: scope.id })
	if (result.planDocumentId) emitAuthzEvent({ type: 'document-changed', documentId: result.planDocumentId })
	await audit({
		action: 'contract.end',
		userId: actor.id,
		clientId: scope.id,
		target: `client:${scope.id}`,
		ipAddress: meta.ipAddress,
		detail: { closedCycleId: result.closedCycleId, endedRows: result.ended },
	})
	return { ok: true, closedCycleId: result.closedCycleId }
}
