import type { ReactNode } from 'react'
import { PLAN_GOALS_TABLE, PLAN_META, PLAN_STAGE_LABELS, planFieldLabel, planFieldsToShow, planGoalColumns, planStageOf, type PlanStage } from '#app/document-forms/plan.ts'
import type { DocumentSnapshot } from '#app/document-forms/structure.ts'
import type { DiffSegment } from '#app/modules/versions/text-diff.ts'
import { formatWareki } from '#app/utils/wareki.ts'

/**
 * Read-only renderings of a frozen plan version: the official form (様式1-1 / 2-1), the
 * plain-language reading for 本人 and the family, and diff text. Pure components fed by the
 * version's stored rendering — never by the live document.
 */

function goalRows(snapshot: DocumentSnapshot) {
	return snapshot.rows.filter((row) => row.table === PLAN_GOALS_TABLE)
}

function metaDate(snapshot: DocumentSnapshot, key: string): string {
	const value = snapshot.meta[key]
	return typeof value === 'string' && value ? formatWareki(value) : '—'
}

/**
 * `stage` is the version's 案/本計画 as frozen with it (the cycle decided it); versions frozen
 * before that was kept pass nothing and read the plan's own stage field, as they always did.
 */
export function PlanVersionForm({
	snapshot,
	title,
	stage: frozenStage,
	header,
	category = 'adult',
}: {
	snapshot: DocumentSnapshot
	title: string
	stage?: PlanStage
	/** the header block (様式1-1 / 2-1), printed under the title */
	header?: ReactNode
	/** adult | child: the child variant's labels (利用児及びその家族の…) */
	category?: string
}) {
	const stage = frozenStage ?? planStageOf(snapshot.meta[PLAN_META.stage])
	// Only the fields this version has: an old version prints what it printed.
	const fields = planFieldsToShow(snapshot.fields, stage)
	const columns = planGoalColumns(stage)
	const rows = goalRows(snapshot)
	return (
		<div className="version-form" data-testid="version-form">
			<h2 className="version-form__title">{title}</h2>
			{header}
			<dl className="facts version-form__dates">
				<dt>計画の区分</dt>
				<dd>{PLAN_STAGE_LABELS[stage]}</dd>
				<dt>計画案作成日</dt>
				<dd>{metaDate(snapshot, PLAN_META.draftDate)}</dd>
				<dt>計画作成日</dt>
				<dd>{metaDate(snapshot, PLAN_META.planDate)}</dd>
			</dl>
			{fields.map((field) => (
				<section key={field.key} className="version-field" data-testid={`version-field-${field.key}`}>
					<h3>{planFieldLabel(field, category)}</h3>
					<p className="version-field__value">{snapshot.fields[field.key] || <span className="muted">（記入なし）</span>}</p>
				</section>
			))}
			<table className="data version-goals" data-testid="version-goals">
				<caption>目標と支援の内容</caption>
				<thead>
					<tr>
						<th scope="col">優先順位</th>
						{columns.map((c) => (
							<th key={c.key} scope="col">
								{c.label}
							</th>
						))}
					</tr>
				</thead>
				<tbody>
					{rows.length === 0 ? (
						<tr>
							<td colSpan={columns.length + 1} className="muted">
								目標はまだありません
							</td>
						</tr>
					) : (
						rows.map((row, i) => (
							<tr key={row.id}>
								<td>{i + 1}</td>
								{columns.map((c) => (
									<td key={c.key}>{row.cells[c.key] ?? ''}</td>
								))}
							</tr>
						))
					)}
				</tbody>
			</table>
		</div>
	)
}

/**
 * The plan in plain language (やさしい日本語), large type: what the person or the family reads
 * before pressing 同意する. Same content as the frozen version, in sentences.
 */
export function PlainPlan({ snapshot, clientName }: { snapshot: DocumentSnapshot; clientName: string }) {
	const rows = goalRows(snapshot)
	const f = snapshot.fields
	return (
		<div className="plain-plan" data-testid="plain-plan">
			<section>
				<h3>{clientName}さんの のぞむ くらし</h3>
				<p>{f.personWishes || f.wishes || '（まだ かかれていません）'}</p>
			</section>
			{f.familyWishes ? (
				<section>
					<h3>かぞくの ねがい</h3>
					<p>{f.familyWishes}</p>
				</section>
			) : null}
			<section>
				<h3>みんなで ささえる ほうしん</h3>
				<p>{f.policy || '（まだ かかれていません）'}</p>
			</section>
			<section>
				<h3>めざすこと</h3>
				<p>ながい めあて：{f.longTermGoal || '—'}</p>
				<p>みじかい めあて：{f.shortTermGoal || '—'}</p>
			</section>
			<section>
				<h3>こまっていることと、やること</h3>
				{rows.length === 0 ? <p>（まだ ありません）</p> : null}
				<ol className="plain-plan__goals">
					{rows.map((row) => (
						<li key={row.id}>
							<p>
								<strong>こまっていること：</strong>
								{row.cells.need || '—'}
							</p>
							<p>
								<strong>めあて：</strong>
								{row.cells.goal || '—'}
								{row.cells.targetDate ? `（${row.cells.targetDate}までに）` : ''}
							</p>
							<p>
								<strong>つかう サービス：</strong>
								{row.cells.services || '—'}
								{row.cells.provider ? `（${row.cells.provider}）` : ''}
							</p>
							{row.cells.role ? (
								<p>
									<strong>じぶんで すること：</strong>
									{row.cells.role}
								</p>
							) : null}
						</li>
					))}
				</ol>
			</section>
		</div>
	)
}

/** Additions green and underlined, deletions red and struck through (and announced to screen readers). */
export function DiffText({ segments, side }: { segments: readonly DiffSegment[]; side: 'before' | 'after' }) {
	if (segments.length === 0) return <span className="muted">（空欄）</span>
	return (
		<>
			{segments.map((s, i) => {
				if (s.type === 'same') return <span key={i}>{s.text}</span>
				if (s.type === 'removed' && side === 'before') {
					return (
						<del key={i} className="diff-removed">
							<span className="visually-hidden">［削除］</span>
							{s.text}
						</del>
					)
				}
				if (s.type === 'added' && side === 'after') {
					return (
						<ins key={i} className="diff-added">
							<span className="visually-hidden">［追加］</span>
							{s.text}
						</ins>
					)
				}
				return null
			})}
		</>
	)
}
