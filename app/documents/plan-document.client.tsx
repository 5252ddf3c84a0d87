import { useRevalidator } from '@remix-run/react'
import { useEffect, useMemo, useRef } from 'react'
import { ConnectionIndicator, Notice, PresenceList, SaveIndicator, useUnsavedWarning } from '#app/editor/collab-editor.client.tsx'
import { colorForUser } from '#app/editor/presence.ts'
import { WithComments, type CommentsTarget } from '#app/components/comments/document-comments.client.tsx'
import { useCollaboration, type CollabSession, type LocalUser } from '#app/editor/use-collaboration.client.ts'
import { MONITORING_PERIOD_LABELS, SUPPORT_LEVEL_LABELS, formatYen, labelOf } from '#app/modules/clients/labels.ts'
import { formatJpDate, formatJpMonth } from '#app/utils/dates.ts'
import { CollabDate, CollabRowTable, FieldPresenceProvider, LabelledTextFields, useFieldTexts } from './bindings.client.tsx'
import {
	PLAN_FIELDS,
	PLAN_FIELD_KEYS,
	PLAN_GOAL_COLUMN_KEYS,
	PLAN_GOALS_TABLE,
	PLAN_META,
	PLAN_STAGE_LABELS,
	planGoalColumns,
	planTitle,
	type PlanStage,
} from './plan.ts'
import { applyTemplate } from './structure.ts'

/**
 * The サービス等利用計画 / 障害児支援利用計画 page body: the official §3.2 layout (header
 * block, wishes / policy / goals, the goals table) co-edited live. Browser only.
 */

/** What the loader knows about the client and the 受給者証 in force (read-only header facts). */
export type PlanHeaderData = {
	clientName: string
	category: 'adult' | 'child'
	guardianName: string
	supportLevel: string
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
	const revalidator = useRevalidator()
	const localUser = useMemo<LocalUser>(() => ({ ...user, color: colorForUser(user.id) }), [user])
	const collab = useCollaboration({ docName, user: localUser, onAccessChanged: () => revalidator.revalidate() })
	const effectiveAccess = access === 'write' && collab.serverAccess !== 'read' ? 'write' : 'read'
	const writable = effectiveAccess === 'write' && !collab.notice?.stopsEditing
	const unsaved = access === 'write' && (collab.saveState === 'saving' || collab.saveState === 'unsaved')

	useEffect(() => {
		if (collab.serverAccess && collab.serverAccess !== access) revalidator.revalidate()
		// eslint-disable-next-line react-hooks/exhaustive-deps -- once per disagreement, not per revalidator state
	}, [collab.serverAccess, access])
	useUnsavedWarning(unsaved)
	const sessionRef = useRef(onSession)
	sessionRef.current = onSession
	useEffect(() => {
		sessionRef.current?.(collab.session)
		return () => sessionRef.current?.(null)
	}, [collab.session])

	return (
		<section className="collab-editor plan-editor" aria-label="計画の共同編集">
			<div className="collab-status no-print">
				{effectiveAccess === 'read' ? (
					<span className="badge info read-only-badge" data-testid="read-only-badge">
						閲覧のみ
					</span>
				) : (
					<SaveIndicator state={collab.saveState} />
				)}
				<ConnectionIndicator state={collab.connection} />
				<PresenceList presence={collab.presence} />
			</div>
			{collab.notice ? <Notice notice={collab.notice} onRetry={collab.reconnect} /> : null}
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


function PlanForm({ session, writable, header }: { session: CollabSession; writable: boolean; header: PlanHeaderData }) {
	const { doc } = session
	useEffect(() => {
		// Every writer applies the same deterministic template: the fields exist before anyone types.
		if (writable) applyTemplate(doc, PLAN_FIELD_KEYS)
	}, [doc, writable])
	const texts = useFieldTexts(doc, PLAN_FIELD_KEYS)
	// The cycle decides 案 / 本計画 (after the サービス担当者会議 it is the 本計画); the plan's old
	// stage field is no longer read or written.
	const stage = header.stage ?? 'draft'
	const child = header.category === 'child'
	const columns = planGoalColumns(stage)
	const certificate = header.certificate

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
					<tr>
						<th scope="row">{child ? '児童氏名' : '利用者氏名'}</th>
						<td data-testid="plan-client-name">{header.clientName}</td>
						<th scope="row">障害支援区分</th>
						<td>{labelOf(SUPPORT_LEVEL_LABELS, header.supportLevel, '—')}</td>
						<th scope="row">相談支援事業者名</th>
						<td>{header.agencyName || '—'}</td>
					</tr>
					<tr>
						{child ? (
							<>
								<th scope="row">保護者氏名</th>
								<td>{header.guardianName || '—'}</td>
							</>
						) : (
							<>
								<th scope="row">地域相談支援受給者証番号</th>
								<td>{certificate?.kind === 'community' ? certificate.number : '—'}</td>
							</>
						)}
						<th scope="row">{child ? '通所受給者証番号' : '障害福祉サービス受給者証番号'}</th>
						<td data-testid="plan-certificate-number">{certificate && certificate.kind !== 'community' ? certificate.number : '—'}</td>
						<th scope="row">計画作成担当者</th>
						<td>{header.authorName || '—'}</td>
					</tr>
					<tr>
						<th scope="row">利用者負担上限額</th>
						<td>{certificate ? formatYen(certificate.copayCap) : '—'}</td>
						<th scope="row">モニタリング期間（開始年月）</th>
						<td>
							{certificate ? labelOf(MONITORING_PERIOD_LABELS, certificate.monitoringPeriod) : '—'}
							<span className="plan-monitoring-start">
								開始年月：
								<CollabDate
									doc={doc}
									metaKey={PLAN_META.monitoringStart}
									label="モニタリング開始年月"
									type="month"
									writable={writable}
									format={formatJpMonth}
								/>
							</span>
						</td>
						<th scope="row">計画案作成日</th>
						<td>
							<CollabDate doc={doc} metaKey={PLAN_META.draftDate} label="計画案作成日" writable={writable} format={formatJpDate} />
						</td>
					</tr>
					<tr>
						<th scope="row">計画作成日</th>
						<td>
							<CollabDate doc={doc} metaKey={PLAN_META.planDate} label="計画作成日" writable={writable} format={formatJpDate} />
						</td>
						<th scope="row">利用者同意署名欄</th>
						<td colSpan={3} className="plan-signature">
							<span className="muted no-print">（印刷して署名を受けます）</span>
						</td>
					</tr>
				</tbody>
			</table>

			<div className="plan-fields">
				<LabelledTextFields fields={PLAN_FIELDS} texts={texts} writable={writable} name="plan" testIdPrefix="field-" />
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
		</div>
	)
}
