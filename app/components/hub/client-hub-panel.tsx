import { Link } from '@remix-run/react'
import { formatJpDate, formatJstDateTime } from '#app/utils/dates.ts'

type Panel = {
	registration: { hubName: string; registeredOn: string; reviewOn: string; migrated: boolean } | null
	emergencies: Array<{ id: string; occurredAt: string; categoryLabel: string; services: string[]; revised: boolean }>
	unreviewedGrants: number
}

/** The client page's 地域生活支援拠点・緊急対応 card (issue #12). */
export function ClientHubPanel({ clientId, panel }: { clientId: string; panel: Panel }) {
	return (
		<section className="card" aria-labelledby="hub-panel-title" data-testid="hub-panel">
			<div className="card-header">
				<h2 id="hub-panel-title">地域生活支援拠点・緊急対応</h2>
				<div className="button-row">
					<Link className="button small" to={`/emergency/${clientId}`}>
						緊急時対応シート
					</Link>
					<Link className="button small" to={`/clients/${clientId}/hub-registration`}>
						拠点 事前登録
					</Link>
					<Link className="button small" to={`/clients/${clientId}/emergencies`}>
						緊急対応の記録
					</Link>
				</div>
			</div>
			<p>
				{panel.registration
					? `${panel.registration.hubName}に事前登録（${formatJpDate(panel.registration.registeredOn)}〜、見直し予定 ${formatJpDate(panel.registration.reviewOn)}）`
					: '地域生活支援拠点への事前登録はありません。'}
				{panel.registration?.migrated ? <span className="badge warn">登録内容を補ってください</span> : null}
			</p>
			{panel.emergencies.length > 0 ? (
				<ul data-testid="hub-panel-emergencies">
					{panel.emergencies.map((e) => (
						<li key={e.id}>
							<Link to={`/clients/${clientId}/emergencies`}>
								{formatJstDateTime(e.occurredAt)} {e.categoryLabel}
							</Link>
							{e.services.length > 0 ? `：${e.services.join('、')}` : ''}
							{e.revised ? <span className="badge ok">見直し開始済み</span> : <span className="badge warn">計画への反映を検討</span>}
						</li>
					))}
				</ul>
			) : null}
			{panel.unreviewedGrants > 0 ? <p className="muted">この方への緊急時アクセス（未確認）：{panel.unreviewedGrants}件</p> : null}
		</section>
	)
}
