import * as Y from 'yjs'
import { describe, expect, test } from 'vitest'
import { DOCUMENT_SCHEMAS } from './document-schema.ts'
import { validateUpdate } from './validate-update.ts'
import { PLAN_ALL_FIELD_KEYS, PLAN_FIELD_KEYS, PLAN_FIELD_TEMPLATE, PLAN_GOAL_COLUMN_KEYS, PLAN_GOALS_TABLE } from '#app/document-forms/plan.ts'
import {
	applyDiff,
	applyTemplate,
	cellText,
	createRow,
	deleteRow,
	diffText,
	fieldText,
	isRowId,
	moveRow,
	orderBetween,
	orderedRows,
	readDocument,
	readField,
	setMeta,
	setRowLink,
	templateUpdate,
	transformDiff,
} from '#app/document-forms/structure.ts'

const COLUMNS = PLAN_GOAL_COLUMN_KEYS
const TABLE = PLAN_GOALS_TABLE

/** Two peers with the given client ids, synchronised by hand (exchange = full state both ways). */
function peers() {
	const a = new Y.Doc()
	const b = new Y.Doc()
	const exchange = () => {
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
	}
	return { a, b, exchange }
}

function needsOf(doc: Y.Doc): string[] {
	return orderedRows(doc, TABLE).map((r) => cellText(doc, r.id, 'need')?.toString() ?? '')
}

describe('fields', () => {
	test('the template creates one empty Y.Text per field, identically on every peer', () => {
		const { a, b, exchange } = peers()
		expect(applyTemplate(a, PLAN_FIELD_KEYS)).toBe(true)
		expect(applyTemplate(b, PLAN_FIELD_KEYS)).toBe(true)
		expect(applyTemplate(a, PLAN_FIELD_KEYS)).toBe(false)
		// Both type into the same field before they ever saw each other's template.
		fieldText(a, 'wishes')!.insert(0, '一人暮らしをしたい')
		fieldText(b, 'wishes')!.insert(0, '家族：')
		exchange()
		expect(readField(a, 'wishes')).toBe(readField(b, 'wishes'))
		expect(readField(a, 'wishes')).toContain('一人暮らしをしたい')
		expect(readField(a, 'wishes')).toContain('家族：')
		expect(templateUpdate(PLAN_FIELD_KEYS)).toEqual(templateUpdate([...PLAN_FIELD_KEYS].reverse()))
	})

	test('a later template generation adds fields to documents made before it, on every peer alike', () => {
		const { a, b, exchange } = peers()
		// An old document: generation 0 only, with text in it.
		applyTemplate(a, PLAN_FIELD_KEYS)
		fieldText(a, 'wishes')!.insert(0, '作業所に通いたい')
		exchange()
		// Both open it after the new fields exist and type into a new field before syncing.
		expect(applyTemplate(a, PLAN_FIELD_TEMPLATE)).toBe(true)
		expect(applyTemplate(b, PLAN_FIELD_TEMPLATE)).toBe(true)
		expect(applyTemplate(a, PLAN_FIELD_TEMPLATE)).toBe(false)
		fieldText(a, 'familyWishes')!.insert(0, '母：')
		fieldText(b, 'familyWishes')!.insert(0, '入院中も安心して')
		exchange()
		expect(readField(a, 'familyWishes')).toBe(readField(b, 'familyWishes'))
		expect(readField(a, 'familyWishes')).toContain('母：')
		expect(readField(a, 'familyWishes')).toContain('入院中も安心して')
		expect(readField(b, 'wishes')).toBe('作業所に通いたい')
		expect(Object.keys(readDocument(a).fields).sort()).toEqual([...PLAN_ALL_FIELD_KEYS].sort())
	})

	test('generation 0 of the plan never changes (documents in use were made with it)', () => {
		expect(PLAN_FIELD_KEYS).toEqual(['wishes', 'policy', 'longTermGoal', 'shortTermGoal'])
		// A generation's update is its own: the same keys under another generation are other structs.
		expect(templateUpdate(['fees'], 1)).not.toEqual(templateUpdate(['fees'], 0))
	})

	test('concurrent character edits of one field merge', () => {
		const { a, b, exchange } = peers()
		applyTemplate(a, PLAN_FIELD_KEYS)
		fieldText(a, 'policy')!.insert(0, '日中活動の場を確保する')
		exchange()
		applyDiff(fieldText(a, 'policy')!, diffText('日中活動の場を確保する', '安定した日中活動の場を確保する')!)
		applyDiff(fieldText(b, 'policy')!, diffText('日中活動の場を確保する', '日中活動の場を確保する。')!)
		exchange()
		expect(readField(a, 'policy')).toBe('安定した日中活動の場を確保する。')
		expect(readField(b, 'policy')).toBe('安定した日中活動の場を確保する。')
	})

	test('meta values are last-writer-wins scalars', () => {
		const { a, b, exchange } = peers()
		setMeta(a, 'stage', 'final')
		setMeta(a, 'draftDate', '2026-11-20')
		exchange()
		expect(readDocument(b).meta).toEqual({ stage: 'final', draftDate: '2026-11-20' })
		expect(() => setMeta(a, 'bad key', 'x')).toThrow()
	})
})

describe('rows', () => {
	test('rows keep creation order, get stable random ids and every column cell', () => {
		const doc = new Y.Doc()
		const first = createRow(doc, TABLE, COLUMNS, { cells: { need: '働きたい' } })
		const second = createRow(doc, TABLE, COLUMNS, { cells: { need: '外出したい' } })
		const middle = createRow(doc, TABLE, COLUMNS, { afterRowId: first, cells: { need: '体調管理' } })
		expect(new Set([first, second, middle]).size).toBe(3)
		for (const id of [first, second, middle]) expect(isRowId(id)).toBe(true)
		expect(needsOf(doc)).toEqual(['働きたい', '体調管理', '外出したい'])
		const snapshot = readDocument(doc)
		expect(Object.keys(snapshot.rows[0].cells).sort()).toEqual([...COLUMNS].sort())
		expect(snapshot.rows[0].links).toEqual([])
	})

	test('moving up and down changes only the order number, never the row id', () => {
		const doc = new Y.Doc()
		const ids = ['A', 'B', 'C'].map((need) => createRow(doc, TABLE, COLUMNS, { cells: { need } }))
		const rowObjects = ids.map((id) => orderedRows(doc, TABLE).find((r) => r.id === id)!.row)
		expect(moveRow(doc, ids[2], 'up')).toBe(true)
		expect(needsOf(doc)).toEqual(['A', 'C', 'B'])
		expect(moveRow(doc, ids[2], 'up')).toBe(true)
		expect(needsOf(doc)).toEqual(['C', 'A', 'B'])
		expect(moveRow(doc, ids[2], 'up')).toBe(false)
		expect(moveRow(doc, ids[0], 'down')).toBe(true)
		expect(needsOf(doc)).toEqual(['C', 'B', 'A'])
		expect(moveRow(doc, ids[0], 'down')).toBe(false)
		// Same ids, same Y.Map objects: nothing was recreated.
		expect(orderedRows(doc, TABLE).map((r) => r.id).sort()).toEqual([...ids].sort())
		for (const [i, id] of ids.entries()) expect(orderedRows(doc, TABLE).find((r) => r.id === id)!.row).toBe(rowObjects[i])
	})

	test('many moves into the same gap renumber instead of running out of precision', () => {
		const doc = new Y.Doc()
		const ids = ['A', 'B', 'C'].map((need) => createRow(doc, TABLE, COLUMNS, { cells: { need } }))
		for (let i = 0; i < 200; i++) moveRow(doc, ids[i % 2 === 0 ? 2 : 1], i % 2 === 0 ? 'up' : 'down')
		expect(new Set(orderedRows(doc, TABLE).map((r) => r.order)).size).toBe(3)
		expect(needsOf(doc).sort()).toEqual(['A', 'B', 'C'])
	})

	test('reordering while another peer edits a cell of the moved row keeps both', () => {
		const { a, b, exchange } = peers()
		const first = createRow(a, TABLE, COLUMNS, { cells: { need: '通院の付き添い' } })
		const second = createRow(a, TABLE, COLUMNS, { cells: { need: '就労', goal: '週3日通う' } })
		exchange()
		moveRow(a, second, 'up')
		const goal = cellText(b, second, 'goal')!
		applyDiff(goal, diffText(goal.toString(), '週4日通う')!)
		cellText(b, first, 'services')!.insert(0, '居宅介護 月10時間')
		exchange()
		for (const doc of [a, b]) {
			expect(needsOf(doc)).toEqual(['就労', '通院の付き添い'])
			expect(cellText(doc, second, 'goal')!.toString()).toBe('週4日通う')
			expect(cellText(doc, first, 'services')!.toString()).toBe('居宅介護 月10時間')
		}
		expect(readDocument(a)).toEqual(readDocument(b))
	})

	test('both peers moving rows at once converge to one order', () => {
		const { a, b, exchange } = peers()
		const ids = ['A', 'B', 'C', 'D'].map((need) => createRow(a, TABLE, COLUMNS, { cells: { need } }))
		exchange()
		moveRow(a, ids[3], 'up')
		moveRow(b, ids[0], 'down')
		exchange()
		expect(needsOf(a)).toEqual(needsOf(b))
		expect(needsOf(a).sort()).toEqual(['A', 'B', 'C', 'D'])
	})

	test('delete versus concurrent edit: the row is gone on both sides, the rest intact', () => {
		const { a, b, exchange } = peers()
		const keep = createRow(a, TABLE, COLUMNS, { cells: { need: '残る' } })
		const doomed = createRow(a, TABLE, COLUMNS, { cells: { need: '消える' } })
		exchange()
		expect(deleteRow(a, doomed)).toBe(true)
		cellText(b, doomed, 'need')!.insert(0, '編集中：')
		cellText(b, keep, 'notes')!.insert(0, '留意')
		exchange()
		for (const doc of [a, b]) {
			expect(needsOf(doc)).toEqual(['残る'])
			expect(cellText(doc, keep, 'notes')!.toString()).toBe('留意')
			expect(cellText(doc, doomed, 'need')).toBeNull()
		}
		expect(deleteRow(a, doomed)).toBe(false)
	})

	test('row ids survive a round trip through an update and a fresh document', () => {
		const doc = new Y.Doc()
		const id = createRow(doc, TABLE, COLUMNS)
		setRowLink(doc, id, 'rGoalFromPlan123', true)
		const copy = new Y.Doc()
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
		expect(readDocument(copy).rows.map((r) => [r.id, r.links])).toEqual([[id, ['rGoalFromPlan123']]])
		setRowLink(copy, id, 'rGoalFromPlan123', false)
		expect(readDocument(copy).rows[0].links).toEqual([])
	})

	test('readDocument skips values of unexpected types', () => {
		const doc = new Y.Doc()
		doc.getMap('fields').set('odd', 42 as never)
		doc.getMap('rows').set('rNoTable12345', new Y.Map())
		doc.getMap('rows').set('rNotAMap123456', 'x' as never)
		expect(readDocument(doc)).toEqual({ fields: {}, meta: {}, rows: [] })
	})
})

describe('text diffs', () => {
	test('minimal single-range diffs', () => {
		expect(diffText('abc', 'abc')).toBeNull()
		expect(diffText('abc', 'abXc')).toEqual({ index: 2, remove: 0, insert: 'X' })
		expect(diffText('abc', 'ac')).toEqual({ index: 1, remove: 1, insert: '' })
		expect(diffText('aaa', 'aaaa')).toEqual({ index: 3, remove: 0, insert: 'a' })
		expect(diffText('', 'あ')).toEqual({ index: 0, remove: 0, insert: 'あ' })
	})

	test('never splits a surrogate pair', () => {
		const from = 'a😀b'
		const to = 'a😁b'
		const diff = diffText(from, to)!
		expect(diff).toEqual({ index: 1, remove: 2, insert: '😁' })
	})

	test('transforming a local edit over a remote one keeps both', () => {
		const base = '0123456789'
		const apply = (s: string, d: { index: number; remove: number; insert: string }) => s.slice(0, d.index) + d.insert + s.slice(d.index + d.remove)
		const remote = diffText(base, '01AB23456789')! // insert after 1
		const localAfter = diffText(base, '0123456X789')! // insert after 6
		expect(apply(apply(base, remote), transformDiff(localAfter, remote))).toBe('01AB23456X789')
		const localBefore = diffText(base, 'X0123456789')!
		expect(apply(apply(base, remote), transformDiff(localBefore, remote))).toBe('X01AB23456789')
	})
})

describe('orderBetween', () => {
	test('between, before the first, after the last', () => {
		expect(orderBetween(null, null)).toBe(1)
		expect(orderBetween(1, 2)).toBe(1.5)
		expect(orderBetween(null, 1)).toBe(0)
		expect(orderBetween(3, null)).toBe(4)
	})
})

describe('the collaboration server schema for plans', () => {
	const plan = DOCUMENT_SCHEMAS.plan
	const MAX = 1024 * 1024
	const updateOf = (build: (doc: Y.Doc) => void) => {
		const doc = new Y.Doc()
		build(doc)
		return Y.encodeStateAsUpdate(doc)
	}

	test('accepts what the model writes', () => {
		const update = updateOf((doc) => {
			applyTemplate(doc, PLAN_FIELD_KEYS)
			fieldText(doc, 'wishes')!.insert(0, '希望')
			setMeta(doc, 'stage', 'final')
			const a = createRow(doc, TABLE, COLUMNS, { cells: { need: 'ニーズ' } })
			const b = createRow(doc, TABLE, COLUMNS)
			moveRow(doc, b, 'up')
			setRowLink(doc, a, 'rGoal1234567', true)
			deleteRow(doc, b)
		})
		expect(validateUpdate(update, plan, MAX)).toMatchObject({ ok: true })
	})

	test('refuses other roots, XML, arrays and formatting', () => {
		expect(validateUpdate(updateOf((doc) => doc.getMap('other').set('x', 1)), plan, MAX)).toEqual({ ok: false, reason: 'root-not-allowed' })
		expect(validateUpdate(updateOf((doc) => doc.getXmlFragment('default').insert(0, [new Y.XmlText('x')])), plan, MAX)).toEqual({
			ok: false,
			reason: 'root-not-allowed',
		})
		// `fields` used as a sequence instead of a map
		expect(validateUpdate(updateOf((doc) => doc.getArray('fields').insert(0, ['x'])), plan, MAX)).toEqual({ ok: false, reason: 'root-shape' })
		expect(validateUpdate(updateOf((doc) => doc.getText('meta').insert(0, 'x')), plan, MAX)).toEqual({ ok: false, reason: 'root-shape' })
		expect(validateUpdate(updateOf((doc) => doc.getMap('rows').set('rAbcdefgh123', new Y.Array())), plan, MAX)).toEqual({
			ok: false,
			reason: 'type-not-allowed',
		})
		expect(validateUpdate(updateOf((doc) => doc.getMap('fields').set('x', new Y.XmlText('x'))), plan, MAX)).toEqual({
			ok: false,
			reason: 'type-not-allowed',
		})
		expect(
			validateUpdate(
				updateOf((doc) => {
					const text = new Y.Text()
					doc.getMap('fields').set('wishes', text)
					text.insert(0, 'x', { bold: true })
				}),
				plan,
				MAX,
			),
		).toEqual({ ok: false, reason: 'formatting-not-allowed' })
		expect(validateUpdate(updateOf((doc) => doc.getMap('meta').set('bad key!', 'x')), plan, MAX)).toEqual({ ok: false, reason: 'bad-key' })
	})

	test('a note update is refused by the plan schema and vice versa', () => {
		const note = updateOf((doc) => {
			const p = new Y.XmlElement('paragraph')
			doc.getXmlFragment('default').insert(0, [p])
		})
		expect(validateUpdate(note, plan, MAX)).toMatchObject({ ok: false })
		expect(validateUpdate(templateUpdate(PLAN_FIELD_KEYS), DOCUMENT_SCHEMAS.note, MAX)).toMatchObject({ ok: false })
	})
})
