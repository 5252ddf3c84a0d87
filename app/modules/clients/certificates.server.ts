import { audit } from '#app/modules/audit/audit.server.ts'
import type { Actor } from '#app/policies/index.ts'
import { prisma } from '#app/utils/db.server.ts'
import { monitoringMonths } from '#app/modules/monitoring/schedule.ts'
import { formatJpDate } from '#app/utils/dates.ts'
import { certificateKindLabel, monitoringCertificate, pickCurrentCertificates } from './certificate-kinds.ts'
import { newId, type RequestMeta } from './ids.server.ts'
import type { CertificateKind } from './labels.ts'
import type { CertificateFormData } from './schemas.ts'
import { compareVersionsDesc, nextMonitoringMonth, pickCurrentCertificate, splitMonths } from './summary.ts'

/**
 * The 受給者証 register. Versions are effective-dated and never edited in place: a change is a
 * new row that becomes current from its effectiveFrom; earlier rows stay as history.
 */

const CERTIFICATE_SELECT = {
	id: true,
	kind: true,
	number: true,
	issuedBy: true,
	issuedOn: true,
	effectiveFrom: true,
	decisionStart: true,
	decisionEnd: true,
	supportLevel: true,
	copayCap: true,
	monitoringPeriod: true,
	monitoringMonths: true,
	newUserMonthlyFrom: true,
	note: true,
	createdAt: true,
	createdById: true,
	services: { select: { id: true, serviceType: true, amount: true, sortOrder: true }, orderBy: { sortOrder: 'asc' } },
} as const

/** Dates as ISO strings and the month list split, ready for JSON. */
function toView<T extends { createdAt: Date; monitoringMonths: string }>(row: T) {
	const { createdAt, monitoringMonths, ...rest } = row
	return { ...rest, createdAt: createdAt.toISOString(), monitoringMonths: splitMonths(monitoringMonths) }
}

/**
 * Every version of a client's certificates, newest first, with the ones in force today marked
 * (one per kind: a client holds several kinds at once, each with its own history). Versions that
 * start in the future are "scheduled"; older ones are history. `current` is the certificate the
 * monitoring schedule follows (monitoringCertificate), `currentByKind` every current one.
 */
export async function getCertificateRegister(clientId: string, today: string) {
	const [rows, client] = await Promise.all([
		prisma.certificate.findMany({ where: { clientId }, select: CERTIFICATE_SELECT }),
		prisma.client.findUnique({ where: { id: clientId }, select: { category: true } }),
	])
	rows.sort(compareVersionsDesc)
	const currents = pickCurrentCertificates(rows, today)
	const current = monitoringCertificate(currents, client?.category ?? 'adult')
	const authorIds = [...new Set(rows.map((r) => r.createdById).filter((id): id is string => Boolean(id)))]
	const authors = authorIds.length
		? await prisma.user.findMany({ where: { id: { in: authorIds } }, select: { id: true, displayName: true } })
		: []
	const authorName = new Map(authors.map((a) => [a.id, a.displayName]))
	const view = rows.map((row) => ({
		...toView(row),
		kindLabel: certificateKindLabel(row.kind),
		// The months due, by the function the schedule, the dashboard and the API use.
		dueMonths: dueMonthsOf(row),
		createdByName: row.createdById ? (authorName.get(row.createdById) ?? '') : '',
		status: (currents.includes(row) ? 'current' : row.effectiveFrom > today ? 'scheduled' : 'superseded') as
			| 'current'
			| 'scheduled'
			| 'superseded',
	}))
	return {
		current: view.find((v) => v.id === current?.id) ?? null,
		currentByKind: currents.map((c) => view.find((v) => v.id === c.id)).filter((v) => v !== undefined),
		scheduled: view.filter((v) => v.status === 'scheduled'),
		history: view.filter((v) => v.status === 'superseded'),
		all: view,
	}
}
function dueMonthsOf(row: { decisionStart: string; decisionEnd: string; monitoringPeriod: string; monitoringMonths: string; newUserMonthlyFrom: string }): string[] {
	const schedule = monitoringMonths(row)
	return schedule.ok ? schedule.months : splitMonths(row.monitoringMonths)
}

export type CertificateRegister = Awaited<ReturnType<typeof getCertificateRegister>>

/**
 * The version in force on `today` of one kind, or — without a kind — of the certificate the
 * monitoring schedule follows (monitoringCertificate: a child's 通所受給者証, an adult's
 * 障害福祉サービス受給者証), or null.
 */
export async function getCurrentCertificate(clientId: string, today: string, kind?: CertificateKind) {
	const [rows, client] = await Promise.all([
		prisma.certificate.findMany({
			where: { clientId, effectiveFrom: { lte: today }, ...(kind ? { kind } : {}) },
			select: CERTIFICATE_SELECT,
		}),
		kind ? null : prisma.client.findUnique({ where: { id: clientId }, select: { category: true } }),
	])
	const current = kind ? pickCurrentCertificate(rows, today) : monitoringCertificate(pickCurrentCertificates(rows, today), client?.category ?? 'adult')
	return current ? toView(current) : null
}

/**
 * Every certificate in force on `on` (YYYY-MM-DD), one per kind in CERTIFICATE_KINDS order, each
 * with its モニタリング months computed by monitoringMonths — the function the client page, the
 * schedule, the dashboard and the CSV use — and the next month due. `followedBySchedule` marks the
 * one whose months the client's schedule follows.
 */
export async function currentCertificates(clientId: string, on: string) {
	const [rows, client] = await Promise.all([
		prisma.certificate.findMany({ where: { clientId, effectiveFrom: { lte: on } }, select: CERTIFICATE_SELECT }),
		prisma.client.findUnique({ where: { id: clientId }, select: { category: true } }),
	])
	const currents = pickCurrentCertificates(rows, on)
	const followed = monitoringCertificate(currents, client?.category ?? 'adult')
	return currents.map((row) => {
		const view = toView(row)
		const schedule = monitoringMonths(view)
		const months = schedule.ok ? schedule.months : []
		return {
			...view,
			kindLabel: certificateKindLabel(row.kind),
			followedBySchedule: row === followed,
			monitoring: {
				months,
				source: schedule.ok ? schedule.source : null,
				errors: schedule.ok ? [] : schedule.errors,
				nextMonth: nextMonitoringMonth(months, on),
			},
		}
	})
}
export type CurrentCertificate = Awaited<ReturnType<typeof currentCertificates>>[number]

export type CertificateSaveResult = { ok: true; id: string } | { ok: false; fieldErrors: Record<string, string[]> }

/**
 * Adds a new certificate version (caller has checked 'certificate.edit'). A version may not
 * start before the one in force today: it would never become current and only blur the history.
 */
export async function createCertificateVersion(
	actor: Actor,
	clientId: string,
	data: CertificateFormData,
	today: string,
	meta: RequestMeta,
): Promise<CertificateSaveResult> {
	const checked = await checkCertificateVersion(clientId, data, today)
	if (!checked.ok) return checked
	const id = await prisma.$transaction((tx) => insertCertificateVersion(tx, actor, clientId, data))
	await auditCertificateVersion(actor, clientId, id, data, checked.supersedes, meta)
	return { ok: true, id }
}

/** The register's rule for a new version, without writing (the 支給決定 step checks it first). */
export async function checkCertificateVersion(
	clientId: string,
	data: CertificateFormData,
	today: string,
): Promise<{ ok: true; supersedes: string | null } | { ok: false; fieldErrors: Record<string, string[]> }> {
	// Each kind has its own history: a new 通所受給者証 supersedes only the 通所受給者証.
	const current = await getCurrentCertificate(clientId, today, data.kind)
	if (current && data.effectiveFrom < current.effectiveFrom) {
		return {
			ok: false,
			fieldErrors: {
				effectiveFrom: [
					`適用開始日は現在の${certificateKindLabel(data.kind)}の適用開始日（${formatJpDate(current.effectiveFrom)}）以降にしてください`,
				],
			},
		}
	}
	return { ok: true, supersedes: current?.id ?? null }
}

/** Writes a checked version inside the caller's transaction; returns its id. */
export async function insertCertificateVersion(
	tx: Pick<typeof prisma, 'certificate'>,
	actor: Actor,
	clientId: string,
	data: CertificateFormData,
): Promise<string> {
	const id = newId('cert')
	await tx.certificate.create({
		data: {
			id,
			clientId,
			kind: data.kind,
			number: data.number,
			issuedBy: data.issuedBy,
			issuedOn: data.issuedOn,
			effectiveFrom: data.effectiveFrom,
			decisionStart: data.decisionStart,
			decisionEnd: data.decisionEnd,
			supportLevel: data.supportLevel,
			copayCap: data.copayCap,
			monitoringPeriod: data.monitoringPeriod,
			monitoringMonths: data.monitoringMonths.join(','),
			newUserMonthlyFrom: data.newUserMonthlyFrom,
			note: data.note,
			createdById: actor.id,
			services: {
				create: data.services.map((s, i) => ({ id: `${id}-s${i + 1}`, serviceType: s.serviceType, amount: s.amount, sortOrder: i })),
			},
		},
	})
	return id
}

export async function auditCertificateVersion(
	actor: Actor,
	clientId: string,
	id: string,
	data: CertificateFormData,
	supersedes: string | null,
	meta: RequestMeta,
): Promise<void> {
	await audit({
		action: 'certificate.create',
		userId: actor.id,
		clientId,
		target: `certificate:${id}`,
		ipAddress: meta.ipAddress,
		detail: { kind: data.kind, effectiveFrom: data.effectiveFrom, supersedes },
	})
}
