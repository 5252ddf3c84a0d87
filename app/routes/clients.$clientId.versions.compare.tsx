import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { SelectField } from '#app/components/forms.tsx'
import { DiffText } from '#app/components/cycle/plan-version.tsx'
import { audit } from '#app/modules/audit/audit.server.ts'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { isWellFormedId, requireClientPermission } from '#app/modules/authz.server.ts'
import { listPlanVersions, loadPlanVersionPage, type PlanVersionPage } from '#app/modules/cycle/cycle-view.server.ts'
import { compareVersions } from '#app/modules/versions/compare.ts'
import { PLAN_LAYOUT, withHeaderFacts } from '#app/modules/versions/layouts.ts'
import cycleStyles from '#app/styles/cycle.css'
import { todayJst } from '#app/utils/dates.ts'

/** /clients/:clientId/versions/compare?a=..&b=.. — two versions side by side, per field and goal row. */

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: cycleStyles }]
export const meta: MetaFunction = () => [{ title: '版の比較 | きずなプラン' }]

const NOT_FOUND = { error: 'not_found', message: '見つかりません' }

export async function loader({ request, params }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireClientPermission(request, current, params.clientId, 'client.view')
	const url = new URL(request.url)
	const a = url.searchParams.get('a')
	const b = url.searchParams.get('b')
	if (!isWellFormedId(a) || !isWellFormedId(b)) throw json(NOT_FOUND, { status: 404 })
	const today = todayJst()
	const [before, after] = await Promise.all([loadPlanVersionPage(current.actor, scope, a, today), loadPlanVersionPage(current.actor, scope, b, today)])
	if (!before || !after) throw json(NOT_FOUND, { status: 404 })
	const comparison = compareVersions(asPrinted(before), asPrinted(after), PLAN_LAYOUT)
	const versions = await listPlanVersions(scope.id)
	await audit({ action: 'version.view', userId: current.user.id, clientId: scope.id, target: `version:${a}`, ipAddress: clientIp(request), detail: { page: 'compare', with: b } })
	const side = (p: typeof before) => ({ id: p.version.id, number: p.version.number, reasonLabel: p.version.reasonLabel, verified: p.version.verified })
	return json({ clientId: scope.id, clientName: before.header.clientName, before: side(before), after: side(after), comparison, versions })
}

/** The version as its print reads: 案/本計画 and the header facts as frozen with it, not the plan's old stage field. */
function asPrinted(page: PlanVersionPage) {
	return withHeaderFacts(page.version.snapshot, page.header, page.stage)
}

const ROW_STATUS_LABELS = { same: '変更なし', changed: '変更', added: '追加', removed: '削除', moved: '順序の変更' } as const

export default function ComparePage() {
	const { clientId, clientName, before, after, comparison, versions } = useLoaderData<typeof loader>()
	const options = versions.map((v) => ({ value: v.id, label: `第${v.number}版 ${v.reasonLabel}` }))
	return (
		<article className="compare-page" data-testid="compare-page">
			<nav className="breadcrumbs" aria-label="パンくずリスト">
				<Link to={`/clients/${clientId}`}>{clientName} さん</Link> ／ <Link to={`/clients/${clientId}/cycle`}>計画の進行</Link> ／ 版の比較
			</nav>
			<div className="page-header">
				<h1>
					第{before.number}版と第{after.number}版の比較
				</h1>
			</div>
			<Form method="get" className="compare-form no-print">
				<SelectField label="前の版" name="a" defaultValue={before.id} options={options} />
				<SelectField label="後の版" name="b" defaultValue={after.id} options={options} />
				<button type="submit" className="button">
					比べる
				</button>
			</Form>
			<p className="compare-summary" role="status" data-testid="compare-summary">
				変更された項目 {comparison.changedFields} 件・変更された目標の行 {comparison.changedRows} 件
			</p>
			<p className="compare-legend">
				<ins className="diff-added">追加</ins> <del className="diff-removed">削除</del>
			</p>
			<table className="compare-table">
				<thead>
					<tr>
						<th scope="col">項目</th>
						<th scope="col">
							第{before.number}版（{before.reasonLabel}）
						</th>
						<th scope="col">
							第{after.number}版（{after.reasonLabel}）
						</th>
					</tr>
				</thead>
				<tbody>
					{[...comparison.meta, ...comparison.fields].map((f) => (
						<tr key={f.key} className={f.changed ? 'changed' : undefined} data-testid={`compare-field-${f.key}`}>
							<th scope="row">
								{f.label}
								{f.changed ? <span className="badge">変更</span> : null}
							</th>
							<td>
								<DiffText segments={f.segments} side="before" />
							</td>
							<td>
								<DiffText segments={f.segments} side="after" />
							</td>
						</tr>
					))}
				</tbody>
			</table>
			{comparison.tables.map((t) => (
				<section key={t.table} aria-labelledby={`table-${t.table}`}>
					<h2 id={`table-${t.table}`}>{t.label}</h2>
					{t.rows.length === 0 ? <p className="muted">行はありません。</p> : null}
					{t.rows.map((row) => (
						<table key={row.rowId} className={`compare-table compare-row compare-row--${row.status}`} data-testid="compare-row" data-status={row.status}>
							<caption>
								{row.positionAfter ?? row.positionBefore}番目の課題 — {ROW_STATUS_LABELS[row.status]}
								{row.positionBefore && row.positionAfter && row.positionBefore !== row.positionAfter ? `（${row.positionBefore}番目から）` : ''}
							</caption>
							<tbody>
								{row.cells.map((c) => (
									<tr key={c.key} className={c.changed ? 'changed' : undefined}>
										<th scope="row">{c.label}</th>
										<td>{row.status === 'added' ? <span className="muted">—</span> : <DiffText segments={c.segments} side="before" />}</td>
										<td>{row.status === 'removed' ? <span className="muted">—</span> : <DiffText segments={c.segments} side="after" />}</td>
									</tr>
								))}
							</tbody>
						</table>
					))}
				</section>
			))}
		</article>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
