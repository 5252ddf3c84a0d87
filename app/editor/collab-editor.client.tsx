import { EditorContent, useEditor } from '@tiptap/react'
import { useEffect, useRef } from 'react'
import { DocumentStatusBar, useDocumentSession } from './document-session.client.tsx'
import { buildExtensions } from './extensions.ts'
import { ReadOnlyGuard } from './read-only-guard.ts'
import { EditorToolbar } from './toolbar.client.tsx'
import type { CollabSession, LocalUser } from './use-collaboration.client.ts'

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
	const session = useDocumentSession({ docName, access, user })
	return (
		<section className="collab-editor" aria-label="文書の共同編集">
			<DocumentStatusBar session={session} />
			{session.session ? (
				<LiveEditor key={docName} session={session.session} user={session.localUser} writable={session.writable} readOnly={session.effectiveAccess === 'read'} />
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
