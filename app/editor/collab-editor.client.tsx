import { useLocation, useRevalidator } from '@remix-run/react'
import { useUnsavedWarning } from '#app/components/unsaved-changes.tsx'
import { EditorContent, useEditor } from '@tiptap/react'
import { useEffect, useMemo, useRef } from 'react'
import { buildExtensions } from './extensions.ts'
import { colorForUser, type PresentUser } from './presence.ts'
import { ReadOnlyGuard } from './read-only-guard.ts'
import { CONNECTION_LABELS, SAVE_STATE_LABELS, type ConnectionState, type SaveState } from './save-state.ts'
import { EditorToolbar } from './toolbar.client.tsx'
import { useCollaboration, type CollabSession, type LocalUser } from './use-collaboration.client.ts'
import type { CloseNotice } from './close-reasons.ts'

/**
 * The co-editing view of one document: status line (save state, connection, who is here),
 * toolbar for writers and the Tiptap editor bound to the shared Y.Doc. Browser only: render
 * it inside <ClientOnly>.
 */

export type CollabEditorProps = {
	docName: string
	access: 'read' | 'write'
	user: { id: string; name: string; role: string }
}

export function CollabEditor({ docName, access, user }: CollabEditorProps) {
	const revalidator = useRevalidator()
	const localUser = useMemo<LocalUser>(() => ({ ...user, color: colorForUser(user.id) }), [user])
	const collab = useCollaboration({
		docName,
		user: localUser,
		// 4205: our access changed. The loader tells us the new one (or 404s if it is gone).
		onAccessChanged: () => revalidator.revalidate(),
	})
	// The server has the last word for this connection; the page's access may be older.
	const effectiveAccess = access === 'write' && collab.serverAccess !== 'read' ? 'write' : 'read'
	const stopped = Boolean(collab.notice?.stopsEditing)
	const writable = effectiveAccess === 'write' && !stopped
	const unsaved = access === 'write' && (collab.saveState === 'saving' || collab.saveState === 'unsaved')

	useEffect(() => {
		// Server and page disagree about our access: reload what the page knows.
		if (collab.serverAccess && collab.serverAccess !== access) revalidator.revalidate()
		// eslint-disable-next-line react-hooks/exhaustive-deps -- once per disagreement, not per revalidator state
	}, [collab.serverAccess, access])

	useUnsavedWarning(unsaved)

	return (
		<section className="collab-editor" aria-label="文書の共同編集">
			<div className="collab-status no-print">
				{effectiveAccess === 'read' ? (
					<span className="badge info read-only-badge" data-testid="read-only-badge">
						閲覧のみ
					</span>
				) : (
					<SaveIndicator state={collab.saveState} />
				)}
				<ConnectionIndicator state={collab.connection} />
				<PresenceList presence={collab.presence} />
			</div>
			{collab.notice ? <Notice notice={collab.notice} onRetry={collab.reconnect} /> : null}
			{collab.session ? (
				<LiveEditor key={docName} session={collab.session} user={localUser} writable={writable} readOnly={effectiveAccess === 'read'} />
			) : (
				<div className="document-body document-loading" aria-busy="true">
					<p className="muted">文書を読み込んでいます…</p>
				</div>
			)}
		</section>
	)
}

function LiveEditor({ session, user, writable, readOnly }: { session: CollabSession; user: LocalUser; writable: boolean; readOnly: boolean }) {
	const writableRef = useRef(writable)
	writableRef.current = writable
	const editor = useEditor(
		{
			extensions: [
				...buildExtensions({ document: session.doc, provider: session.provider, user: { name: user.name, color: user.color } }),
				ReadOnlyGuard.configure({ canWrite: () => writableRef.current }),
			],
			editable: writable,
			editorProps: {
				attributes: {
					class: 'document-body',
					role: 'textbox',
					'aria-multiline': 'true',
					'aria-label': '文書本文',
					'aria-readonly': String(!writable),
					'data-testid': 'document-editor',
				},
			},
		},
		[session],
	)

	useEffect(() => {
		if (!editor || editor.isDestroyed) return
		editor.setEditable(writable, false)
		editor.view.dom.setAttribute('aria-readonly', String(!writable))
	}, [editor, writable])

	if (!editor) return null
	return (
		<>
			{writable ? <EditorToolbar editor={editor} /> : null}
			{readOnly ? (
				<p className="visually-hidden" id="read-only-note">
					この文書は閲覧のみです。編集はできません。
				</p>
			) : null}
			<EditorContent editor={editor} className="document-frame" />
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

/** Warns before the tab closes or the app navigates away while edits are not stored. */
/** Re-exported for the document components that import it from here. */
export { useUnsavedWarning }
