import { Form, Link, useNavigation } from '@remix-run/react'
import { MONITORING_PERIOD_LABELS, labelOf } from '#app/modules/clients/labels.ts'
import { REPORT_STATUS_LABELS, type ClientSchedule } from '#app/modules/monitoring/report.ts'
import { MONITORING_STATUS_LABELS } from '#app/modules/monitoring/schedule.ts'
import { formatJpDate, formatJpMonth } from '#app/utils/dates.ts'
import { TableFrame } from '#app/components/table-frame.tsx'

type Serialized = ClientSchedule

/** Renewal notices (更新の準備, 支給決定期間の終了, 誕生月): this month and the next two. */
export function RenewalNotices({ schedule }: { schedule: Serialized }) {
	if (schedule.state !== 'ok' || schedule.renewalNotices.length === 0) return null
	return (
		<div className="alert warning renewal-notices" role="status" data-testid="renewal-notices">
			<p>
				<strong>更新のお知らせ</strong>
			</p>
			<ul>
				{schedule.renewalNotices.map((e) => (
					<li key={`${e.month}-${e.reason}`}>
						{formatJpMonth(e.month)}：{e.label}
					</li>
				))}
			</ul>
		</div>
	)
}

/**
 * The monitoring months of the 受給者証 in force, each with its state (実施済み / 今月実施 /
 * 未実施 / 予定) and its report; writers start the report of a due or overdue month here.
 */
export function MonitoringScheduleTable({ clientId, schedule, compact = false }: { clientId: string; schedule: Serialized; compact?: boolean }) {
	const navigation = useNavigation()
	if (schedule.state === 'no_certificate') {
		return (
			<div className="empty-state" data-testid="schedule-empty">
				<p>現在有効な受給者証がないため、モニタリング予定はありません。受給者証を登録すると予定が表示されます。</p>
			</div>
		)
	}
	if (schedule.state === 'invalid') {
		return (
			<div className="alert error" role="alert" data-testid="schedule-invalid">
				<p>受給者証の記録からモニタリング予定を作れません：</p>
				<ul>
					{schedule.errors.map((e) => (
						<li key={e}>{e}</li>
					))}
				</ul>
			</div>
		)
	}
	const pendingMonth = navigation.state !== 'idle' ? navigation.formData?.get('month') : null
	return (
		<>
			{!compact ? (
				<p className="muted">
					支給決定期間 {formatJpDate(schedule.certificate.decisionStart)}〜{formatJpDate(schedule.certificate.decisionEnd)}・モニタリング期間{' '}
					{labelOf(MONITORING_PERIOD_LABELS, schedule.certificate.monitoringPeriod)}
					{schedule.certificate.source === 'derived' ? '（受給者証に月の記載がないため期間から算出）' : '（受給者証記載の月）'}
				</p>
			) : null}
			{schedule.certificate.dropped.length > 0 ? (
				<p className="alert warning" role="status">
					支給決定期間の外のモニタリング月（{schedule.certificate.dropped.map(formatJpMonth).join('、')}）は予定に含めていません。
				</p>
			) : null}
			<TableFrame label="モニタリング予定">
				<table className="data monitoring-schedule" data-testid="monitoring-schedule">
					<caption className="visually-hidden">モニタリング予定</caption>
					<thead>
						<tr>
							<th scope="col">月</th>
							<th scope="col">状況</th>
							<th scope="col">報告書</th>
						</tr>
					</thead>
					<tbody>
						{schedule.months.map((m) => (
							<tr key={m.month} data-testid="schedule-month" data-month={m.month} data-status={m.status} className={`schedule-row schedule-row--${m.status}`}>
								<th scope="row">{formatJpMonth(m.month)}</th>
								<td>
									<span className={`badge schedule-badge schedule-badge--${m.status}`}>{MONITORING_STATUS_LABELS[m.status]}</span>
								</td>
								<td>
									{m.report ? (
										<>
											<Link to={`/clients/${clientId}/documents/${m.report.documentId}`} data-testid="schedule-report-link">
												報告書（{REPORT_STATUS_LABELS[m.report.status]}）
											</Link>
											{m.report.status === 'completed' ? <span className="muted"> 実施日 {formatJpDate(m.report.conductedOn)}</span> : null}
											{m.report.changeNeeded ? <span className="badge warn">計画変更あり</span> : null}
										</>
									) : m.canCreate ? (
										<Form method="post" action={`/clients/${clientId}/monitoring`}>
											<input type="hidden" name="intent" value="create" />
											<input type="hidden" name="month" value={m.month} />
											<button type="submit" className="button small primary" disabled={pendingMonth === m.month} data-testid="create-report">
												{pendingMonth === m.month ? '作成しています…' : 'この月の報告書を作成'}
											</button>
										</Form>
									) : (
										<span className="muted">—</span>
									)}
								</td>
							</tr>
						))}
					</tbody>
				</table>
			</TableFrame>
			{!compact && schedule.renewals.length > 0 ? (
				<>
					<h3>更新の予定</h3>
					<ul className="renewal-list" data-testid="renewal-list">
						{schedule.renewals.map((e) => (
							<li key={`${e.month}-${e.reason}`}>
								{formatJpMonth(e.month)}：{e.label}
							</li>
						))}
					</ul>
				</>
			) : null}
			{!compact && schedule.otherReports.length > 0 ? (
				<>
					<h3>臨時モニタリング・以前の受給者証の報告書</h3>
					<ul data-testid="other-reports">
						{schedule.otherReports.map((r) => (
							<li key={r.id}>
								<Link to={`/clients/${clientId}/documents/${r.documentId}`}>
									{formatJpMonth(r.month)}（{REPORT_STATUS_LABELS[r.status]}）
								</Link>
								{r.extraordinaryReason ? <span className="muted"> 臨時：{r.extraordinaryReason}</span> : null}
							</li>
						))}
					</ul>
				</>
			) : null}
		</>
	)
}
