import type * as Y from 'yjs'
import { CollabDate, CollabTextField, useFieldTexts, useOrderedRows } from '#app/document-forms/bindings/index.client.ts'
import { FormSession } from '#app/document-forms/forms/form-session.client.tsx'
import { addRowWith, removeRow } from '#app/document-forms/forms/parts.client.tsx'
import { PLAN_FIELDS, PLAN_FIELD_KEYS, PLAN_GOAL_COLUMN_KEYS, PLAN_GOALS_TABLE, PLAN_META, planGoalColumns } from '#app/document-forms/plan.ts'
import { cellText } from '#app/document-forms/structure.ts'
import { EASY_GOAL_COLUMNS, EASY_PLAN_FIELDS } from '#app/modules/easy/labels.ts'
import { formatJpDate } from '#app/utils/dates.ts'

/**
 * The セルフプラン written by 本人 or the family in the easy layout: one question per box, each
 * with a short help text, goals as cards instead of the official wide table. It edits the same
 * co-edited plan document as the official form (same keys), so the municipality receives the
 * official layout. Browser only.
 */
export function SelfPlanEditor({ documentId, user }: { documentId: string; user: { id: string; name: string; role: string } }) {
	return (
		<FormSession docName={`plan.${documentId}`} access="write" user={user} fieldKeys={PLAN_FIELD_KEYS}>
			{(doc, writable) => <SelfPlanForm doc={doc} writable={writable} />}
		</FormSession>
	)
}

function SelfPlanForm({ doc, writable }: { doc: Y.Doc; writable: boolean }) {
	const texts = useFieldTexts(doc, PLAN_FIELD_KEYS)
	const rows = useOrderedRows(doc, PLAN_GOALS_TABLE)
	const columns = planGoalColumns('draft')
	return (
		<div className="easy-editor" data-testid="self-plan-editor">
			<div className="easy-field">
				<label htmlFor="self-plan-date" className="easy-field__label">
					作った日（セルフプランの作成日）
				</label>
				<p className="easy-help" id="self-plan-date-help">
					市役所に出す前に、今日の日付を入れてください。
				</p>
				<CollabDate doc={doc} metaKey={PLAN_META.draftDate} label="セルフプランの作成日" writable={writable} id="self-plan-date" format={formatJpDate} />
			</div>
			{PLAN_FIELDS.map((f) => {
				const easy = EASY_PLAN_FIELDS[f.key]
				const id = `self-plan-${f.key}`
				return (
					<div key={f.key} className="easy-field">
						<label htmlFor={id} className="easy-field__label">
							{easy.easy}
							<small>（{f.label}）</small>
						</label>
						<p className="easy-help" id={`${id}-help`}>
							{easy.help}
						</p>
						<CollabTextField text={texts[f.key]} fieldKey={f.key} label={easy.easy} writable={writable} rows={4} id={id} describedBy={`${id}-help`} testId={`self-field-${f.key}`} />
					</div>
				)
			})}
			<h3>目標（こまっていること・したいこと ごとに 1つ）</h3>
			{rows.length === 0 ? <p className="easy-empty">まだ 目標が ありません。「目標を ふやす」を おしてください。</p> : null}
			<ol className="easy-goal-list">
				{rows.map((row, index) => (
					<li key={row.id} className="easy-goal-card" data-testid="self-goal">
						<h4>目標 {index + 1}</h4>
						{columns.map((c) => {
							const easy = EASY_GOAL_COLUMNS[c.key] ?? { easy: c.label, help: '' }
							const id = `self-goal-${row.id}-${c.key}`
							return (
								<div key={c.key} className="easy-field">
									<label htmlFor={id} className="easy-field__label">
										{easy.easy}
										<small>（{c.label}）</small>
									</label>
									{easy.help ? (
										<p className="easy-help" id={`${id}-help`}>
											{easy.help}
										</p>
									) : null}
									<CollabTextField
										text={cellText(doc, row.id, c.key)}
										fieldKey={`row:${row.id}:${c.key}`}
										label={`目標${index + 1}：${easy.easy}`}
										writable={writable}
										rows={2}
										id={id}
										describedBy={easy.help ? `${id}-help` : undefined}
										testId={`self-goal-${c.key}`}
									/>
								</div>
							)
						})}
						{writable ? (
							<button type="button" className="button danger" onClick={() => removeRow(doc, row.id, `目標${index + 1}`, PLAN_GOAL_COLUMN_KEYS)}>
								目標 {index + 1} を けす
							</button>
						) : null}
					</li>
				))}
			</ol>
			{writable ? (
				<button type="button" className="button primary" data-testid="add-self-goal" onClick={() => addRowWith(doc, PLAN_GOALS_TABLE, PLAN_GOAL_COLUMN_KEYS, {})}>
					＋ 目標を ふやす
				</button>
			) : null}
		</div>
	)
}
