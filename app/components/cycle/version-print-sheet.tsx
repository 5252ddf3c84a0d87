import { ConsentBlock } from '#app/components/cycle/consent-block.tsx'
import { PlanHeaderTable } from '#app/components/cycle/plan-header.tsx'
import { PlanVersionForm } from '#app/components/cycle/plan-version.tsx'
import { WeeklyVersionSheet } from '#app/components/cycle/weekly-version.tsx'
import { PLAN_STAGE_LABELS, planTitle, type PlanStage } from '#app/document-forms/plan.ts'
import type { DocumentSnapshot } from '#app/document-forms/structure.ts'
import type { ConsentView } from '#app/modules/cycle/views.ts'
import type { PlanHeaderFacts } from '#app/modules/versions/header-facts.ts'

export type VersionPrintData = {
	version: { number: number; reasonLabel: string; contentHash: string; verified: boolean; snapshot: DocumentSnapshot }
	consent: ConsentView | null
	/** the header facts frozen with the version (or today's, for versions frozen before they were kept) */
	header: PlanHeaderFacts
	headerFrozen: boolean
	stage: PlanStage
	stageReason: string
	/** the 週間計画表 frozen with the plan (様式1-2 / 2-2), printed on its own sheet */
	weekly: DocumentSnapshot | null
}

/**
 * The A4 sheets of a frozen plan version (様式1-1 / 2-1 with the consent block, the frozen
 * 週間計画表 and the content hash): the print page shows it, and the FHIR export renders the very
 * same markup to PDF.
 */
export function VersionPrintSheet({ version, consent, header, headerFrozen, stage, stageReason, weekly }: VersionPrintData) {
	const title = planTitle(header.category, stage)
	return (
		<>
			{!version.verified ? (
				<p className="alert error" role="alert">
					この版は検証できません（内容が保存時と一致しません）。
				</p>
			) : null}
			<PlanVersionForm
				snapshot={version.snapshot}
				title={title}
				stage={stage}
				category={header.category}
				header={<VersionHeaderBlock header={header} snapshot={version.snapshot} headerFrozen={headerFrozen} stage={stage} stageReason={stageReason} />}
			/>
			<ConsentBlock consent={consent} print child={header.category === 'child'} />
			{weekly ? <WeeklyVersionSheet weekly={weekly} header={header} /> : null}
			<p className="version-print__hash">
				第{version.number}版（{version.reasonLabel}）SHA-256: {version.contentHash}
			</p>
		</>
	)
}

/**
 * The header under a version's title (様式1-1 / 2-1): the frozen header facts, why it is 案 or
 * 本計画, and a note on versions frozen before their facts were kept. The version page and the
 * print sheet show the same block.
 */
export function VersionHeaderBlock({
	header,
	snapshot,
	headerFrozen,
	stage,
	stageReason,
}: Pick<VersionPrintData, 'header' | 'headerFrozen' | 'stage' | 'stageReason'> & { snapshot: DocumentSnapshot }) {
	return (
		<>
			<PlanHeaderTable header={header} snapshot={snapshot} />
			{stageReason ? (
				<p className="version-print__stage" data-testid="version-stage-reason">
					{PLAN_STAGE_LABELS[stage]}：{stageReason}
				</p>
			) : null}
			{!headerFrozen ? (
				<p className="muted no-print" role="note">
					この版は見出しの情報を保存する前に作られたため、見出しには現在の受給者証・担当者を表示しています。
				</p>
			) : null}
		</>
	)
}
