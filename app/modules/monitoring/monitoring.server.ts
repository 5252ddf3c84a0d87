import { Prisma } from '#app/generated/prisma/client.ts'
import { monitoringContent, type GoalSeed } from '#app/document-forms/monitoring.ts'
import { readDocument } from '#app/document-forms/structure.ts'
import { audit } from '#app/modules/audit/audit.server.ts'
import { isWellFormedId } from '#app/modules/authz.server.ts'
import { getCurrentCertificate } from '#app/modules/clients/certificates.server.ts'
import { newId, type RequestMeta } from '#app/modules/clients/ids.server.ts'
import { loadOpenCycle, takeStep } from '#app/modules/cycle/cycle.server.ts'
import { findPlanDocument } from '#app/modules/documents/documents.server.ts'
import { loadStoredDocument } from '#app/modules/documents/stored-document.server.ts'
import { loadVersion } from '#app/modules/versions/versions.server.ts'
import { canOnClient, documentAccess, teamRoleFor, type Actor, type ClientScope } from '#app/policies/index.ts'
import { prisma } from '#app/utils/db.server.ts'
import { addMonths, formatJpMonth } from '#app/utils/dates.ts'
import { goalSeedsOf } from './plan-goals.ts'
import { checkCompletion, isMonth, monitoringDocumentId, monitoringTitle, reportStatusOf, type ClientSchedule, type ScheduleReport } from './report.ts'
import { RENEWAL_NOTICE_MONTHS, monitoringMonths, monitoringStatus, renewalWindow } from './schedule.ts'

/**
 * モニタリング: the per-client schedule (from the 受給者証 in force), the reports as records
 * (MonitoringReport beside each co-edited 'monitoring' document), creating and completing them.
 * Authorization is decided here with the policy module, not by callers.
 */

function monitoringScope(scope: ClientScope) {
	return { kind: 'monitoring' as const, organizationId: null, frozen: false, client: scope }
}

export function canWriteMonitoring(actor: Actor, scope: ClientScope, today: string): boolean {
	return documentAccess(actor, monitoringScope(scope), today) === 'write'
}

export async function listReports(clientId: string): Promise<ScheduleReport[]> {
	const rows = await prisma.monitoringReport.findMany({
		where: { clientId },
		select: { id: true, documentId: true, month: true, status: true, conductedOn: true, changeNeeded: true, extraordinaryReason: true },
		orderBy: [{ month: 'asc' }, { createdAt: 'asc' }],
	})
	return rows.map((r) => ({ ...r, status: reportStatusOf(r.status) }))
}

/**
 * The client's monitoring schedule today: each due month with its state (done when a completed
 * report's 実施日 lies in it), the report answering it, and the renewal months. Callers check
 * 'certificate.view' first: the schedule is read off the 受給者証.
 */
export async function loadClientSchedule(actor: Actor, scope: ClientScope, today: string): Promise<ClientSchedule> {
	const [certificate, client, reports] = await Promise.all([
		getCurrentCertificate(scope.id, today),
		prisma.client.findUnique({ where: { id: scope.id }, select: { birthDate: true } }),
		listReports(scope.id),
	])
	if (!certificate || !client) return { state: 'no_certificate' }
	const schedule = monitoringMonths(certificate)
	if (!schedule.ok) return { state: 'invalid', errors: schedule.errors }
	const renewal = renewalWindow(certificate, client.birthDate)
	const completedDates = reports.filter((r) => r.status === 'completed' && r.conductedOn).map((r) => r.conductedOn)
	const writable = canWriteMonitoring(actor, scope, today)
	const byMonth = new Map(reports.map((r) => [r.month, r]))
	const months = monitoringStatus(schedule.months, completedDates, today).map((row) => {
		const report = byMonth.get(row.month) ?? null
		return { month: row.month, status: row.status, report, canCreate: writable && !report && (row.status === 'due' || row.status === 'overdue') }
	})
	const thisMonth = today.slice(0, 7)
	const noticeUntil = addMonths(thisMonth, RENEWAL_NOTICE_MONTHS)
	const renewals = renewal.ok ? renewal.entries : []
	return {
		state: 'ok',
		certificate: {
			decisionStart: certificate.decisionStart,
			decisionEnd: certificate.decisionEnd,
			monitoringPeriod: certificate.monitoringPeriod,
			source: schedule.source,
			dropped: schedule.dropped,
		},
		months,
		renewals,
		renewalNotices: renewals.filter((e) => e.month >= thisMonth && e.month <= noticeUntil),
		otherReports: reports.filter((r) => !schedule.months.includes(r.month)),
	}
}

/**
 * The plan whose goals a report evaluates: the document of the client's latest plan cycle when
 * the cycle module has recorded one, else the client's plan document.
 */
export async function currentPlanDocumentId(clientId: string): Promise<string | null> {
	const cycle = await prisma.planCycle.findFirst({
		where: { clientId, planDocumentId: { not: null } },
		orderBy: { number: 'desc' },
		select: { planDocumentId: true },
	})
	if (cycle?.planDocumentId) return cycle.planDocumentId
	return (await findPlanDocument(clientId))?.id ?? null
}

/**
 * The plan a new report monitors: the latest consented 本計画 of the client (the version's
 * 方針 and goals are what was agreed), or null while none has been consented.
 */
export async function consentedPlanVersionId(clientId: string): Promise<string | null> {
	const version = await prisma.documentVersion.findFirst({
		where: { clientId, kind: 'plan', reason: 'final_consented' },
		orderBy: [{ createdAt: 'desc' }, { number: 'desc' }],
		select: { id: true },
	})
	return version?.id ?? null
}

/**
 * The goals a report's rows start from: those of the consented version it monitors. A report
 * made before reports named their version (or while no 本計画 was consented) keeps the old
 * behaviour: the live plan's goals (PlanGoal projection).
 */
export async function loadGoalSeeds(clientId: string, planVersionId: string | null = null): Promise<GoalSeed[]> {
	if (planVersionId) {
		const version = await loadVersion(planVersionId)
		if (version && version.clientId === clientId) return goalSeedsOf(version.snapshot)
	}
	const planId = await currentPlanDocumentId(clientId)
	if (!planId) return []
	const goals = await prisma.planGoal.findMany({
		where: { documentId: planId, deletedAt: null },
		select: { goalId: true, goal: true, need: true, dueText: true },
		orderBy: [{ priority: 'asc' }, { goalId: 'asc' }],
	})
	return goals.map((g) => ({ goalId: g.goalId, goal: g.goal || g.need, targetDate: g.dueText }))
}

export type CreateReportResult = { ok: true; documentId: string; created: boolean } | { ok: false; status: 403 | 404 | 400; message: string }

/**
 * Starts the report for a scheduled month that is due or overdue. Idempotent: the ids derive
 * from client and month, so a second press (or a colleague's at the same moment) opens the same.
 */
export async function createMonitoringReport(
	actor: Actor,
	scope: ClientScope,
	month: unknown,
	today: string,
	meta: RequestMeta,
	extraordinaryReason?: unknown,
): Promise<CreateReportResult> {
	if (!canWriteMonitoring(actor, scope, today)) {
		const visible = teamRoleFor(actor, scope, today) !== null
		return { ok: false, status: visible ? 403 : 404, message: visible ? 'モニタリング報告書を作成する権限がありません' : '見つかりません' }
	}
	if (!isMonth(month)) return { ok: false, status: 400, message: '対象の月が正しくありません' }
	const schedule = await loadClientSchedule(actor, scope, today)
	if (schedule.state !== 'ok') return { ok: false, status: 400, message: '現在の受給者証からモニタリング予定を作れません。受給者証を確認してください' }
	const row = schedule.months.find((m) => m.month === month)
	const reason = typeof extraordinaryReason === 'string' ? extraordinaryReason.trim() : ''
	if (!row) {
		// 臨時モニタリング: a month the 受給者証 does not list, on a stated reason (a crisis, a
		// change of services). Never ahead of time, never outside the 支給決定期間.
		const existing = [...schedule.otherReports].find((r) => r.month === month)
		if (existing) return { ok: true, documentId: existing.documentId, created: false }
		if (reason === '') {
			return { ok: false, status: 400, message: `${formatJpMonth(month)}はモニタリング月ではありません。臨時モニタリングとして行う場合は理由を入力してください` }
		}
		if (reason.length > 200) return { ok: false, status: 400, message: '臨時モニタリングの理由は200文字以内で入力してください' }
		if (month > today.slice(0, 7)) return { ok: false, status: 400, message: `${formatJpMonth(month)}の臨時モニタリングはまだ作成できません。当月になってから作成してください` }
		const { decisionStart, decisionEnd } = schedule.certificate
		if (month < decisionStart.slice(0, 7) || month > decisionEnd.slice(0, 7)) {
			return { ok: false, status: 400, message: `${formatJpMonth(month)}は支給決定期間の外です` }
		}
	} else {
		if (row.report) return { ok: true, documentId: row.report.documentId, created: false }
		if (row.status === 'upcoming') return { ok: false, status: 400, message: `${formatJpMonth(month)}のモニタリングはまだ先です。当月になってから作成してください` }
	}
	const extraordinary = row ? '' : reason
	const documentId = monitoringDocumentId(scope.id, month)
	// No $transaction: on the one shared connection a failing transaction would roll back other
	// requests' writes made meanwhile (decision 0002). The document's derived id settles a race;
	// the report row is unique per document, and is (re)made by whoever finds it missing.
	const created = await createIgnoringDuplicate(() =>
		prisma.document.create({ data: { id: documentId, clientId: scope.id, kind: 'monitoring', title: monitoringTitle(month), createdById: actor.id } }),
	)
	// The report monitors the consented plan in force when it is started, and names it.
	const planVersionId = await consentedPlanVersionId(scope.id)
	await createIgnoringDuplicate(() =>
		prisma.monitoringReport.create({ data: { id: newId('mr'), clientId: scope.id, documentId, month, planVersionId, createdById: actor.id, extraordinaryReason: extraordinary } }),
	)
	if (!created) return { ok: true, documentId, created: false }
	await audit({
		action: 'monitoring.create',
		userId: actor.id,
		clientId: scope.id,
		target: `document:monitoring.${documentId}`,
		ipAddress: meta.ipAddress,
		detail: extraordinary ? { month, extraordinary: true } : { month },
	})
	return { ok: true, documentId, created: true }
}

/** Runs an insert; false when the row was already there (unique constraint). */
async function createIgnoringDuplicate(insert: () => Promise<unknown>): Promise<boolean> {
	try {
		await insert()
		return true
	} catch (error) {
		if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return false
		throw error
	}
}

export type CompleteReportResult =
	| {
			ok: true
			documentId: string
			changeNeeded: boolean
			conductedOn: string
			/** the plan cycle moved from 実施中 to モニタリング with this report's facts */
			cycleAdvanced: boolean
	  }
	| { ok: false; status: 400 | 403 | 404; errors: string[] }

/**
 * 「報告書を完了」: reads the stored document (never what a browser claims), checks it and records
 * status, 実施日 and 変更の必要性 on the report. Completing again after corrections updates them.
 */
export async function completeMonitoringReport(actor: Actor, scope: ClientScope, documentId: unknown, today: string, meta: RequestMeta): Promise<CompleteReportResult> {
	const report =
		typeof documentId === 'string' ? await prisma.monitoringReport.findUnique({ where: { documentId }, select: { id: true, clientId: true, documentId: true, month: true, status: true } }) : null
	if (!report || report.clientId !== scope.id) return { ok: false, status: 404, errors: ['報告書が見つかりません'] }
	if (!canOnClient(actor, 'monitoring.complete', scope, today)) {
		return { ok: false, status: teamRoleFor(actor, scope, today) ? 403 : 404, errors: ['報告書を完了する権限がありません（相談支援専門員・管理者が行います）'] }
	}
	const doc = loadStoredDocument(report.documentId)
	let snapshot
	try {
		snapshot = readDocument(doc)
	} finally {
		doc.destroy()
	}
	const result = checkCompletion(snapshot, report.month, today)
	if (!result.ok) return { ok: false, status: 400, errors: result.errors }
	await prisma.monitoringReport.update({
		where: { id: report.id },
		data: { status: 'completed', conductedOn: result.conductedOn, changeNeeded: result.changeNeeded, completedById: actor.id, completedAt: new Date() },
	})
	await audit({
		action: 'monitoring.complete',
		userId: actor.id,
		clientId: scope.id,
		target: `document:monitoring.${documentId}`,
		ipAddress: meta.ipAddress,
		detail: { month: report.month, changeNeeded: result.changeNeeded, again: report.status === 'completed' },
	})
	const cycleAdvanced =
		report.status === 'completed'
			? false
			: await recordMonitoringInCycle(actor, scope, { reportId: report.id, month: report.month, place: monitoringContent(snapshot).fields.place }, today, meta)
	return { ok: true, documentId: documentId as string, changeNeeded: result.changeNeeded, conductedOn: result.conductedOn, cycleAdvanced }
}

/**
 * The first completion of a report is the plan cycle's モニタリング step — the only way it is
 * recorded: while the plan is 実施中 the cycle reads the completed report's date and answer
 * (takeStep refuses the step without a completed report), so nobody enters the same facts
 * twice. Whatever the cycle refuses leaves the cycle as it is; the report stays completed.
 */
async function recordMonitoringInCycle(
	actor: Actor,
	scope: ClientScope,
	report: { reportId: string; month: string; place: string },
	today: string,
	meta: RequestMeta,
): Promise<boolean> {
	const cycle = await loadOpenCycle(scope.id)
	if (!cycle || cycle.state !== 'active') return false
	const step = await takeStep(
		actor,
		scope,
		'start_monitoring',
		{ monitoringPlace: report.place, note: `${formatJpMonth(report.month)}のモニタリング報告書を完了` },
		today,
		meta,
		{ monitoringReportId: report.reportId },
	)
	return step.ok
}

/** What the report's page shows around the co-edited content. */
export async function loadMonitoringView(actor: Actor, scope: ClientScope, documentId: string, today: string) {
	const report = await prisma.monitoringReport.findUnique({
		where: { documentId },
		select: { id: true, month: true, status: true, conductedOn: true, changeNeeded: true, completedAt: true, completedById: true, planVersionId: true },
	})
	if (!report) return null
	const [goalSeeds, completedBy, planVersion] = await Promise.all([
		loadGoalSeeds(scope.id, report.planVersionId),
		report.completedById ? prisma.user.findUnique({ where: { id: report.completedById }, select: { displayName: true } }) : null,
		report.planVersionId ? prisma.documentVersion.findUnique({ where: { id: report.planVersionId }, select: { id: true, number: true } }) : null,
	])
	return {
		report: {
			id: report.id,
			month: report.month,
			status: reportStatusOf(report.status),
			conductedOn: report.conductedOn,
			changeNeeded: report.changeNeeded,
			completedAt: report.completedAt?.toISOString() ?? null,
			completedByName: completedBy?.displayName ?? '',
		},
		/** the consented plan version the report monitors (null: made before reports named it) */
		planVersion,
		goalSeeds,
		canComplete: canOnClient(actor, 'monitoring.complete', scope, today),
		/** the cycle page offers the revision when the report found a change needed */
		canRevise: canOnClient(actor, 'client.edit', scope, today),
	}
}
export type MonitoringView = NonNullable<Awaited<ReturnType<typeof loadMonitoringView>>>

/**
 * A completed report of this client that found a change needed (変更の必要性 有): the reason a
 * plan revision is being started from it. Null for anything else — the id comes from a link.
 */
export async function loadRevisionSource(clientId: string, reportId: string | null): Promise<{ reportId: string; month: string } | null> {
	if (!reportId || !isWellFormedId(reportId)) return null
	const report = await prisma.monitoringReport.findFirst({
		where: { id: reportId, clientId, status: 'completed', changeNeeded: true },
		select: { id: true, month: true },
	})
	return report ? { reportId: report.id, month: report.month } : null
}
