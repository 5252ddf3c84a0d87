/**
 * A client holds several 受給者証 at once — 障害福祉サービス受給者証, 通所受給者証 and 地域相談支援受給者証
 * (docs/domain/people-and-terms.md, forms.md; a child may use 放課後等デイサービス and 居宅介護 and so hold both 通所 and
 * 障害福祉サービス) — each with its own effective-dated history. Pure: the register, the plan
 * header, the schedule, the dashboard and the API all pick the current ones here.
 */
import { CERTIFICATE_KINDS, CERTIFICATE_KIND_LABELS, type CertificateKind } from './labels.ts'
import { pickCurrentCertificate } from './summary.ts'

type Versioned = { kind: string; effectiveFrom: string; createdAt: Date | string }

export function isCertificateKind(value: unknown): value is CertificateKind {
	return typeof value === 'string' && (CERTIFICATE_KINDS as readonly string[]).includes(value)
}

export function certificateKindLabel(kind: string): string {
	return isCertificateKind(kind) ? CERTIFICATE_KIND_LABELS[kind] : kind
}

/**
 * The version in force on `today` of every kind the client holds, one per kind, in
 * CERTIFICATE_KINDS order (障害福祉サービス, 通所, 地域相談支援). A kind whose only versions start
 * later is absent. Rows of an unknown kind are ignored: they cannot be printed in any header field.
 */
export function pickCurrentCertificates<T extends Versioned>(rows: readonly T[], today: string): T[] {
	const current: T[] = []
	for (const kind of CERTIFICATE_KINDS) {
		const picked = pickCurrentCertificate(
			rows.filter((r) => r.kind === kind),
			today,
		)
		if (picked) current.push(picked)
	}
	return current
}

/**
 * Which current certificate's モニタリング期間 the schedule follows. One monitoring visit serves
 * the whole plan, so the client has one schedule: a child's 障害児支援利用計画 is the plan of the
 * 障害児通所支援 (通所受給者証) first; an adult's the 障害福祉サービス plan, then 地域相談支援.
 */
export function monitoringCertificate<T extends { kind: string }>(current: readonly T[], category: string): T | null {
	const order: CertificateKind[] = category === 'child' ? ['child_day', 'welfare', 'community'] : ['welfare', 'community', 'child_day']
	for (const kind of order) {
		const found = current.find((c) => c.kind === kind)
		if (found) return found
	}
	return null
}

/** The certificate kinds a client of this category is usually issued (offered first on the form). */
export function usualCertificateKinds(category: string): CertificateKind[] {
	return category === 'child' ? ['child_day', 'welfare'] : ['welfare', 'community']
}

export type HeaderCertificate = { kind: string; kindLabel: string; number: string }
export type HeaderCertificateField = { kind: CertificateKind; label: string; number: string }

const NUMBER_LABELS: Record<CertificateKind, string> = {
	welfare: '障害福祉サービス受給者証番号',
	child_day: '通所受給者証番号',
	community: '地域相談支援受給者証番号',
}

/**
 * The certificate-number fields of a plan header (様式1-1 / 2-1, docs/domain/forms.md), each number in
 * its own field: an adult's form carries 障害福祉サービス and 地域相談支援; a child's 通所 and
 * 障害福祉サービス (a child using 居宅介護 or 短期入所 holds both). A kind the client holds beyond
 * those gets its own field too. Missing numbers are '—'.
 */
export function headerCertificateFields(category: string, certificates: readonly HeaderCertificate[]): HeaderCertificateField[] {
	const base: CertificateKind[] = category === 'child' ? ['child_day', 'welfare'] : ['welfare', 'community']
	const extra = CERTIFICATE_KINDS.filter((k) => !base.includes(k) && certificates.some((c) => c.kind === k))
	return [...base, ...extra].map((kind) => ({
		kind,
		label: NUMBER_LABELS[kind],
		number: certificates.find((c) => c.kind === kind)?.number || '—',
	}))
}
