import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { STRUCTURE_KEY_PATTERN, applyTemplate, createRow, readDocument, templateUpdate } from '../structure.ts'
import {
	ASSESSMENT_FIELDS,
	CONTACTS_COLUMN_KEYS,
	CONTACTS_TABLE,
	CRISIS_FIELDS,
	FAMILY_ALL_COLUMNS,
	FIELD_KEYS,
	LIFE_PLAN_FIELDS,
	RELATIONS_ALL_COLUMNS,
	RESOURCES_ALL_COLUMNS,
	SCENARIOS_COLUMN_KEYS,
	SUPPORT_COLUMN_KEYS,
	WEEKLY_COLUMNS,
	crisisDensity,
} from './definitions.ts'
import { CLIENT_DOCUMENT_KINDS } from './kinds.ts'

describe('form definitions', () => {
	it('every field and column key is a valid structure key, unique per kind', () => {
		for (const kind of CLIENT_DOCUMENT_KINDS) {
			const keys = FIELD_KEYS[kind]
			expect(new Set(keys).size, kind).toBe(keys.length)
			for (const key of keys) expect(key, `${kind}.${key}`).toMatch(STRUCTURE_KEY_PATTERN)
		}
		for (const columns of [WEEKLY_COLUMNS, FAMILY_ALL_COLUMNS, RELATIONS_ALL_COLUMNS, SUPPORT_COLUMN_KEYS, RESOURCES_ALL_COLUMNS, SCENARIOS_COLUMN_KEYS, CONTACTS_COLUMN_KEYS]) {
			expect(new Set(columns).size).toBe(columns.length)
			for (const key of columns) expect(key).toMatch(STRUCTURE_KEY_PATTERN)
		}
	})

	it('covers the sections of the official layouts', () => {
		expect(ASSESSMENT_FIELDS.map((f) => f.label)).toEqual(
			expect.arrayContaining(['1. 概要（支援経過・現状と課題等）', '生活歴', '医療の状況（病名・服薬）', '本人の主訴（意向・希望）', '家族の主訴（意向・希望）']),
		)
		// 6 areas × (本人の希望, 将来の見通し, 必要な準備) + the vision
		expect(LIFE_PLAN_FIELDS).toHaveLength(19)
		// 3 stages × 4 roles + 2 places + 4 needs
		expect(CRISIS_FIELDS).toHaveLength(18)
		expect(CRISIS_FIELDS.map((f) => f.label)).toContain('要注意（赤）：支援者・関係機関がすること')
	})

	it('templates are deterministic: two writers create the same fields once', () => {
		for (const kind of CLIENT_DOCUMENT_KINDS) {
			expect(templateUpdate(FIELD_KEYS[kind])).toEqual(templateUpdate([...FIELD_KEYS[kind]].reverse()))
			const a = new Y.Doc()
			const b = new Y.Doc()
			applyTemplate(a, FIELD_KEYS[kind])
			applyTemplate(b, FIELD_KEYS[kind])
			Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
			expect(Object.keys(readDocument(a).fields).sort()).toEqual([...FIELD_KEYS[kind]].sort())
		}
	})
})

describe('crisisDensity', () => {
	function docWith(textPerField: number, contacts: number) {
		const doc = new Y.Doc()
		applyTemplate(doc, FIELD_KEYS.crisis_plan)
		for (const def of CRISIS_FIELDS) doc.getMap<Y.Text>('fields').get(def.key)?.insert(0, 'あ'.repeat(textPerField))
		for (let i = 0; i < contacts; i++) createRow(doc, CONTACTS_TABLE, CONTACTS_COLUMN_KEYS, { cells: { name: `連絡先${i}`, phone: '090-0000-0000' } })
		return readDocument(doc)
	}
	it('sets a short plan normally', () => {
		expect(crisisDensity(docWith(20, 4))).toBe('normal')
	})
	it('tightens as the text grows, so the sheet stays on one page', () => {
		expect(crisisDensity(docWith(100, 6))).toBe('compact')
		expect(crisisDensity(docWith(160, 10))).toBe('tight')
	})
})
