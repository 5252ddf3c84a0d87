import { useEffect, useState, type ReactNode } from 'react'
import type * as Y from 'yjs'
import { DocumentStatusBar, useDocumentSession } from '#app/editor/document-session.client.tsx'
import type { CollabSession } from '#app/editor/use-collaboration.client.ts'
import { todayJst } from '#app/utils/dates.ts'
import { FieldPresenceProvider, UndoButtons, useDocumentUndo } from '../bindings/index.client.ts'
import { applyTemplate, readDocument, readMeta, setMeta, TEMPLATE_ORIGIN, type DocumentSnapshot, type FieldTemplate } from '../structure.ts'
import { COMMON_META } from './definitions.ts'

/**
 * The live session around one structured form of this folder: status line (save state,
 * connection, who is here), the form's field template applied by writers once in sync, and
 * field-level presence. Browser only: render it inside <ClientOnly>.
 */
export function FormSession({
	docName,
	access,
	user,
	fieldKeys,
	children,
}: {
	docName: string
	access: 'read' | 'write'
	user: { id: string; name: string; role: string }
	/** the field keys (generation 0) or every generation of the kind's template */
	fieldKeys: readonly string[] | FieldTemplate
	/** the live session is passed too, for pages that also listen to its topics or awareness */
	children: (doc: Y.Doc, writable: boolean, session: CollabSession) => ReactNode
}) {
	const collab = useDocumentSession({ docName, access, user })
	const { writable } = collab
	const [ready, setReady] = useState(false)
	const doc = collab.session?.doc ?? null
	const undo = useDocumentUndo(doc, writable)

	// Fields are created by the shared template only after the first sync, so a writer never
	// races the stored document (see templateUpdate in structure.ts).
	useEffect(() => {
		if (!doc) return
		if (collab.connection === 'online') {
			if (writable) {
				applyTemplate(doc, fieldKeys)
				// 作成日 starts as the day the first writer opened the document; it stays editable.
				if (readMeta(doc, COMMON_META.createdOn) === null) doc.transact(() => setMeta(doc, COMMON_META.createdOn, todayJst()), TEMPLATE_ORIGIN)
			}
			setReady(true)
		}
	}, [doc, collab.connection, writable, fieldKeys])

	return (
		<section ref={undo.containerRef} className="collab-form" aria-label="文書の共同編集" data-testid="structured-form" data-ready={ready ? 'true' : 'false'}>
			<DocumentStatusBar session={collab}>{writable ? <UndoButtons undo={undo} /> : null}</DocumentStatusBar>
			{doc && ready && collab.session ? (
				<FieldPresenceProvider awareness={collab.session.provider.awareness}>{children(doc, writable, collab.session)}</FieldPresenceProvider>
			) : (
				<div className="document-loading" aria-busy="true">
					<p className="muted">文書を読み込んでいます…</p>
				</div>
			)}
		</section>
	)
}

/** The whole document as plain data, refreshed (throttled) on every change: for print sheets and grids. */
export function useDocumentSnapshot(doc: Y.Doc, throttleMs = 120): DocumentSnapshot {
	const [snapshot, setSnapshot] = useState(() => readDocument(doc))
	useEffect(() => {
		let timer: ReturnType<typeof setTimeout> | null = null
		const refresh = () => {
			timer = null
			setSnapshot(readDocument(doc))
		}
		const onUpdate = () => {
			if (!timer) timer = setTimeout(refresh, throttleMs)
		}
		refresh()
		doc.on('update', onUpdate)
		return () => {
			doc.off('update', onUpdate)
			if (timer) clearTimeout(timer)
		}
	}, [doc, throttleMs])
	return snapshot
}
