import type { PlanStage } from '#app/document-forms/plan.ts'
import type { DocumentSnapshot } from '#app/document-forms/structure.ts'

/**
 * What one export is made from: plain data gathered by the loader (export.server.ts) after the
 * policy module decided what the requesting user may see. Everything left out here is absent
 * from the Bundle; the mappers never reach for more.
 */

export type SourceClient = {
	id: string
	familyName: string
	givenName: string
	familyNameKana: string
	givenNameKana: string
	birthDate: string
	gender: string
	category: 'adult' | 'child'
	guardianName: string
	supportLevel: string
	postalCode: string
	address: string
	phone: string
	closed: boolean
}

export type SourceOrganization = {
	id: string
	kind: string
	name: string
	address: string
	phone: string
	/** 事業所番号 (10 digits) where the record holds one */
	officeNumber?: string
	serviceTypes: string[]
}

export type SourceMember = {
	id: string
	userId: string | null
	name: string
	role: string
	relationship: string
	organizationId: string | null
	startsOn: string
	endsOn: string | null
	consentBasis: string
	consentOn: string
}

export type SourceCertificate = {
	id: string
	/** welfare | child_day | community; absent or empty on rows written before kinds existed */
	kind?: string | null
	number: string
	issuedBy: string
	issuedOn: string
	effectiveFrom: string
	decisionStart: string
	decisionEnd: string
	supportLevel: string
	copayCap: number
	monitoringPeriod: string
	monitoringMonths: string[]
	services: Array<{ serviceType: string; amount: string }>
}

export type SourceCycle = { number: number; variant: string; state: string; ended: boolean }

/** The overall plan: its live state, or one frozen version of it. */
export type SourcePlan = {
	documentId: string
	snapshot: DocumentSnapshot
	/** the version exported (null: the live plan) */
	version: SourceVersion | null
	cycle: SourceCycle | null
	/** 案 or 本計画: follows the plan cycle (a version: as frozen with it), never a field of the form */
	stage: PlanStage
}

export type SourceConsent = {
	id: string
	stage: string
	consenterType: string
	consenterName: string
	relationship: string
	proxyReason: string
	method: string
	explainedOn: string
	consentedOn: string
	createdAt: string
}

/** A consented (frozen) version of the plan. */
export type SourceVersion = {
	id: string
	documentId: string
	number: number
	reason: string
	reasonLabel: string
	contentHash: string
	createdAt: string
	createdById: string
	consent: SourceConsent | null
	/** the A4 PDF of the version's print page; null when not rendered for this export */
	pdf: Uint8Array | null
}

export type SourceIsp = { documentId: string; organizationId: string | null; title: string; snapshot: DocumentSnapshot }

export type SourceAnnex = { documentId: string; kind: 'crisis_plan' | 'life_plan'; title: string; snapshot: DocumentSnapshot }

export type SourceMeeting = {
	id: string
	purpose: string
	date: string
	startTime: string
	endTime: string
	format: string
	place: string
	status: string
	consentBy: string
	consentMethod: string
	consentOn: string
	consentNote: string
	selfAttendance: string
	selfAbsenceReason: string
	decisions: string
	participants: Array<{ id: string; userId: string | null; name: string; organizationName: string; roleLabel: string; attendance: string; absenceReason: string }>
	/** the minutes, when the user may read them */
	minutes: { documentId: string; frozen: boolean; snapshot: DocumentSnapshot } | null
}

export type SourceMonitoring = {
	id: string
	documentId: string
	month: string
	conductedOn: string
	status: string
	changeNeeded: boolean
	completedAt: string | null
	snapshot: DocumentSnapshot
}

export type ExportSource = {
	/** instant of the export (ISO) */
	exportedAt: string
	/** YYYY-MM-DD in Japan */
	today: string
	client: SourceClient
	/** the municipality paying the benefits, when known */
	municipality: SourceOrganization | null
	organizations: SourceOrganization[]
	/** the care team (empty when the user may not see it) */
	members: SourceMember[]
	certificates: SourceCertificate[]
	plan: SourcePlan | null
	/** 週間計画表 (live only) for the plan's scheduled activities */
	weekly: DocumentSnapshot | null
	/** アセスメント (live only) */
	assessment: { documentId: string; snapshot: DocumentSnapshot } | null
	isps: SourceIsp[]
	annexes: SourceAnnex[]
	meetings: SourceMeeting[]
	monitorings: SourceMonitoring[]
	/** consented versions of the plan (the collection export lists each with its PDF) */
	versions: SourceVersion[]
}
