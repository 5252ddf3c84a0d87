import type { AnyExtension } from '@tiptap/core'
import { Collaboration } from '@tiptap/extension-collaboration'
import { CollaborationCaret } from '@tiptap/extension-collaboration-caret'
import { StarterKit } from '@tiptap/starter-kit'
import type * as Y from 'yjs'
import { isAllowedHref } from './links.ts'
import { safeColor, textColorOn } from './presence.ts'

/**
 * The one Tiptap extension list. The browser editor and the server (JSON / HTML / text
 * rendering) build their schema from it, so a node the editor cannot make is also a node
 * the server never renders.
 */

/**
 * Name of the Y.XmlFragment holding a document's body. It is Tiptap Collaboration's own
 * default (`field: 'default'`); we pass it explicitly so the server's schema guard and the
 * renderer cannot drift from the editor. A 'note' document has this one root and no other.
 */
export const DOCUMENT_FIELD = 'default'

/** Every root a document of each kind may contain (for the server's schema guard). */
export const DOCUMENT_ROOTS = { note: [DOCUMENT_FIELD] } as const

export const HEADING_LEVELS = [2, 3] as const

export const ALLOWED_NODES = [
	'doc',
	'paragraph',
	'text',
	'heading',
	'bulletList',
	'orderedList',
	'listItem',
	'blockquote',
	'hardBreak',
	'horizontalRule',
] as const

export const ALLOWED_MARKS = ['bold', 'italic', 'underline', 'strike', 'link'] as const

export const LINK_REL = 'noopener noreferrer nofollow'

export type CaretUser = { name: string; color: string; [key: string]: unknown }

export type CollaborationOptions = {
	document: Y.Doc
	/** anything with `.awareness` (y-websocket's WebsocketProvider) */
	provider: { awareness: unknown }
	user: CaretUser
}

export function buildExtensions(collaboration?: CollaborationOptions): AnyExtension[] {
	const extensions: AnyExtension[] = [
		StarterKit.configure({
			// Collaboration brings its own per-user undo; the plain history would undo others' typing.
			undoRedo: false,
			code: false,
			codeBlock: false,
			// Appending a trailing paragraph is a write: every client (even a reader) would make one.
			trailingNode: false,
			heading: { levels: [...HEADING_LEVELS] },
			link: {
				openOnClick: false,
				autolink: true,
				linkOnPaste: true,
				defaultProtocol: 'https',
				HTMLAttributes: { rel: LINK_REL, target: '_blank', class: null },
				isAllowedUri: (url) => isAllowedHref(url),
				shouldAutoLink: (url) => isAllowedHref(url),
			},
		}),
	]
	if (collaboration) {
		extensions.push(
			Collaboration.configure({ document: collaboration.document, field: DOCUMENT_FIELD }),
			CollaborationCaret.configure({ provider: collaboration.provider, user: collaboration.user, render: renderCaret }),
		)
	}
	return extensions
}

/**
 * Another person's caret with their name. Names come from awareness (the server puts the
 * session's display name there) and are inserted as text, never as markup.
 */
function renderCaret(user: Record<string, unknown>): HTMLElement {
	const color = safeColor(user.color)
	const caret = document.createElement('span')
	caret.classList.add('collaboration-carets__caret')
	caret.style.borderColor = color
	const label = document.createElement('div')
	label.classList.add('collaboration-carets__label')
	label.style.backgroundColor = color
	label.style.color = textColorOn(color)
	label.textContent = typeof user.name === 'string' ? user.name.slice(0, 80) : ''
	caret.append(label)
	return caret
}
