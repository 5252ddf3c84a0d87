import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, useLoaderData, useNavigation } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { formatJstDateTime } from '#app/utils/dates.ts'
import { audit } from '#app/modules/audit/audit.server.ts'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { listNotifications, markAllNotificationsRead, markNotificationRead } from '#app/modules/notifications/notifications.server.ts'
export const meta: MetaFunction = () => [{ title: '通知 | きずなプラン' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	return json({ notifications: await listNotifications(current.actor) })
}

/** intent=open (read, then go there) | read | read-all */
export async function action({ request }: ActionFunctionArgs) {
	const current = await requireUser(request)
	const form = await request.formData()
	const intent = form.get('intent')
	if (intent === 'read-all') {
		const count = await markAllNotificationsRead(current.actor)
		await audit({ action: 'notification.read', userId: current.user.id, ipAddress: clientIp(request), detail: { all: true, count } })
		return redirect('/notifications')
	}
	if (intent === 'open' || intent === 'read') {
		const id = String(form.get('id') ?? '')
		const href = await markNotificationRead(current.actor, id)
		if (!href) throw json({ error: 'not_found', message: '通知が見つかりません' }, { status: 404 })
		await audit({ action: 'notification.read', userId: current.user.id, ipAddress: clientIp(request), target: `notification:${id}`, detail: { count: 1 } })
		return redirect(intent === 'open' ? href : '/notifications')
	}
	throw json({ error: 'bad_request', message: '不明な操作です' }, { status: 400 })
}

export default function NotificationsPage() {
	const { notifications } = useLoaderData<typeof loader>()
	const navigation = useNavigation()
	const busy = navigation.state !== 'idle'
	const unread = notifications.filter((n) => !n.read).length
	return (
		<>
			<div className="page-header">
				<h1>通知</h1>
				{unread > 0 ? (
					<Form method="post">
						<input type="hidden" name="intent" value="read-all" />
						<button type="submit" className="button small" disabled={busy} data-testid="read-all">
							すべて既読にする
						</button>
					</Form>
				) : null}
			</div>
			{notifications.length === 0 ? (
				<p className="empty-state" data-testid="notifications-empty">
					通知はありません。メンションされたときや、あなたのコメントに返信があったときにここに表示されます。
				</p>
			) : (
				<ul className="notification-list" data-testid="notification-list">
					{notifications.map((n) => (
						<li key={n.id} className={`notification${n.read ? '' : ' notification--unread'}`} data-testid="notification" data-kind={n.kind}>
							<div className="notification__head">
								{n.read ? null : <span className="badge info">未読</span>}
								<strong>{n.label}</strong>
								<span className="muted">
									{n.clientName} さん{n.documentTitle ? `・${n.documentTitle}` : ''}
								</span>
								<time className="muted notification__time" dateTime={n.createdAt}>
									{formatJstDateTime(n.createdAt)}
								</time>
							</div>
							<p className="notification__excerpt">
								{n.actorName ? <span className="notification__actor">{n.actorName}：</span> : null}
								{n.excerpt || <span className="muted">（削除されたコメント）</span>}
							</p>
							<div className="notification__actions">
								<Form method="post">
									<input type="hidden" name="id" value={n.id} />
									<button type="submit" name="intent" value="open" className="button small primary" disabled={busy}>
										{n.commentId ? 'コメントを開く' : '開く'}
									</button>
									{n.read ? null : (
										<button type="submit" name="intent" value="read" className="button small" disabled={busy}>
											既読にする
										</button>
									)}
								</Form>
							</div>
						</li>
					))}
				</ul>
			)}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
