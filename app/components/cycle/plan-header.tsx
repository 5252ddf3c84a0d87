import { PLAN_META } from '#app/document-forms/plan.ts'
import type { DocumentSnapshot } from '#app/document-forms/structure.ts'
import { CERTIFICATE_KIND_LABELS } from '#app/modules/clients/labels.ts'
import { certificateNumber, type PlanHeaderFacts } from '#app/modules/versions/header-facts.ts'
import { formatWareki } from '#app/utils/wareki.ts'

/**
 * The header block of 様式1-1 / 2-1 for a frozen version: the facts stored with the version (or,
 * for a version frozen before they were kept, today's), each 受給者証 number in its own field,
 * and the plan's own dates from the version. Pure: prints and pages render the same markup.
 */

/** The certificate fields a plan header has, by the person's category (each kind its own field). */
function certificateKinds(header: PlanHeaderFacts): string[] {
	const standard = header.category === 'child' ? ['child_day', 'welfare'] : ['welfare', 'community']
	const extra = header.certificates.map((c) => c.kind).filter((kind) => !standard.includes(kind))
	return [...standard, ...extra]
}

/** Empty cells that keep the last row six columns wide. */
function lastRowPadding(child: boolean, kindCount: number): number {
	const used = 2 + (child ? 2 : 0) + 2 * Math.max(0, Math.min(kindCount, child ? 3 : 4) - 2)
	return Math.max(0, 6 - used)
}

function metaText(snapshot: DocumentSnapshot, key: string, format: (value: string) => string): string {
	const value = snapshot.meta[key]
	return typeof value === 'string' && value ? format(value) : '—'
}

export function PlanHeaderTable({ header, snapshot }: { header: PlanHeaderFacts; snapshot: DocumentSnapshot }) {
	const child = header.category === 'child'
	const kinds = certificateKinds(header)
	const monitoringStart = header.monitoringStart ? formatWareki(header.monitoringStart) : metaText(snapshot, PLAN_META.monitoringStart, formatWareki)
	return (
		<table className="version-print__header" data-testid="version-header">
			<tbody>
				<tr>
					<th scope="row">{child ? '児童氏名' : '利用者氏名'}</th>
					<td data-testid="header-client-name">{header.clientName}</td>
					<th scope="row">障害支援区分</th>
					<td data-testid="header-support-level">{header.supportLevelLabel || '—'}</td>
					<th scope="row">相談支援事業者名</th>
					<td data-testid="header-agency">{header.agencyName || '—'}</td>
				</tr>
				<tr>
					{kinds.slice(0, 2).map((kind) => (
						<CertificateCell key={kind} kind={kind} header={header} />
					))}
					<th scope="row">計画作成担当者</th>
					<td data-testid="header-author">{header.authorName || '—'}</td>
				</tr>
				<tr>
					<th scope="row">利用者負担上限額</th>
					<td data-testid="header-copay">{header.copayCapLabel || '—'}</td>
					<th scope="row">モニタリング期間（開始年月）</th>
					<td data-testid="header-monitoring">
						{header.monitoringPeriodLabel || '—'}（{monitoringStart}）
					</td>
					<th scope="row">計画案作成日</th>
					<td>{metaText(snapshot, PLAN_META.draftDate, formatWareki)}</td>
				</tr>
				<tr>
					<th scope="row">計画作成日</th>
					<td>{metaText(snapshot, PLAN_META.planDate, formatWareki)}</td>
					{child ? (
						<>
							<th scope="row">保護者氏名</th>
							<td data-testid="header-guardian">{header.guardianName || '—'}</td>
						</>
					) : null}
					{kinds.slice(2, child ? 3 : 4).map((kind) => (
						<CertificateCell key={kind} kind={kind} header={header} />
					))}
					{lastRowPadding(child, kinds.length) > 0 ? <td colSpan={lastRowPadding(child, kinds.length)} /> : null}
				</tr>
			</tbody>
		</table>
	)
}

function CertificateCell({ kind, header }: { kind: string; header: PlanHeaderFacts }) {
	const label = (CERTIFICATE_KIND_LABELS as Record<string, string>)[kind] ?? header.certificates.find((c) => c.kind === kind)?.kindLabel ?? kind
	return (
		<>
			<th scope="row">{label}番号</th>
			<td data-testid={`header-certificate-${kind}`}>{certificateNumber(header, kind) || '—'}</td>
		</>
	)
}
