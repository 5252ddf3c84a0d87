import { audit } from '#app/modules/audit/audit.server.ts'
import { newId, type RequestMeta } from '#app/modules/clients/ids.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { toJstDate } from '#app/utils/dates.ts'
import { monthBounds, monthlySummary } from './summary.ts'

/**
 * A hub's 調整会議 (participants, people discussed, outcomes) and its monthly summary for the
 * municipality. The caller has checked canViewHubRoster for the hub.
 */

export async function listHubMeetings(hubOrganizationId: string) {
	const meetings = await prisma.hubMeeting.findMany({ where: { hubOrganizationId }, include: { clients: true }, orderBy: [{ date: 'desc' }, { createdAt: 'desc' }] })
	const clients = await prisma.client.findMany({ where: { id: { in: meetings.flatMap((m) => m.clients.map((c) => c.clientId)) } }, select: { id: true, familyName: true, givenName: true } })
	const name = new Map(clients.map((c) => [c.id, `${c.familyName} ${c.givenName}`]))
	return meetings.map((m) => ({
		id: m.id,
		date: m.date,
		title: m.title,
		participants: m.participants,
		outcomes: m.outcomes,
		clients: m.clients.map((c) => ({ id: c.clientId, name: name.get(c.clientId) ?? '' })),
	}))
}

export type HubMeetingInput = { date: string; title: string; participants: string; outcomes: string; clientIds: string[] }

/**
 * Records a 調整会議. The people discussed must be registered with this hub: a forged or foreign
 * id is refused and nothing is written.
 */
export async function createHubMeeting(actorId: string, hubOrganizationId: string, input: HubMeetingInput, meta: RequestMeta): Promise<{ ok: true; id: string } | { ok: false; errors: string[] }> {
	const ids = [...new Set(input.clientIds)]
	const registered = await prisma.hubRegistration.findMany({ where: { hubOrganizationId, status: 'active', clientId: { in: ids } }, select: { clientId: true } })
	if (registered.length !== ids.length) return { ok: false, errors: ['検討した方は、この拠点に登録されている方から選んでください'] }
	const id = newId('hmt')
	await prisma.hubMeeting.create({
		data: { id, hubOrganizationId, date: input.date, title: input.title, participants: input.participants, outcomes: input.outcomes, createdById: actorId, clients: { create: ids.map((clientId) => ({ clientId })) } },
	})
	await audit({ action: 'hub.meeting.create', userId: actorId, target: `hub-meeting:${id}`, ipAddress: meta.ipAddress, detail: { hub: hubOrganizationId, clients: ids.length } })
	return { ok: true, id }
}

/** The month's summary of one hub. */
export async function loadMonthlySummary(hubOrganizationId: string, month: string) {
	const { first, last } = monthBounds(month)
	const [registrations, emergencies] = await Promise.all([
		prisma.hubRegistration.findMany({ where: { hubOrganizationId }, select: { registeredOn: true, endedOn: true, status: true } }),
		prisma.emergencyResponse.findMany({
			where: {
				hubOrganizationId,
				// Calls of the month, and earlier calls whose stays reach into it.
				OR: [
					{ occurredAt: { gte: new Date(`${first}T00:00:00+09:00`), lte: new Date(`${last}T23:59:59.999+09:00`) } },
					{ services: { some: { toDate: { gte: first }, fromDate: { lte: last } } } },
				],
			},
			select: { occurredAt: true, category: true, services: { select: { serviceType: true, fromDate: true, toDate: true } } },
		}),
	])
	return monthlySummary(
		month,
		registrations,
		emergencies.map((e) => ({ occurredOn: toJstDate(e.occurredAt), category: e.category, services: e.services })),
	)
}
