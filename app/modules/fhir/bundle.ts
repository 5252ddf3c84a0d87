import type { Bundle, CompositionSection, Composition, Resource } from '@medplum/fhirtypes'
import { planTitle } from '#app/document-forms/plan.ts'
import { CODE_SYSTEMS, IDENTIFIER_SYSTEMS, LOCAL_CODE_SYSTEMS, codeSystemResource, localConcept } from './codes.ts'
import { consenterResources, documentReferenceRef, mapDocumentReference, mapMeetingConsent, mapPlanConsent, mapSharingConsents, mapVersionProvenance } from './consents.ts'
import { mapCoverage } from './coverage.ts'
import { mapAssessment, mapMeeting, mapMinutes, mapMonitoringEncounter, mapMonitoringLocation, mapMonitoringResponse } from './encounters.ts'
import { fhirId, fullUrlOf, type Ref } from './ids.ts'
import { narrative } from './narrative.ts'
import { consenter } from './consents.ts'
import { mapCareTeam, mapOrganization, mapPatient, mapPractitionerRoles, mapPractitioners, mapRelatedPersons, officeAuthor, patientRef, specialistOrganization, organizationRef } from './people.ts'
import { carePlanRef, goalRef, mapAnnex, mapGoals, mapIsp, mapNeeds, mapOverallCarePlan, planCategoryCode, goalRowsWithGoal } from './plans.ts'
import type { ExportSource, SourceVersion } from './source.ts'

/**
 * Assembles the Bundle of one export from the source the loader gathered: a 'collection' of the
 * client's current record (with every consented version as DocumentReference + PDF +
 * Provenance), or a 'document' of one consented version exactly as frozen, led by its
 * Composition. Local CodeSystems travel in both, so the receiver can read every code.
 */

function codeSystems(): Resource[] {
	return LOCAL_CODE_SYSTEMS.map((system) => codeSystemResource(system, fhirId('CodeSystem', system.url)))
}

function entries(resources: readonly Resource[]): Bundle['entry'] {
	const seen = new Set<string>()
	const list: NonNullable<Bundle['entry']> = []
	for (const resource of resources) {
		const fullUrl = fullUrlOf(resource.id as string)
		if (seen.has(fullUrl)) continue
		seen.add(fullUrl)
		list.push({ fullUrl, resource })
	}
	return list
}

/** Who and where: Patient, family, organisations, practitioners, care team, coverage. */
function people(source: ExportSource): Resource[] {
	const organizations = [...source.organizations, ...(source.municipality && !source.organizations.some((o) => o.id === source.municipality!.id) ? [source.municipality] : [])]
	const resources: Resource[] = [mapPatient(source.client), ...mapRelatedPersons(source), ...organizations.map(mapOrganization)]
	if (source.members.length) {
		resources.push(...mapPractitioners(source.members), ...mapPractitionerRoles(source.members, source.organizations, source.today), mapCareTeam(source))
	}
	resources.push(...source.certificates.map((c) => mapCoverage(c, source)))
	return resources
}

function versionResources(version: SourceVersion, source: ExportSource, planRef: Ref | null): Resource[] {
	const title = planTitle(source.client.category, version.reason === 'final_consented' ? 'final' : 'draft')
	const targets = [documentReferenceRef(version), ...(planRef ? [planRef] : [])]
	const consent = mapPlanConsent(version, source, planRef)
	return [
		mapDocumentReference(version, source, planRef, title),
		mapVersionProvenance(version, source, targets),
		...(consent ? [consent] : []),
		...consenterResources(version, source),
	]
}

/** The client's current record. */
export function buildCollection(source: ExportSource): Bundle {
	const resources: Resource[] = [...people(source), ...mapSharingConsents(source)]
	const plan = source.plan
	const assessment = source.assessment ? mapAssessment(source.assessment, source) : null
	if (assessment) resources.push(assessment)
	// Meetings and monitorings come first: the plan lists them (and the assessment, and its consented
	// versions) in supportingInfo — an R4 Encounter has no element that may point at a CarePlan.
	const records: Resource[] = []
	for (const meeting of source.meetings) {
		records.push(mapMeeting(meeting, source))
		const minutes = mapMinutes(meeting, source)
		if (minutes) records.push(minutes)
		const consent = mapMeetingConsent(meeting, source)
		if (consent) records.push(consent)
	}
	const liveGoalIds = new Set(plan ? goalRowsWithGoal(plan).map((r) => r.id) : [])
	for (const report of source.monitorings) {
		const location = mapMonitoringLocation(report)
		if (location) records.push(location)
		records.push(mapMonitoringEncounter(report, source, location))
		records.push(mapMonitoringResponse(report, source, (goalId) => (plan && liveGoalIds.has(goalId) ? goalRef(plan, goalId) : null)))
	}
	if (plan) {
		const refOf = (r: Resource) => ({ reference: fullUrlOf(r.id as string), type: r.resourceType })
		const supporting = [
			...(assessment ? [refOf(assessment)] : []),
			...records.filter((r) => r.resourceType === 'Encounter' || r.resourceType === 'Composition' || r.resourceType === 'QuestionnaireResponse').map(refOf),
			...source.versions.map(documentReferenceRef),
		]
		resources.push(mapOverallCarePlan(plan, source, supporting), ...mapNeeds(plan, source), ...mapGoals(plan, source))
	}
	for (const isp of source.isps) {
		const { carePlan, goals } = mapIsp(isp, source)
		resources.push(carePlan, ...goals)
	}
	for (const annex of source.annexes) resources.push(mapAnnex(annex, source))
	resources.push(...records)
	// A frozen version is not the live plan: its consent, PDF and hash point at its own DocumentReference.
	for (const version of source.versions) resources.push(...versionResources(version, source, null))
	resources.push(...codeSystems())
	return {
		resourceType: 'Bundle',
		id: fhirId('Bundle', `collection:${source.client.id}`),
		meta: { lastUpdated: source.exportedAt },
		type: 'collection',
		timestamp: source.exportedAt,
		entry: entries(resources),
	}
}

/** One consented version of the plan, exactly as frozen, as a FHIR document. */
export function buildVersionDocument(source: ExportSource): Bundle {
	const plan = source.plan
	const version = plan?.version
	if (!plan || !version) throw new Error('a version document needs a frozen plan version')
	const planRef = carePlanRef(plan)
	const carePlan = mapOverallCarePlan(plan, source, [documentReferenceRef(version)])
	const needs = mapNeeds(plan, source)
	const goals = mapGoals(plan, source)
	const rest = versionResources(version, source, planRef)
	const stage = plan.stage
	const title = `${planTitle(source.client.category, stage)} 第${version.number}版`
	const { fields } = plan.snapshot
	const textSection = (sectionTitle: string, value: string | undefined): CompositionSection[] => (value?.trim() ? [{ title: sectionTitle, text: narrative(value) }] : [])
	const refOf = (r: Resource): Ref => ({ reference: fullUrlOf(r.id as string), type: r.resourceType })
	const consentResource = rest.find((r) => r.resourceType === 'Consent')
	const provenance = rest.find((r) => r.resourceType === 'Provenance')
	const documentReference = rest.find((r) => r.resourceType === 'DocumentReference')
	const office = specialistOrganization(source)
	const author = officeAuthor(source)
	const sections: CompositionSection[] = [
		...textSection('利用者及びその家族の生活に対する意向（希望する生活）', fields.wishes),
		...textSection('総合的な援助の方針', fields.policy),
		...textSection('長期目標', fields.longTermGoal),
		...textSection('短期目標', fields.shortTermGoal),
		...(needs.length ? [{ title: '解決すべき課題（本人のニーズ）', entry: needs.map(refOf) }] : []),
		...(goals.length ? [{ title: '支援目標', entry: goals.map(refOf) }] : []),
		{ title: '計画', entry: [planRef] },
		...(consentResource ? [{ title: '利用者同意', entry: [refOf(consentResource)] }] : []),
		{ title: '版と内容のハッシュ（SHA-256）', text: narrative(`第${version.number}版（${version.reasonLabel}）SHA-256: ${version.contentHash}`), entry: [refOf(provenance as Resource)] },
		{ title: '印刷用（A4 PDF）', entry: [refOf(documentReference as Resource)] },
	]
	const composition: Composition = {
		resourceType: 'Composition',
		id: fhirId('Composition', `version:${version.id}`),
		identifier: { system: IDENTIFIER_SYSTEMS.documentVersion, value: `${version.documentId}/v${version.number}` },
		status: 'final',
		type: localConcept(CODE_SYSTEMS.planCategory, planCategoryCode(source.client.category)),
		subject: patientRef(source.client),
		date: version.createdAt,
		author: [author ?? { display: 'きずなプラン' }],
		title,
		confidentiality: 'R',
		...(version.consent
			? { attester: [{ mode: 'legal', time: version.consent.consentedOn, party: consenter(version, source).ref }] }
			: {}),
		...(office ? { custodian: organizationRef(office) } : {}),
		section: sections,
	}
	const resources: Resource[] = [composition, ...people(source), carePlan, ...needs, ...goals, ...rest, ...codeSystems()]
	return {
		resourceType: 'Bundle',
		id: fhirId('Bundle', `version:${version.id}`),
		meta: { lastUpdated: source.exportedAt },
		identifier: { system: IDENTIFIER_SYSTEMS.export, value: `${version.documentId}/v${version.number}` },
		type: 'document',
		timestamp: source.exportedAt,
		entry: entries(resources),
	}
}
