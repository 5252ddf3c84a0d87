import { useRevalidator } from '@remix-run/react'
import { useEffect, useMemo, useState, type ReactNode } from 'react'
import type * as Y from 'yjs'
import { ConnectionIndicator, Notice, PresenceList, SaveIndicator, useUnsavedWarning } from '#app/editor/session-status.client.tsx'
import { colorForUser } from '#app/editor/presence.ts'
import { useCollaboration, type CollabSession, type LocalUser } from '#app/editor/use-collaboration.client.ts'
import { todayJst } from '#app/utils/dates.ts'
import { FieldPresenceProvider } from '../bindings.client.tsx'
import { applyTemplate, readDocument, readMeta, setMeta, type DocumentSnapshot, type FieldTemplate } from '../structure.ts'
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
	const revalidator = useRevalidator()
	const localUser = useMemo<LocalUser>(() => ({ ...user, color: colorForUser(user.id) }), [user])
	const collab = useCollaboration({ docName, user: localUser, onAccessChanged: () => revalidator.revalidate() })
	const effectiveAccess = access === 'write' && collab.serverAccess !== 'read' ? 'write' : 'read'
	const writable = effectiveAccess === 'write' && !collab.notice?.stopsEditing
	const unsaved = access === 'write' && (collab.saveState === 'saving' || collab.saveState === 'unsaved')
	const [ready, setReady] = useState(false)
	const doc = collab.session?.doc ?? null

	// Fields are created by the shared template only after the first sync, so a writer never
	// races the stored document (see templateUpdate in structure.ts).
	useEffect(() => {
		if (!doc) return
		if (collab.connection === 'online') {
			if (writable) {
				applyTemplate(doc, fieldKeys)
				// 作成日 starts as the day the first writer opened the document; it stays editable.
				if (readMeta(doc, COMMON_META.createdOn) === null) setMeta(doc, COMMON_META.createdOn, todayJst())
			}
			setReady(true)
		}
	}, [doc, collab.connection, writable, fieldKeys])

	useEffect(() => {
		if (collab.serverAccess && collab.serverAccess !== access) revalidator.revalidate()
		// eslint-disable-next-line react-hooks/exhaustive-deps -- once per disagreement, not per revalidator state
	}, [collab.serverAccess, access])
	useUnsavedWarning(unsaved)

	return (
		<section className="collab-form" aria-label="文書の共同編集" data-testid="structured-form" data-ready={ready ? 'true' : 'false'}>
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
