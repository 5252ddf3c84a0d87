import crypto from 'node:crypto'
import type { Consent, DocumentReference, Provenance, RelatedPerson } from '@medplum/fhirtypes'
import { isRowActive } from '#app/policies/index.ts'
import { CODE_SYSTEMS, EXTENSIONS, IDENTIFIER_SYSTEMS, localCoding, localConcept } from './codes.ts'
import { fhirId, ref, type Ref } from './ids.ts'
import { memberRef, nameFromText, officeAuthor, organizationRef, patientRef, relatedPersonRef, specialistOrganization } from './people.ts'
import { planCategoryCode } from './plans.ts'
import type { ExportSource, SourceMeeting, SourceVersion } from './source.ts'

/**
 * Consent for sharing information (個人情報使用同意, per team row and per meeting), Consent for
 * each plan consent (who, proxy and reason, how, when), and per consented version a
 * DocumentReference carrying its A4 PDF and a Provenance carrying its SHA-256 (docs/fhir-export.md, docs/domain/records-and-consent.md).
 */

const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode'
const PARTICIPATION = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType'
const CONSENT_SCOPE = 'http://terminology.hl7.org/CodeSystem/consentscope'
const PATIENT_CONSENT = { coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }] }
const OPT_IN = { coding: [{ system: ACT_CODE, code: 'OPTIN', display: 'opt-in' }] }

/** 情報共有の同意: each team row shared on the person's written consent. */
export function mapSharingConsents(source: ExportSource): Consent[] {
	const office = specialistOrganization(source)
	return source.members
		.filter((m) => m.consentBasis === 'written_consent' && /^\d{4}-\d{2}-\d{2}$/.test(m.consentOn))
		.map((member) => {
			const org = source.organizations.find((o) => o.id === member.organizationId)
			return {
				resourceType: 'Consent',
				id: fhirId('Consent', `sharing:${member.id}`),
				status: isRowActive(member, source.today) ? 'active' : 'inactive',
				scope: { coding: [{ system: CONSENT_SCOPE, code: 'patient-privacy', display: 'Privacy Consent' }] },
				category: [{ ...PATIENT_CONSENT, text: '個人情報使用同意（支援チームでの情報共有）' }],
				patient: patientRef(source.client),
				dateTime: member.consentOn,
				performer: [patientRef(source.client)],
				...(office ? { organization: [organizationRef(office)] } : {}),
				policyRule: OPT_IN,
				provision: {
					type: 'permit',
					period: { start: member.startsOn, ...(member.endsOn ? { end: member.endsOn } : {}) },
					actor: [
						{ role: { coding: [{ system: PARTICIPATION, code: 'IRCP', display: 'information recipient' }] }, reference: org ? organizationRef(org) : memberRef(member, source.client) },
					],
				},
			}
		})
}

/** The consent to use the person's information at a サービス担当者会議. */
export function mapMeetingConsent(meeting: SourceMeeting, source: ExportSource): Consent | null {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(meeting.consentOn) || !meeting.consentBy.trim()) return null
	const method = localCoding(CODE_SYSTEMS.consentMethod, meeting.consentMethod)
	return {
		resourceType: 'Consent',
		id: fhirId('Consent', `meeting:${meeting.id}`),
		...(method ? { extension: [{ url: EXTENSIONS.consentMethod, valueCoding: method }] } : {}),
		status: 'active',
		scope: { coding: [{ system: CONSENT_SCOPE, code: 'patient-privacy', display: 'Privacy Consent' }] },
		category: [{ ...PATIENT_CONSENT, text: `サービス担当者会議（${meeting.date}）での個人情報の利用` }],
		patient: patientRef(source.client),
		dateTime: meeting.consentOn,
		performer: [{ display: meeting.consentBy.trim() }],
		policyRule: { ...OPT_IN, ...(meeting.consentNote.trim() ? { text: meeting.consentNote.trim() } : {}) },
		provision: { type: 'permit', period: { start: meeting.consentOn, end: meeting.date >= meeting.consentOn ? meeting.date : meeting.consentOn }, data: [{ meaning: 'related', reference: ref('Encounter', `meeting:${meeting.id}`) }] },
	}
}

export const documentReferenceRef = (version: SourceVersion): Ref => ref('DocumentReference', `version:${version.id}`)

/** Who consented: the person, or the proxy (a family member on the team, or a RelatedPerson of its own). */
export function consenter(version: SourceVersion, source: ExportSource): { ref: Ref; extra: RelatedPerson | null } {
	const consent = version.consent
	if (!consent || consent.consenterType !== 'proxy') return { ref: patientRef(source.client), extra: null }
	const compact = (s: string) => s.replace(/\s/g, '')
	const member = source.members.find((m) => m.role === 'family' && compact(m.name) === compact(consent.consenterName))
	if (member) return { ref: relatedPersonRef(member), extra: null }
	return {
		ref: ref('RelatedPerson', `proxy:${consent.id}`, consent.consenterName),
		extra: {
			resourceType: 'RelatedPerson',
			id: fhirId('RelatedPerson', `proxy:${consent.id}`),
			active: true,
			patient: patientRef(source.client),
			...(consent.relationship ? { relationship: [{ text: consent.relationship }] } : {}),
			name: nameFromText(consent.consenterName),
		},
	}
}

/** 利用者同意 on one version: who (proxy and reason), how (paper / in the app), when (説明日・同意日). */
export function mapPlanConsent(version: SourceVersion, source: ExportSource, planRef: Ref | null): Consent | null {
	const consent = version.consent
	if (!consent) return null
	const who = consenter(version, source)
	const method = localCoding(CODE_SYSTEMS.consentMethod, consent.method)
	return {
		resourceType: 'Consent',
		id: fhirId('Consent', `plan:${consent.id}`),
		extension: [
			...(method ? [{ url: EXTENSIONS.consentMethod, valueCoding: method }] : []),
			...(/^\d{4}-\d{2}-\d{2}$/.test(consent.explainedOn) ? [{ url: EXTENSIONS.explainedOn, valueDate: consent.explainedOn }] : []),
			...(consent.consenterType === 'proxy' && consent.proxyReason ? [{ url: EXTENSIONS.proxyReason, valueString: consent.proxyReason }] : []),
		],
		status: 'active',
		scope: { coding: [{ system: CONSENT_SCOPE, code: 'treatment', display: 'Treatment' }] },
		category: [{ ...PATIENT_CONSENT, text: consent.stage === 'final' ? '本計画への同意' : '計画案への同意' }],
		patient: patientRef(source.client),
		dateTime: consent.consentedOn,
		performer: [who.ref],
		policyRule: OPT_IN,
		sourceReference: documentReferenceRef(version),
		provision: {
			type: 'permit',
			data: [{ meaning: 'instance', reference: documentReferenceRef(version) }, ...(planRef ? [{ meaning: 'instance' as const, reference: planRef }] : [])],
		},
	}
}

/** The proxy's own RelatedPerson when the proxy is not on the team. */
export function consenterResources(version: SourceVersion, source: ExportSource): RelatedPerson[] {
	const { extra } = consenter(version, source)
	return extra ? [extra] : []
}

/** The consented version's printed form (A4 PDF), with its SHA-256 and version number. */
export function mapDocumentReference(version: SourceVersion, source: ExportSource, planRef: Ref | null, title: string): DocumentReference {
	const author = officeAuthor(source)
	const pdf = version.pdf
	const category = planCategoryCode(source.client.category)
	return {
		resourceType: 'DocumentReference',
		id: fhirId('DocumentReference', `version:${version.id}`),
		extension: [{ url: EXTENSIONS.contentSha256, valueString: version.contentHash }],
		masterIdentifier: { system: IDENTIFIER_SYSTEMS.documentVersion, value: `${version.documentId}/v${version.number}` },
		status: 'current',
		docStatus: 'final',
		type: localConcept(CODE_SYSTEMS.planCategory, category),
		subject: patientRef(source.client),
		date: version.createdAt,
		...(author ? { author: [author] } : {}),
		description: `${title} 第${version.number}版（${version.reasonLabel}）`,
		securityLabel: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R', display: 'restricted' }] }],
		content: [
			{
				attachment: {
					contentType: 'application/pdf',
					language: 'ja',
					title: `${title}_第${version.number}版.pdf`,
					creation: version.createdAt,
					...(pdf
						? {
								data: Buffer.from(pdf).toString('base64'),
								size: pdf.byteLength,
								// Attachment.hash is SHA-1 by the specification; the version's own SHA-256 is the extension.
								hash: crypto.createHash('sha1').update(pdf).digest('base64'),
							}
						: {}),
				},
			},
		],
		...(planRef ? { context: { related: [planRef] } } : {}),
	}
}

const SIGNATURE_TYPE = { system: 'urn:iso-astm:E1762-95:2013', code: '1.2.840.10065.1.12.1.7', display: 'Consent Signature' }

/** Provenance of a consented version: when it was frozen, by whom, its SHA-256, and the consent signature. */
export function mapVersionProvenance(version: SourceVersion, source: ExportSource, targets: readonly Ref[]): Provenance {
	const author = officeAuthor(source) ?? patientRef(source.client)
	const consent = version.consent
	return {
		resourceType: 'Provenance',
		id: fhirId('Provenance', `version:${version.id}`),
		extension: [{ url: EXTENSIONS.contentSha256, valueString: version.contentHash }],
		target: [...targets],
		recorded: version.createdAt,
		reason: [{ text: version.reasonLabel }],
		agent: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type', code: 'author', display: 'Author' }] }, who: author }],
		...(consent
			? {
					signature: [
						{
							type: [SIGNATURE_TYPE],
							when: consent.createdAt,
							who: consenter(version, source).ref,
						},
					],
				}
			: {}),
	}
}
