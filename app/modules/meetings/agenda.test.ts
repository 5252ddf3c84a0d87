import { describe, expect, test } from 'vitest'
import { agendaGoals, anchorLabel, renderMentions } from './agenda.ts'

describe('agenda', () => {
	test('mentions read as @name, other text untouched', () => {
		expect(renderMentions('@[伊藤 直樹](user-sabikan) さん、確認をお願いします。[参考](x)')).toBe('@伊藤 直樹 さん、確認をお願いします。[参考](x)')
	})

	test('goals in priority order, deleted goals left out', () => {
		const goals = agendaGoals([
			{ goalId: 'rb', priority: 2, need: '家事', goal: '', dueText: '', deletedAt: null },
			{ goalId: 'ra', priority: 1, need: '日中活動', goal: '週5日', dueText: '3か月', deletedAt: null },
			{ goalId: 'rc', priority: 3, need: '消えた', goal: '', dueText: '', deletedAt: new Date() },
		])
		expect(goals.map((g) => g.goalId)).toEqual(['ra', 'rb'])
		expect(goals[0]).toEqual({ goalId: 'ra', priority: 1, need: '日中活動', goal: '週5日', dueText: '3か月' })
	})

	test('anchors in words', () => {
		const goals = [{ goalId: 'ra', priority: 1, need: '', goal: '', dueText: '' }]
		const fields = { wishes: '意向' }
		const columns = { goal: '支援目標' }
		expect(anchorLabel('field:wishes', fields, columns, goals)).toBe('意向')
		expect(anchorLabel('cell:ra:goal', fields, columns, goals)).toBe('優先順位1の課題：支援目標')
		expect(anchorLabel('row:ra', fields, columns, goals)).toBe('優先順位1の課題')
		expect(anchorLabel('row:gone', fields, columns, goals)).toBe('表の行')
		expect(anchorLabel('', fields, columns, goals)).toBe('文書全体')
	})
})
