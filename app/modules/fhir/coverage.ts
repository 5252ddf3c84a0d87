import type { Coverage, Extension } from '@medplum/fhirtypes'
import { CODE_SYSTEMS, DEFAULT_CERTIFICATE_KIND, EXTENSIONS, IDENTIFIER_SYSTEMS, localConcept, localCoding, serviceTypeConcept } from './codes.ts'
import { fhirId, type Ref } from './ids.ts'
import { organizationRef, patientRef } from './people.ts'
import type { ExportSource, SourceCertificate } from './source.ts'

/**
 * 受給者証 → Coverage (docs/domain/forms.md, docs/fhir-export.md): one Coverage per certificate row, whatever its kind
 * (障害福祉サービス / 地域相談支援 / 通所). identifier = 受給者証番号, period = 支給決定期間,
 * costToBeneficiary = 利用者負担上限月額; the decided services and amounts, the monitoring period
 * and months, the 障害支援区分 and the issue date as extensions under the project's base URL.
 * Rows are effective-dated versions: a superseded row is exported as well (status stays
 * 'active' — Coverage.status says whether the record is valid, not whether it is in force;
 * the period says that).
 */
export function mapCoverage(certificate: SourceCertificate, source: ExportSource): Coverage {
	const kind = certificate.kind?.trim() || DEFAULT_CERTIFICATE_KIND
	const extension: Extension[] = [
		...certificate.services.map((service) => ({
			url: EXTENSIONS.certificateService,
			extension: [
				{ url: 'serviceType', valueCodeableConcept: serviceTypeConcept(service.serviceType) },
				...(service.amount.trim() ? [{ url: 'amount', valueString: service.amount.trim() }] : []),
			],
		})),
	]
	const period = localCoding(CODE_SYSTEMS.monitoringPeriod, certificate.monitoringPeriod)
	if (period) extension.push({ url: EXTENSIONS.monitoringPeriod, valueCoding: period })
	for (const month of certificate.monitoringMonths) if (/^\d{4}-\d{2}$/.test(month)) extension.push({ url: EXTENSIONS.monitoringMonth, valueDate: month })
	const level = localCoding(CODE_SYSTEMS.supportLevel, certificate.supportLevel)
	if (level) extension.push({ url: EXTENSIONS.supportLevel, valueCoding: level })
	if (certificate.issuedOn) extension.push({ url: EXTENSIONS.issuedOn, valueDate: certificate.issuedOn })

	return {
		resourceType: 'Coverage',
		id: fhirId('Coverage', certificate.id),
		...(extension.length ? { extension } : {}),
		identifier: [{ system: `${IDENTIFIER_SYSTEMS.certificateNumber}/${kind}`, value: certificate.number }],
		status: 'active',
		type: localConcept(CODE_SYSTEMS.certificateKind, kind),
		subscriberId: certificate.number,
		beneficiary: patientRef(source.client),
		relationship: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship', code: 'self' }] },
		period: { start: certificate.decisionStart, end: certificate.decisionEnd },
		payor: [payor(certificate, source)],
		costToBeneficiary: [
			{
				type: { text: '利用者負担上限月額' },
				valueMoney: { value: certificate.copayCap, currency: 'JPY' },
			},
		],
	}
}

/** The issuing municipality: the client's municipality record when it is the issuer, else its name. */
function payor(certificate: SourceCertificate, source: ExportSource): Ref {
	const municipality = source.municipality
	if (municipality && (!certificate.issuedBy || certificate.issuedBy === municipality.name)) return organizationRef(municipality)
	return { display: certificate.issuedBy || '支給決定市町村' }
}
