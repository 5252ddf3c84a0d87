import type { CareTeam, Extension, HumanName, Organization, Patient, Practitioner, PractitionerRole, RelatedPerson } from '@medplum/fhirtypes'
import { KIND_LABELS } from '#app/modules/organizations/labels.ts'
import { isRowActive } from '#app/policies/index.ts'
import { CODE_SYSTEMS, EXTENSIONS, IDENTIFIER_SYSTEMS, JP_PATIENT_PROFILE, NAME_REPRESENTATION_EXTENSION, localConcept, localCoding, serviceTypeConcept } from './codes.ts'
import { fhirId, ref, type Ref } from './ids.ts'
import type { ExportSource, SourceClient, SourceMember, SourceOrganization } from './source.ts'

/** Patient, RelatedPerson, Organization, Practitioner, PractitionerRole and CareTeam (docs/fhir-export.md). */

/** Team roles held by staff: exported as Practitioner + PractitionerRole. */
export const STAFF_ROLES: ReadonlySet<string> = new Set(['specialist', 'office_manager', 'service_manager', 'provider_staff', 'municipal', 'hub_coordinator'])

export const patientRef = (client: SourceClient): Ref => ref('Patient', client.id, `${client.familyName} ${client.givenName}`)
export const organizationRef = (org: SourceOrganization): Ref => ref('Organization', org.id, org.name)
export const practitionerRoleRef = (member: SourceMember): Ref => ref('PractitionerRole', member.id, member.name)
export const relatedPersonRef = (member: SourceMember): Ref => ref('RelatedPerson', member.id, member.name)

/** The reference a team member is represented by (staff: their role at the office; family: RelatedPerson; 本人: Patient). */
export function memberRef(member: SourceMember, client: SourceClient): Ref {
	if (STAFF_ROLES.has(member.role)) return practitionerRoleRef(member)
	if (member.role === 'client_self') return patientRef(client)
	return relatedPersonRef(member)
}

const GENDERS: Record<string, Patient['gender']> = { 男: 'male', 女: 'female', その他: 'other' }

function representation(code: 'IDE' | 'SYL'): Extension[] {
	return [{ url: NAME_REPRESENTATION_EXTENSION, valueCode: code }]
}

/** Kanji (IDE) and kana (SYL) names, as JP Core's JP_HumanName asks. */
export function japaneseNames(family: string, given: string, familyKana = '', givenKana = ''): HumanName[] {
	const names: HumanName[] = []
	if (family || given) names.push({ extension: representation('IDE'), use: 'official', text: [family, given].filter(Boolean).join(' '), ...(family ? { family } : {}), ...(given ? { given: [given] } : {}) })
	if (familyKana || givenKana) {
		names.push({
			extension: representation('SYL'),
			use: 'official',
			text: [familyKana, givenKana].filter(Boolean).join(' '),
			...(familyKana ? { family: familyKana } : {}),
			...(givenKana ? { given: [givenKana] } : {}),
		})
	}
	return names
}

/** A name held as one string ("佐藤 洋子"): split at the first space when there is one. */
export function nameFromText(text: string): HumanName[] {
	const trimmed = text.trim().replace(/\s+/g, ' ')
	if (!trimmed) return []
	const [family, ...rest] = trimmed.split(' ')
	return rest.length ? japaneseNames(family, rest.join(' ')) : [{ extension: representation('IDE'), use: 'official', text: trimmed }]
}

const POSTAL_CODE = /^\d{3}(-\d{4})?$/

/**
 * JP Core's JP_Patient asks for an identifier, names marked kanji / kana and a postal code
 * written "113-8655": the profile is claimed only when the record meets that.
 */
export function meetsJpPatient(client: SourceClient): boolean {
	return Boolean(client.familyName && client.givenName && client.familyNameKana && client.givenNameKana && client.birthDate) && (client.postalCode === '' || POSTAL_CODE.test(client.postalCode))
}

export function mapPatient(client: SourceClient): Patient {
	const supportLevel = localCoding(CODE_SYSTEMS.supportLevel, client.supportLevel)
	return {
		resourceType: 'Patient',
		id: fhirId('Patient', client.id),
		...(meetsJpPatient(client) ? { meta: { profile: [JP_PATIENT_PROFILE] } } : {}),
		...(supportLevel ? { extension: [{ url: EXTENSIONS.supportLevel, valueCoding: supportLevel }] } : {}),
		identifier: [{ system: IDENTIFIER_SYSTEMS.client, value: client.id }],
		active: !client.closed,
		name: japaneseNames(client.familyName, client.givenName, client.familyNameKana, client.givenNameKana),
		...(client.phone ? { telecom: [{ system: 'phone', value: client.phone, use: 'home' }] } : {}),
		gender: GENDERS[client.gender] ?? 'unknown',
		...(client.birthDate ? { birthDate: client.birthDate } : {}),
		...(client.address || client.postalCode
			? { address: [{ use: 'home', ...(client.address ? { text: client.address } : {}), ...(POSTAL_CODE.test(client.postalCode) ? { postalCode: client.postalCode } : {}), country: 'JP' }] }
			: {}),
		communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'ja', display: 'Japanese' }] }, preferred: true }],
	}
}

/** Family members and guardians on the team; a child's guardian named on the record but not on the team too. */
export function mapRelatedPersons(source: ExportSource): RelatedPerson[] {
	const family = source.members.filter((m) => m.role === 'family')
	const people: RelatedPerson[] = family.map((member) => ({
		resourceType: 'RelatedPerson',
		id: fhirId('RelatedPerson', member.id),
		active: isRowActive(member, source.today),
		patient: patientRef(source.client),
		...(member.relationship ? { relationship: [{ text: member.relationship }] } : {}),
		name: nameFromText(member.name),
		period: { start: member.startsOn, ...(member.endsOn ? { end: member.endsOn } : {}) },
	}))
	const guardian = source.client.guardianName.trim()
	if (guardian && !family.some((m) => m.name.replace(/\s/g, '') === guardian.replace(/\s/g, ''))) {
		people.push({
			resourceType: 'RelatedPerson',
			id: fhirId('RelatedPerson', `guardian:${source.client.id}`),
			active: true,
			patient: patientRef(source.client),
			relationship: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'GUARD', display: 'guardian' }], text: '保護者' }],
			name: nameFromText(guardian),
		})
	}
	return people
}

export function guardianRef(source: ExportSource): Ref | null {
	const guardian = source.client.guardianName.trim()
	if (!guardian) return null
	const member = source.members.find((m) => m.role === 'family' && m.name.replace(/\s/g, '') === guardian.replace(/\s/g, ''))
	return member ? relatedPersonRef(member) : ref('RelatedPerson', `guardian:${source.client.id}`, guardian)
}

export function mapOrganization(org: SourceOrganization): Organization {
	return {
		resourceType: 'Organization',
		id: fhirId('Organization', org.id),
		identifier: [
			{ system: IDENTIFIER_SYSTEMS.organization, value: org.id },
			// 事業所番号: the 10-digit number of a designated office, where the record holds one
			...(org.officeNumber ? [{ type: { text: '事業所番号' }, value: org.officeNumber }] : []),
		],
		active: true,
		type: [{ text: KIND_LABELS[org.kind as keyof typeof KIND_LABELS] ?? org.kind }, ...org.serviceTypes.map(serviceTypeConcept)],
		name: org.name,
		...(org.phone ? { telecom: [{ system: 'phone', value: org.phone, use: 'work' }] } : {}),
		...(org.address ? { address: [{ text: org.address, country: 'JP' }] } : {}),
	}
}

/** One Practitioner per person (an account, or a named person without one). */
export function mapPractitioners(members: readonly SourceMember[]): Practitioner[] {
	const seen = new Map<string, Practitioner>()
	for (const member of members) {
		if (!STAFF_ROLES.has(member.role)) continue
		const key = practitionerKey(member)
		if (seen.has(key)) continue
		seen.set(key, {
			resourceType: 'Practitioner',
			id: fhirId('Practitioner', key),
			...(member.userId ? { identifier: [{ system: IDENTIFIER_SYSTEMS.user, value: member.userId }] } : {}),
			active: true,
			name: nameFromText(member.name),
		})
	}
	return [...seen.values()]
}

function practitionerKey(member: SourceMember): string {
	return member.userId ?? `member:${member.id}`
}

/** One PractitionerRole per team row: the person, at an office, in a role, for a period. */
export function mapPractitionerRoles(members: readonly SourceMember[], organizations: readonly SourceOrganization[], today: string): PractitionerRole[] {
	return members
		.filter((m) => STAFF_ROLES.has(m.role))
		.map((member) => {
			const org = organizations.find((o) => o.id === member.organizationId)
			return {
				resourceType: 'PractitionerRole',
				id: fhirId('PractitionerRole', member.id),
				active: isRowActive(member, today),
				period: { start: member.startsOn, ...(member.endsOn ? { end: member.endsOn } : {}) },
				practitioner: ref('Practitioner', practitionerKey(member), member.name),
				...(org ? { organization: organizationRef(org) } : {}),
				code: [localConcept(CODE_SYSTEMS.teamRole, member.role)],
			}
		})
}

/** The care team across organisations: every row with its role and period (docs/fhir-export.md). */
export function mapCareTeam(source: ExportSource): CareTeam {
	const { client, members, organizations } = source
	const office = specialistOrganization(source)
	return {
		resourceType: 'CareTeam',
		id: fhirId('CareTeam', client.id),
		status: client.closed ? 'inactive' : 'active',
		name: `${client.familyName} ${client.givenName} さんの支援チーム`,
		subject: patientRef(client),
		participant: [
			{ role: [{ text: '本人' }], member: patientRef(client) },
			...members
				.filter((m) => m.role !== 'client_self')
				.map((member) => {
					const org = organizations.find((o) => o.id === member.organizationId)
					return {
						role: [localConcept(CODE_SYSTEMS.teamRole, member.role)],
						member: memberRef(member, client),
						...(org && STAFF_ROLES.has(member.role) ? { onBehalfOf: organizationRef(org) } : {}),
						period: { start: member.startsOn, ...(member.endsOn ? { end: member.endsOn } : {}) },
					}
				}),
		],
		...(office ? { managingOrganization: [organizationRef(office)] } : {}),
	}
}

/** The specialist in charge today (or the latest one): the plan's author. */
export function currentSpecialist(source: ExportSource): SourceMember | null {
	const specialists = source.members.filter((m) => m.role === 'specialist')
	return specialists.find((m) => isRowActive(m, source.today)) ?? [...specialists].sort((a, b) => (a.startsOn < b.startsOn ? 1 : -1))[0] ?? null
}

export function specialistOrganization(source: ExportSource): SourceOrganization | null {
	const specialist = currentSpecialist(source)
	return source.organizations.find((o) => o.id === specialist?.organizationId) ?? null
}

/** Who wrote the consultation office's records: the specialist's role, else the office, else nobody. */
export function officeAuthor(source: ExportSource): Ref | null {
	const specialist = currentSpecialist(source)
	if (specialist) return practitionerRoleRef(specialist)
	const office = specialistOrganization(source)
	return office ? organizationRef(office) : null
}
