import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { CHANGE_ANSWER_LABELS, CHANGE_KINDS, CHANGE_KIND_LABELS, MONITORING_ROW_COLUMNS } from '#app/document-forms/monitoring.ts'
import { audit } from '#app/modules/audit/audit.server.ts'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { requireDocumentAccess } from '#app/modules/authz.server.ts'
import { loadMonitoringPrint } from '#app/modules/monitoring/print.server.ts'
import { REPORT_STATUS_LABELS } from '#app/modules/monitoring/report.ts'
import monitoringStyles from '#app/styles/monitoring.css'
import { formatWareki } from '#app/utils/wareki.ts'

/**
 * /clients/:clientId/monitoring/:documentId/print — モニタリング報告書 (様式3-1) on A4 landscape:
 * the header, the overall situation and the goals × columns table, rendered on the server from
 * the stored document. Readers of the report only.
 */

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: monitoringStyles }]

export const meta: MetaFunction = () => [{ title: 'モニタリング報告書（印刷） | きずなプラン' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	const { document } = await requireDocumentAccess(request, current, params.documentId)
	if (document.clientId !== params.clientId || document.kind !== 'monitoring') throw json({ error: 'not_found', message: '見つかりません' }, { status: 404 })
	const view = await loadMonitoringPrint(document.clientId, document.id)
	if (!view) throw json({ error: 'not_found', message: '見つかりません' }, { status: 404 })
	await audit({
		action: 'client.view',
		userId: current.user.id,
		clientId: document.clientId,
		target: `document:monitoring.${document.id}`,
		ipAddress: clientIp(request),
		detail: { page: 'print' },
	})
	return json(view)
}

export default function MonitoringPrint() {
	const { client, header, report, content, policy, documentId, planVersion } = useLoaderData<typeof loader>()
	return (
		<article className="monitoring-print" data-testid="monitoring-print">
			<div className="no-print print-toolbar">
				<Link to={`/clients/${client.id}/documents/${documentId}`}>← 報告書へ戻る</Link>
				<button type="button" className="button primary" onClick={() => window.print()}>
					印刷する
				</button>
			</div>
			{report.status !== 'completed' ? (
				<p className="alert warning no-print" role="status">
					この報告書はまだ完了していません（{REPORT_STATUS_LABELS[report.status]}）。
				</p>
			) : null}
			<h1 className="monitoring-print__title">モニタリング報告書（継続サービス利用支援・継続障害児支援利用援助）</h1>
			<table className="monitoring-print__header">
				<tbody>
					<tr>
						<th scope="row">利用者氏名</th>
						<td data-testid="print-client">{client.name}</td>
						<th scope="row">障害支援区分</th>
						<td>{header.supportLevelLabel ?? '—'}</td>
						<th scope="row">相談支援事業者名</th>
						<td>{header.agencyName || '—'}</td>
					</tr>
					<tr>
						<th scope="row">受給者証番号</th>
						<td data-testid="print-certificates">
							{header.certificates.length === 0
								? '—'
								: header.certificates.map((c) => (
										<span key={c.kind} className="monitoring-print__certificate">
											{header.certificates.length > 1 ? `${c.kindLabel}：` : ''}
											{c.number}
										</span>
									))}
						</td>
						<th scope="row">利用者負担上限額</th>
						<td>{header.copayCap ?? '—'}</td>
						<th scope="row">計画作成担当者</th>
						<td>{header.authorName || '—'}</td>
					</tr>
					<tr>
						<th scope="row">モニタリング対象月</th>
						<td>{formatWareki(report.month)}</td>
						<th scope="row">モニタリング実施日</th>
						<td data-testid="print-conducted">{content.conductedOn ? formatWareki(content.conductedOn) : '—'}</td>
						<th scope="row">実施場所</th>
						<td>{content.fields.place || '—'}</td>
					</tr>
				</tbody>
			</table>
			{planVersion ? (
				<p className="monitoring-print__plan" data-testid="print-plan-version">
					対象の計画：第{planVersion.number}版（同意・交付した本計画）
				</p>
			) : null}
			<table className="monitoring-print__block">
				<tbody>
					<tr>
						<th scope="row">総合的な援助の方針</th>
						<td className="pre-wrap">{policy || '（記載なし）'}</td>
					</tr>
					<tr>
						<th scope="row">全体の状況</th>
						<td className="pre-wrap" data-testid="print-overall">
							{content.fields.overall || '（記載なし）'}
						</td>
					</tr>
				</tbody>
			</table>
			<table className="monitoring-print__goals" data-testid="print-goals">
				<thead>
					<tr>
						<th scope="col" rowSpan={2}>
							優先
							<br />
							順位
						</th>
						<th scope="col" rowSpan={2}>
							支援目標
						</th>
						<th scope="col" rowSpan={2}>
							達成
							<br />
							時期
						</th>
						{MONITORING_ROW_COLUMNS.map((c) => (
							<th key={c.key} scope="col" rowSpan={2}>
								{c.label}
							</th>
						))}
						<th scope="colgroup" colSpan={3}>
							計画変更の必要性
						</th>
					</tr>
					<tr>
						{CHANGE_KINDS.map((kind) => (
							<th key={kind} scope="col" className="monitoring-print__change">
								{CHANGE_KIND_LABELS[kind].replace('の変更', '')}
							</th>
						))}
					</tr>
				</thead>
				<tbody>
					{content.rows.length === 0 ? (
						<tr>
							<td colSpan={10}>（目標の記載なし）</td>
						</tr>
					) : null}
					{content.rows.map((row) => (
						<tr key={row.id} data-testid="print-goal-row">
							<td className="center">{row.priority}</td>
							<td className="pre-wrap">{row.cells.goal}</td>
							<td className="pre-wrap">{row.cells.targetDate}</td>
							{MONITORING_ROW_COLUMNS.map((c) => (
								<td key={c.key} className="pre-wrap">
									{row.cells[c.key]}
								</td>
							))}
							{CHANGE_KINDS.map((kind) => (
								<td key={kind} className="center" data-testid={`print-change-${kind}`}>
									{row.changes[kind] ? CHANGE_ANSWER_LABELS[row.changes[kind]] : '—'}
								</td>
							))}
						</tr>
					))}
				</tbody>
			</table>
			<table className="monitoring-print__block">
				<tbody>
					<tr>
						<th scope="row">その他留意事項</th>
						<td className="pre-wrap">{content.fields.notes || '（記載なし）'}</td>
					</tr>
				</tbody>
			</table>
			<p className="monitoring-print__signature">
				上記の内容について説明を受け、確認しました。<span className="monitoring-print__blank">年</span>
				<span className="monitoring-print__blank">月</span>
				<span className="monitoring-print__blank">日</span> 利用者氏名（署名）<span className="monitoring-print__sign-line" />
			</p>
		</article>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
