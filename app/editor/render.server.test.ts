import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap'
import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { DOCUMENT_FIELD } from './extensions.ts'
import { documentSchema, renderDocument, sanitizeDocument } from './render.server.ts'

function docWith(build: (fragment: Y.XmlFragment) => void): Y.Doc {
	const doc = new Y.Doc()
	build(doc.getXmlFragment(DOCUMENT_FIELD))
	return doc
}

function paragraph(...children: Array<Y.XmlText | Y.XmlElement>): Y.XmlElement {
	const el = new Y.XmlElement('paragraph')
	el.insert(0, children)
	return el
}

function text(value: string, attributes?: Record<string, unknown>): Y.XmlText {
	const t = new Y.XmlText()
	t.insert(0, value, attributes)
	return t
}

const sampleJSON = {
	type: 'doc',
	content: [
		{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: '支援の方針' }] },
		{
			type: 'paragraph',
			content: [
				{ type: 'text', text: '本人の' },
				{ type: 'text', text: '希望', marks: [{ type: 'bold' }] },
				{ type: 'text', text: 'を' },
				{ type: 'text', text: '尊重', marks: [{ type: 'link', attrs: { href: 'https://example.jp/a?b=1&c=2' } }] },
				{ type: 'hardBreak' },
				{ type: 'text', text: '<script>alert(1)</script>' },
			],
		},
		{
			type: 'bulletList',
			content: [
				{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: '通所' }] }] },
				{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: '余暇' }] }] },
			],
		},
		{ type: 'horizontalRule' },
		{ type: 'blockquote', content: [{ type: 'paragraph', content: [{ type: 'text', text: '母より' }] }] },
	],
}

describe('renderDocument', () => {
	test('round-trips an editor document through Yjs into JSON, text and HTML', () => {
		const doc = new Y.Doc()
		prosemirrorJSONToYXmlFragment(documentSchema(), sampleJSON, doc.getXmlFragment(DOCUMENT_FIELD))
		const rendered = renderDocument(Y.encodeStateAsUpdate(doc))
		expect(rendered.json.content?.map((n) => n.type)).toEqual(['heading', 'paragraph', 'bulletList', 'horizontalRule', 'blockquote'])
		expect(rendered.html).toBe(
			'<h2>支援の方針</h2>' +
				'<p>本人の<strong>希望</strong>を<a target="_blank" rel="noopener noreferrer nofollow" href="https://example.jp/a?b=1&amp;c=2">尊重</a><br>&lt;script&gt;alert(1)&lt;/script&gt;</p>' +
				'<ul><li><p>通所</p></li><li><p>余暇</p></li></ul>' +
				'<hr>' +
				'<blockquote><p>母より</p></blockquote>',
		)
		expect(rendered.text).toBe('支援の方針\n\n本人の希望を尊重\n<script>alert(1)</script>\n\n・通所\n・余暇\n\n母より')
	})

	test('accepts a live Y.Doc and stored update bytes alike, without changing the document', () => {
		const doc = docWith((f) => f.insert(0, [paragraph(text('こんにちは'))]))
		const before = Y.encodeStateAsUpdate(doc)
		expect(renderDocument(doc).html).toBe('<p>こんにちは</p>')
		expect(renderDocument([before]).html).toBe('<p>こんにちは</p>')
		expect(Y.encodeStateAsUpdate(doc)).toEqual(before)
	})

	test('a javascript: link survives neither into JSON nor into HTML; its text stays', () => {
		const doc = docWith((f) =>
			f.insert(0, [
				paragraph(
					text('押してね', { link: { href: 'javascript:alert(1)', target: null, rel: 'opener' } }),
					text(' / '),
					text('こちら', { link: { href: ' JaVaScRiPt:alert(1)' } }),
					text(' / '),
					text('データ', { link: { href: 'data:text/html,<script>alert(1)</script>' } }),
					text(' / '),
					text('タブ', { link: { href: 'java\tscript:alert(1)' } }),
				),
			]),
		)
		const rendered = renderDocument(doc)
		const serialized = JSON.stringify(rendered.json)
		expect(serialized).not.toMatch(/javascript/i)
		expect(serialized).not.toContain('data:')
		expect(serialized).not.toContain('"link"')
		expect(rendered.html).toBe('<p>押してね / こちら / データ / タブ</p>')
		expect(rendered.html).not.toContain('<a')
	})

	test('allowed links keep only safe attributes', () => {
		const doc = docWith((f) =>
			f.insert(0, [
				paragraph(
					text('メール', { link: { href: 'mailto:sodan@example.jp', rel: 'opener', class: 'button primary', onclick: 'x()' } }),
					text('相対', { link: { href: '/clients/client-sato-makoto', target: '_self' } }),
				),
			]),
		)
		const { html, json } = renderDocument(doc)
		expect(html).toBe(
			'<p><a target="_blank" rel="noopener noreferrer nofollow" href="mailto:sodan@example.jp">メール</a>' +
				'<a target="_blank" rel="noopener noreferrer nofollow" href="/clients/client-sato-makoto">相対</a></p>',
		)
		expect(JSON.stringify(json)).not.toContain('onclick')
		expect(JSON.stringify(json)).not.toContain('button primary')
	})

	test('unknown nodes and marks are dropped, unknown attributes ignored', () => {
		const script = new Y.XmlElement('script')
		script.insert(0, [text('alert(1)')])
		const iframe = new Y.XmlElement('iframe')
		iframe.setAttribute('src', 'https://evil.example')
		const image = new Y.XmlElement('image')
		image.setAttribute('src', 'x')
		image.setAttribute('onerror', 'alert(1)')
		const heading = new Y.XmlElement('heading')
		heading.setAttribute('level', '1' as unknown as string)
		heading.setAttribute('onclick', 'alert(1)')
		heading.insert(0, [text('見出し')])
		const codeBlock = new Y.XmlElement('codeBlock')
		codeBlock.insert(0, [text('code')])
		const doc = docWith((f) =>
			f.insert(0, [
				script,
				paragraph(text('本文', { bold: {}, code: {}, highlight: { color: 'red' } }), image),
				iframe,
				heading,
				codeBlock,
			]),
		)
		const { html, json, text: plain } = renderDocument(doc)
		expect(html).toBe('<p><strong>本文</strong></p><h2>見出し</h2>')
		expect(plain).toBe('本文\n\n見出し')
		const serialized = JSON.stringify(json)
		for (const bad of ['script', 'iframe', 'image', 'onerror', 'onclick', 'codeBlock', 'highlight', '"code"']) {
			expect(serialized).not.toContain(bad)
		}
		expect(json.content?.[1]).toEqual({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: '見出し' }] })
	})

	test('misplaced content is wrapped or dropped so the result is a valid document', () => {
		const node = sanitizeDocument({
			type: 'doc',
			content: [
				{ type: 'text', text: '裸のテキスト' },
				{ type: 'bulletList', content: [{ type: 'paragraph', content: [{ type: 'text', text: '項目' }] }] },
				{ type: 'orderedList', attrs: { start: 'x', type: '"><img src=x onerror=alert(1)>' }, content: [] },
				{ type: 'heading', attrs: { level: 9 }, content: [{ type: 'text', text: '大見出し' }] },
			],
		})
		node.check()
		expect(node.toJSON()).toEqual({
			type: 'doc',
			content: [
				{ type: 'paragraph', content: [{ type: 'text', text: '裸のテキスト' }] },
				{ type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: '項目' }] }] }] },
				{ type: 'orderedList', attrs: { start: 1, type: null }, content: [{ type: 'listItem', content: [{ type: 'paragraph' }] }] },
				{ type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: '大見出し' }] },
			],
		})
	})

	test('an empty or garbage document gives one empty paragraph', () => {
		expect(renderDocument(new Y.Doc())).toEqual({ json: { type: 'doc', content: [{ type: 'paragraph' }] }, text: '', html: '<p></p>' })
		expect(sanitizeDocument('nonsense').toJSON()).toEqual({ type: 'doc', content: [{ type: 'paragraph' }] })
		expect(sanitizeDocument({ type: 'doc', content: [{ type: '__proto__' }, { type: 'constructor' }, null, 5] }).toJSON()).toEqual({
			type: 'doc',
			content: [{ type: 'paragraph' }],
		})
	})

	test('deeply nested hostile input is cut off instead of overflowing the stack', () => {
		let deep: Record<string, unknown> = { type: 'paragraph', content: [{ type: 'text', text: '底' }] }
		for (let i = 0; i < 5000; i++) deep = { type: 'blockquote', content: [deep] }
		const node = sanitizeDocument({ type: 'doc', content: [deep] })
		node.check()
		expect(JSON.stringify(node.toJSON())).not.toContain('底')
	})
})
