import { Link, useFetcher } from '@remix-run/react'
import { REPORT_STATUS_LABELS, type ReportStatus } from '#app/modules/monitoring/report.ts'
import { formatJpDate, formatJpMonth } from '#app/utils/dates.ts'

export type ReportPanelData = {
	report: {
		id: string
		month: string
		status: ReportStatus
		conductedOn: string
		changeNeeded: boolean
		completedAt: string | null
		completedByName: string
	}
	canComplete: boolean
	canRevise: boolean
	/** the consented plan version the report monitors (null: made before reports named it) */
	planVersion?: { id: string; number: number } | null
}

type CompleteResponse = { ok: true; changeNeeded: boolean; cycleAdvanced: boolean } | { ok: false; errors: string[] }

/**
 * The report's record beside the co-edited form: status, 「報告書を完了」 (checked on the server
 * against the stored document), the revision link when a change is needed, and the print view.
 */
export function MonitoringReportPanel({ clientId, documentId, data }: { clientId: string; documentId: string; data: ReportPanelData }) {
	const fetcher = useFetcher<CompleteResponse>()
	const { report } = data
	const saving = fetcher.state !== 'idle'
	const errors = fetcher.data && !fetcher.data.ok ? fetcher.data.errors : []
	const completed = report.status === 'completed'
	return (
		<section className="card monitoring-panel no-print" aria-labelledby="monitoring-panel-title" data-testid="monitoring-panel">
			<div className="card-header">
				<h2 id="monitoring-panel-title">{formatJpMonth(report.month)}のモニタリング</h2>
				<span className={`badge ${completed ? 'ok' : 'info'}`} data-testid="monitoring-status" data-status={report.status}>
					{REPORT_STATUS_LABELS[report.status]}
				</span>
			</div>
			{data.planVersion ? (
				<p data-testid="monitoring-plan-version">
					対象の計画：<Link to={`/clients/${clientId}/versions/${data.planVersion.id}`}>第{data.planVersion.number}版（同意・交付した本計画）</Link>
					。目標と総合的な援助の方針はこの版から引き継ぎます。
				</p>
			) : null}
			{completed ? (
				<p data-testid="monitoring-completed">
					実施日 {formatJpDate(report.conductedOn)}・{report.completedByName ? `${report.completedByName}が` : ''}
					{report.completedAt ? `${formatJpDate(report.completedAt.slice(0, 10))}に` : ''}完了しました。
					{report.changeNeeded ? '計画の変更が必要と判断されています。' : '計画の変更は不要と判断されています。'}
				</p>
			) : (
				<p className="muted">実施日・実施場所・全体の状況と、目標ごとの計画変更の必要性（有・無）を記入してから完了してください。</p>
			)}
			{fetcher.data?.ok && fetcher.data.cycleAdvanced ? (
				<p className="alert success" role="status" data-testid="monitoring-cycle-advanced">
					計画の進行に、このモニタリングの実施を記録しました。
				</p>
			) : null}
			{completed && report.changeNeeded && data.canRevise ? (
				<div className="alert warning monitoring-revise" role="status">
					<p>
						<strong>計画の変更が必要です。</strong>現在の計画を引き継いで、新しい計画案を作成できます。
					</p>
					<p>
						<Link className="button primary" to={`/clients/${clientId}/cycle?revise=${encodeURIComponent(report.id)}`} data-testid="monitoring-revise-link">
							計画の見直しを始める
						</Link>
					</p>
				</div>
			) : null}
			{errors.length > 0 ? (
				<div className="alert error" role="alert" data-testid="monitoring-errors">
					<p>報告書を完了できません。次の点を確認してください。</p>
					<ul>
						{errors.map((e) => (
							<li key={e}>{e}</li>
						))}
					</ul>
				</div>
			) : null}
			<div className="button-row">
				{data.canComplete ? (
					<fetcher.Form method="post" action={`/clients/${clientId}/monitoring`}>
						<input type="hidden" name="intent" value="complete" />
						<input type="hidden" name="documentId" value={documentId} />
						<button type="submit" className="button primary" disabled={saving} aria-busy={saving} data-testid="monitoring-complete">
							{saving ? '確認しています…' : completed ? '完了内容を更新' : '報告書を完了'}
						</button>
					</fetcher.Form>
				) : null}
				<Link className="button" to={`/clients/${clientId}/monitoring/${documentId}/print`}>
					印刷用の様式（A4）
				</Link>
				<Link className="button" to={`/clients/${clientId}/monitoring`}>
					モニタリング予定へ
				</Link>
			</div>
		</section>
	)
}
