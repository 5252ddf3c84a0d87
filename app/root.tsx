import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { GeneralErrorBoundary } from './components/error-boundary.tsx'
import { SkipLink } from './components/skip-link.tsx'
import { UnsavedNavigationGuard } from './components/unsaved-changes.tsx'
import { ClientOnly } from './editor/client-only.tsx'
import { EmergencyAccessBanner } from './components/hub/emergency-banner.tsx'
import { getCurrentUser } from './modules/auth/auth.server.ts'
import { activeGrantsOf } from './modules/hub/break-glass.server.ts'
import { countUnread } from './modules/notifications/notifications.server.ts'
import { canGlobally, isHubStaff } from './policies/index.ts'
import { ROLE_LABELS } from './policies/roles.ts'
import appStyles from './styles/app.css'
import commentStyles from './styles/comments.css'
import hubStyles from './styles/hub.css'
import printStyles from './styles/print.css'
import { useNonce } from './utils/nonce.tsx'

export const links: LinksFunction = () => [
	{ rel: 'stylesheet', href: appStyles },
	// The comment margin appears on several pages (documents, meetings) and the header badge on all.
	{ rel: 'stylesheet', href: commentStyles },
	// 地域生活支援拠点 pages and the red break-glass banner shown on every page.
	{ rel: 'stylesheet', href: hubStyles },
	{ rel: 'stylesheet', href: printStyles, media: 'print' },
]

export const meta: MetaFunction = () => [{ title: 'きずなプラン' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const current = await getCurrentUser(request)
	return json({
		user: current
			? {
					id: current.user.id,
					displayName: current.user.displayName,
					role: current.user.role,
					roleLabel: ROLE_LABELS[current.user.role],
					canManageAccounts: canGlobally(current.actor, 'account.manage'),
					canViewAudit: canGlobally(current.actor, 'audit.view'),
					canViewSubmissions: canGlobally(current.actor, 'submissions.view'),
					canViewDashboard: canGlobally(current.actor, 'dashboard.view'),
					unreadNotifications: await countUnread(current.actor),
					// 地域生活支援拠点 (issue #12): hub staff's menu, the manager's review queue, the red banner.
					hubRole: isHubStaff(current.actor) ? current.user.role : null,
					reviewsEmergencyAccess: current.user.role === 'office_manager',
					emergencyGrants: isHubStaff(current.actor) ? await activeGrantsOf(current.user.id) : [],
				}
			: null,
	})
}


/** The signed-in user's summary from the root loader (null when signed out). */
export function useOptionalUser() {
	const data = useRouteLoaderData<typeof loader>('root')
	return data?.user ?? null
}

function Document({ children }: { children: ReactNode }) {
	const nonce = useNonce()
	return (
		<html lang="ja">
			<head>
				<meta charSet="utf-8" />
				<meta name="viewport" content="width=device-width, initial-scale=1" />
				<Meta />
				<Links />
			</head>
			<body>
				{children}
				<ScrollRestoration nonce={nonce} />
				<Scripts nonce={nonce} />
			</body>
		</html>
	)
}

function Header() {
	const user = useOptionalUser()
	return (
		<header className="site-header">
			<SkipLink />
			<Link to="/" className="brand">
				<span className="brand-mark" aria-hidden="true">
					絆
				</span>
				きずなプラン
			</Link>
			{user ? (
				<nav aria-label="メインメニュー" className="main-nav">
					<NavLink to="/" end>
						利用者一覧
					</NavLink>
					{user.canViewDashboard ? (
						<NavLink to="/dashboard" data-testid="nav-dashboard">
							ダッシュボード
						</NavLink>
					) : null}
					{user.canViewSubmissions ? (
						<NavLink to="/municipality" data-testid="nav-municipality">
							提出された計画
						</NavLink>
					) : null}
					{user.hubRole === 'hub_coordinator' ? (
						<NavLink to="/hub" data-testid="nav-hub">
							拠点 登録者
						</NavLink>
					) : null}
					{user.hubRole ? (
						<NavLink to="/emergency-access" data-testid="nav-emergency-access">
							緊急時アクセス
						</NavLink>
					) : null}
					{user.reviewsEmergencyAccess ? (
						<NavLink to="/emergency-access/review" data-testid="nav-emergency-review">
							緊急時アクセスの確認
						</NavLink>
					) : null}
					<NavLink to="/directory">事業所を探す</NavLink>
					{user.canManageAccounts ? <NavLink to="/admin/users">アカウント管理</NavLink> : null}
					{user.canViewAudit ? <NavLink to="/admin/audit">監査ログ</NavLink> : null}
					<NavLink to="/notifications" className="nav-notifications" data-testid="nav-notifications">
						通知
						{user.unreadNotifications > 0 ? (
							<span className="notification-badge" data-testid="unread-count">
								<span aria-hidden="true">{user.unreadNotifications > 99 ? '99+' : user.unreadNotifications}</span>
								<span className="visually-hidden">（未読{user.unreadNotifications}件）</span>
							</span>
						) : null}
					</NavLink>
					<NavLink to="/settings">アカウント設定</NavLink>
					<span className="current-user" data-testid="current-user">
						{user.displayName}
						<small>（{user.roleLabel}）</small>
					</span>
					<Form method="post" action="/logout">
						<button type="submit" className="button link">
							ログアウト
						</button>
					</Form>
				</nav>
			) : null}
		</header>
	)
}

export default function App() {
	const data = useLoaderData<typeof loader>()
	return (
		<Document>
			<Header />
			{data.user ? <EmergencyAccessBanner grants={data.user.emergencyGrants} /> : null}
			<main id="main" className="site-main" tabIndex={-1}>
				<Outlet />
				<ClientOnly>{() => <UnsavedNavigationGuard />}</ClientOnly>
			</main>
		</Document>
	)
}

export function ErrorBoundary() {
	return (
		<Document>
			<main id="main" className="site-main" tabIndex={-1}>
				<GeneralErrorBoundary />
			</main>
		</Document>
	)
}
