import { headerCertificateFields } from '#app/modules/clients/certificate-kinds.ts'
import { currentCertificates } from '#app/modules/clients/certificates.server.ts'
import { supportLevelLabel } from '#app/modules/clients/labels.ts'
import type { RequestMeta } from '#app/modules/clients/ids.server.ts'
import { planDocumentTitle } from '#app/document-forms/plan.ts'
import { selfPlanAuthor } from '#app/modules/self-plan/header-author.server.ts'
import { documentAccess, isRowActive, teamRoleFor, type Actor, type ClientScope } from '#app/policies/index.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createDocumentOnce } from './create-document.server.ts'

/**
 * Co-edited documents as records: creating them and what their pages show around the live
 * Yjs content. Authorization is decided here with the policy module, not by callers.
 */

/**
 * The plan's id is derived from the client's: one plan per client, and two writers who press
 * 「計画を作成」 at the same moment end up on the same document (the second insert fails on
 * the primary key and returns the first).
 */
export function planDocumentId(clientId: string): string {
	return `plan-${clientId}`
}

export type EnsurePlanResult = { ok: true; id: string; created: boolean } | { ok: false; status: 403 | 404 }

export async function findPlanDocument(clientId: string): Promise<{ id: string } | null> {
	return prisma.document.findFirst({ where: { clientId, kind: 'plan' }, select: { id: true }, orderBy: { createdAt: 'asc' } })
}

/** Creates the client's plan document unless it exists. Only writers of the plan may. */
export async function ensurePlanDocument(actor: Actor, scope: ClientScope, today: string, meta: RequestMeta): Promise<EnsurePlanResult> {
	const access = documentAccess(actor, { kind: 'plan', organizationId: null, frozen: false, client: scope }, today)
	if (access !== 'write') return { ok: false, status: teamRoleFor(actor, scope, today) ? 403 : 404 }
	const existing = await findPlanDocument(scope.id)
	if (existing) return { ok: true, id: existing.id, created: false }
	const client = await prisma.client.findUnique({ where: { id: scope.id }, select: { category: true } })
	if (!client) return { ok: false, status: 404 }
	const id = planDocumentId(scope.id)
	const created = await createDocumentOnce({ id, clientId: scope.id, kind: 'plan', title: planDocumentTitle(client.category) }, actor.id, meta.ipAddress)
	return { ok: true, id, created }
}

/**
 * The plan's header block (様式1-1 / 2-1) from the client record and the 受給者証 in force
 * today. Read-only facts: they are edited where they live (client page, certificate register).
 */
export async function loadPlanHeader(clientId: string, today: string) {
	const [client, certificates, specialists] = await Promise.all([
		prisma.client.findUnique({
			where: { id: clientId },
			select: { familyName: true, givenName: true, category: true, guardianName: true, supportLevel: true },
		}),
		currentCertificates(clientId, today),
		prisma.careTeamMember.findMany({
			where: { clientId, role: 'specialist' },
			select: {
				startsOn: true,
				endsOn: true,
				externalName: true,
				user: { select: { displayName: true } },
				organization: { select: { name: true, phone: true } },
			},
			orderBy: { startsOn: 'desc' },
		}),
	])
	if (!client) return null
	const specialist = specialists.find((row) => isRowActive(row, today)) ?? null
	// A セルフプラン names its 本人・家族 author and never the specialist's office (issue #13).
	const selfAuthor = await selfPlanAuthor(clientId)
	// 利用者負担上限額 and モニタリング期間 come from the certificate the schedule follows.
	const certificate = certificates.find((c) => c.followedBySchedule) ?? null
	const numbers = certificates.map((c) => ({ kind: c.kind, kindLabel: c.kindLabel, number: c.number }))
	return {
		clientName: `${client.familyName} ${client.givenName}`,
		category: client.category === 'child' ? ('child' as const) : ('adult' as const),
		guardianName: client.guardianName,
		// The certificate's 区分 is the decided one; the client record's is the fallback.
		supportLevel: certificate?.supportLevel || client.supportLevel,
		/** 対象外 for a child, never an adult field's 非該当 */
		supportLevelLabel: supportLevelLabel(client.category, certificate?.supportLevel || client.supportLevel),
		/** every current certificate's number, one per kind */
		certificates: numbers,
		/** the header's number fields for this form (child / adult), each in its own field */
		certificateFields: headerCertificateFields(client.category, numbers),
		certificate: certificate
			? {
					kind: certificate.kind,
					number: certificate.number,
					copayCap: certificate.copayCap,
					monitoringPeriod: certificate.monitoringPeriod,
					monitoringMonths: certificate.monitoringMonths,
				}
			: null,
		agencyName: selfAuthor ? selfAuthor.agencyName : (specialist?.organization?.name ?? ''),
		authorName: selfAuthor ? selfAuthor.authorName : (specialist?.user?.displayName ?? specialist?.externalName ?? ''),
	}
}
export type PlanHeader = NonNullable<Awaited<ReturnType<typeof loadPlanHeader>>>
