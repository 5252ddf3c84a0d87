import type { Bundle } from '@medplum/fhirtypes'
import { PLAN_META, planTitle, planStageOf } from '#app/document-forms/plan.ts'
import { readDocument, type DocumentSnapshot } from '#app/document-forms/structure.ts'
import { audit } from '#app/modules/audit/audit.server.ts'
import type { RequestMeta } from '#app/modules/clients/ids.server.ts'
import { compareVersionsDesc } from '#app/modules/clients/summary.ts'
import { loadLatestCycle } from '#app/modules/cycle/cycle.server.ts'
import { livePlanStage, loadPlanVersionPage } from '#app/modules/cycle/cycle-view.server.ts'
import { findPlanDocument } from '#app/modules/documents/documents.server.ts'
import { loadStoredDocument } from '#app/modules/documents/stored-document.server.ts'
import { VERSION_REASON_LABELS, loadVersion, type VersionReason } from '#app/modules/versions/versions.server.ts'
import { canExportFhir, canOnClient, canViewCycle, documentAccess, teamRoleFor, type Actor, type ClientScope, type DocumentKind } from '#app/policies/index.ts'
import { prisma } from '#app/utils/db.server.ts'
import { toJstDate } from '#app/utils/dates.ts'
import { buildCollection, buildVersionDocument } from './bundle.ts'
import { renderPdfs, versionPrintHtml } from './pdf.server.tsx'
import type { ExportSource, SourceCertificate, SourceConsent, SourceMeeting, SourceMonitoring, SourceOrganization, SourceVersion } from './source.ts'

/**
 * The one loader of the FHIR export (issue #14): decides with the policy module whether the
 * user may export, gathers only what that user may read (each part through documentAccess /
 * canOnClient, like the pages), hands the plain data to the pure mappers (bundle.ts) and audits
 * the export with its resource count and version. The route stays thin.
 */

/** Versions frozen at a consent (or a セルフプラン's submission): what may be exported one by one. */
export const CONSENTED_REASONS: readonly string[] = ['draft_consented', 'final_consented', 'submitted']

export type FhirExportOptions = {
	/** the plan version number (?version=N); null exports the current record */
	version: number | null
	/** attach the A4 PDF of each consented version */
	pdf: boolean
}

export type FhirExportResult =
	| { ok: true; bundle: Bundle; resourceCount: number; version: number | null; pdfs: number; pdfFailed: boolean }
	| { ok: false; status: 403 | 404 | 409; message: string }

const NOT_FOUND = { ok: false, status: 404, message: '見つかりません' } as const
const FORBIDDEN = { ok: false, status: 403, message: 'この利用者の記録を出力する権限がありません' } as const

export async function exportClientFhir(actor: Actor, scope: ClientScope, options: FhirExportOptions, today: string, meta: RequestMeta): Promise<FhirExportResult> {
	// Off the team: the client does not exist for this user.
	if (!teamRoleFor(actor, scope, today) || !canOnClient(actor, 'client.view', scope, today)) return NOT_FOUND
	const planDocument = await findPlanDocument(scope.id)
	let versionRow: { id: string; number: number } | null = null
	let submitted = false
	if (options.version !== null) {
		versionRow = planDocument
			? await prisma.documentVersion.findFirst({ where: { documentId: planDocument.id, number: options.version, reason: { in: [...CONSENTED_REASONS] } }, select: { id: true, number: true } })
			: null
		if (versionRow) {
			submitted = (await prisma.planCycleEvent.count({ where: { clientId: scope.id, versionId: versionRow.id, action: { in: ['submit', 'start_services'] } } })) > 0
		}
	}
	if (!canExportFhir(actor, scope, options.version === null ? { kind: 'current' } : { kind: 'version', submitted }, today)) {
		await audit({ action: 'authz.denied', outcome: 'denied', userId: actor.id, clientId: scope.id, target: `client:${scope.id}`, ipAddress: meta.ipAddress, detail: { attempted: 'fhir.export', version: options.version } })
		// The municipality exports what was submitted to it: say so rather than a bare refusal.
		if (teamRoleFor(actor, scope, today) === 'municipal') return { ok: false, status: 403, message: '市町村は、提出を受けた計画の版を版番号を指定して出力できます（?version=N）' }
		return FORBIDDEN
	}
	if (options.version !== null && !versionRow) return { ok: false, status: 404, message: '指定された版（同意済みの版）が見つかりません' }

	const source = await loadSource(actor, scope, today, planDocument?.id ?? null, versionRow?.id ?? null)
	if (!source.ok) return source
	const pdfFailed = await attachPdfs(actor, scope, source.value, options.pdf, today)
	const bundle = versionRow ? buildVersionDocument(source.value) : buildCollection(source.value)
	const resourceCount = bundle.entry?.length ?? 0
	const pdfs = source.value.versions.filter((v) => v.pdf).length
	await audit({
		action: 'export',
		userId: actor.id,
		clientId: scope.id,
		target: `client:${scope.id}`,
		ipAddress: meta.ipAddress,
		detail: { format: 'fhir-r4', bundleType: bundle.type, resources: resourceCount, version: versionRow?.number ?? null, pdfs, ...(pdfFailed ? { pdfFailed } : {}) },
	})
	return { ok: true, bundle, resourceCount, version: versionRow?.number ?? null, pdfs, pdfFailed }
}

function readStored(documentId: string): DocumentSnapshot {
	const doc = loadStoredDocument(documentId)
	try {
		return readDocument(doc)
	} finally {
		doc.destroy()
	}
}

async function loadSource(
	actor: Actor,
	scope: ClientScope,
	today: string,
	planDocumentId: string | null,
	versionId: string | null,
): Promise<{ ok: true; value: ExportSource } | { ok: false; status: 404 | 409; message: string }> {
	const client = await prisma.client.findUnique({ where: { id: scope.id } })
	if (!client) return NOT_FOUND
	const may = (kind: DocumentKind, organizationId: string | null = null, frozen = false) => documentAccess(actor, { kind, organizationId, frozen, client: scope }, today) !== 'none'

	// The care team, its organisations and the paying municipality.
	const memberRows = canOnClient(actor, 'team.view', scope, today)
		? await prisma.careTeamMember.findMany({
				where: { clientId: scope.id },
				include: { user: { select: { displayName: true } } },
				orderBy: [{ startsOn: 'asc' }, { createdAt: 'asc' }],
			})
		: []
	const members = memberRows.map((row) => ({
		id: row.id,
		userId: row.userId,
		name: row.user?.displayName ?? row.externalName,
		role: row.role,
		relationship: row.relationship,
		organizationId: row.organizationId,
		startsOn: row.startsOn,
		endsOn: row.endsOn,
		consentBasis: row.consentBasis,
		consentOn: row.consentOn,
	}))
	const orgIds = [...new Set(members.map((m) => m.organizationId).filter((id): id is string => Boolean(id)))]
	const orgRows = await prisma.organization.findMany({
		where: { id: { in: [...orgIds, ...(client.municipalityId ? [client.municipalityId] : [])] } },
		include: { services: { select: { serviceType: true } } },
		orderBy: { id: 'asc' },
	})
	const toOrg = (o: (typeof orgRows)[number]): SourceOrganization => ({ id: o.id, kind: o.kind, name: o.name, address: o.address, phone: o.phone, serviceTypes: o.services.map((s) => s.serviceType).sort() })
	const organizations = orgRows.filter((o) => orgIds.includes(o.id)).map(toOrg)
	const municipalityRow = orgRows.find((o) => o.id === client.municipalityId)

	// The plan: live, or the version asked for exactly as frozen.
	const planReadable = planDocumentId !== null && may('plan')
	const version = versionId && planReadable ? await loadVersion(versionId) : null
	if (versionId && !version) return NOT_FOUND
	if (version && !version.verified) return { ok: false, status: 409, message: 'この版は検証できません（内容が保存時と一致しません）。出力できません。' }
	const latestCycle = await loadLatestCycle(scope.id)
	const cycle = latestCycle ? { number: latestCycle.number, variant: latestCycle.variant, state: latestCycle.state, ended: latestCycle.endedAt !== null } : null

	const versionRows = planReadable && canViewCycle(actor, scope, today)
		? await prisma.documentVersion.findMany({
				where: { documentId: planDocumentId as string, reason: { in: [...CONSENTED_REASONS] }, ...(versionId ? { id: versionId } : {}) },
				select: { id: true, documentId: true, number: true, reason: true, contentHash: true, createdAt: true, createdById: true },
				orderBy: { number: 'asc' },
			})
		: []
	const consents = versionRows.length ? await prisma.planConsent.findMany({ where: { versionId: { in: versionRows.map((v) => v.id) } }, orderBy: { createdAt: 'asc' } }) : []
	const versions: SourceVersion[] = versionRows.map((v) => {
		const consent = consents.filter((c) => c.versionId === v.id).at(-1)
		const sourceConsent: SourceConsent | null = consent
			? { id: consent.id, stage: consent.stage, consenterType: consent.consenterType, consenterName: consent.consenterName, relationship: consent.relationship, proxyReason: consent.proxyReason, method: consent.method, explainedOn: consent.explainedOn, consentedOn: consent.consentedOn, createdAt: consent.createdAt.toISOString() }
			: null
		return {
			id: v.id,
			documentId: v.documentId,
			number: v.number,
			reason: v.reason,
			reasonLabel: VERSION_REASON_LABELS[v.reason as VersionReason] ?? v.reason,
			contentHash: v.contentHash,
			createdAt: v.createdAt.toISOString(),
			createdById: v.createdById,
			consent: sourceConsent,
			pdf: null,
		}
	})

	// 受給者証: every row for the current record; for a version, the rows in force on the day it was frozen.
	const asOf = version ? toJstDate(version.createdAt) : null
	const certificateRows = canOnClient(actor, 'certificate.view', scope, today)
		? await prisma.certificate.findMany({ where: { clientId: scope.id }, include: { services: { orderBy: { sortOrder: 'asc' } } } })
		: []
	const certificates: SourceCertificate[] = (asOf ? inForcePerKind(certificateRows, asOf) : [...certificateRows].sort(compareVersionsDesc)).map((c) => ({
		id: c.id,
		kind: c.kind,
		number: c.number,
		issuedBy: c.issuedBy,
		issuedOn: c.issuedOn,
		effectiveFrom: c.effectiveFrom,
		decisionStart: c.decisionStart,
		decisionEnd: c.decisionEnd,
		supportLevel: c.supportLevel,
		copayCap: c.copayCap,
		monitoringPeriod: c.monitoringPeriod,
		monitoringMonths: c.monitoringMonths.split(',').map((m) => m.trim()).filter(Boolean),
		services: c.services.map((s) => ({ serviceType: s.serviceType, amount: s.amount })),
	}))

	const source: ExportSource = {
		exportedAt: new Date().toISOString(),
		today,
		client: {
			id: client.id,
			familyName: client.familyName,
			givenName: client.givenName,
			familyNameKana: client.familyNameKana,
			givenNameKana: client.givenNameKana,
			birthDate: client.birthDate,
			gender: client.gender,
			category: client.category === 'child' ? 'child' : 'adult',
			guardianName: client.guardianName,
			supportLevel: client.supportLevel,
			postalCode: client.postalCode,
			address: client.address,
			phone: client.phone,
			closed: client.closedAt !== null,
		},
		municipality: municipalityRow ? toOrg(municipalityRow) : null,
		organizations,
		members,
		certificates,
		plan: planReadable ? { documentId: planDocumentId as string, snapshot: version ? version.snapshot : readStored(planDocumentId as string), version: version ? (versions.find((v) => v.id === version.id) ?? null) : null, cycle, stage: version ? (version.facts?.stage ?? planStageOf(version.snapshot.meta[PLAN_META.stage])) : (await livePlanStage(scope.id)).stage } : null,
		weekly: null,
		assessment: null,
		isps: [],
		annexes: [],
		meetings: [],
		monitorings: [],
		versions,
	}
	// A version stands alone exactly as frozen; the live parts belong to the current record only.
	if (!version) await loadLiveParts(actor, scope, today, source, may)
	return { ok: true, value: source }
}

type MayRead = (kind: DocumentKind, organizationId?: string | null, frozen?: boolean) => boolean

async function loadLiveParts(actor: Actor, scope: ClientScope, today: string, source: ExportSource, may: MayRead): Promise<void> {
	const documents = await prisma.document.findMany({
		where: { clientId: scope.id, kind: { in: ['weekly', 'assessment', 'isp', 'crisis_plan', 'life_plan'] } },
		select: { id: true, kind: true, title: true, organizationId: true, frozenAt: true },
		orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
	})
	for (const doc of documents) {
		const kind = doc.kind as DocumentKind
		if (!may(kind, doc.organizationId, doc.frozenAt !== null)) continue
		if (kind === 'weekly') source.weekly = readStored(doc.id)
		else if (kind === 'assessment') source.assessment = { documentId: doc.id, snapshot: readStored(doc.id) }
		else if (kind === 'isp') source.isps.push({ documentId: doc.id, organizationId: doc.organizationId, title: doc.title, snapshot: readStored(doc.id) })
		else if (kind === 'crisis_plan' || kind === 'life_plan') source.annexes.push({ documentId: doc.id, kind, title: doc.title, snapshot: readStored(doc.id) })
	}

	if (canOnClient(actor, 'meeting.view', scope, today)) {
		const meetings = await prisma.meeting.findMany({ where: { clientId: scope.id }, include: { participants: { orderBy: { sortOrder: 'asc' } } }, orderBy: [{ date: 'asc' }, { startTime: 'asc' }, { id: 'asc' }] })
		const minutesDocs = await prisma.document.findMany({ where: { id: { in: meetings.map((m) => m.minutesDocumentId) } }, select: { id: true, frozenAt: true } })
		for (const meeting of meetings) {
			const minutesDoc = minutesDocs.find((d) => d.id === meeting.minutesDocumentId)
			const minutes = minutesDoc && may('minutes', null, minutesDoc.frozenAt !== null) ? { documentId: minutesDoc.id, frozen: minutesDoc.frozenAt !== null, snapshot: readStored(minutesDoc.id) } : null
			const item: SourceMeeting = {
				id: meeting.id,
				purpose: meeting.purpose,
				date: meeting.date,
				startTime: meeting.startTime,
				endTime: meeting.endTime,
				format: meeting.format,
				place: meeting.place,
				status: meeting.status,
				consentBy: meeting.consentBy,
				consentMethod: meeting.consentMethod,
				consentOn: meeting.consentOn,
				consentNote: meeting.consentNote,
				selfAttendance: meeting.selfAttendance,
				selfAbsenceReason: meeting.selfAbsenceReason,
				decisions: meeting.decisions,
				participants: meeting.participants.map((p) => ({ id: p.id, userId: p.userId, name: p.name, organizationName: p.organizationName, roleLabel: p.roleLabel, attendance: p.attendance, absenceReason: p.absenceReason })),
				minutes,
			}
			source.meetings.push(item)
		}
	}

	if (may('monitoring')) {
		const reports = await prisma.monitoringReport.findMany({ where: { clientId: scope.id }, orderBy: [{ month: 'asc' }, { createdAt: 'asc' }] })
		source.monitorings = reports.map(
			(r): SourceMonitoring => ({
				id: r.id,
				documentId: r.documentId,
				month: r.month,
				conductedOn: r.conductedOn,
				status: r.status,
				changeNeeded: r.changeNeeded,
				completedAt: r.completedAt?.toISOString() ?? null,
				snapshot: readStored(r.documentId),
			}),
		)
	}
}

/** The certificate row of each kind in force on a day (the latest effectiveFrom not after it). */
function inForcePerKind<T extends { kind: string; effectiveFrom: string; createdAt: Date }>(rows: readonly T[], day: string): T[] {
	const byKind = new Map<string, T[]>()
	for (const row of rows) byKind.set(row.kind || 'welfare', [...(byKind.get(row.kind || 'welfare') ?? []), row])
	const result: T[] = []
	for (const list of byKind.values()) {
		const found = [...list].sort(compareVersionsDesc).find((c) => c.effectiveFrom <= day)
		if (found) result.push(found)
	}
	return result
}

/**
 * Renders the A4 PDF of each version in the export from the print page's own component and the
 * same data (header, consent block). A browser failure leaves the PDFs out and is reported
 * (audit detail, X-Kizuna-Pdf header) rather than failing the export.
 */
async function attachPdfs(actor: Actor, scope: ClientScope, source: ExportSource, wanted: boolean, today: string): Promise<boolean> {
	if (!wanted || source.versions.length === 0) return false
	const pages: Array<{ key: string; html: string }> = []
	for (const version of source.versions) {
		const page = await loadPlanVersionPage(actor, scope, version.id, today)
		if (!page) continue
		const title = `${planTitle(page.header.category, page.stage)} 第${page.version.number}版`
		pages.push({ key: version.id, html: versionPrintHtml(page, title) })
	}
	try {
		const pdfs = await renderPdfs(pages)
		for (const version of source.versions) version.pdf = pdfs.get(version.id) ?? null
		return false
	} catch (error) {
		console.error('[fhir] PDF rendering failed', error)
		return true
	}
}

/** Whether the version page offers this version's FHIR download to the actor (a consented version they may export). */
export async function canExportVersion(actor: Actor, scope: ClientScope, versionId: string, today: string): Promise<boolean> {
	const version = await prisma.documentVersion.findUnique({ where: { id: versionId }, select: { clientId: true, kind: true, reason: true } })
	if (!version || version.clientId !== scope.id || version.kind !== 'plan' || !CONSENTED_REASONS.includes(version.reason)) return false
	const submitted = (await prisma.planCycleEvent.count({ where: { clientId: scope.id, versionId, action: { in: ['submit', 'start_services'] } } })) > 0
	return canExportFhir(actor, scope, { kind: 'version', submitted }, today)
}
