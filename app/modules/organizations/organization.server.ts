import { json } from '@remix-run/node'
import { canUpdateOrganization, type Actor } from '#app/policies/index.ts'
import { prisma } from '#app/utils/db.server.ts'
import { audit, toRow } from '#app/modules/audit/audit.server.ts'
import { clientIp, type CurrentUser } from '#app/modules/auth/auth.server.ts'
import { isWellFormedId } from '#app/modules/authz.server.ts'
import type { VacancyUpdate } from '#app/modules/organizations/vacancy.ts'

/** One organisation with its services; null for unknown and malformed ids alike. */
export async function getOrganization(id: string | undefined) {
	if (!isWellFormedId(id)) return null
	return prisma.organization.findUnique({
		where: { id },
		include: { services: { orderBy: { id: 'asc' } } },
	})
}

export type OrganizationDetail = NonNullable<Awaited<ReturnType<typeof getOrganization>>>

async function auditDenied(actor: Actor, organizationId: string, ipAddress: string, path: string): Promise<void> {
	await audit({
		action: 'authz.denied',
		outcome: 'denied',
		userId: actor.id,
		target: `organization:${organizationId}`,
		ipAddress,
		detail: { attempted: 'organization.update', path },
	})
}

/** For actions: refuses (403, audited) unless the user may update this organisation's entry. */
export async function requireOrganizationUpdate(request: Request, current: CurrentUser, organizationId: string): Promise<void> {
	if (canUpdateOrganization(current.actor, organizationId)) return
	await auditDenied(current.actor, organizationId, clientIp(request), new URL(request.url).pathname)
	throw json({ error: 'forbidden', message: 'この事業所の情報を更新する権限がありません' }, { status: 403 })
}

export type UpdateVacancyResult = { ok: true } | { ok: false; reason: 'not_found' | 'forbidden' }

/**
 * Records an office's vacancy (空き状況), the date it was true on, and the office's note.
 * The policy is checked here as well as in the route, so no caller can skip it. The change
 * and its audit row are written in one transaction: there is no update without a record.
 */
export async function updateVacancy(args: {
	actor: Actor
	organizationId: string
	update: VacancyUpdate
	ipAddress?: string
}): Promise<UpdateVacancyResult> {
	const { actor, organizationId, update, ipAddress = '' } = args
	const current = isWellFormedId(organizationId)
		? await prisma.organization.findUnique({
				where: { id: organizationId },
				select: { id: true, vacancyStatus: true, vacancyAsOf: true, note: true },
			})
		: null
	if (!current) return { ok: false, reason: 'not_found' }
	if (!canUpdateOrganization(actor, organizationId)) {
		await auditDenied(actor, organizationId, ipAddress, `/directory/${organizationId}`)
		return { ok: false, reason: 'forbidden' }
	}
	const entry = toRow({
		action: 'organization.update',
		userId: actor.id,
		target: `organization:${organizationId}`,
		ipAddress,
		detail: {
			fields: 'vacancy',
			from: { status: current.vacancyStatus, asOf: current.vacancyAsOf },
			to: { status: update.vacancyStatus, asOf: update.vacancyAsOf },
			noteChanged: current.note !== update.note,
		},
	})
	await prisma.$transaction([
		prisma.organization.update({
			where: { id: organizationId },
			data: { vacancyStatus: update.vacancyStatus, vacancyAsOf: update.vacancyAsOf, note: update.note },
		}),
		prisma.auditLog.create({ data: entry }),
	])
	return { ok: true }
}
