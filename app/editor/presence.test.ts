import { describe, expect, test } from 'vitest'
import { colorForUser, presenceFromAwareness, textColorOn, USER_COLORS } from './presence.ts'

describe('presenceFromAwareness', () => {
	test('lists named people, yourself first, with role labels and safe colours', () => {
		const states = new Map<number, unknown>([
			[1, { user: { name: '伊藤 直樹', role: 'service_manager', color: '#00798c' }, cursor: {} }],
			[2, { user: { name: '田中 陽子', role: 'specialist', color: 'red; background: url(x)' } }],
			[3, { cursor: {} }],
			[4, null],
			[5, { user: { name: '   ' } }],
			[6, { user: { name: '佐藤 洋子', role: '家族・後見人', color: '#edae49' } }],
		])
		const list = presenceFromAwareness(states, 2)
		expect(list.map((p) => [p.name, p.roleLabel, p.color, p.isSelf])).toEqual([
			['田中 陽子', '相談支援専門員', '#5b6660', true],
			['伊藤 直樹', 'サービス管理責任者', '#00798c', false],
			['佐藤 洋子', '家族・後見人', '#edae49', false],
		])
	})

	test('one person with two tabs is listed once when the server names the user', () => {
		const states = new Map<number, unknown>([
			[1, { user: { id: 'user-sodan', name: '田中 陽子' } }],
			[2, { user: { id: 'user-sodan', name: '田中 陽子' } }],
		])
		expect(presenceFromAwareness(states, 2)).toMatchObject([{ name: '田中 陽子', connections: 2, isSelf: true }])
	})
})

describe('colours', () => {
	test('a user keeps one colour from the palette', () => {
		expect(colorForUser('user-sodan')).toBe(colorForUser('user-sodan'))
		expect(USER_COLORS).toContain(colorForUser('user-sabikan'))
	})

	test('label text is readable on every palette colour', () => {
		expect(textColorOn('#edae49')).toBe('#000000')
		expect(textColorOn('#30638e')).toBe('#ffffff')
		expect(textColorOn('not a colour')).toBe('#ffffff')
	})
})
