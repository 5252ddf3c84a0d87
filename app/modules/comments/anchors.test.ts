import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { applyTemplate, createRow, deleteRow, fieldText } from '#app/document-forms/structure.ts'
import { checkAnchor, createRangeAnchor, decodeRelPos, encodeRelPos, formatTarget, parseTarget, resolveAnchor, targetOfFieldKey } from './anchors.ts'

function docWith(text: string): { doc: Y.Doc; wishes: Y.Text } {
	const doc = new Y.Doc()
	applyTemplate(doc, ['wishes', 'policy'])
	const wishes = fieldText(doc, 'wishes')!
	wishes.insert(0, text)
	return { doc, wishes }
}

function sync(from: Y.Doc, to: Y.Doc) {
	Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)))
}

describe('targets', () => {
	it('parses and formats the three kinds, refusing anything else', () => {
		for (const t of ['field:wishes', 'cell:rAbCdEfGh12:goal', 'row:rAbCdEfGh12']) expect(formatTarget(parseTarget(t)!)).toBe(t)
		for (const bad of ['', 'field:', 'field:a:b', 'cell:nope:goal', 'row:r1', 'field:1bad', 'meta:stage', 42, null]) {
			expect(parseTarget(bad), String(bad)).toBeNull()
		}
		// Reserved row keys parse, but never resolve to a Y.Text (see resolveAnchor).
		expect(parseTarget('cell:rAbCdEfGh12:table')).not.toBeNull()
		expect(targetOfFieldKey('row:rAbCdEfGh12:goal')).toBe('cell:rAbCdEfGh12:goal')
		expect(targetOfFieldKey('field:wishes')).toBe('field:wishes')
		expect(targetOfFieldKey('weekly:mon')).toBeNull()
	})
})

describe('relative positions', () => {
	it('round-trip through base64 and refuse garbage, oversize input and root-type positions', () => {
		const { wishes } = docWith('あいうえお')
		const position = Y.createRelativePositionFromTypeIndex(wishes, 2)
		const encoded = encodeRelPos(position)
		expect(encodeRelPos(decodeRelPos(encoded)!)).toBe(encoded)
		for (const bad of ['', '!!!', 'A'.repeat(200), '////', 'AA==', 12, null]) expect(decodeRelPos(bad), String(bad)).toBeNull()
		const root = new Y.Doc().getText('root')
		expect(decodeRelPos(encodeRelPos(Y.createRelativePositionFromTypeIndex(root, 0)))).toBeNull()
	})
})

describe('resolveAnchor', () => {
	it('follows the passage through edits before, after and at its edges', () => {
		const { doc, wishes } = docWith('一人暮らしをしたい。週末は家族と過ごす。')
		const from = wishes.toString().indexOf('家族と過ごす')
		const anchor = { target: 'field:wishes', ...createRangeAnchor(wishes, from, from + '家族と過ごす'.length) }
		wishes.insert(0, '（本人）')
		wishes.insert(wishes.length, '平日は作業所に通う。')
		const at = resolveAnchor(doc, anchor)
		expect(at).toMatchObject({ state: 'attached', whole: false, text: '家族と過ごす' })
		// Typing right before or right after the passage does not join it.
		if (at.state !== 'attached') return
		wishes.insert(at.from, 'X')
		wishes.insert(at.to + 1, 'Y')
		expect(resolveAnchor(doc, anchor)).toMatchObject({ state: 'attached', text: '家族と過ごす' })
		// Typing inside does.
		const now = resolveAnchor(doc, anchor)
		if (now.state === 'attached') wishes.insert(now.from + 2, 'と友人')
		expect(resolveAnchor(doc, anchor)).toMatchObject({ state: 'attached', text: '家族と友人と過ごす' })
	})

	it('follows concurrent edits made by other replicas', () => {
		const { doc: a, wishes } = docWith('短期目標：週3日通う')
		const b = new Y.Doc()
		sync(a, b)
		const from = wishes.toString().indexOf('週3日')
		const anchor = { target: 'field:wishes', ...createRangeAnchor(wishes, from, from + 3) }
		fieldText(a, 'wishes')!.insert(0, '【確認】')
		fieldText(b, 'wishes')!.insert(fieldText(b, 'wishes')!.length, '（通所）')
		sync(a, b)
		sync(b, a)
		expect(fieldText(a, 'wishes')!.toString()).toBe(fieldText(b, 'wishes')!.toString())
		for (const doc of [a, b]) expect(resolveAnchor(doc, anchor)).toMatchObject({ state: 'attached', text: '週3日' })
	})

	it('is detached when the passage is deleted, the row is deleted or the text is replaced; partly deleted stays attached', () => {
		const { doc, wishes } = docWith('あいうえおかきくけこ')
		const anchor = { target: 'field:wishes', ...createRangeAnchor(wishes, 2, 5) }
		wishes.delete(3, 1)
		expect(resolveAnchor(doc, anchor)).toMatchObject({ state: 'attached', text: 'うお' })
		wishes.delete(1, 4)
		expect(resolveAnchor(doc, anchor)).toEqual({ state: 'detached' })
		// Text typed back in the same place is new text: still detached.
		wishes.insert(1, 'うえお')
		expect(resolveAnchor(doc, anchor)).toEqual({ state: 'detached' })

		const rowId = createRow(doc, 'goals', ['need', 'goal'], { cells: { need: '日中活動に通いたい' } })
		const cell = { target: `cell:${rowId}:need`, ...createRangeAnchor(doc.getMap<Y.Map<Y.Text>>('rows').get(rowId)!.get('need')!, 0, 4) }
		const row = { target: `row:${rowId}`, start: '', end: '' }
		expect(resolveAnchor(doc, cell)).toMatchObject({ state: 'attached', text: '日中活動' })
		expect(resolveAnchor(doc, row)).toMatchObject({ state: 'attached', whole: true })
		deleteRow(doc, rowId)
		expect(resolveAnchor(doc, cell)).toEqual({ state: 'detached' })
		expect(resolveAnchor(doc, row)).toEqual({ state: 'detached' })
		expect(resolveAnchor(doc, { target: 'field:policy', start: '', end: '' })).toMatchObject({ state: 'attached', whole: true })
		expect(resolveAnchor(doc, { target: 'field:missing', start: '', end: '' })).toEqual({ state: 'detached' })
	})

	it('reports text it has not received yet as pending, not detached', () => {
		const { doc: a, wishes } = docWith('古い文章')
		const b = new Y.Doc()
		sync(a, b)
		wishes.insert(wishes.length, '新しい文章')
		const anchor = { target: 'field:wishes', ...createRangeAnchor(wishes, 4, 9) }
		expect(resolveAnchor(b, anchor)).toEqual({ state: 'pending' })
		sync(a, b)
		expect(resolveAnchor(b, anchor)).toMatchObject({ state: 'attached', text: '新しい文章' })
	})
})

describe('checkAnchor (server side)', () => {
	it('computes the quote from the document, refuses ranges on other texts, empty ranges and unknown targets', () => {
		const { doc, wishes } = docWith('グループホームで暮らしたい')
		const range = createRangeAnchor(wishes, 0, 7)
		expect(checkAnchor(doc, { target: 'field:wishes', ...range })).toEqual({
			ok: true,
			anchor: { target: 'field:wishes', ...range },
			quote: 'グループホーム',
		})
		// The positions point into `wishes`: claiming them for `policy` is refused.
		expect(checkAnchor(doc, { target: 'field:policy', ...range })).toEqual({ ok: false, reason: 'range' })
		expect(checkAnchor(doc, { target: 'field:nothing', start: '', end: '' })).toEqual({ ok: false, reason: 'target' })
		expect(checkAnchor(doc, { target: 'field:wishes', start: range.start, end: 'garbage' })).toEqual({ ok: false, reason: 'range' })
		expect(checkAnchor(doc, { target: 'field:wishes', ...createRangeAnchor(wishes, 3, 3) })).toEqual({ ok: false, reason: 'range' })
		expect(checkAnchor(doc, { target: 'field:wishes', start: '', end: '' })).toMatchObject({ ok: true, quote: 'グループホームで暮らしたい' })
		const rowId = createRow(doc, 'goals', ['need', 'goal'], { cells: { need: '家事', goal: '週1回 調理' } })
		expect(checkAnchor(doc, { target: `row:${rowId}`, start: '', end: '' }, ['need', 'goal'])).toMatchObject({ ok: true, quote: '家事 / 週1回 調理' })
		expect(checkAnchor(doc, { target: `row:${rowId}`, ...range })).toEqual({ ok: false, reason: 'range' })
	})
})
