import { Link } from '@remix-run/react'
import { formatJstDateTime } from '#app/utils/dates.ts'

type Overdue = { id: string; clientName: string; userName: string; hubName: string; reasonLabel: string; createdAt: string }

/** On the office manager's dashboard: 緊急時アクセス left unreviewed for more than 7 days. */
export function OverdueEmergencyReviews({ grants, days }: { grants: readonly Overdue[]; days: number }) {
	if (grants.length === 0) return null
	return (
		<section className="alert warning" aria-labelledby="overdue-reviews-title" data-testid="overdue-reviews">
			<h2 id="overdue-reviews-title">未確認の緊急時アクセス（{days}日超）：{grants.length}件</h2>
			<ul>
				{grants.map((g) => (
					<li key={g.id}>
						{formatJstDateTime(g.createdAt)} {g.clientName} さん — {g.userName}（{g.hubName}）：{g.reasonLabel}
					</li>
				))}
			</ul>
			<Link className="button small" to="/emergency-access/review">
				確認する
			</Link>
		</section>
	)
}
