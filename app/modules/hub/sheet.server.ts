import type * as Y from 'yjs'
import { CONTACTS_TABLE, CRISIS_NEEDS_FIELDS, CRISIS_PLACE_FIELDS, CRISIS_STAGE_ASPECTS, CRISIS_STAGES, crisisFieldKey } from '#app/document-forms/forms/definitions.ts'
import { readDocument, snapshotRows } from '#app/document-forms/structure.ts'
import { DISABILITY_LABELS, parseDisabilityCategories } from '#app/modules/clients/labels.ts'
import { loadStoredDocument } from '#app/modules/documents/stored-document.server.ts'
import { activeOn } from '#app/policies/index.ts'
import { prisma } from '#app/utils/db.server.ts'
import { ageOn } from '#app/utils/dates.ts'
import { loadRegistrations } from './hub.server.ts'

/**
 * The emergency sheet (緊急時対応シート) of one person: who they are, where they live, whom to
 * call in which order (the クライシスプラン's contact list), the prior arrangements of their hub
 * registration and what they need wherever they go. Read-only; the caller decided the basis
 * (team, registered hub, break-glass) through the policy module.
 */
export async function loadEmergencySheet(clientId: string, today: string) {
	const client = await prisma.client.findUnique({
		where: { id: clientId },
		select: {
			id: true,
			familyName: true,
			givenName: true,
			familyNameKana: true,
			givenNameKana: true,
			birthDate: true,
			gender: true,
			address: true,
			phone: true,
			disabilityCategories: true,
			handbook: true,
		},
	})
	if (!client) return null
	const [registrations, crisisDocument, specialists] = await Promise.all([
		loadRegistrations(clientId),
		prisma.document.findFirst({ where: { clientId, kind: 'crisis_plan' }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: { id: true } }),
		prisma.careTeamMember.findMany({
			where: { clientId, role: 'specialist', ...activeOn(today) },
			select: { user: { select: { displayName: true } }, organization: { select: { name: true, phone: true } } },
		}),
	])
	const crisis = crisisDocument ? readCrisis(crisisDocument.id) : null
	const registration = registrations.find((r) => r.status === 'active') ?? null
	return {
		client: {
			id: client.id,
			name: `${client.familyName} ${client.givenName}`,
			kana: `${client.familyNameKana} ${client.givenNameKana}`,
			birthDate: client.birthDate,
			age: ageOn(client.birthDate, today),
			gender: client.gender,
			address: client.address,
			phone: client.phone,
			disabilities: parseDisabilityCategories(client.disabilityCategories).map((c) => DISABILITY_LABELS[c]),
			handbook: client.handbook,
		},
		specialists: specialists.map((s) => ({ name: s.user?.displayName ?? '', office: s.organization?.name ?? '', phone: s.organization?.phone ?? '' })),
		registration: registration
			? {
					hubName: registration.hubName,
					hubPhone: registration.hubPhone,
					coordinatorName: registration.coordinatorName,
					reasonLabels: registration.reasonLabels,
					arrangements: registration.arrangements,
					reviewOn: registration.reviewOn,
				}
			: null,
		crisisDocumentId: crisisDocument?.id ?? null,
		crisis,
	}
}

/** The parts of the stored クライシスプラン the sheet shows. */
function readCrisis(documentId: string) {
	const doc: Y.Doc = loadStoredDocument(documentId)
	try {
		const snapshot = readDocument(doc)
		const red = CRISIS_STAGES[CRISIS_STAGES.length - 1]
		return {
			contacts: snapshotRows(snapshot, CONTACTS_TABLE).map((row) => ({
				id: row.id,
				name: row.cells.name ?? '',
				relation: row.cells.relation ?? '',
				phone: row.cells.phone ?? '',
				notes: row.cells.notes ?? '',
			})),
			places: CRISIS_PLACE_FIELDS.map((f) => ({ label: f.label, value: snapshot.fields[f.key] ?? '' })),
			needs: CRISIS_NEEDS_FIELDS.map((f) => ({ label: f.label, value: snapshot.fields[f.key] ?? '' })),
			redStage: {
				label: `${red.label}（${red.color}）`,
				aspects: CRISIS_STAGE_ASPECTS.map((a) => ({ label: a.label, value: snapshot.fields[crisisFieldKey(red.key, a.key)] ?? '' })),
			},
		}
	} finally {
		doc.destroy()
	}
}
