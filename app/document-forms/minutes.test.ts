import * as Y from 'yjs'
import { describe, expect, test } from 'vitest'
import { MINUTES_FIELD_KEYS, MINUTES_OPINIONS_TABLE, applyOpinionsPrefill, minutesContent, opinionRowId, opinionsPrefillUpdate } from './minutes.ts'
import { applyTemplate, cellText, fieldText, isRowId, orderedRows, readDocument } from './structure.ts'

const SEEDS = [
	{ participantId: 'mtp-1', organization: '生活介護事業所ひだまり', person: '伊藤 直樹（サービス管理責任者）' },
	{ participantId: 'mtp-2', organization: '生活介護事業所ひだまり', person: '渡辺 さくら（事業所職員）' },
]

function sync(a: Y.Doc, b: Y.Doc) {
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
}

describe('minutes opinion prefill', () => {
	test('is deterministic: the same participants give the same bytes and valid row ids', () => {
		expect(opinionsPrefillUpdate(SEEDS)).toEqual(opinionsPrefillUpdate(SEEDS))
		expect(isRowId(opinionRowId('mtp-1'))).toBe(true)
		expect(opinionRowId('mtp-1')).not.toBe(opinionRowId('mtp-2'))
	})

	test('two writers opening at once end up with one row per provider, and typing survives', () => {
		const a = new Y.Doc()
		const b = new Y.Doc()
		applyTemplate(a, MINUTES_FIELD_KEYS)
		applyTemplate(b, MINUTES_FIELD_KEYS)
		expect(applyOpinionsPrefill(a, SEEDS)).toBe(true)
		expect(applyOpinionsPrefill(b, SEEDS)).toBe(true)
		cellText(a, opinionRowId('mtp-1'), 'opinion')!.insert(0, '通所は週5日で可能')
		fieldText(b, 'discussion')!.insert(0, '短期入所の利用について')
		sync(a, b)
		expect(orderedRows(a, MINUTES_OPINIONS_TABLE)).toHaveLength(2)
		expect(JSON.stringify(readDocument(a))).toBe(JSON.stringify(readDocument(b)))
		const content = minutesContent(readDocument(b))
		expect(content.opinions.map((o) => [o.person, o.opinion])).toEqual([
			['伊藤 直樹（サービス管理責任者）', '通所は週5日で可能'],
			['渡辺 さくら（事業所職員）', ''],
		])
		expect(content.fields.discussion).toBe('短期入所の利用について')
		// Offered once: a later writer (or a deleted row) does not bring the rows back.
		expect(applyOpinionsPrefill(a, SEEDS)).toBe(false)
	})

	test('different participant lists do not diverge; a shared participant keeps one row', () => {
		const a = new Y.Doc()
		const b = new Y.Doc()
		applyOpinionsPrefill(a, SEEDS)
		applyOpinionsPrefill(b, [SEEDS[0]])
		sync(a, b)
		expect(JSON.stringify(readDocument(a))).toBe(JSON.stringify(readDocument(b)))
		expect(orderedRows(a, MINUTES_OPINIONS_TABLE).map((r) => r.id).sort()).toEqual([opinionRowId('mtp-1'), opinionRowId('mtp-2')].sort())
	})

	test('nothing to offer without providers', () => {
		const doc = new Y.Doc()
		expect(applyOpinionsPrefill(doc, [])).toBe(false)
		expect(readDocument(doc).rows).toEqual([])
	})
})
