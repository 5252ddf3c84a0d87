import { useEffect } from 'react'
import type * as Y from 'yjs'
import { useComments } from '#app/components/comments/context.ts'
import { WithComments, type CommentsTarget } from '#app/components/comments/document-comments.client.tsx'
import { formatJpDate } from '#app/utils/dates.ts'
import { CollabDate, CollabTextField, LabelledTextFields, RowCommentButton, rowCommentProps, useFieldTexts, useMetaValue, useOrderedRows } from './bindings/index.client.ts'
import { focusRowWhenShown } from './bindings/row-focus.client.ts'
import { FormSession } from './forms/form-session.client.tsx'
import {
	CHANGE_ANSWERS,
	CHANGE_ANSWER_LABELS,
	CHANGE_KINDS,
	CHANGE_KIND_LABELS,
	MONITORING_COLUMN_KEYS,
	MONITORING_FIELDS,
	MONITORING_FIELD_KEYS,
	MONITORING_GOALS_TABLE,
	MONITORING_META,
	MONITORING_ROW_COLUMNS,
	applyGoalsPrefill,
	changeAnswerOf,
	changeMetaKey,
	type ChangeKind,
	type GoalSeed,
} from './monitoring.ts'
import { cellText, createRow, deleteRow, setMeta } from './structure.ts'

/**
 * モニタリング報告書, co-edited by the specialist and the providers (each fills in its
 * サービス提供状況). One block per goal of the current plan — the rows are offered once by the
 * first writer, deterministically (monitoring.ts) — with the comment margin beside it.
 * Browser only.
 */
export function MonitoringDocument({
	docName,
	access,
	user,
	goalSeeds,
	comments,
}: {
	docName: string
	access: 'read' | 'write'
	user: { id: string; name: string; role: string }
	goalSeeds: readonly GoalSeed[]
	/** where the report's comments live (the margin beside the fields) */
	comments: CommentsTarget | null
}) {
	return (
		<FormSession key={docName} docName={docName} access={access} user={user} fieldKeys={MONITORING_FIELD_KEYS}>
			{(doc, writable, session) => (
				<WithComments target={comments} session={session}>
					<MonitoringForm doc={doc} writable={writable} goalSeeds={goalSeeds} />
				</WithComments>
			)}
		</FormSession>
	)
}


function MonitoringForm({ doc, writable, goalSeeds }: { doc: Y.Doc; writable: boolean; goalSeeds: readonly GoalSeed[] }) {
	const texts = useFieldTexts(doc, MONITORING_FIELD_KEYS)
	useEffect(() => {
		// FormSession renders this only once in sync with the server, so the prefill never races
		// the stored document; it is deterministic, so writers opening together agree.
		if (writable) applyGoalsPrefill(doc, goalSeeds)
	}, [doc, writable, goalSeeds])
	const rows = useOrderedRows(doc, MONITORING_GOALS_TABLE)

	return (
		<div className="monitoring-form" data-testid="monitoring-form">
			<div className="monitoring-field monitoring-field--date">
				<label htmlFor="monitoring-conductedOn" className="monitoring-field__label">
					モニタリング実施日
				</label>
				<CollabDate doc={doc} metaKey={MONITORING_META.conductedOn} label="モニタリング実施日" writable={writable} id="monitoring-conductedOn" format={formatJpDate} />
			</div>
			<LabelledTextFields fields={MONITORING_FIELDS} texts={texts} writable={writable} name="monitoring" />

			<section className="monitoring-goals" aria-labelledby="monitoring-goals-title">
				<h2 id="monitoring-goals-title">支援目標ごとの評価</h2>
				{rows.length === 0 ? (
					<p className="muted empty-state" data-testid="monitoring-goals-empty">
						{goalSeeds.length === 0
							? '計画に支援目標がまだありません。目標を追加して評価を記入できます。'
							: writable
								? '計画の支援目標を読み込んでいます…'
								: '評価はまだ記入されていません。'}
					</p>
				) : null}
				<ol className="monitoring-goal-list">
					{rows.map((row, index) => (
						<GoalBlock key={row.id} doc={doc} rowId={row.id} position={index + 1} writable={writable} />
					))}
				</ol>
				{writable ? (
					<p className="button-row no-print">
						<button type="button" className="button small" data-testid="monitoring-add-goal" onClick={() => focusRowWhenShown(createRow(doc, MONITORING_GOALS_TABLE, MONITORING_COLUMN_KEYS))}>
							＋ 目標を追加
						</button>
					</p>
				) : null}
			</section>
		</div>
	)
}

function GoalBlock({ doc, rowId, position, writable }: { doc: Y.Doc; rowId: string; position: number; writable: boolean }) {
	const comments = useComments()
	const itemLabel = `${position}番目の目標`
	return (
		<li className="monitoring-goal" data-testid="monitoring-goal" data-row-id={rowId} {...rowCommentProps(comments, rowId, itemLabel)}>
			<div className="monitoring-goal__head">
				<span className="monitoring-goal__priority" aria-label="優先順位">
					{position}
				</span>
				<div className="monitoring-goal__carried">
					<label className="monitoring-cell">
						<span className="monitoring-cell__label">支援目標</span>
						<CollabTextField text={cellText(doc, rowId, 'goal')} fieldKey={`row:${rowId}:goal`} label={`${itemLabel}：支援目標`} writable={writable} rows={2} testId="cell-goal" />
					</label>
					<label className="monitoring-cell monitoring-cell--narrow">
						<span className="monitoring-cell__label">達成時期</span>
						<CollabTextField
							text={cellText(doc, rowId, 'targetDate')}
							fieldKey={`row:${rowId}:targetDate`}
							label={`${itemLabel}：達成時期`}
							writable={writable}
							multiline={false}
							testId="cell-targetDate"
						/>
					</label>
				</div>
				<RowCommentButton rowId={rowId} label={itemLabel} />
				{writable ? (
					<button
						type="button"
						className="button small danger no-print"
						aria-label={`${itemLabel}を削除`}
						onClick={() => {
							const hasText = MONITORING_COLUMN_KEYS.some((key) => (cellText(doc, rowId, key)?.length ?? 0) > 0)
							if (hasText && !window.confirm(`${itemLabel}を削除しますか？入力された評価も削除されます。`)) return
							deleteRow(doc, rowId)
						}}
					>
						削除
					</button>
				) : null}
			</div>
			<div className="monitoring-goal__cells">
				{MONITORING_ROW_COLUMNS.map((column) => (
					<div key={column.key} className={`monitoring-cell monitoring-cell--${column.key}`}>
						<span className="monitoring-cell__label" id={`${rowId}-${column.key}-label`}>
							{column.label}
						</span>
						{'hint' in column ? <span className="field-hint no-print">{column.hint}</span> : null}
						<CollabTextField
							text={cellText(doc, rowId, column.key)}
							fieldKey={`row:${rowId}:${column.key}`}
							label={`${itemLabel}：${column.label}`}
							writable={writable}
							rows={3}
							testId={`cell-${column.key}`}
						/>
					</div>
				))}
			</div>
			<fieldset className="monitoring-changes">
				<legend>計画変更の必要性</legend>
				{CHANGE_KINDS.map((kind) => (
					<ChangeChoice key={kind} doc={doc} rowId={rowId} kind={kind} writable={writable} itemLabel={itemLabel} />
				))}
			</fieldset>
		</li>
	)
}

/** 有 / 無 as a radio pair (keyboard: arrow keys within the group), last writer wins. */
function ChangeChoice({ doc, rowId, kind, writable, itemLabel }: { doc: Y.Doc; rowId: string; kind: ChangeKind; writable: boolean; itemLabel: string }) {
	const key = changeMetaKey(kind, rowId)
	const value = changeAnswerOf(useMetaValue(doc, key))
	const name = `${rowId}-${kind}`
	return (
		<div className="monitoring-change" role="radiogroup" aria-label={`${itemLabel}：${CHANGE_KIND_LABELS[kind]}`} data-testid={`change-${kind}`} data-value={value ?? ''}>
			<span className="monitoring-change__label">{CHANGE_KIND_LABELS[kind]}</span>
			{writable ? (
				CHANGE_ANSWERS.map((answer) => (
					<label key={answer} className="monitoring-change__option no-print">
						<input type="radio" name={name} value={answer} checked={value === answer} onChange={() => setMeta(doc, key, answer)} />
						{CHANGE_ANSWER_LABELS[answer]}
					</label>
				))
			) : (
				<span className="monitoring-change__value">{value ? CHANGE_ANSWER_LABELS[value] : '未回答'}</span>
			)}
			{writable ? <span className="print-only">{value ? CHANGE_ANSWER_LABELS[value] : ''}</span> : null}
		</div>
	)
}
