import { useLocation } from '@remix-run/react'
import { useUnsavedWarning } from '#app/components/unsaved-changes.tsx'
import type { CloseNotice } from './close-reasons.ts'
import type { PresentUser } from './presence.ts'
import { CONNECTION_LABELS, SAVE_STATE_LABELS, type ConnectionState, type SaveState } from './save-state.ts'

/*
 * The status bits every co-edited page shows (保存状態, 接続状態, 参加中, notices). They live apart
 * from the Tiptap editor (collab-editor.client.tsx) so that the form documents — plan, ISP,
 * monitoring, assessment — do not pull Tiptap and ProseMirror into their scripts (decision 0024).
 */

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

/** Warns before the tab closes or the app navigates away while edits are not stored. */
export { useUnsavedWarning }
