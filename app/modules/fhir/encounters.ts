import type { Composition, CompositionSection, Encounter, EncounterParticipant, Location, QuestionnaireResponse, QuestionnaireResponseItem } from '@medplum/fhirtypes'
import { ASSESSMENT_FIELDS, FAMILY_CAREGIVER_COLUMN, FAMILY_COLUMNS, FAMILY_TABLE, OTHER_SUPPORT_TABLE, PUBLIC_SUPPORT_TABLE, RELATIONS_COLUMNS, RELATIONS_TABLE, RELATIONS_TYPE_COLUMN, RELATION_TYPES, SUPPORT_COLUMNS } from '#app/document-forms/forms/definitions.ts'
import { MINUTES_FIELDS, minutesContent } from '#app/document-forms/minutes.ts'
import { CHANGE_KINDS, CHANGE_KIND_LABELS, MONITORING_FIELDS, MONITORING_ROW_COLUMNS, monitoringContent } from '#app/document-forms/monitoring.ts'
import { MEETING_FORMAT_LABELS, MEETING_PURPOSE_LABELS } from '#app/modules/meetings/labels.ts'
import { CODE_SYSTEMS, EXTENSIONS, FHIR_BASE, localConcept } from './codes.ts'
import { fhirId, ref, type Ref } from './ids.ts'
import { memberRef, officeAuthor, patientRef } from './people.ts'
import { narrative } from './narrative.ts'
import { isoDate } from './plans.ts'
import { snapshotRows, type DocumentSnapshot } from '#app/document-forms/structure.ts'
import type { ExportSource, SourceMeeting, SourceMonitoring } from './source.ts'

/**
 * サービス担当者会議 → Encounter (+ Composition for the minutes); モニタリング → Encounter
 * (+ Location for 実施場所, + QuestionnaireResponse for 様式3-1); アセスメント →
 * QuestionnaireResponse. docs/fhir-export.md.
 */

const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode'
const PARTICIPATION = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType'

/** "YYYY-MM-DD" + "HH:MM" in Japan as a FHIR dateTime. */
export function jstDateTime(date: string, time: string): string {
	return /^\d{2}:\d{2}$/.test(time) ? `${date}T${time}:00+09:00` : date
}

const MEETING_STATUS: Record<string, Encounter['status']> = { scheduled: 'planned', in_progress: 'in-progress', closed: 'finished', cancelled: 'cancelled' }

export const meetingRef = (meeting: SourceMeeting): Ref => ref('Encounter', `meeting:${meeting.id}`)

export function mapMeeting(meeting: SourceMeeting, source: ExportSource): Encounter {
	const participants: EncounterParticipant[] = []
	for (const p of meeting.participants) {
		if (p.attendance !== 'present') continue
		const member = p.userId ? source.members.find((m) => m.userId === p.userId && m.role !== 'client_self') : undefined
		const individual = member ? memberRef(member, source.client) : undefined
		participants.push({
			type: [{ coding: [{ system: PARTICIPATION, code: 'ATND', display: 'attender' }], text: [p.organizationName, p.roleLabel].filter(Boolean).join(' ') || '出席' }],
			// People without an account (民生委員…) are named, not referenced.
			...(individual && individual.type !== 'Patient' ? { individual } : { individual: { display: p.name } }),
		})
	}
	const online = meeting.format === 'online'
	return {
		resourceType: 'Encounter',
		id: fhirId('Encounter', `meeting:${meeting.id}`),
		extension: meeting.selfAttendance
			? [
					{
						url: EXTENSIONS.selfAttendance,
						extension: [
							{ url: 'attended', valueBoolean: meeting.selfAttendance === 'attended' },
							...(meeting.selfAttendance === 'absent' && meeting.selfAbsenceReason ? [{ url: 'absenceReason', valueString: meeting.selfAbsenceReason }] : []),
						],
					},
				]
			: undefined,
		status: MEETING_STATUS[meeting.status] ?? 'unknown',
		class: online ? { system: ACT_CODE, code: 'VR', display: 'virtual' } : { system: ACT_CODE, code: 'AMB', display: 'ambulatory' },
		type: [localConcept(CODE_SYSTEMS.meetingType, 'service-coordination-meeting'), localConcept(CODE_SYSTEMS.meetingType, `purpose-${meeting.purpose}`, `開催理由：${MEETING_PURPOSE_LABELS[meeting.purpose as keyof typeof MEETING_PURPOSE_LABELS] ?? meeting.purpose}`)],
		subject: patientRef(source.client),
		...(participants.length ? { participant: participants } : {}),
		period: { start: jstDateTime(meeting.date, meeting.startTime), ...(meeting.endTime ? { end: jstDateTime(meeting.date, meeting.endTime) } : {}) },
		// R4 Encounter cannot reference a CarePlan: the plan lists its meetings in supportingInfo.
		reasonCode: [{ text: '計画の検討（サービス担当者会議）' }],
		...(meeting.place || meeting.format ? { serviceType: { text: [MEETING_FORMAT_LABELS[meeting.format as keyof typeof MEETING_FORMAT_LABELS], meeting.place].filter(Boolean).join('：') } } : {}),
	}
}

/** The closed meeting's minutes (検討内容・結論・残された課題・各事業所の意見) as a Composition. */
export function mapMinutes(meeting: SourceMeeting, source: ExportSource): Composition | null {
	if (!meeting.minutes) return null
	const content = minutesContent(meeting.minutes.snapshot)
	const sections: CompositionSection[] = MINUTES_FIELDS.filter((f) => content.fields[f.key].trim()).map((f) => ({ title: f.label, text: narrative(content.fields[f.key]) }))
	const opinions = content.opinions.filter((o) => o.opinion.trim())
	if (opinions.length) {
		sections.push({ title: '専門的見地からの意見', text: narrative(opinions.map((o) => `${[o.organization, o.person].filter(Boolean).join('・')}：${o.opinion.trim()}`).join('\n')) })
	}
	if (meeting.decisions.trim()) sections.push({ title: '会議の結論（決定事項）', text: narrative(meeting.decisions) })
	// Nothing written yet (a meeting still to come): no record to send.
	if (sections.length === 0 && !meeting.minutes.frozen) return null
	if (sections.length === 0) sections.push({ title: '記録', text: narrative('（記載なし）') })
	const author = officeAuthor(source)
	return {
		resourceType: 'Composition',
		id: fhirId('Composition', `minutes:${meeting.id}`),
		status: meeting.minutes.frozen ? 'final' : 'preliminary',
		type: localConcept(CODE_SYSTEMS.planCategory, 'meeting-minutes'),
		subject: patientRef(source.client),
		encounter: meetingRef(meeting),
		date: jstDateTime(meeting.date, meeting.endTime || meeting.startTime),
		author: [author ?? { display: 'きずなプラン' }],
		title: `サービス担当者会議の記録（${meeting.date}）`,
		section: sections,
	}
}

export const monitoringEncounterRef = (report: SourceMonitoring): Ref => ref('Encounter', `monitoring:${report.id}`)

export function mapMonitoringLocation(report: SourceMonitoring): Location | null {
	const place = monitoringContent(report.snapshot).fields.place.trim()
	if (!place) return null
	return { resourceType: 'Location', id: fhirId('Location', `monitoring:${report.id}`), status: 'active', name: place, mode: 'instance' }
}

const HOME = /自宅|居宅|家庭訪問|ご家庭/

export function mapMonitoringEncounter(report: SourceMonitoring, source: ExportSource, location: Location | null): Encounter {
	const content = monitoringContent(report.snapshot)
	const date = isoDate(report.conductedOn) || isoDate(content.conductedOn)
	const author = officeAuthor(source)
	return {
		resourceType: 'Encounter',
		id: fhirId('Encounter', `monitoring:${report.id}`),
		status: report.status === 'completed' ? 'finished' : 'in-progress',
		class: HOME.test(content.fields.place) ? { system: ACT_CODE, code: 'HH', display: 'home health' } : { system: ACT_CODE, code: 'AMB', display: 'ambulatory' },
		type: [localConcept(CODE_SYSTEMS.meetingType, 'monitoring')],
		subject: patientRef(source.client),
		...(author && author.type === 'PractitionerRole' ? { participant: [{ type: [{ coding: [{ system: PARTICIPATION, code: 'PPRF', display: 'primary performer' }] }], individual: author }] } : {}),
		period: date ? { start: date, end: date } : { start: `${report.month}-01` },
		reasonCode: [{ text: 'モニタリング（計画の実施状況の確認）' }],
		...(location ? { location: [{ location: ref('Location', `monitoring:${report.id}`, location.name) }] } : {}),
	}
}

const YES_NO: Record<string, { system: string; code: string; display: string }> = {
	yes: { system: 'http://terminology.hl7.org/CodeSystem/v2-0136', code: 'Y', display: '有' },
	no: { system: 'http://terminology.hl7.org/CodeSystem/v2-0136', code: 'N', display: '無' },
}

/** 様式3-1 as a QuestionnaireResponse: the report's fields, and per goal its answers and 変更の必要性. */
export function mapMonitoringResponse(report: SourceMonitoring, source: ExportSource, goalRefFor: (goalId: string) => Ref | null): QuestionnaireResponse {
	const content = monitoringContent(report.snapshot)
	const item: QuestionnaireResponseItem[] = []
	if (isoDate(content.conductedOn)) item.push({ linkId: 'conductedOn', text: 'モニタリング実施日', answer: [{ valueDate: content.conductedOn }] })
	for (const field of MONITORING_FIELDS) {
		const value = content.fields[field.key].trim()
		if (value) item.push({ linkId: field.key, text: field.label, answer: [{ valueString: value }] })
	}
	const rows = report.snapshot.rows
	content.rows.forEach((row) => {
		const answers: QuestionnaireResponseItem[] = []
		const goalText = row.cells.goal?.trim()
		if (goalText) answers.push({ linkId: 'goal', text: '支援目標', answer: [{ valueString: goalText }] })
		const linked = rows.find((r) => r.id === row.id)?.links[0]
		const goal = linked ? goalRefFor(linked) : null
		if (goal) answers.push({ linkId: 'goalReference', text: '計画の目標', answer: [{ valueReference: goal }] })
		for (const column of MONITORING_ROW_COLUMNS) {
			const value = row.cells[column.key]?.trim()
			if (value) answers.push({ linkId: column.key, text: column.label, answer: [{ valueString: value }] })
		}
		for (const kind of CHANGE_KINDS) {
			const answer = row.changes[kind]
			if (answer) answers.push({ linkId: `change-${kind}`, text: `計画変更の必要性：${CHANGE_KIND_LABELS[kind]}`, answer: [{ valueCoding: YES_NO[answer] }] })
		}
		if (answers.length) item.push({ linkId: `goal-${row.priority}`, text: `優先順位 ${row.priority}`, item: answers })
	})
	const author = officeAuthor(source)
	return {
		resourceType: 'QuestionnaireResponse',
		id: fhirId('QuestionnaireResponse', `monitoring:${report.id}`),
		questionnaire: `${FHIR_BASE}/Questionnaire/monitoring-report`,
		status: report.status === 'completed' ? 'completed' : 'in-progress',
		subject: patientRef(source.client),
		encounter: monitoringEncounterRef(report),
		...(isoDate(report.conductedOn) ? { authored: report.conductedOn } : {}),
		...(author ? { author } : {}),
		...(item.length ? { item } : {}),
	}
}


/**
 * アセスメント (申請者の現状（基本情報）・【現在の生活】) as a QuestionnaireResponse (docs/fhir-export.md):
 * its fields, then one group per row of 家族構成, 社会関係図, 公的支援 and その他の支援.
 */
export function mapAssessment(assessment: { documentId: string; snapshot: DocumentSnapshot }, source: ExportSource): QuestionnaireResponse {
	const { fields, meta } = assessment.snapshot
	const item: QuestionnaireResponseItem[] = []
	const createdOn = meta.createdOn
	if (typeof createdOn === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(createdOn)) item.push({ linkId: 'createdOn', text: '作成日', answer: [{ valueDate: createdOn }] })
	for (const field of ASSESSMENT_FIELDS) {
		const value = (fields[field.key] ?? '').trim()
		if (value) item.push({ linkId: field.key, text: field.label, answer: [{ valueString: value }] })
	}
	const tables: Array<{ table: string; title: string; columns: ReadonlyArray<{ key: string; label: string }> }> = [
		{ table: FAMILY_TABLE, title: '家族構成', columns: [...FAMILY_COLUMNS, { key: FAMILY_CAREGIVER_COLUMN, label: '主たる介護者' }] },
		{ table: RELATIONS_TABLE, title: '社会関係図', columns: [...RELATIONS_COLUMNS, { key: RELATIONS_TYPE_COLUMN, label: 'フォーマル／インフォーマル' }] },
		{ table: PUBLIC_SUPPORT_TABLE, title: '公的支援', columns: SUPPORT_COLUMNS },
		{ table: OTHER_SUPPORT_TABLE, title: 'その他の支援', columns: SUPPORT_COLUMNS },
	]
	for (const { table, title, columns } of tables) {
		snapshotRows(assessment.snapshot, table).forEach((row, index) => {
			const answers: QuestionnaireResponseItem[] = columns
				.filter((c) => (row.cells[c.key] ?? '').trim())
				.map((c) => ({ linkId: `${table}.${c.key}`, text: c.label, answer: [assessmentAnswer(c.key, row.cells[c.key].trim())] }))
			if (answers.length) item.push({ linkId: `${table}-${index + 1}`, text: `${title} ${index + 1}`, item: answers })
		})
	}
	const author = officeAuthor(source)
	return {
		resourceType: 'QuestionnaireResponse',
		id: fhirId('QuestionnaireResponse', `assessment:${assessment.documentId}`),
		questionnaire: `${FHIR_BASE}/Questionnaire/assessment`,
		status: 'in-progress',
		subject: patientRef(source.client),
		...(typeof createdOn === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(createdOn) ? { authored: createdOn } : {}),
		...(author ? { author } : {}),
		...(item.length ? { item } : {}),
	}
}

/** 主たる介護者 is a yes/no; フォーマル／インフォーマル a code shown by its label; the rest text. */
function assessmentAnswer(column: string, value: string): NonNullable<QuestionnaireResponseItem['answer']>[number] {
	if (column === FAMILY_CAREGIVER_COLUMN) return { valueBoolean: value === 'yes' }
	if (column === RELATIONS_TYPE_COLUMN) return { valueString: RELATION_TYPES.find((t) => t.value === value)?.label ?? value }
	return { valueString: value }
}
