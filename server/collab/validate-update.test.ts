import * as Y from 'yjs'
import { describe, expect, test } from 'vitest'
import { DOCUMENT_SCHEMAS } from './document-schema.ts'
import { isCoveredBy, validateUpdate } from './validate-update.ts'

const note = DOCUMENT_SCHEMAS.note
const MAX = 2 * 1024 * 1024

function tiptapLikeUpdate(): Uint8Array {
	const doc = new Y.Doc()
	const fragment = doc.getXmlFragment('default')
	const heading = new Y.XmlElement('heading')
	heading.setAttribute('level', 2 as never)
	const title = new Y.XmlText()
	heading.insert(0, [title])
	title.insert(0, '目標')
	const paragraph = new Y.XmlElement('paragraph')
	const body = new Y.XmlText()
	paragraph.insert(0, [body])
	fragment.insert(0, [heading, paragraph])
	body.insert(0, '毎日10分歩く', { bold: true })
	// a mark as y-tiptap stores one that may overlap itself (excludes: ''): "<name>--<hash>"
	body.format(0, 2, { 'link--q1w2e3+/=': { href: 'https://example.jp' } })
	body.delete(0, 1)
	return Y.encodeStateAsUpdate(doc)
}

function deterministicBytes(seed: number, length: number): Uint8Array {
	let state = seed >>> 0
	return Uint8Array.from({ length }, () => {
		state = (Math.imul(state, 1103515245) + 12345) >>> 0
		return state >>> 24
	})
}

describe('validateUpdate', () => {
	test('accepts what a Tiptap editor writes: elements, attributes, text, marks, deletions', () => {
		const result = validateUpdate(tiptapLikeUpdate(), note, MAX)
		expect(result.ok).toBe(true)
		expect(result.ok && result.empty).toBe(false)
	})

	test('an update with nothing in it is valid and marked empty', () => {
		const result = validateUpdate(Y.encodeStateAsUpdate(new Y.Doc()), note, MAX)
		expect(result).toMatchObject({ ok: true, empty: true })
	})

	test('zero-length and oversized buffers are rejected before decoding', () => {
		expect(validateUpdate(new Uint8Array(0), note, MAX)).toEqual({ ok: false, reason: 'empty-bytes' })
		expect(validateUpdate(new Uint8Array(101), note, 100)).toEqual({ ok: false, reason: 'too-large' })
	})

	test('every truncation of a valid update is rejected as malformed', () => {
		const update = tiptapLikeUpdate()
		for (let length = 1; length < update.length; length++) {
			expect(validateUpdate(update.slice(0, length), note, MAX), `prefix of ${length} bytes`).toMatchObject({ ok: false })
		}
	})

	test('random bytes never throw, and whatever passes also applies cleanly to a document', () => {
		let accepted = 0
		for (let seed = 1; seed <= 3000; seed++) {
			const bytes = deterministicBytes(seed, 1 + (seed % 97))
			const result = validateUpdate(bytes, note, MAX)
			if (!result.ok) continue
			accepted++
			expect(() => Y.applyUpdate(new Y.Doc(), bytes), `seed ${seed}`).not.toThrow()
		}
		// Nearly all garbage is refused; the few survivors are structurally empty updates.
		expect(accepted).toBeLessThan(100)
	})

	const rejections: Array<[string, string, (doc: Y.Doc) => void]> = [
		['unknown root', 'root-not-allowed', (doc) => doc.getText('other').insert(0, 'x')],
		['root used as a map', 'root-shape', (doc) => doc.getMap('default').set('k', 1)],
		['subdocument', 'subdocument', (doc) => element(doc).setAttribute('d', new Y.Doc() as never)],
		['binary', 'binary-content', (doc) => element(doc).setAttribute('b', Uint8Array.of(1) as never)],
		['embed', 'embed-content', (doc) => (element(doc).get(0) as Y.XmlText).insertEmbed(0, { x: 1 })],
		['nested map', 'type-not-allowed', (doc) => element(doc).setAttribute('m', new Y.Map() as never)],
		['nested fragment', 'type-not-allowed', (doc) => element(doc).insert(0, [new Y.XmlFragment() as never])],
		['xml hook', 'type-not-allowed', (doc) => doc.getXmlFragment('default').insert(0, [new Y.XmlHook('h') as never])],
		['element name', 'bad-node-name', (doc) => doc.getXmlFragment('default').insert(0, [new Y.XmlElement('a b')])],
		['mark name', 'bad-key', (doc) => (element(doc).get(0) as Y.XmlText).format(0, 1, { '<b>': true })],
		['a mark the editor does not have', 'mark-not-allowed', (doc) => (element(doc).get(0) as Y.XmlText).format(0, 1, { code: true })],
		['an element the editor does not have', 'bad-node-name', (doc) => doc.getXmlFragment('default').insert(0, [new Y.XmlElement('codeBlock')])],
		['attribute name', 'bad-key', (doc) => element(doc).setAttribute('on click', 'x')],
	]

	test.each(rejections)('rejects %s', (_name, reason, mutate) => {
		const doc = new Y.Doc()
		mutate(doc)
		expect(validateUpdate(Y.encodeStateAsUpdate(doc), note, MAX)).toEqual({ ok: false, reason })
	})

	test('a later update that only references its neighbours still cannot smuggle content', () => {
		const doc = new Y.Doc()
		const el = element(doc)
		const before = Y.encodeStateVector(doc)
		// Inserted after existing text: the item has an origin, so no explicit parent in the update.
		;(el.get(0) as Y.XmlText).insertEmbed(1, { x: 1 })
		const diff = Y.encodeStateAsUpdate(doc, before)
		expect(validateUpdate(diff, note, MAX)).toEqual({ ok: false, reason: 'embed-content' })
	})
})

describe('isCoveredBy', () => {
	test('true only when nothing would change', () => {
		const server = new Y.Doc()
		const client = new Y.Doc()
		const text = new Y.XmlText()
		const paragraph = new Y.XmlElement('paragraph')
		paragraph.insert(0, [text])
		client.getXmlFragment('default').insert(0, [paragraph])
		text.insert(0, 'hello')
		const first = Y.encodeStateAsUpdate(client)
		const decode = (u: Uint8Array) => Y.decodeUpdate(u)
		expect(isCoveredBy(decode(first), server)).toBe(false)
		Y.applyUpdate(server, first)
		expect(isCoveredBy(decode(first), server)).toBe(true)

		// A deletion is news until applied, even though no new structs come with it.
		const sv = Y.encodeStateVector(client)
		text.delete(0, 2)
		const deletion = Y.encodeStateAsUpdate(client, sv)
		expect(isCoveredBy(decode(deletion), server)).toBe(false)
		Y.applyUpdate(server, deletion)
		expect(isCoveredBy(decode(deletion), server)).toBe(true)
		// A reconnecting client's SyncStep2 repeats its whole delete set: nothing new.
		expect(isCoveredBy(decode(Y.encodeStateAsUpdate(client, Y.encodeStateVector(server))), server)).toBe(true)
	})
})

function element(doc: Y.Doc): Y.XmlElement {
	const el = new Y.XmlElement('paragraph')
	el.insert(0, [new Y.XmlText('t')])
	doc.getXmlFragment('default').insert(0, [el])
	return el
}
