import { Fragment, useEffect, useRef, useState, type ReactNode } from 'react'
import type * as Y from 'yjs'
import { DocumentStatusBar, useDocumentSession } from '#app/editor/document-session.client.tsx'
import { WithComments, type CommentsTarget } from '#app/components/comments/document-comments.client.tsx'
import type { CollabSession } from '#app/editor/use-collaboration.client.ts'
import type { HeaderCertificateField } from '#app/modules/clients/certificate-kinds.ts'
import { MONITORING_PERIOD_LABELS, formatYen, labelOf } from '#app/modules/clients/labels.ts'
import { formatWareki } from '#app/utils/wareki.ts'
import { CollabDate, CollabRowTable, FieldPresenceProvider, LabelledTextFields, UndoButtons, useDocumentUndo, useFieldTexts } from './bindings/index.client.ts'
import {
	PLAN_ALL_FIELD_KEYS,
	PLAN_FEES_FIELD,
	PLAN_FIELD_TEMPLATE,
	PLAN_GOAL_COLUMN_KEYS,
	PLAN_GOALS_TABLE,
	PLAN_META,
	PLAN_STAGE_LABELS,
	planFieldLabel,
	planFieldsToShow,
	planGoalColumns,
	planTitle,
	type PlanStage,
} from './plan.ts'
import { applyTemplate } from './structure.ts'

/**
 * The サービス等利用計画 / 障害児支援利用計画 page body: the official 様式1-1 / 2-1 layout (docs/domain/forms.md) (header
 * block, wishes / policy / goals, the goals table) co-edited live. Browser only.
 */

/** What the loader knows about the client and the 受給者証 in force (read-only header facts). */
export type PlanHeaderData = {
	clientName: string
	category: 'adult' | 'child'
	guardianName: string
	supportLevel: string
	/** 障害支援区分 as printed (対象外 for a child) */
	supportLevelLabel: string
	/** the header's certificate-number fields, each number in its own field */
	certificateFields: HeaderCertificateField[]
	/** the certificate the schedule follows: 利用者負担上限額 and モニタリング期間 */
	certificate: {
		kind: string
		number: string
		copayCap: number
		monitoringPeriod: string
		monitoringMonths: string[]
	} | null
	agencyName: string
	authorName: string
	/** 案 or 本計画, decided by the plan cycle (never chosen on the plan), and why */
	stage?: PlanStage
	stageReason?: string
}

export type PlanDocumentProps = {
	docName: string
	access: 'read' | 'write'
	user: { id: string; name: string; role: string }
	/** shows the comment margin of this document (its client and id) */
	comments?: CommentsTarget | null
	header: PlanHeaderData
	/** the live session, for a page around the plan (the meeting page's follow feature) */
	onSession?: (session: CollabSession | null) => void
}

export function PlanDocument({ docName, access, user, header, onSession, comments }: PlanDocumentProps) {
	const collab = useDocumentSession({ docName, access, user })
	const { writable } = collab
	const undo = useDocumentUndo(collab.session?.doc ?? null, writable)
	const sessionRef = useRef(onSession)
	sessionRef.current = onSession
	useEffect(() => {
		sessionRef.current?.(collab.session)
		return () => sessionRef.current?.(null)
	}, [collab.session])

	return (
		<section ref={undo.containerRef} className="collab-editor plan-editor" aria-label="計画の共同編集">
			<DocumentStatusBar session={collab}>{writable ? <UndoButtons undo={undo} /> : null}</DocumentStatusBar>
			{collab.session ? (
				<FieldPresenceProvider awareness={collab.session.provider.awareness}>
					<WithComments target={comments} session={collab.session}>
						<PlanForm session={collab.session} writable={writable} header={header} />
					</WithComments>
				</FieldPresenceProvider>
			) : (
				<div className="document-loading" aria-busy="true">
					<p className="muted">文書を読み込んでいます…</p>
				</div>
			)}
		</section>
	)
}


/** Which fields exist and hold text (re-read when a field is created; text changes of 'wishes' too). */
function useFieldValues(texts: Readonly<Record<string, Y.Text | null>>): Record<string, string> {
	const [values, setValues] = useState<Record<string, string>>({})
	useEffect(() => {
		const read = () => {
			const next: Record<string, string> = {}
			for (const [key, text] of Object.entries(texts)) if (text) next[key] = key === 'wishes' ? text.toString() : ''
			setValues(next)
		}
		read()
		const legacy = texts.wishes
		legacy?.observe(read)
		return () => legacy?.unobserve(read)
	}, [texts])
	return values
}

function PlanForm({ session, writable, header }: { session: CollabSession; writable: boolean; header: PlanHeaderData }) {
	const { doc } = session
	useEffect(() => {
		// Every writer applies the same deterministic template: the fields exist before anyone types.
		if (writable) applyTemplate(doc, PLAN_FIELD_TEMPLATE)
	}, [doc, writable])
	const texts = useFieldTexts(doc, PLAN_ALL_FIELD_KEYS)
	// The cycle decides 案 / 本計画 (after the サービス担当者会議 it is the 本計画); the plan's old
	// stage field is no longer read or written.
	const stage = header.stage ?? 'draft'
	const child = header.category === 'child'
	const columns = planGoalColumns(stage)
	const certificate = header.certificate
	const fieldValues = useFieldValues(texts)
	// The legacy combined 意向 only where it has text; the child form's labels for a child.
	// The header block (様式1-1 / 2-1), three fields a row: each certificate number in its own field.
	const headerPairs: HeaderPair[] = [
		{ label: child ? '児童氏名' : '利用者氏名', value: header.clientName, testId: 'plan-client-name' },
		{ label: '障害支援区分', value: header.supportLevelLabel, testId: 'plan-support-level' },
		{ label: '相談支援事業者名', value: header.agencyName || '—' },
		...(child ? [{ label: '保護者氏名', value: header.guardianName || '—', testId: 'plan-guardian-name' }] : []),
		...header.certificateFields.map((field, i) => ({
			label: field.label,
			value: field.number,
			testId: i === 0 ? 'plan-certificate-number' : `plan-certificate-number-${field.kind}`,
		})),
		{ label: '計画作成担当者', value: header.authorName || '—' },
		{ label: '利用者負担上限額', value: certificate ? formatYen(certificate.copayCap) : '—' },
		{
			label: 'モニタリング期間（開始年月）',
			value: (
				<>
					{certificate ? labelOf(MONITORING_PERIOD_LABELS, certificate.monitoringPeriod) : '—'}
					<span className="plan-monitoring-start">
						開始年月：
						<CollabDate doc={doc} metaKey={PLAN_META.monitoringStart} label="モニタリング開始年月" type="month" writable={writable} format={formatWareki} />
					</span>
					{stage === 'draft' ? <span className="field-hint no-print">（計画案では相談支援専門員の提案。市町村が受給者証で決定します）</span> : null}
				</>
			),
		},
		{ label: '計画案作成日', value: <CollabDate doc={doc} metaKey={PLAN_META.draftDate} label="計画案作成日" writable={writable} format={formatWareki} /> },
		{ label: '計画作成日', value: <CollabDate doc={doc} metaKey={PLAN_META.planDate} label="計画作成日" writable={writable} format={formatWareki} /> },
		{
			label: child ? '保護者同意署名欄' : '利用者同意署名欄',
			value: <span className="muted no-print">（印刷して署名を受けます）</span>,
			className: 'plan-signature',
		},
	]
	const shownFields = planFieldsToShow(fieldValues, 'draft')
		.filter((f) => f.key !== PLAN_FEES_FIELD.key)
		.map((f) => ({ ...f, label: planFieldLabel(f, header.category) }))

	return (
		<div className="plan-form" data-testid="plan-form" data-stage={stage}>
			<div className="plan-title-row">
				<h2 className="plan-title" data-testid="plan-title">
					{planTitle(header.category, stage)}
				</h2>
			</div>
			<p className="plan-stage-reason" data-testid="plan-stage-reason">
				<span className="badge info" data-testid="plan-stage">
					{PLAN_STAGE_LABELS[stage]}
				</span>{' '}
				{header.stageReason ?? ''}
			</p>

			<table className="plan-header" data-testid="plan-header">
				<tbody>
					{chunk(headerPairs, 3).map((row, r) => (
						<tr key={r}>
							{row.map((pair, i) => (
								<Fragment key={pair.label}>
									<th scope="row">{pair.label}</th>
									<td
										data-testid={pair.testId}
										className={pair.className}
										colSpan={i === row.length - 1 && row.length < 3 ? 1 + (3 - row.length) * 2 : undefined}
									>
										{pair.value}
									</td>
								</Fragment>
							))}
						</tr>
					))}
				</tbody>
			</table>

			<div className="plan-fields">
				<LabelledTextFields fields={shownFields} texts={texts} writable={writable} name="plan" testIdPrefix="field-" />
			</div>

			<CollabRowTable
				doc={doc}
				table={PLAN_GOALS_TABLE}
				columns={columns}
				allColumns={PLAN_GOAL_COLUMN_KEYS}
				writable={writable}
				caption="解決すべき課題と支援目標"
				positionLabel="優先順位"
				itemLabel="課題"
				testId="goals-table"
			/>

			{stage === 'final' ? (
				<div className="plan-fields">
					<LabelledTextFields fields={[PLAN_FEES_FIELD]} texts={texts} writable={writable} name="plan" testIdPrefix="field-" />
				</div>
			) : null}
		</div>
	)
}

type HeaderPair = { label: string; value: ReactNode; testId?: string; className?: string }

function chunk<T>(items: readonly T[], size: number): T[][] {
	const rows: T[][] = []
	for (let i = 0; i < items.length; i += size) rows.push(items.slice(i, i + size))
	return rows
}
