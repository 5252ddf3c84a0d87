import { useLocation, useRevalidator } from '@remix-run/react'
import { useEffect, useMemo, type ReactNode } from 'react'
import { useUnsavedWarning } from '#app/components/unsaved-changes.tsx'
import type { CloseNotice } from './close-reasons.ts'
import { colorForUser, type PresentUser } from './presence.ts'
import { CONNECTION_LABELS, SAVE_STATE_LABELS, type ConnectionState, type SaveState } from './save-state.ts'
import { useCollaboration, type CollaborationState, type LocalUser } from './use-collaboration.client.ts'

/**
 * The glue every co-edited document needs around its live session, written once: the
 * connection (use-collaboration), the access that counts (the server has the last word for
 * this connection), reloading the page's data when server and page disagree about access,
 * and the warning before leaving with unsaved edits. Browser only.
 */

export type DocumentSessionOptions = {
	docName: string
	/** the access the page's loader decided */
	access: 'read' | 'write'
	user: { id: string; name: string; role: string }
}

export type DocumentSession = CollaborationState & {
	localUser: LocalUser
	/** the page's access, lowered to read when the server says so for this connection */
	effectiveAccess: 'read' | 'write'
	/** may edit now: write access and no close notice that stops editing */
	writable: boolean
	revalidate: () => void
}

export function useDocumentSession({ docName, access, user }: DocumentSessionOptions): DocumentSession {
	const revalidator = useRevalidator()
	const localUser = useMemo<LocalUser>(() => ({ ...user, color: colorForUser(user.id) }), [user])
	const collab = useCollaboration({
		docName,
		user: localUser,
		// 4205: our access changed. The loader tells us the new one (or 404s if it is gone).
		onAccessChanged: () => revalidator.revalidate(),
	})
	const effectiveAccess = access === 'write' && collab.serverAccess !== 'read' ? 'write' : 'read'
	const writable = effectiveAccess === 'write' && !collab.notice?.stopsEditing
	const unsaved = access === 'write' && (collab.saveState === 'saving' || collab.saveState === 'unsaved')

	useEffect(() => {
		// Server and page disagree about our access: reload what the page knows.
		if (collab.serverAccess && collab.serverAccess !== access) revalidator.revalidate()
		// eslint-disable-next-line react-hooks/exhaustive-deps -- once per disagreement, not per revalidator state
	}, [collab.serverAccess, access])
	useUnsavedWarning(unsaved)

	return { ...collab, localUser, effectiveAccess, writable, revalidate: () => revalidator.revalidate() }
}

/** Shown the moment the connection drops after the document was open and in sync. */
export const OFFLINE_MESSAGE = '接続が切れました — 変更はこの画面に残っています'

/**
 * The status bar above every document: 閲覧のみ or the save state (always in words, never a
 * colour alone), the connection, who is here, page-specific tools (`children`), the close
 * notice, and the offline banner.
 */
export function DocumentStatusBar({ session, children }: { session: DocumentSession; children?: ReactNode }) {
	return (
		<>
			<div className="collab-status no-print">
				{session.effectiveAccess === 'read' ? (
					<span className="badge info read-only-badge" data-testid="read-only-badge">
						閲覧のみ
					</span>
				) : (
					<SaveIndicator state={session.saveState} />
				)}
				<ConnectionIndicator state={session.connection} />
				<PresenceList presence={session.presence} />
				{children}
			</div>
			{session.connection === 'offline' ? (
				<div className="alert warning no-print" role="alert" data-testid="offline-banner">
					<p>
						{OFFLINE_MESSAGE}
						{session.effectiveAccess === 'write' ? '。編集を続けられます。接続が戻ると自動で保存されます。' : '。接続が戻ると最新の内容を表示します。'}
					</p>
				</div>
			) : null}
			{session.notice ? <Notice notice={session.notice} onRetry={session.reconnect} /> : null}
		</>
	)
}

export function SaveIndicator({ state }: { state: SaveState }) {
	return (
		<span className={`save-state save-state--${state}`} role="status" aria-live="polite" data-testid="save-state" data-state={state}>
			<span className="save-state__dot" aria-hidden="true" />
			{SAVE_STATE_LABELS[state]}
		</span>
	)
}

export function ConnectionIndicator({ state }: { state: ConnectionState }) {
	// "Online" is the normal case; only say something when it is not.
	if (state === 'online') {
		return (
			<span className="connection-state connection-state--online" data-testid="connection-state" data-state={state}>
				<span className="visually-hidden">{CONNECTION_LABELS.online}</span>
			</span>
		)
	}
	return (
		<span className={`connection-state connection-state--${state}`} role="status" data-testid="connection-state" data-state={state}>
			{state === 'offline' ? 'オフライン（再接続を試みています）' : CONNECTION_LABELS[state]}
		</span>
	)
}

export function PresenceList({ presence }: { presence: PresentUser[] }) {
	if (presence.length === 0) return null
	return (
		<div className="presence" data-testid="presence">
			<span className="presence__label">参加中</span>
			<ul aria-label="この文書を開いている人">
				{presence.map((person) => (
					<li key={person.key} className="presence__person" data-testid="presence-person">
						<span className="presence__swatch" style={{ backgroundColor: person.color }} aria-hidden="true" />
						<span className="presence__name">{person.name}</span>
						{person.roleLabel ? <small className="presence__role">（{person.roleLabel}）</small> : null}
						{person.isSelf ? <small className="presence__self">あなた</small> : null}
					</li>
				))}
			</ul>
		</div>
	)
}

export function Notice({ notice, onRetry }: { notice: CloseNotice; onRetry: () => void }) {
	const location = useLocation()
	const loginHref = `/login?${new URLSearchParams({ redirectTo: `${location.pathname}${location.search}` })}`
	return (
		<div className={`alert ${notice.tone === 'error' ? 'error' : 'warning'} no-print`} role="alert" data-testid="collab-notice" data-code={notice.code}>
			<p>{notice.message}</p>
			{notice.login || notice.retry ? (
				<p className="button-row">
					{notice.login ? (
						<a className="button small primary" href={loginHref}>
							ログイン画面へ
						</a>
					) : null}
					{notice.retry ? (
						<button type="button" className="button small" onClick={onRetry}>
							再接続
						</button>
					) : null}
				</p>
			) : null}
		</div>
	)
}
