import { useRevalidator } from '@remix-run/react'
import { useUnsavedWarning } from '#app/components/unsaved-changes.tsx'
import { ConnectionIndicator, Notice, PresenceList, SaveIndicator } from './session-status.client.tsx'
import { EditorContent, useEditor } from '@tiptap/react'
import { useEffect, useMemo, useRef } from 'react'
import { buildExtensions } from './extensions.ts'
import { colorForUser } from './presence.ts'
import { ReadOnlyGuard } from './read-only-guard.ts'
import { EditorToolbar } from './toolbar.client.tsx'
import { useCollaboration, type CollabSession, type LocalUser } from './use-collaboration.client.ts'

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

/** Re-exported for the document components that import them from here. */
export { ConnectionIndicator, Notice, PresenceList, SaveIndicator, useUnsavedWarning }
