import { useEffect, useState } from 'react'
import * as Y from 'yjs'
import { DocumentStatusBar, useDocumentSession } from '#app/editor/document-session.client.tsx'
import { WithComments, type CommentsTarget } from '#app/components/comments/document-comments.client.tsx'
import type { CollabSession } from '#app/editor/use-collaboration.client.ts'
import { formatWareki } from '#app/utils/wareki.ts'
import { useComments } from '#app/components/comments/context.ts'
import { CollabDate, CollabMetaText, CollabTextField, FieldPresenceProvider, RowCommentButton, rowCommentProps, UndoButtons, useDocumentUndo, useFieldTexts, useOrderedRows } from './bindings/index.client.ts'
import { focusRowWhenShown } from './bindings/row-focus.client.ts'
import {
	ALWAYS_SHOWN_CATEGORIES,
	FIVE_DOMAINS,
	ISP_COLUMN_KEYS,
	ISP_COLUMNS,
	ISP_ADDED_FIELDS,
	ISP_ALL_FIELD_KEYS,
	ISP_FIELD_TEMPLATE,
	ISP_FIELDS,
	ISP_META,
	ISP_SUPPORT_TABLE,
	ROW_CATEGORIES,
	ROW_CATEGORY_KEY,
	rowCategoryOf,
	type RowCategory,
} from './isp.ts'
import { goalLabel, type CoverageGoal } from './projection.ts'
import { ROW_LINKS_KEY, applyTemplate, cellText, createRow, deleteRow, moveRow, rowsMap, setRowLink, type OrderedRow } from './structure.ts'

/**
 * The 個別支援計画 page body (docs/domain/forms.md), co-edited live. Each support row links to goals
 * of the client's overall plan by the goals' stable row ids; the goal list comes from the
 * server's projection (props), so a goal deleted from the plan is still known by its last text.
 */

export type IspHeaderData = { clientName: string; category: 'adult' | 'child'; organizationName: string }

export type IspDocumentProps = {
	docName: string
	access: 'read' | 'write'
	user: { id: string; name: string; role: string }
	/** shows the comment margin of this document (its client and id) */
	comments?: CommentsTarget | null
	header: IspHeaderData
	/** the overall plan's goals, deleted ones included (projection) */
	goals: readonly CoverageGoal[]
}

export function IspDocument({ docName, access, user, header, goals, comments }: IspDocumentProps) {
	const collab = useDocumentSession({ docName, access, user })
	const { writable } = collab
	const undo = useDocumentUndo(collab.session?.doc ?? null, writable)

	return (
		<section ref={undo.containerRef} className="collab-editor plan-editor isp-editor" aria-label="個別支援計画の共同編集">
			<DocumentStatusBar session={collab}>
				{writable ? <UndoButtons undo={undo} /> : null}
				<button type="button" className="button small" onClick={collab.revalidate} data-testid="refresh-goals">
					計画の目標を再読み込み
				</button>
			</DocumentStatusBar>
			{collab.session ? (
				<FieldPresenceProvider awareness={collab.session.provider.awareness}>
					<WithComments target={comments} session={collab.session}>
						<IspForm session={collab.session} writable={writable} header={header} goals={goals} />
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


function IspForm({ session, writable, header, goals }: { session: CollabSession; writable: boolean; header: IspHeaderData; goals: readonly CoverageGoal[] }) {
	const { doc } = session
	useEffect(() => {
		if (writable) applyTemplate(doc, ISP_FIELD_TEMPLATE)
	}, [doc, writable])
	const texts = useFieldTexts(doc, ISP_ALL_FIELD_KEYS)
	const child = header.category === 'child'
	const rows = useOrderedRows(doc, ISP_SUPPORT_TABLE)
	// Adults: one table. Children: grouped by category, 家族支援 and 移行支援 always shown.
	const sections: Array<{ category: RowCategory | null; rows: OrderedRow[] }> = child
		? ROW_CATEGORIES.map((c) => ({ category: c.value, rows: rows.filter((r) => rowCategoryOf(r.row.get(ROW_CATEGORY_KEY)) === c.value) })).filter(
				(s) => s.rows.length > 0 || s.category === 'self' || ALWAYS_SHOWN_CATEGORIES.includes(s.category as RowCategory),
			)
		: [{ category: null, rows }]

	return (
		<div className="plan-form isp-form" data-testid="isp-form">
			<table className="plan-header" data-testid="isp-header">
				<tbody>
					<tr>
						<th scope="row">{child ? '児童氏名' : '利用者氏名'}</th>
						<td>{header.clientName}</td>
						<th scope="row">事業所名</th>
						<td>{header.organizationName}</td>
						<th scope="row">作成年月日</th>
						<td>
							<CollabDate doc={doc} metaKey={ISP_META.createdOn} label="作成年月日" writable={writable} format={formatWareki} />
						</td>
					</tr>
				</tbody>
			</table>

			<div className="plan-fields">
				{[...ISP_FIELDS, ...ISP_ADDED_FIELDS].map((field) => {
					const id = `isp-field-${field.key}`
					return (
						<div key={field.key} className={`plan-field plan-field--${field.key}`}>
							<label htmlFor={id} className="plan-field__label">
								{field.label}
							</label>
							<CollabTextField
								id={id}
								text={texts[field.key] ?? null}
								fieldKey={`field:${field.key}`}
								label={field.label}
								writable={writable}
								rows={field.rows}
								testId={`field-${field.key}`}
							/>
						</div>
					)
				})}
			</div>

			{sections.map((section) => {
				const label = section.category ? ROW_CATEGORIES.find((c) => c.value === section.category)?.label : null
				return (
					<section key={section.category ?? 'all'} className="isp-section" data-testid={`isp-section-${section.category ?? 'all'}`}>
						{label ? <h3>{label}</h3> : null}
						<SupportTable doc={doc} rows={section.rows} allRows={rows} writable={writable} child={child} goals={goals} category={section.category} />
					</section>
				)
			})}

			<table className="plan-header isp-record" data-testid="isp-record">
				<caption>作成の記録</caption>
				<tbody>
					<tr>
						<th scope="row">サービス等利用計画の受領日</th>
						<td>
							<CollabDate doc={doc} metaKey={ISP_META.planReceivedOn} label="サービス等利用計画の受領日" writable={writable} format={formatWareki} />
						</td>
						<th scope="row">個別支援会議の開催日</th>
						<td>
							<CollabDate doc={doc} metaKey={ISP_META.meetingOn} label="個別支援会議の開催日" writable={writable} format={formatWareki} />
						</td>
						<th scope="row">説明日</th>
						<td>
							<CollabDate doc={doc} metaKey={ISP_META.explainedOn} label="説明日" writable={writable} format={formatWareki} />
						</td>
					</tr>
					<tr>
						<th scope="row">同意者</th>
						<td>
							<CollabMetaText doc={doc} metaKey={ISP_META.consenter} label="同意者" writable={writable} />
						</td>
						<th scope="row">代理の理由</th>
						<td>
							<CollabMetaText doc={doc} metaKey={ISP_META.proxyReason} label="代理の理由（代理人が同意した場合）" writable={writable} />
						</td>
						<th scope="row">交付日</th>
						<td>
							<CollabDate doc={doc} metaKey={ISP_META.deliveredOn} label="交付日" writable={writable} format={formatWareki} />
						</td>
					</tr>
					<tr>
						<th scope="row">見直し予定日</th>
						<td colSpan={5}>
							<CollabDate doc={doc} metaKey={ISP_META.reviewBy} label="見直し予定日" writable={writable} format={formatWareki} />
							<span className="field-hint no-print">（作成日から6か月以内。自立訓練・就労移行支援は3か月以内。ダッシュボードに30日前から表示します）</span>
						</td>
					</tr>
				</tbody>
			</table>

			<table className="plan-header isp-consent" data-testid="isp-consent">
				<caption>同意欄</caption>
				<tbody>
					<tr>
						<th scope="row">同意年月日</th>
						<td>
							<CollabDate doc={doc} metaKey={ISP_META.consentOn} label="同意年月日" writable={writable} format={formatWareki} />
						</td>
						<th scope="row">{child ? '保護者氏名' : '利用者氏名'}</th>
						<td className="plan-signature">
							<span className="muted no-print">（印刷して署名を受けます）</span>
						</td>
						<th scope="row">{child ? '児童発達支援管理責任者氏名' : 'サービス管理責任者氏名'}</th>
						<td className="plan-signature">
							<span className="muted no-print">（印刷して署名します）</span>
						</td>
					</tr>
				</tbody>
			</table>
		</div>
	)
}

function SupportTable({
	doc,
	rows,
	allRows,
	writable,
	child,
	goals,
	category,
}: {
	doc: Y.Doc
	rows: OrderedRow[]
	allRows: OrderedRow[]
	writable: boolean
	child: boolean
	goals: readonly CoverageGoal[]
	category: RowCategory | null
}) {
	const comments = useComments()
	const addRow = () => {
		doc.transact(() => {
			const id = createRow(doc, ISP_SUPPORT_TABLE, ISP_COLUMN_KEYS)
			if (category) rowsMap(doc).get(id)?.set(ROW_CATEGORY_KEY, category)
			focusRowWhenShown(id)
		})
	}
	return (
		<div className="table-wrap row-table-wrap">
			<table className="data row-table isp-table" data-testid="support-table">
				<thead>
					<tr>
						<th scope="col" className="row-table__position">
							優先順位
						</th>
						{ISP_COLUMNS.map((c) => (
							<th key={c.key} scope="col">
								{c.label}
							</th>
						))}
						{child ? <th scope="col">5領域との関係</th> : null}
						<th scope="col">計画の目標</th>
						{writable ? (
							<th scope="col" className="no-print">
								<span className="visually-hidden">操作</span>
							</th>
						) : null}
					</tr>
				</thead>
				<tbody>
					{rows.length === 0 ? (
						<tr>
							<td colSpan={ISP_COLUMNS.length + (child ? 3 : 2) + (writable ? 1 : 0)} className="muted">
								支援はまだありません。
							</td>
						</tr>
					) : null}
					{rows.map((row) => {
						const position = allRows.findIndex((r) => r.id === row.id) + 1
						const index = allRows.findIndex((r) => r.id === row.id)
						return (
							<tr key={row.id} data-row-id={row.id} data-testid="row" {...rowCommentProps(comments, row.id, `${position}番目の支援`)}>
								<th scope="row" className="row-table__position">
									<span data-testid="row-position">{position}</span>
									<RowCommentButton rowId={row.id} label={`${position}番目の支援`} />
								</th>
								{ISP_COLUMNS.map((c) => (
									<td key={c.key}>
										<CollabTextField
											text={cellText(doc, row.id, c.key)}
											fieldKey={`row:${row.id}:${c.key}`}
											label={`${position}番目の支援：${c.label}`}
											writable={writable}
											rows={3}
											testId={`cell-${c.key}`}
										/>
									</td>
								))}
								{child ? (
									<td>
										<DomainPicker row={row} position={position} writable={writable} />
									</td>
								) : null}
								<td>
									<GoalLinks row={row.row} rowId={row.id} doc={doc} position={position} writable={writable} goals={goals} />
								</td>
								{writable ? (
									<td className="row-table__actions no-print">
										{child ? (
											<label>
												<span className="visually-hidden">{position}番目の支援の区分</span>
												<select
													value={rowCategoryOf(row.row.get(ROW_CATEGORY_KEY))}
													onChange={(e) => row.row.set(ROW_CATEGORY_KEY, e.target.value)}
													data-testid="row-category"
												>
													{ROW_CATEGORIES.map((c) => (
														<option key={c.value} value={c.value}>
															{c.label}
														</option>
													))}
												</select>
											</label>
										) : null}
										<button type="button" className="button small" disabled={index === 0} aria-label={`${position}番目の支援を上へ移動`} onClick={() => moveRow(doc, row.id, 'up')}>
											↑ 上へ
										</button>
										<button
											type="button"
											className="button small"
											disabled={index === allRows.length - 1}
											aria-label={`${position}番目の支援を下へ移動`}
											onClick={() => moveRow(doc, row.id, 'down')}
										>
											↓ 下へ
										</button>
										<button
											type="button"
											className="button small danger"
											aria-label={`${position}番目の支援を削除`}
											onClick={() => {
												if (!window.confirm(`${position}番目の支援を削除しますか？`)) return
												deleteRow(doc, row.id)
											}}
										>
											削除
										</button>
									</td>
								) : null}
							</tr>
						)
					})}
				</tbody>
			</table>
			{writable ? (
				<p className="button-row no-print">
					<button type="button" className="button small" data-testid={`add-support-row${category ? `-${category}` : ''}`} onClick={addRow}>
						＋ 支援を追加
					</button>
				</p>
			) : null}
		</div>
	)
}

/** 5領域: one boolean key per 領域 in the row map (re-rendered by useOrderedRows on change). */
function DomainPicker({ row, position, writable }: { row: OrderedRow; position: number; writable: boolean }) {
	return (
		<fieldset className="isp-domains">
			<legend className="visually-hidden">{position}番目の支援の5領域との関係</legend>
			{FIVE_DOMAINS.map((d) => {
				const checked = row.row.get(d.key) === true
				return writable ? (
					<label key={d.key} className="checkbox">
						<input type="checkbox" checked={checked} onChange={(e) => row.row.set(d.key, e.target.checked)} /> {d.label}
					</label>
				) : checked ? (
					<span key={d.key} className="badge info">
						{d.label}
					</span>
				) : null
			})}
		</fieldset>
	)
}

/** The row's `links` map, re-read whenever it changes. */
function useLinks(row: Y.Map<unknown>): string[] {
	const read = () => {
		const links = row.get(ROW_LINKS_KEY)
		return links instanceof Y.Map ? [...links.keys()].filter((k) => links.get(k) === true).sort() : []
	}
	const [linked, setLinked] = useState<string[]>(read)
	useEffect(() => {
		const update = () => setLinked(read())
		update()
		row.observeDeep(update)
		return () => row.unobserveDeep(update)
		// eslint-disable-next-line react-hooks/exhaustive-deps -- read depends on row only
	}, [row])
	return linked
}

function GoalLinks({
	doc,
	row,
	rowId,
	position,
	writable,
	goals,
}: {
	doc: Y.Doc
	row: Y.Map<unknown>
	rowId: string
	position: number
	writable: boolean
	goals: readonly CoverageGoal[]
}) {
	const linked = useLinks(row)
	const current = goals.filter((g) => !g.deleted)
	const known = new Map(goals.map((g) => [g.goalId, g]))
	// Links to goals that are no longer in the plan: keep them visible with their last text.
	// (A goal not in the list at all was added after this page loaded: not a deletion.)
	const dangling = linked.filter((id) => known.get(id)?.deleted)
	return (
		<div className="isp-goal-links" data-testid="goal-links">
			{writable ? (
				<fieldset>
					<legend className="visually-hidden">{position}番目の支援がめざす計画の目標</legend>
					{current.length === 0 ? <p className="muted">計画に目標がありません。</p> : null}
					{current.map((g) => (
						<label key={g.goalId} className="checkbox">
							<input
								type="checkbox"
								checked={linked.includes(g.goalId)}
								onChange={(e) => setRowLink(doc, rowId, g.goalId, e.target.checked)}
								data-testid="goal-link-checkbox"
								data-goal-id={g.goalId}
							/>{' '}
							{goalLabel(g)}
						</label>
					))}
				</fieldset>
			) : (
				<ul>
					{linked
						.map((id) => known.get(id))
						.filter((g): g is CoverageGoal => Boolean(g && !g.deleted))
						.map((g) => (
							<li key={g.goalId} data-testid="linked-goal">
								{goalLabel(g)}
							</li>
						))}
					{linked.length === 0 ? <li className="muted">リンクなし</li> : null}
				</ul>
			)}
			{dangling.map((id) => {
				const goal = known.get(id)
				return (
					<p key={id} className="isp-deleted-goal" data-testid="deleted-goal-notice">
						<span className="badge warn">リンク先の目標が削除されました</span> {goal ? `（${goalLabel(goal)}）` : ''}
						{writable ? (
							<button type="button" className="button small no-print" onClick={() => setRowLink(doc, rowId, id, false)}>
								リンクを外す
							</button>
						) : null}
					</p>
				)
			})}
		</div>
	)
}
