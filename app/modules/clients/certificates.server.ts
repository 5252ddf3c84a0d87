import { audit } from '#app/modules/audit/audit.server.ts'
import type { Actor } from '#app/policies/index.ts'
import { prisma } from '#app/utils/db.server.ts'
import { formatJpDate } from '#app/utils/dates.ts'
import { newId, type RequestMeta } from './ids.server.ts'
import type { CertificateFormData } from './schemas.ts'
import { compareVersionsDesc, pickCurrentCertificate, splitMonths } from './summary.ts'

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
 * Every version of a client's certificates, newest first, with the one in force today marked.
 * Versions that start in the future are "scheduled"; older ones are history.
 */
export async function getCertificateRegister(clientId: string, today: string) {
	const rows = await prisma.certificate.findMany({ where: { clientId }, select: CERTIFICATE_SELECT })
	rows.sort(compareVersionsDesc)
	const current = pickCurrentCertificate(rows, today)
	const authorIds = [...new Set(rows.map((r) => r.createdById).filter((id): id is string => Boolean(id)))]
	const authors = authorIds.length
		? await prisma.user.findMany({ where: { id: { in: authorIds } }, select: { id: true, displayName: true } })
		: []
	const authorName = new Map(authors.map((a) => [a.id, a.displayName]))
	const view = rows.map((row) => ({
		...toView(row),
		createdByName: row.createdById ? (authorName.get(row.createdById) ?? '') : '',
		status: (row === current ? 'current' : row.effectiveFrom > today ? 'scheduled' : 'superseded') as
			| 'current'
			| 'scheduled'
			| 'superseded',
	}))
	return {
		current: view.find((v) => v.status === 'current') ?? null,
		scheduled: view.filter((v) => v.status === 'scheduled'),
		history: view.filter((v) => v.status === 'superseded'),
		all: view,
	}
}
export type CertificateRegister = Awaited<ReturnType<typeof getCertificateRegister>>

/** The version in force today (what plan headers print), or null. */
export async function getCurrentCertificate(clientId: string, today: string) {
	const rows = await prisma.certificate.findMany({
		where: { clientId, effectiveFrom: { lte: today } },
		select: CERTIFICATE_SELECT,
	})
	const current = pickCurrentCertificate(rows, today)
	return current ? toView(current) : null
}

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
	const current = await getCurrentCertificate(clientId, today)
	if (current && data.effectiveFrom < current.effectiveFrom) {
		return {
			ok: false,
			fieldErrors: {
				effectiveFrom: [`適用開始日は現在の版の適用開始日（${formatJpDate(current.effectiveFrom)}）以降にしてください`],
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
		detail: { effectiveFrom: data.effectiveFrom, supersedes },
	})
}
