import { describe, expect, it } from 'vitest'
import { diffChars, MAX_EDIT_DISTANCE, sidesOf } from './text-diff.ts'

describe('diffChars', () => {
	it('finds an insertion in Japanese text', () => {
		expect(diffChars('週3回通所する', '週4回通所して作業する')).toEqual([
			{ type: 'same', text: '週' },
			{ type: 'removed', text: '3' },
			{ type: 'added', text: '4' },
			{ type: 'same', text: '回通所' },
			{ type: 'added', text: 'して作業' },
			{ type: 'same', text: 'する' },
		])
	})

	it('handles empty sides and equal texts', () => {
		expect(diffChars('', '')).toEqual([])
		expect(diffChars('同じ', '同じ')).toEqual([{ type: 'same', text: '同じ' }])
		expect(diffChars('', '新規')).toEqual([{ type: 'added', text: '新規' }])
		expect(diffChars('削除', '')).toEqual([{ type: 'removed', text: '削除' }])
	})

	it('never splits a surrogate pair', () => {
		const segments = diffChars('𠮷野家', '𠮷田家')
		expect(segments).toEqual([
			{ type: 'same', text: '𠮷' },
			{ type: 'removed', text: '野' },
			{ type: 'added', text: '田' },
			{ type: 'same', text: '家' },
		])
		for (const s of diffChars('a𠮷b', 'a𩸽b')) expect(s.text).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/)
	})

	it('always reproduces both texts (random pairs)', () => {
		const alphabet = 'あいうえお週回\n'
		let seed = 42
		const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)
		const text = () => Array.from({ length: Math.floor(random() * 40) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('')
		for (let i = 0; i < 300; i++) {
			const before = text()
			const after = text()
			const segments = diffChars(before, after)
			expect(sidesOf(segments)).toEqual({ before, after })
			for (let j = 1; j < segments.length; j++) expect(segments[j].type).not.toBe(segments[j - 1].type)
		}
	})

	it('shows a complete rewrite beyond the edit-distance limit as removed + added', () => {
		const before = 'あ'.repeat(MAX_EDIT_DISTANCE)
		const after = 'い'.repeat(MAX_EDIT_DISTANCE)
		expect(diffChars(before, after)).toEqual([
			{ type: 'removed', text: before },
			{ type: 'added', text: after },
		])
	})
})
