import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { SelectField, TextField } from '#app/components/forms.tsx'
import { listAccountNames } from '#app/modules/accounts/accounts.server.ts'
import { AUDIT_PAGE_SIZE, auditFilterSchema } from '#app/modules/accounts/schemas.ts'
import { AUDIT_ACTIONS, searchAuditLog } from '#app/modules/audit/audit-log.server.ts'
import { requireUser } from '#app/modules/auth/auth.server.ts'
import { requireGlobalPermission } from '#app/modules/authz.server.ts'
import clientStyles from '#app/styles/clients.css'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: clientStyles }]

export const meta: MetaFunction = () => [{ title: '監査ログ | きずなプラン' }]

const FILTER_KEYS = ['userId', 'clientId', 'action', 'from', 'to', 'page'] as const

/**
 * Read-only view of the audit trail. Shows who did what and when, by id; never client
 * content. Invalid filters are reported and ignored.
 */
export async function loader({ request }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	await requireGlobalPermission(request, current, 'audit.view')
	const params = new URL(request.url).searchParams
	const raw = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? '']))
	const filter: Record<string, string | number> = { userId: '', clientId: '', action: '', from: '', to: '', page: 1 }
	const errors: string[] = []
	for (const key of FILTER_KEYS) {
		// Each filter is checked on its own so one bad value does not discard the others.
		const parsed = auditFilterSchema.shape[key].safeParse(raw[key])
		if (parsed.success) filter[key] = parsed.data
		else errors.push(parsed.error.issues[0]?.message ?? '条件が正しくありません')
	}
	const result = await searchAuditLog({
		userId: String(filter.userId) || undefined,
		clientId: String(filter.clientId) || undefined,
		action: String(filter.action) || undefined,
		from: String(filter.from) || undefined,
		to: String(filter.to) || undefined,
		page: Number(filter.page),
		pageSize: AUDIT_PAGE_SIZE,
	})
	return json({ filter, errors, result, users: await listAccountNames(), actions: AUDIT_ACTIONS })
}

const OUTCOME_LABELS: Record<string, { label: string; className: string }> = {
	ok: { label: '成功', className: 'ok' },
	denied: { label: '拒否', className: 'danger' },
	failed: { label: '失敗', className: 'warn' },
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
	const { filter, errors, result, users, actions } = useLoaderData<typeof loader>()
	const navigation = useNavigation()
	const loading = navigation.state === 'loading' && navigation.location.pathname === '/admin/audit'
	const pageLink = (page: number) => {
		const params = new URLSearchParams()
		for (const key of ['userId', 'clientId', 'action', 'from', 'to'] as const) {
			const value = String(filter[key] ?? '')
			if (value) params.set(key, value)
		}
		params.set('page', String(page))
		return `/admin/audit?${params}`
	}
	return (
		<>
			<div className="page-header">
				<div>
					<h1>監査ログ</h1>
					<p className="muted">だれが・いつ・どの利用者（ID）に・何をしたかの記録です。内容そのものは記録・表示しません。時刻は日本時間です。</p>
				</div>
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
					<TextField label="利用者ID" name="clientId" defaultValue={String(filter.clientId)} autoComplete="off" />
					<SelectField
						label="操作"
						name="action"
						defaultValue={String(filter.action)}
						options={[{ value: '', label: 'すべて' }, ...actions.map((a) => ({ value: a, label: a }))]}
					/>
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

			<p className="muted" role="status">
				{result.total}件中 {result.total === 0 ? 0 : (result.page - 1) * AUDIT_PAGE_SIZE + 1}〜
				{Math.min(result.page * AUDIT_PAGE_SIZE, result.total)}件を表示
			</p>
			{result.rows.length === 0 ? (
				<div className="empty-state">
					<p>条件に合う記録はありません。</p>
				</div>
			) : (
				<div className="table-wrap">
					<table className="data" data-testid="audit-table">
						<caption className="visually-hidden">監査ログ</caption>
						<thead>
							<tr>
								<th scope="col">日時</th>
								<th scope="col">操作した人</th>
								<th scope="col">操作</th>
								<th scope="col">結果</th>
								<th scope="col">利用者ID</th>
								<th scope="col">対象</th>
								<th scope="col">IPアドレス</th>
								<th scope="col">詳細</th>
							</tr>
						</thead>
						<tbody>
							{result.rows.map((r) => {
								const outcome = OUTCOME_LABELS[r.outcome] ?? { label: r.outcome, className: '' }
								return (
									<tr key={r.id}>
										<td className="nowrap">{timeFormat.format(new Date(r.at))}</td>
										<td>
											{r.userName || '—'}
											{r.userId ? <span className="sub">{r.userId}</span> : null}
										</td>
										<td className="nowrap">{r.action}</td>
										<td>
											<span className={`badge ${outcome.className}`}>{outcome.label}</span>
										</td>
										<td>{r.clientId ?? '—'}</td>
										<td>{r.target || '—'}</td>
										<td>{r.ipAddress || '—'}</td>
										<td className="audit-detail">{r.detail || ''}</td>
									</tr>
								)
							})}
						</tbody>
					</table>
				</div>
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
