import { ConsentBlock } from '#app/components/cycle/consent-block.tsx'
import { PlanVersionForm } from '#app/components/cycle/plan-version.tsx'
import { planStageOf, planTitle } from '#app/documents/plan.ts'
import type { DocumentSnapshot } from '#app/documents/structure.ts'
import { MONITORING_PERIOD_LABELS, SUPPORT_LEVEL_LABELS, labelOf } from '#app/modules/clients/labels.ts'
import type { ConsentView } from '#app/modules/cycle/views.ts'

export type VersionPrintData = {
	version: { number: number; reasonLabel: string; contentHash: string; verified: boolean; snapshot: DocumentSnapshot }
	consent: ConsentView | null
	header: {
		clientName: string
		category: 'adult' | 'child'
		supportLevel: string
		agencyName: string
		authorName: string
		certificate: { number: string; monitoringPeriod: string } | null
	}
}

/**
 * The A4 sheet of a frozen plan version (様式1-1 / 2-1 with the consent block and the content
 * hash): the print page shows it, and the FHIR export renders the very same markup to PDF.
 */
export function VersionPrintSheet({ version, consent, header }: VersionPrintData) {
	const title = planTitle(header.category, planStageOf(version.snapshot.meta.stage))
	return (
		<>
			{!version.verified ? (
				<p className="alert error" role="alert">
					この版は検証できません（内容が保存時と一致しません）。
				</p>
			) : null}
			<table className="version-print__header">
				<tbody>
					<tr>
						<th scope="row">利用者氏名</th>
						<td>{header.clientName}</td>
						<th scope="row">障害支援区分</th>
						<td>{labelOf(SUPPORT_LEVEL_LABELS, header.supportLevel, '—')}</td>
						<th scope="row">受給者証番号</th>
						<td>{header.certificate?.number ?? '—'}</td>
					</tr>
					<tr>
						<th scope="row">相談支援事業者名</th>
						<td>{header.agencyName || '—'}</td>
						<th scope="row">計画作成担当者</th>
						<td>{header.authorName || '—'}</td>
						<th scope="row">モニタリング期間</th>
						<td>{header.certificate ? labelOf(MONITORING_PERIOD_LABELS, header.certificate.monitoringPeriod) : '—'}</td>
					</tr>
				</tbody>
			</table>
			<PlanVersionForm snapshot={version.snapshot} title={title} />
			<ConsentBlock consent={consent} print />
			<p className="version-print__hash">
				第{version.number}版（{version.reasonLabel}）SHA-256: {version.contentHash}
			</p>
		</>
	)
}
