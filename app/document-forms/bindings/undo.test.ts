import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { applyDiff, applyTemplate, createRow, deleteRow, fieldText, moveRow, orderedRows, readField, setMeta, readMeta } from '../structure.ts'
import { createDocumentUndo, undoCommandOf, undoCommandOfInputType } from './undo.ts'

/** Two people's documents joined like the server joins them (remote updates carry an origin). */
function pair() {
	const mine = new Y.Doc()
	const theirs = new Y.Doc()
	mine.on('update', (update: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(theirs, update, 'remote'))
	theirs.on('update', (update: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(mine, update, 'remote'))
	return { mine, theirs }
}

describe('undo scoped to one’s own edits', () => {
	test('undoes my typing, never the other person’s, and never the template', () => {
		const { mine, theirs } = pair()
		applyTemplate(mine, ['policy'])
		const undo = createDocumentUndo(mine)
		expect(undo.canUndo()).toBe(false)
		applyDiff(fieldText(mine, 'policy')!, { index: 0, remove: 0, insert: '３か月後' })
		undo.stopCapturing()
		const theirText = fieldText(theirs, 'policy')!
		applyDiff(theirText, { index: 4, remove: 0, insert: '（高橋）' })
		expect(readField(mine, 'policy')).toBe('３か月後（高橋）')
		undo.undo()
		expect(readField(mine, 'policy')).toBe('（高橋）')
		expect(readField(theirs, 'policy')).toBe('（高橋）')
		// nothing more of mine: the template's fields stay
		expect(undo.canUndo()).toBe(false)
		undo.undo()
		expect(fieldText(mine, 'policy')).not.toBeNull()
		undo.redo()
		expect(readField(theirs, 'policy')).toBe('３か月後（高橋）')
	})

	test('row add, reorder and remove are undone step by step; their rows stay', () => {
		const { mine, theirs } = pair()
		const undo = createDocumentUndo(mine)
		const theirRow = createRow(theirs, 'goals', ['need'])
		const a = createRow(mine, 'goals', ['need'])
		undo.stopCapturing()
		moveRow(mine, a, 'up')
		undo.stopCapturing()
		expect(orderedRows(theirs, 'goals').map((r) => r.id)).toEqual([a, theirRow])
		undo.undo()
		expect(orderedRows(theirs, 'goals').map((r) => r.id)).toEqual([theirRow, a])
		undo.undo()
		expect(orderedRows(theirs, 'goals').map((r) => r.id)).toEqual([theirRow])
		undo.redo()
		expect(orderedRows(theirs, 'goals').map((r) => r.id)).toEqual([theirRow, a])
		deleteRow(mine, a)
		undo.stopCapturing()
		undo.undo()
		expect(orderedRows(theirs, 'goals').map((r) => r.id)).toEqual([theirRow, a])
		// a meta value (a date, a choice) is mine too
		setMeta(mine, 'createdOn', '2026-12-07')
		undo.stopCapturing()
		undo.undo()
		expect(readMeta(theirs, 'createdOn')).toBeNull()
	})
})

describe('undo shortcuts', () => {
	const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey' | 'isComposing', boolean>> = {}) => ({
		key: k,
		ctrlKey: false,
		metaKey: false,
		shiftKey: false,
		altKey: false,
		...mods,
	})
	test('Ctrl/Cmd+Z undo, Ctrl/Cmd+Shift+Z and Ctrl+Y redo; nothing during IME composition', () => {
		expect(undoCommandOf(key('z', { ctrlKey: true }))).toBe('undo')
		expect(undoCommandOf(key('z', { metaKey: true }))).toBe('undo')
		expect(undoCommandOf(key('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo')
		expect(undoCommandOf(key('z', { metaKey: true, shiftKey: true }))).toBe('redo')
		expect(undoCommandOf(key('y', { ctrlKey: true }))).toBe('redo')
		expect(undoCommandOf(key('z'))).toBeNull()
		expect(undoCommandOf(key('z', { ctrlKey: true, altKey: true }))).toBeNull()
		expect(undoCommandOf(key('z', { ctrlKey: true, isComposing: true }))).toBeNull()
		expect(undoCommandOf(key('a', { ctrlKey: true }))).toBeNull()
		expect(undoCommandOfInputType('historyUndo')).toBe('undo')
		expect(undoCommandOfInputType('historyRedo')).toBe('redo')
		expect(undoCommandOfInputType('insertText')).toBeNull()
	})
})
