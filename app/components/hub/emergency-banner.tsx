import { Form, Link } from '@remix-run/react'
import { formatJstDateTime } from '#app/utils/dates.ts'

export type ActiveGrant = { id: string; clientId: string; clientName: string; expiresAt: string }

/**
 * The red banner of break-glass access (issue #12): on every page while the user holds a grant
 * in force — what it covers, until when, and ending it early.
 */
export function EmergencyAccessBanner({ grants }: { grants: readonly ActiveGrant[] }) {
	if (grants.length === 0) return null
	return (
		<div className="emergency-banner" role="alert" data-testid="emergency-banner">
			<strong>緊急時アクセス中</strong>
			{grants.map((g) => (
				<span key={g.id} className="emergency-banner__grant">
					<Link to={`/emergency/${g.clientId}`}>{g.clientName} さん</Link>の緊急時対応シートとクライシスプランを閲覧のみで開いています（{formatJstDateTime(g.expiresAt)}まで・すべての閲覧は記録されます）
					<Form method="post" action="/emergency-access" className="inline-form">
						<input type="hidden" name="intent" value="end" />
						<input type="hidden" name="grantId" value={g.id} />
						<button type="submit" className="button small" data-testid="end-emergency-access">
							緊急時アクセスを終了する
						</button>
					</Form>
				</span>
			))}
		</div>
	)
}
