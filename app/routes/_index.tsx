import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ClientName, ExpiryBadge } from '#app/components/clients/client-bits.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { requireUser } from '#app/modules/auth/auth.server.ts'
import { listVisibleClients } from '#app/modules/clients/clients.server.ts'
import { CLIENT_CATEGORY_LABELS, labelOf, supportLevelLabel, teamRoleLabel } from '#app/modules/clients/labels.ts'
import { parseClientSort, sortClients, type ClientSort } from '#app/modules/clients/summary.ts'
import { canGlobally, easyViewIsDefault } from '#app/policies/index.ts'
import clientStyles from '#app/styles/clients.css'
import { formatJpDate, formatJpMonth, todayJst } from '#app/utils/dates.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: clientStyles }]

export const meta: MetaFunction = () => [{ title: '担当利用者 | きずなプラン' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	const today = todayJst()
	const sort = parseClientSort(new URL(request.url).searchParams.get('sort'))
	const clients = sortClients(await listVisibleClients(current.actor, today), sort)
	// A 本人 account has one case: its home is that case's わかりやすい表示 (issue #13).
	if (current.user.role === 'client_self' && clients.length === 1) throw redirect(`/clients/${clients[0].id}/easy`)
	return json({
		easyByDefault: easyViewIsDefault(current.user.role),
		today,
		sort,
		clients,
		role: current.user.role,
		canCreate: canGlobally(current.actor, 'client.create'),
		canManageAccounts: canGlobally(current.actor, 'account.manage'),
	})
}

const SORT_LABELS: Record<ClientSort, string> = {
	name: 'ふりがな順',
	renewal: '更新月が近い順',
	expiry: '支給決定期間の終了が近い順',
	monitoring: 'モニタリングが近い順',
}

function SortHeader({ sort, current, children }: { sort: ClientSort; current: ClientSort; children: string }) {
	const active = sort === current
	return (
		<th scope="col" aria-sort={active ? 'ascending' : undefined}>
			<Link className="sort-link" to={sort === 'name' ? '/' : `/?sort=${sort}`} aria-label={`${children}（${SORT_LABELS[sort]}に並べ替え）`}>
				{children}
			</Link>
		</th>
	)
}

function EmptyState({ role, canCreate, canManageAccounts }: { role: string; canCreate: boolean; canManageAccounts: boolean }) {
	if (role === 'admin') {
		return (
			<div className="empty-state" data-testid="clients-empty">
				<p>管理者は利用者の情報を閲覧できません。</p>
				{canManageAccounts ? (
					<p>
						<Link to="/admin/users">アカウント管理へ</Link>
					</p>
				) : null}
			</div>
		)
	}
	if (canCreate) {
		return (
			<div className="empty-state" data-testid="clients-empty">
				<p>担当している利用者はまだいません。</p>
				<p>
					<Link className="button primary" to="/clients/new">
						新規利用者登録
					</Link>
				</p>
			</div>
		)
	}
	return (
		<div className="empty-state" data-testid="clients-empty">
			<p>参加しているケアチームはまだありません。</p>
			<p>相談支援専門員があなたをチームに追加すると、ここに利用者が表示されます。</p>
		</div>
	)
}

export default function Dashboard() {
	const { clients, today, sort, role, canCreate, canManageAccounts, easyByDefault } = useLoaderData<typeof loader>()
	return (
		<>
			<div className="page-header">
				<div>
					<h1>担当利用者</h1>
					<p className="muted">本日 {formatJpDate(today)} 時点でケアチームに参加している利用者です。</p>
				</div>
				{canCreate ? (
					<Link className="button primary" to="/clients/new">
						新規利用者登録
					</Link>
				) : null}
			</div>

			{clients.length === 0 ? (
				<EmptyState role={role} canCreate={canCreate} canManageAccounts={canManageAccounts} />
			) : (
				<>
					<nav className="sort-bar" aria-label="並べ替え">
						<span className="muted">並べ替え:</span>
						{(Object.keys(SORT_LABELS) as ClientSort[]).map((s) => (
							<Link key={s} to={s === 'name' ? '/' : `/?sort=${s}`} aria-current={s === sort ? 'true' : undefined}>
								{SORT_LABELS[s]}
							</Link>
						))}
					</nav>
					<div className="table-wrap">
						<table className="data" data-testid="client-table">
							<caption className="visually-hidden">担当利用者（{SORT_LABELS[sort]}）</caption>
							<thead>
								<tr>
									<SortHeader sort="name" current={sort}>
										氏名
									</SortHeader>
									<th scope="col" className="num">
										年齢
									</th>
									<th scope="col">成人・児童</th>
									<th scope="col">障害支援区分</th>
									<SortHeader sort="expiry" current={sort}>
										支給決定期間の終了
									</SortHeader>
									<SortHeader sort="renewal" current={sort}>
										次の更新月
									</SortHeader>
									<SortHeader sort="monitoring" current={sort}>
										次のモニタリング
									</SortHeader>
									<th scope="col">チームでの役割</th>
								</tr>
							</thead>
							<tbody>
								{clients.map((c) => (
									<tr key={c.id} data-testid="client-row">
										<td>
											<Link to={easyByDefault ? `/clients/${c.id}/easy` : `/clients/${c.id}`}>
												<ClientName {...c} />
											</Link>
											{c.closed ? <span className="badge">終結</span> : null}
										</td>
										<td className="num">{c.age}歳</td>
										<td>{labelOf(CLIENT_CATEGORY_LABELS, c.category)}</td>
										<td>{supportLevelLabel(c.category, c.supportLevel)}</td>
										<td>
											{c.certificate ? (
												<>
													<span className="nowrap">{formatJpDate(c.certificate.decisionEnd)}</span>{' '}
													<ExpiryBadge decisionEnd={c.certificate.decisionEnd} today={today} />
												</>
											) : c.canViewCertificate ? (
												<span className="badge info">受給者証未登録</span>
											) : (
												<span className="muted">—</span>
											)}
										</td>
										<td className="nowrap">{formatJpMonth(c.nextRenewalMonth)}</td>
										<td className="nowrap">
											{c.certificate?.nextMonitoringMonth ? formatJpMonth(c.certificate.nextMonitoringMonth) : <span className="muted">—</span>}
										</td>
										<td>{teamRoleLabel(c.teamRole)}</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
					<p className="muted">
						更新月は誕生月（年1回の更新手続き）です。支給決定期間の終了が60日以内の方には「あと○日」を表示しています。
					</p>
				</>
			)}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
