import * as Y from 'yjs'
import { describe, expect, test } from 'vitest'
import {
	MONITORING_FIELD_KEYS,
	MONITORING_GOALS_TABLE,
	applyGoalsPrefill,
	changeMetaKey,
	goalRowId,
	goalsPrefillUpdate,
	monitoringContent,
} from './monitoring.ts'
import { STRUCTURE_KEY_PATTERN, applyTemplate, cellText, createRow, isRowId, orderedRows, readDocument, setMeta } from './structure.ts'

const SEEDS = [
	{ goalId: 'rGoalAAAAAAAAAAAA', goal: '生活介護に週5日通う', targetDate: '6か月' },
	{ goalId: 'rGoalBBBBBBBBBBBB', goal: '家事を一つ覚える', targetDate: '1年' },
]

function sync(a: Y.Doc, b: Y.Doc) {
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
}

describe('monitoring goal prefill', () => {
	test('is deterministic: the same goals give the same bytes and valid row ids', () => {
		expect(goalsPrefillUpdate(SEEDS)).toEqual(goalsPrefillUpdate(SEEDS))
		expect(isRowId(goalRowId(SEEDS[0].goalId))).toBe(true)
		expect(goalRowId(SEEDS[0].goalId)).not.toBe(goalRowId(SEEDS[1].goalId))
	})

	test('two writers opening at once get one row per goal, and both writers’ typing survives', () => {
		const a = new Y.Doc()
		const b = new Y.Doc()
		applyTemplate(a, MONITORING_FIELD_KEYS)
		applyTemplate(b, MONITORING_FIELD_KEYS)
		expect(applyGoalsPrefill(a, SEEDS)).toBe(true)
		expect(applyGoalsPrefill(b, SEEDS)).toBe(true)
		cellText(a, goalRowId(SEEDS[0].goalId), 'provision')!.insert(0, '週5日通所できている')
		cellText(b, goalRowId(SEEDS[0].goalId), 'satisfaction')!.insert(0, '楽しい')
		sync(a, b)
		const rows = orderedRows(a, MONITORING_GOALS_TABLE)
		expect(rows.map((r) => r.id)).toEqual(SEEDS.map((s) => goalRowId(s.goalId)))
		expect(JSON.stringify(readDocument(a))).toBe(JSON.stringify(readDocument(b)))
		const content = monitoringContent(readDocument(a))
		expect(content.rows[0].cells).toMatchObject({ goal: '生活介護に週5日通う', targetDate: '6か月', provision: '週5日通所できている', satisfaction: '楽しい' })
		// Each row links back to the plan's goal.
		expect(readDocument(a).rows[0].links).toEqual([SEEDS[0].goalId])
		// Offered once: a later writer (or a deleted row) does not bring the rows back.
		expect(applyGoalsPrefill(a, SEEDS)).toBe(false)
	})

	test('writers holding different goal lists do not diverge; a shared goal keeps one row', () => {
		const a = new Y.Doc()
		const b = new Y.Doc()
		applyGoalsPrefill(a, SEEDS)
		applyGoalsPrefill(b, [{ ...SEEDS[0], goal: '生活介護に週4日通う' }])
		sync(a, b)
		expect(JSON.stringify(readDocument(a))).toBe(JSON.stringify(readDocument(b)))
		expect(orderedRows(a, MONITORING_GOALS_TABLE)).toHaveLength(2)
	})

	test('nothing to offer without goals', () => {
		const doc = new Y.Doc()
		expect(applyGoalsPrefill(doc, [])).toBe(false)
		expect(readDocument(doc).rows).toEqual([])
	})
})

describe('change answers', () => {
	test('meta keys are valid for derived and random row ids', () => {
		const doc = new Y.Doc()
		const random = createRow(doc, MONITORING_GOALS_TABLE, ['goal'])
		for (const id of [random, goalRowId('g'), 'r-_abcdefghijklmnopqrstuvwxyz0123456789AB']) {
			expect(STRUCTURE_KEY_PATTERN.test(changeMetaKey('weekly', id))).toBe(true)
		}
	})

	test('monitoringContent reads the answers per row', () => {
		const doc = new Y.Doc()
		applyGoalsPrefill(doc, SEEDS)
		const id = goalRowId(SEEDS[1].goalId)
		setMeta(doc, changeMetaKey('amount', id), 'yes')
		setMeta(doc, changeMetaKey('kind', id), 'no')
		setMeta(doc, changeMetaKey('weekly', id), 'maybe')
		const content = monitoringContent(readDocument(doc))
		expect(content.rows[1].changes).toEqual({ kind: 'no', amount: 'yes', weekly: null })
		expect(content.rows[0].changes).toEqual({ kind: null, amount: null, weekly: null })
	})
})
