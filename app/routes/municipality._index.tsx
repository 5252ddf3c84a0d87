import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { requireUser } from '#app/modules/auth/auth.server.ts'
import { requireGlobalPermission } from '#app/modules/authz.server.ts'
import { listSubmissions } from '#app/modules/cycle/cycle-view.server.ts'
import cycleStyles from '#app/styles/cycle.css'
import { formatJpDate, todayJst } from '#app/utils/dates.ts'

/** /municipality — the municipal account's inbox of plans submitted for its residents. */

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: cycleStyles }]
export const meta: MetaFunction = () => [{ title: '提出された計画 | きずなプラン' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	await requireGlobalPermission(request, current, 'submissions.view')
	return json({ submissions: await listSubmissions(current.actor, todayJst()) })
}

export default function MunicipalityPage() {
	const { submissions } = useLoaderData<typeof loader>()
	return (
		<article data-testid="municipality-page">
			<div className="page-header">
				<h1>提出された計画</h1>
			</div>
			{submissions.length === 0 ? (
				<p className="card muted">提出された計画はまだありません。</p>
			) : (
				<table className="data" data-testid="submission-list">
					<thead>
						<tr>
							<th scope="col">利用者</th>
							<th scope="col">段階</th>
							<th scope="col">提出された版</th>
						</tr>
					</thead>
					<tbody>
						{submissions.map((s) => (
							<tr key={s.id} className={s.awaitingDecision ? 'awaiting' : undefined}>
								<td>
									<Link to={`/clients/${s.id}/cycle`}>{s.name}</Link>
									{s.awaitingDecision ? <span className="badge">支給決定待ち</span> : null}
								</td>
								<td>
									{s.stateLabel}
									<br />
									<span className="muted">{s.variantLabel}</span>
								</td>
								<td>
									{s.submissions.length === 0 ? <span className="muted">—</span> : null}
									<ul className="plain-list">
										{s.submissions.map((v) => (
											<li key={v.id}>
												{v.versionId ? <Link to={`/clients/${s.id}/versions/${v.versionId}`}>{v.label}</Link> : v.label}（{formatJpDate(v.occurredOn)} 提出）
											</li>
										))}
									</ul>
								</td>
							</tr>
						))}
					</tbody>
				</table>
			)}
		</article>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
