import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { caretPieces, fieldCursor, remoteCaretsIn, selectionBackground, type RemoteCaret } from './remote-carets.ts'

function pair() {
	const a = new Y.Doc()
	const b = new Y.Doc()
	a.on('update', (update: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(b, update, 'remote'))
	b.on('update', (update: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(a, update, 'remote'))
	return { a, b }
}

describe('remote carets: relative positions in awareness, offsets in the receiver’s text', () => {
	test('a caret stays on its character while the other person types before it', () => {
		const { a, b } = pair()
		a.getMap('fields').set('policy', new Y.Text('日中活動と住まい'))
		const textA = a.getMap<Y.Text>('fields').get('policy')!
		const textB = b.getMap<Y.Text>('fields').get('policy')!
		// B's selection covers 住まい (5..8), caret (head) at the end
		const cursor = fieldCursor(textB, 'field:policy', 5, 8)
		const states = new Map<number, unknown>([[b.clientID, { cursor, user: { name: '高橋 健一', color: '#00798c' } }]])
		expect(remoteCaretsIn(states, a.clientID, 'field:policy', textA)).toEqual([{ clientId: b.clientID, name: '高橋 健一', color: '#00798c', anchor: 5, head: 8 }])
		// A types 【確認】 at the start: B's place moves with the text.
		textA.insert(0, '【確認】')
		expect(remoteCaretsIn(states, a.clientID, 'field:policy', textA)[0]).toMatchObject({ anchor: 9, head: 12 })
		// The selected text is deleted: the caret collapses where it was.
		textA.delete(9, 3)
		expect(remoteCaretsIn(states, a.clientID, 'field:policy', textA)[0]).toMatchObject({ anchor: 9, head: 9 })
	})

	test('only carets of other people in this field, with a usable name; colours are sanitised', () => {
		const doc = new Y.Doc()
		const fields = doc.getMap<Y.Text>('fields')
		fields.set('policy', new Y.Text('あいう'))
		fields.set('wishes', new Y.Text('えお'))
		const policy = fields.get('policy')!
		const wishes = fields.get('wishes')!
		const states = new Map<number, unknown>([
			[1, { cursor: fieldCursor(policy, 'field:policy', 1, 1), user: { name: '自分', color: '#000000' } }],
			[2, { cursor: fieldCursor(policy, 'field:policy', 0, 2), user: { name: '田中 陽子', color: 'red; x: url(y)' } }],
			[3, { cursor: fieldCursor(wishes, 'field:wishes', 1, 1), user: { name: '伊藤 直樹', color: '#d1495b' } }],
			[4, { cursor: fieldCursor(policy, 'field:policy', 1, 1), user: { name: '  ' } }],
			[5, { cursor: { field: 'field:policy', anchor: 'garbage', head: { type: 1 } }, user: { name: '壊れた', color: '#d1495b' } }],
			// a position in another text claiming this field's key draws nothing
			[6, { cursor: { ...fieldCursor(wishes, 'field:policy', 1, 1) }, user: { name: '別の欄', color: '#d1495b' } }],
			[7, null],
		])
		expect(remoteCaretsIn(states, 1, 'field:policy', policy)).toEqual([{ clientId: 2, name: '田中 陽子', color: '#5b6660', anchor: 0, head: 2 }])
	})
})

describe('overlay pieces', () => {
	const caret = (clientId: number, anchor: number, head: number): RemoteCaret => ({ clientId, name: `n${clientId}`, color: '#00798c', anchor, head })

	test('the pieces give back the text; selections mark their range, carets sit at their head', () => {
		const pieces = caretPieces('あいうえお\nかきく', [caret(1, 1, 3), caret(2, 9, 7)])
		expect(pieces.filter((p) => p.kind === 'text').map((p) => (p.kind === 'text' ? p.text : '')).join('')).toBe('あいうえお\nかきく')
		expect(pieces.map((p) => (p.kind === 'caret' ? `|${p.caret.clientId}` : `${p.text}${p.selectedBy.map((c) => `[${c.clientId}]`).join('')}`))).toEqual([
			'あ',
			'いう[1]',
			'|1',
			'えお\nか',
			// a backward selection: the caret (head) is at its start
			'|2',
			'きく[2]',
		])
	})

	test('an empty text, a caret at the end, and offsets beyond the text are clamped', () => {
		expect(caretPieces('', [caret(1, 0, 0)])).toEqual([{ kind: 'caret', caret: caret(1, 0, 0) }])
		const pieces = caretPieces('あい', [caret(1, 5, 9)])
		expect(pieces).toEqual([
			{ kind: 'text', text: 'あい', selectedBy: [] },
			{ kind: 'caret', caret: caret(1, 5, 9) },
		])
	})

	test('a selection band is the person’s colour, translucent; anything else falls back', () => {
		expect(selectionBackground('#00798c')).toBe('#00798c40')
		expect(selectionBackground('url(x)')).toBe('#5b666040')
	})
})
