import { Form, Link } from '@remix-run/react'

/**
 * The client page's チームアプローチ card: the coverage view (plan goals × providers' 個別支援計画)
 * and, for a provider's own staff, 「個別支援計画を作成」 for each of their organisations on the
 * team that has none yet.
 */
export function TeamApproachCard({ clientId, organizations }: { clientId: string; organizations: ReadonlyArray<{ id: string; name: string }> }) {
	return (
		<section className="card" aria-labelledby="team-approach-title" data-testid="team-approach">
			<div className="card-header">
				<h2 id="team-approach-title">チームアプローチ</h2>
				<Link to={`/clients/${clientId}/coverage`} className="button small" data-testid="coverage-link">
					目標と個別支援計画の対応
				</Link>
			</div>
			{organizations.length > 0 ? (
				<div className="button-row">
					{organizations.map((organization) => (
						<Form key={organization.id} method="post" action={`/clients/${clientId}/isp`}>
							<input type="hidden" name="organizationId" value={organization.id} />
							<button type="submit" className="button small" data-testid="create-isp">
								個別支援計画を作成（{organization.name}）
							</button>
						</Form>
					))}
				</div>
			) : null}
		</section>
	)
}
