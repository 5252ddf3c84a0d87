import { describe, expect, test } from 'vitest'
import { highlightSegments } from './comment-marks.ts'
import { fieldEditorsFromAwareness } from './presence.ts'

describe('field-level presence from awareness', () => {
	test('groups other people by the field they focus; ignores ourselves and unusable states', () => {
		const states = new Map<number, unknown>([
			[1, { focus: 'field:wishes', user: { name: '田中 陽子', color: '#d1495b' } }],
			[2, { focus: 'field:wishes', user: { name: '高橋 健一', color: 'red; background: url(x)' } }],
			[3, { focus: 'row:rAbc:need', user: { name: '伊藤 直樹', color: '#00798c' } }],
			[4, { focus: 'field:policy', user: { name: '自分', color: '#00798c' } }],
			[5, { focus: null, user: { name: '未選択', color: '#00798c' } }],
			[6, { focus: 'field:policy', user: { name: '  ' } }],
			[7, { focus: 'field:policy' }],
			[8, null],
		])
		const editors = fieldEditorsFromAwareness(states, 4)
		expect(editors.get('field:wishes')).toEqual([
			{ clientId: 1, name: '田中 陽子', color: '#d1495b' },
			// a colour that is not a plain hex colour is replaced, never put into a style
			{ clientId: 2, name: '高橋 健一', color: '#5b6660' },
		])
		expect(editors.get('row:rAbc:need')).toEqual([{ clientId: 3, name: '伊藤 直樹', color: '#00798c' }])
		expect(editors.has('field:policy')).toBe(false)
		expect([...editors.keys()].sort()).toEqual(['field:wishes', 'row:rAbc:need'])
	})
})

describe('comment highlights behind a field', () => {
	test('cut the text at every range boundary; overlapping threads cover the same piece', () => {
		const segments = highlightSegments('あいうえおかきくけこ', [
			{ from: 1, to: 4, ids: ['a'], active: false },
			{ from: 3, to: 6, ids: ['b'], active: true },
			{ from: 8, to: 99, ids: ['c'], active: false },
		])
		expect(segments.map((s) => s.text).join('')).toBe('あいうえおかきくけこ')
		expect(segments.map((s) => [s.text, s.ids.join(','), s.active])).toEqual([
			['あ', '', false],
			['いう', 'a', false],
			['え', 'a,b', true],
			['おか', 'b', true],
			['きく', '', false],
			['けこ', 'c', false],
		])
	})
})
