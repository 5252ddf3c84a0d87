import { getSchema } from '@tiptap/core'
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap'
import * as Y from 'yjs'
import { describe, expect, test } from 'vitest'
import { FIELDS_ROOT, META_ROOT, ROWS_ROOT } from '#app/document-forms/structure.ts'
import { ALLOWED_MARKS, ALLOWED_NODES, buildExtensions, DOCUMENT_FIELD } from '#app/editor/extensions.ts'
import { DOCUMENT_SCHEMAS } from './document-schema.ts'
import { validateUpdate } from './validate-update.ts'

const MAX = 2 * 1024 * 1024
const note = DOCUMENT_SCHEMAS.note

/** A document using every node and mark of the editor, stored the way the editor stores it (y-tiptap). */
const EVERYTHING = {
	type: 'doc',
	content: [
		{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: '目標' }] },
		{
			type: 'paragraph',
			content: [
				{ type: 'text', text: '太字', marks: [{ type: 'bold' }] },
				{ type: 'text', text: '斜体', marks: [{ type: 'italic' }] },
				{ type: 'text', text: '下線', marks: [{ type: 'underline' }] },
				{ type: 'text', text: '取消', marks: [{ type: 'strike' }] },
				{ type: 'text', text: 'リンク', marks: [{ type: 'link', attrs: { href: 'https://example.jp' } }] },
				{ type: 'hardBreak' },
				{ type: 'text', text: '次の行' },
			],
		},
		{ type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: '項目' }] }] }] },
		{ type: 'orderedList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: '手順' }] }] }] },
		{ type: 'blockquote', content: [{ type: 'paragraph', content: [{ type: 'text', text: '引用' }] }] },
		{ type: 'horizontalRule' },
	],
}

function editorUpdate(json: unknown): Uint8Array {
	return Y.encodeStateAsUpdate(prosemirrorJSONToYDoc(getSchema(buildExtensions()), json, DOCUMENT_FIELD))
}

describe('the websocket guard accepts exactly what the editor can produce', () => {
	test('the fixture uses every node and mark the editor has', () => {
		const used = JSON.stringify(EVERYTHING)
		for (const name of [...ALLOWED_NODES, ...ALLOWED_MARKS]) expect(used, name).toContain(`"type":"${name}"`)
	})

	test('an update written by the editor, with every node and mark, is accepted', () => {
		expect(validateUpdate(editorUpdate(EVERYTHING), note, MAX)).toMatchObject({ ok: true, empty: false })
	})

	test('an update with a node the editor cannot produce is refused', () => {
		// A code block is a real Tiptap node, switched off in the editor (StarterKit codeBlock: false).
		const withCodeBlock = new Y.Doc()
		const block = new Y.XmlElement('codeBlock')
		block.insert(0, [new Y.XmlText('rm -rf /')])
		withCodeBlock.getXmlFragment(DOCUMENT_FIELD).insert(0, [block])
		expect(validateUpdate(Y.encodeStateAsUpdate(withCodeBlock), note, MAX)).toEqual({ ok: false, reason: 'bad-node-name' })
		for (const name of ['image', 'table', 'iframe', 'doc', 'text']) {
			const doc = new Y.Doc()
			doc.getXmlFragment(DOCUMENT_FIELD).insert(0, [new Y.XmlElement(name)])
			expect(validateUpdate(Y.encodeStateAsUpdate(doc), note, MAX), name).toEqual({ ok: false, reason: 'bad-node-name' })
		}
	})

	test('an update with a mark the editor cannot produce is refused, also in its overlapping form', () => {
		for (const key of ['code', 'highlight', 'comment--q1w2e3+/=']) {
			const doc = new Y.Doc()
			const paragraph = new Y.XmlElement('paragraph')
			const text = new Y.XmlText()
			paragraph.insert(0, [text])
			doc.getXmlFragment(DOCUMENT_FIELD).insert(0, [paragraph])
			text.insert(0, '本文', { [key]: true })
			expect(validateUpdate(Y.encodeStateAsUpdate(doc), note, MAX), key).toEqual({ ok: false, reason: 'mark-not-allowed' })
		}
	})

	test('roots: a note has only the editor field; a structured form only its three maps', () => {
		const other = new Y.Doc()
		other.getXmlFragment('body').insert(0, [new Y.XmlElement('paragraph')])
		expect(validateUpdate(Y.encodeStateAsUpdate(other), note, MAX)).toEqual({ ok: false, reason: 'root-not-allowed' })
		expect(Object.keys(DOCUMENT_SCHEMAS.plan.roots).sort()).toEqual([FIELDS_ROOT, META_ROOT, ROWS_ROOT].sort())
		expect(validateUpdate(editorUpdate(EVERYTHING), DOCUMENT_SCHEMAS.plan, MAX)).toEqual({ ok: false, reason: 'root-not-allowed' })
	})
})
