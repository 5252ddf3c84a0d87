import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { SelectField, TextField } from '#app/components/forms.tsx'
import { listAccountNames } from '#app/modules/accounts/accounts.server.ts'
import { AUDIT_PAGE_SIZE } from '#app/modules/accounts/schemas.ts'
import { auditQueryOf, filterQueryString, parseAuditFilter } from '#app/modules/audit/audit-filter.ts'
import { AUDIT_ACTIONS, searchAuditLog, seenByUser } from '#app/modules/audit/audit-log.server.ts'
import { audit } from '#app/modules/audit/audit.server.ts'
import { AUDIT_OUTCOME_TONES, auditActionLabel, auditOutcomeLabel } from '#app/modules/audit/labels.ts'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { requireGlobalPermission } from '#app/modules/authz.server.ts'
import clientStyles from '#app/styles/clients.css'
import { TableFrame } from '#app/components/table-frame.tsx'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: clientStyles }]

export const meta: MetaFunction = () => [{ title: '監査ログ | きずなプラン' }]

/**
 * The audit trail for administrators: who did what, to whose record, when — in Japanese, by
 * person and by client name, with "what did this person see between these dates" and a CSV.
 * Viewing it is itself audited.
 */
export async function loader({ request }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	await requireGlobalPermission(request, current, 'audit.view')
	const { filter, errors } = parseAuditFilter(new URL(request.url).searchParams)
	const query = auditQueryOf(filter)
	const result = await searchAuditLog({ ...query, page: filter.page, pageSize: AUDIT_PAGE_SIZE })
	const seen = filter.userId && filter.seen === '1' ? await seenByUser(filter.userId, query.from, query.to) : null
	await audit({
		action: 'audit.view',
		userId: current.user.id,
		ipAddress: clientIp(request),
		target: 'audit-log',
		detail: { filter: filterQueryString(filter), page: result.page, total: result.total },
	})
	return json({
		filter,
		errors,
		result,
		seen,
		csvQuery: filterQueryString(filter),
		users: await listAccountNames(),
		actions: AUDIT_ACTIONS.map((a) => ({ value: a, label: auditActionLabel(a) })),
	})
}

const timeFormat = new Intl.DateTimeFormat('ja-JP', {
	timeZone: 'Asia/Tokyo',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
})

export default function AuditPage() {
	const { filter, errors, result, seen, csvQuery, users, actions } = useLoaderData<typeof loader>()
	const navigation = useNavigation()
	const loading = navigation.state === 'loading' && navigation.location.pathname === '/admin/audit'
	const pageLink = (page: number) => {
		const params = new URLSearchParams(csvQuery)
		params.set('page', String(page))
		return `/admin/audit?${params}`
	}
	return (
		<>
			<div className="page-header">
				<div>
					<h1>監査ログ</h1>
					<p className="muted">
						だれが・いつ・どの利用者の記録に・何をしたかの記録です。内容そのものは記録・表示しません。時刻は日本時間です。記録は追記のみで、改ざんはハッシュの連鎖で検出できます（npm run audit:verify）。
					</p>
				</div>
				<a className="button" href={`/admin/audit.csv${csvQuery ? `?${csvQuery}` : ''}`} download>
					CSVで書き出す
				</a>
			</div>
			<section className="card" aria-labelledby="filter-title">
				<h2 id="filter-title" className="visually-hidden">
					絞り込み
				</h2>
				<Form method="get" className="filter-form">
					<SelectField
						label="操作した人"
						name="userId"
						defaultValue={String(filter.userId)}
						options={[{ value: '', label: 'すべて' }, ...users.map((u) => ({ value: u.id, label: `${u.displayName}（${u.email}）` }))]}
					/>
					<TextField label="利用者名（ふりがな可）" name="clientName" defaultValue={filter.clientName} autoComplete="off" />
					<TextField label="利用者ID" name="clientId" defaultValue={String(filter.clientId)} autoComplete="off" />
					<SelectField
						label="操作"
						name="action"
						defaultValue={String(filter.action)}
						options={[{ value: '', label: 'すべて' }, ...actions]}
					/>
					<div className="field">
						<label>
							<input type="checkbox" name="seen" value="1" defaultChecked={filter.seen === '1'} /> 利用者の情報を見た記録だけ（閲覧・文書を開く・書き出し）
						</label>
					</div>
					<TextField label="開始日" name="from" type="date" defaultValue={String(filter.from)} />
					<TextField label="終了日" name="to" type="date" defaultValue={String(filter.to)} />
					<div className="button-row">
						<button type="submit" className="button primary" aria-busy={loading || undefined}>
							{loading ? '検索中…' : '絞り込む'}
						</button>
						<Link to="/admin/audit" className="button">
							条件をクリア
						</Link>
					</div>
				</Form>
				{errors.length > 0 ? (
					<div className="alert warning" role="status">
						{errors.map((e) => (
							<p key={e}>{e}（この条件は使わずに表示しています）</p>
						))}
					</div>
				) : null}
			</section>

			{seen ? (
				<section className="card" aria-labelledby="seen-title" data-testid="seen-summary">
					<h2 id="seen-title">
						{users.find((u) => u.id === filter.userId)?.displayName ?? filter.userId}さんが情報を見た利用者
						{filter.from || filter.to ? `（${filter.from || '…'} 〜 ${filter.to || '…'}）` : ''}
					</h2>
					{seen.length === 0 ? (
						<p>この期間に利用者の情報を見た記録はありません。</p>
					) : (
						<table className="data">
							<thead>
								<tr>
									<th scope="col">利用者</th>
									<th scope="col">回数</th>
									<th scope="col">最初</th>
									<th scope="col">最後</th>
									<th scope="col">内容</th>
								</tr>
							</thead>
							<tbody>
								{seen.map((s) => (
									<tr key={s.clientId}>
										<td>
											{s.clientName || '—'}
											<span className="sub">{s.clientId}</span>
										</td>
										<td>{s.count}</td>
										<td className="nowrap">{timeFormat.format(new Date(s.first))}</td>
										<td className="nowrap">{timeFormat.format(new Date(s.last))}</td>
										<td>{s.actions.join('、')}</td>
									</tr>
								))}
							</tbody>
						</table>
					)}
				</section>
			) : null}

			<p className="muted" role="status">
				{result.total}件中 {result.total === 0 ? 0 : (result.page - 1) * AUDIT_PAGE_SIZE + 1}〜
				{Math.min(result.page * AUDIT_PAGE_SIZE, result.total)}件を表示
			</p>
			{result.rows.length === 0 ? (
				<div className="empty-state">
					<p>条件に合う記録はありません。</p>
				</div>
			) : (
				<TableFrame label="監査ログ">
					<table className="data" data-testid="audit-table">
						<caption className="visually-hidden">監査ログ</caption>
						<thead>
							<tr>
								<th scope="col">日時</th>
								<th scope="col">操作した人</th>
								<th scope="col">操作</th>
								<th scope="col">結果</th>
								<th scope="col">利用者</th>
								<th scope="col">対象</th>
								<th scope="col">IPアドレス</th>
								<th scope="col">詳細</th>
							</tr>
						</thead>
						<tbody>
							{result.rows.map((r) => {
								const tone = (AUDIT_OUTCOME_TONES as Record<string, string>)[r.outcome] ?? ''
								return (
									<tr key={r.id}>
										<td className="nowrap">{timeFormat.format(new Date(r.at))}</td>
										<td>
											{r.userName || '—'}
											{r.userId ? <span className="sub">{r.userId}</span> : null}
										</td>
										<td className="nowrap">
											{r.actionLabel}
											<span className="sub">{r.action}</span>
										</td>
										<td>
											<span className={`badge ${tone}`}>{auditOutcomeLabel(r.outcome)}</span>
										</td>
										<td>
											{r.clientName || (r.clientId ? '' : '—')}
											{r.clientId ? <span className="sub">{r.clientId}</span> : null}
										</td>
										<td>
											{r.targetLabel || '—'}
											{r.target && r.target !== r.targetLabel ? <span className="sub">{r.target}</span> : null}
										</td>
										<td>{r.ipAddress || '—'}</td>
										<td className="audit-detail">{r.detail || ''}</td>
									</tr>
								)
							})}
						</tbody>
					</table>
				</TableFrame>
			)}
			{result.pageCount > 1 ? (
				<nav className="pagination" aria-label="ページ送り">
					{result.page > 1 ? <Link to={pageLink(result.page - 1)}>← 新しい記録</Link> : <span className="muted">← 新しい記録</span>}
					<span>
						{result.page} / {result.pageCount} ページ
					</span>
					{result.page < result.pageCount ? (
						<Link to={pageLink(result.page + 1)}>古い記録 →</Link>
					) : (
						<span className="muted">古い記録 →</span>
					)}
				</nav>
			) : null}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
