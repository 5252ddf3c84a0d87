import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { goalLabel, type CoverageRow } from '#app/document-forms/projection.ts'
import { audit } from '#app/modules/audit/audit.server.ts'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { requireClientPermission } from '#app/modules/authz.server.ts'
import { getClientName } from '#app/modules/clients/clients.server.ts'
import { loadCoverage } from '#app/modules/documents/isp.server.ts'
import ispStyles from '#app/styles/isp.css'

/**
 * /clients/:clientId/coverage — the チームアプローチ at a glance: each goal of the overall plan
 * (priority order) with the providers' 個別支援計画 rows that serve it, goals nobody serves
 * (未対応) and rows linked to no goal (リンクなし). Read from the server-side projection.
 * Anyone on the team who may list the client's documents may view it.
 */

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: ispStyles }]

export const meta: MetaFunction = () => [{ title: '目標と個別支援計画の対応 | きずなプラン' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireClientPermission(request, current, params.clientId, 'document.list')
	const client = await getClientName(scope.id)
	if (!client) throw json({ error: 'not_found', message: '見つかりません' }, { status: 404 })
	const coverage = await loadCoverage(scope.id)
	await audit({
		action: 'client.view',
		userId: current.user.id,
		clientId: scope.id,
		target: `client:${scope.id}`,
		ipAddress: clientIp(request),
		detail: { page: 'coverage' },
	})
	return json({ client, coverage })
}

function RowList({ rows }: { rows: readonly CoverageRow[] }) {
	return (
		<ul className="coverage-rows">
			{rows.map((row) => (
				<li key={`${row.ispDocumentId}:${row.rowId}`} data-testid="coverage-row">
					<span className="coverage-org">{row.organizationName}</span>：{row.priority}. {row.summary || '（未記入）'}
				</li>
			))}
		</ul>
	)
}

export default function CoveragePage() {
	const { client, coverage } = useLoaderData<typeof loader>()
	return (
		<>
			<nav className="breadcrumbs" aria-label="パンくずリスト">
				<Link to={`/clients/${client.id}`}>{client.name} さん</Link> ／ 目標と個別支援計画の対応
			</nav>
			<div className="page-header">
				<h1>目標と個別支援計画の対応</h1>
			</div>
			<section className="card" aria-labelledby="coverage-goals-title">
				<h2 id="coverage-goals-title">計画の目標（優先順位順）</h2>
				{coverage.goals.length === 0 ? (
					<p className="muted">計画に目標がまだありません。</p>
				) : (
					<ul className="coverage-goals" data-testid="coverage-goals">
						{coverage.goals.map(({ goal, rows }) => (
							<li key={goal.goalId} data-testid="coverage-goal" data-goal-id={goal.goalId} data-served={rows.length > 0 ? 'yes' : 'no'}>
								<p className="coverage-goal__title">
									<strong>{goalLabel(goal)}</strong>{' '}
									{rows.length === 0 ? (
										<span className="badge warn" data-testid="unserved-badge">
											未対応
										</span>
									) : (
										<span className="badge ok">{rows.length}件の支援</span>
									)}
								</p>
								{goal.need ? <p className="muted">課題：{goal.need}</p> : null}
								{rows.length > 0 ? <RowList rows={rows} /> : null}
							</li>
						))}
					</ul>
				)}
			</section>
			{coverage.deleted.length > 0 ? (
				<section className="card" aria-labelledby="coverage-deleted-title" data-testid="coverage-deleted">
					<h2 id="coverage-deleted-title">削除された目標にリンクしている支援</h2>
					<ul>
						{coverage.deleted.map(({ goal, rows }) => (
							<li key={goal.goalId}>
								<p>
									<span className="badge warn">リンク先の目標が削除されました</span> {goalLabel(goal)}
								</p>
								<RowList rows={rows} />
							</li>
						))}
					</ul>
				</section>
			) : null}
			<section className="card" aria-labelledby="coverage-unlinked-title" data-testid="coverage-unlinked">
				<h2 id="coverage-unlinked-title">リンクなしの支援</h2>
				{coverage.unlinked.length === 0 ? <p className="muted">すべての支援が計画の目標にリンクしています。</p> : <RowList rows={coverage.unlinked} />}
			</section>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
