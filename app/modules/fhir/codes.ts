import type { CodeSystem, CodeableConcept, Coding } from '@medplum/fhirtypes'
import { SUPPORT_LEVEL_LABELS, MONITORING_PERIOD_LABELS, CERTIFICATE_KIND_LABELS } from '#app/modules/clients/labels.ts'
import { MEETING_PURPOSE_LABELS } from '#app/modules/meetings/labels.ts'
import { ROLE_LABELS, TEAM_ROLES } from '#app/policies/roles.ts'

/**
 * The project's own FHIR namespace: canonical URLs of the local CodeSystems, extensions and
 * identifier systems of the export (docs/fhir-export.md). Canonical URLs name things; they are
 * fixed for every deployment and never change once published (a receiving system keys its
 * mapping on them). The CodeSystems are also shipped inside every exported Bundle.
 */
export const FHIR_BASE = 'https://kizuna-plan.jp/fhir'

export const CODE_SYSTEMS = {
	serviceType: `${FHIR_BASE}/CodeSystem/service-type`,
	supportLevel: `${FHIR_BASE}/CodeSystem/support-level`,
	certificateKind: `${FHIR_BASE}/CodeSystem/certificate-kind`,
	planCategory: `${FHIR_BASE}/CodeSystem/plan-category`,
	meetingType: `${FHIR_BASE}/CodeSystem/meeting-type`,
	teamRole: `${FHIR_BASE}/CodeSystem/care-team-role`,
	monitoringPeriod: `${FHIR_BASE}/CodeSystem/monitoring-period`,
	consentMethod: `${FHIR_BASE}/CodeSystem/consent-method`,
} as const

export const EXTENSIONS = {
	/** Coverage: one per decided service — sub-extensions serviceType (Coding) and amount (string) */
	certificateService: `${FHIR_BASE}/StructureDefinition/certificate-service`,
	/** Coverage: モニタリング期間 (Coding from monitoring-period) */
	monitoringPeriod: `${FHIR_BASE}/StructureDefinition/monitoring-period`,
	/** Coverage: one per モニタリング実施月 (date, YYYY-MM) */
	monitoringMonth: `${FHIR_BASE}/StructureDefinition/monitoring-month`,
	/** Coverage / Patient: 障害支援区分 (Coding from support-level) */
	supportLevel: `${FHIR_BASE}/StructureDefinition/support-level`,
	/** Coverage: 交付年月日 (date) */
	issuedOn: `${FHIR_BASE}/StructureDefinition/certificate-issued-on`,
	/** Goal: 優先順位 (positiveInt) */
	priorityRank: `${FHIR_BASE}/StructureDefinition/priority-rank`,
	/** Encounter: 本人参加 — sub-extensions attended (boolean) and absenceReason (string) */
	selfAttendance: `${FHIR_BASE}/StructureDefinition/self-attendance`,
	/** Consent: 説明日 (date) */
	explainedOn: `${FHIR_BASE}/StructureDefinition/explained-on`,
	/** Consent: how consent was given (Coding from consent-method) */
	consentMethod: `${FHIR_BASE}/StructureDefinition/consent-method`,
	/** Consent: why a proxy consented instead of the person (string) */
	proxyReason: `${FHIR_BASE}/StructureDefinition/proxy-reason`,
	/** Provenance / DocumentReference: SHA-256 (hex) of the frozen version (versions.server.ts versionHash) */
	contentSha256: `${FHIR_BASE}/StructureDefinition/content-sha256`,
} as const

export const IDENTIFIER_SYSTEMS = {
	client: `${FHIR_BASE}/NamingSystem/client-id`,
	organization: `${FHIR_BASE}/NamingSystem/organization-id`,
	user: `${FHIR_BASE}/NamingSystem/user-id`,
	/** 受給者証番号 (10 digits), per certificate kind */
	certificateNumber: `${FHIR_BASE}/NamingSystem/recipient-certificate-number`,
	/** one frozen version of a document: "<documentId>/v<number>" */
	documentVersion: `${FHIR_BASE}/NamingSystem/document-version`,
	/** the export itself (Bundle.identifier of a document Bundle) */
	export: `${FHIR_BASE}/NamingSystem/export`,
} as const

export const GOAL_RELATIONSHIP_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/goal-relationship'
export const NAME_REPRESENTATION_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation'
export const JP_PATIENT_PROFILE = 'http://jpfhir.jp/fhir/core/StructureDefinition/JP_Patient'

/**
 * サービス種類: the services of 障害者総合支援法 and 児童福祉法 a plan, a 受給者証 or a 事業所
 * names, with short ASCII codes. The app stores service types as their Japanese names; a name
 * not in this list is exported as text only.
 */
export const SERVICE_TYPES = [
	['home-care', '居宅介護'],
	['severe-home-care', '重度訪問介護'],
	['accompanied-guidance', '同行援護'],
	['behavior-support', '行動援護'],
	['comprehensive-severe', '重度障害者等包括支援'],
	['short-stay', '短期入所'],
	['medical-care', '療養介護'],
	['daily-life-care', '生活介護'],
	['residential-support', '施設入所支援'],
	['functional-training', '自立訓練（機能訓練）'],
	['life-training', '自立訓練（生活訓練）'],
	['residential-training', '宿泊型自立訓練'],
	['employment-transition', '就労移行支援'],
	['employment-a', '就労継続支援A型'],
	['employment-b', '就労継続支援B型'],
	['employment-retention', '就労定着支援'],
	['employment-selection', '就労選択支援'],
	['independent-living', '自立生活援助'],
	['group-home', '共同生活援助'],
	['plan-consultation', '計画相談支援'],
	['community-transition', '地域移行支援'],
	['community-settlement', '地域定着支援'],
	['child-consultation', '障害児相談支援'],
	['child-development', '児童発達支援'],
	['after-school-day', '放課後等デイサービス'],
	['home-visit-child-development', '居宅訪問型児童発達支援'],
	['nursery-visit', '保育所等訪問支援'],
	['mobility-support', '移動支援'],
	['day-respite', '日中一時支援'],
	['community-activity-center', '地域活動支援センター'],
	['hub-emergency', '緊急時の受け入れ・対応'],
	['hub-experience', '体験の機会・場'],
] as const

/** Plan categories of CarePlan.category (and document types of DocumentReference / Composition). */
export const PLAN_CATEGORIES = {
	'service-use-plan': 'サービス等利用計画',
	'child-support-plan': '障害児支援利用計画',
	'individual-support-plan': '個別支援計画',
	'crisis-plan': 'クライシスプラン',
	'life-plan': 'Myライフプラン',
	'meeting-minutes': 'サービス担当者会議の記録',
	'monitoring-report': 'モニタリング報告書',
} as const
export type PlanCategory = keyof typeof PLAN_CATEGORIES

/** Encounter.type: what kind of contact, then (for meetings) why it was held. */
export const MEETING_TYPES = {
	'service-coordination-meeting': 'サービス担当者会議',
	monitoring: 'モニタリング',
	...Object.fromEntries(Object.entries(MEETING_PURPOSE_LABELS).map(([code, label]) => [`purpose-${code}`, `開催理由：${label}`])),
} as Record<string, string>

export const CONSENT_METHODS_DISPLAY = {
	paper: '書面（署名）',
	electronic: '電磁的方法（アプリ内）',
	written: '書面',
	verbal: '口頭',
} as const

export const DEFAULT_CERTIFICATE_KIND = 'welfare'

function concepts(entries: Iterable<readonly [string, string]>) {
	return [...entries].map(([code, display]) => ({ code, display }))
}

/** Every local CodeSystem, complete, as published in each Bundle. */
export const LOCAL_CODE_SYSTEMS: Array<{ url: string; name: string; title: string; description: string; concept: Array<{ code: string; display: string }> }> = [
	{ url: CODE_SYSTEMS.serviceType, name: 'KizunaServiceType', title: 'サービス種類', description: '障害福祉サービス等の種類（障害者総合支援法・児童福祉法）', concept: concepts(SERVICE_TYPES) },
	{ url: CODE_SYSTEMS.supportLevel, name: 'KizunaSupportLevel', title: '障害支援区分', description: '障害支援区分（区分1〜6、非該当、申請中）', concept: concepts(Object.entries(SUPPORT_LEVEL_LABELS)) },
	{ url: CODE_SYSTEMS.certificateKind, name: 'KizunaCertificateKind', title: '受給者証種別', description: '受給者証の種別', concept: concepts(Object.entries(CERTIFICATE_KIND_LABELS)) },
	{ url: CODE_SYSTEMS.planCategory, name: 'KizunaPlanCategory', title: '計画・文書の種類', description: 'CarePlan.category、DocumentReference.type、Composition.type に使う計画・記録の種類', concept: concepts(Object.entries(PLAN_CATEGORIES)) },
	{ url: CODE_SYSTEMS.meetingType, name: 'KizunaMeetingType', title: '会議・面接の種類', description: 'Encounter.type：サービス担当者会議・モニタリングと会議の開催理由', concept: concepts(Object.entries(MEETING_TYPES)) },
	{ url: CODE_SYSTEMS.teamRole, name: 'KizunaCareTeamRole', title: 'チームでの役割', description: 'CareTeam.participant.role と PractitionerRole.code', concept: concepts(TEAM_ROLES.map((role) => [role, ROLE_LABELS[role]] as const)) },
	{ url: CODE_SYSTEMS.monitoringPeriod, name: 'KizunaMonitoringPeriod', title: 'モニタリング期間', description: '受給者証に記載されたモニタリング期間', concept: concepts(Object.entries(MONITORING_PERIOD_LABELS)) },
	{ url: CODE_SYSTEMS.consentMethod, name: 'KizunaConsentMethod', title: '同意の方法', description: '同意・個人情報使用同意の取り方', concept: concepts(Object.entries(CONSENT_METHODS_DISPLAY)) },
]

export function codeSystemResource(system: (typeof LOCAL_CODE_SYSTEMS)[number], id: string): CodeSystem {
	return {
		resourceType: 'CodeSystem',
		id,
		url: system.url,
		version: '1',
		name: system.name,
		title: system.title,
		status: 'active',
		experimental: false,
		publisher: 'きずなプラン',
		description: system.description,
		caseSensitive: true,
		content: 'complete',
		count: system.concept.length,
		concept: system.concept,
	}
}

/** A Coding of a local CodeSystem, with the display it defines (or none for unknown codes). */
export function localCoding(system: string, code: string): Coding | null {
	const found = LOCAL_CODE_SYSTEMS.find((s) => s.url === system)?.concept.find((c) => c.code === code)
	return found ? { system, code, display: found.display } : null
}

export function localConcept(system: string, code: string, text?: string): CodeableConcept {
	const coding = localCoding(system, code)
	return { ...(coding ? { coding: [coding] } : {}), text: text ?? coding?.display ?? code }
}

/** サービス種類 by its Japanese name; unknown names are text only. */
export function serviceTypeConcept(name: string): CodeableConcept {
	const code = SERVICE_TYPES.find(([, label]) => label === name.trim())?.[0]
	return code ? { coding: [{ system: CODE_SYSTEMS.serviceType, code, display: name.trim() }], text: name.trim() } : { text: name.trim() }
}

/** The first service type named inside free text (the plan's 種類・内容・量 column), if any. */
export function serviceTypeIn(text: string): CodeableConcept | null {
	// Longest names first: 就労継続支援B型 before a shorter name inside it.
	const sorted = [...SERVICE_TYPES].sort((a, b) => b[1].length - a[1].length)
	const found = sorted.find(([, label]) => text.includes(label))
	return found ? { coding: [{ system: CODE_SYSTEMS.serviceType, code: found[0], display: found[1] }], text: found[1] } : null
}
