import { describe, expect, it } from 'vitest'
import { closingProblems } from './closing.ts'

describe('closingProblems', () => {
	const present = { name: '山田', attendance: 'present', absenceReason: '' }
	it('nothing blocks a meeting with every attendance and 本人参加 recorded', () => {
		expect(closingProblems({ selfAttendance: 'attended', selfAbsenceReason: '', participants: [present] })).toEqual([])
	})
	it('names each missing attendance, absence reason and the person’s own participation', () => {
		expect(
			closingProblems({
				selfAttendance: 'absent',
				selfAbsenceReason: ' ',
				participants: [{ name: '佐藤', attendance: '', absenceReason: '' }, { name: '鈴木', attendance: 'absent', absenceReason: '' }, present],
			}),
		).toEqual(['佐藤さんの出欠が記録されていません', '鈴木さんの欠席の理由が記録されていません', '本人が参加しなかった理由が記録されていません'])
		expect(closingProblems({ selfAttendance: '', selfAbsenceReason: '', participants: [] })).toEqual(['本人参加の有無が記録されていません（2024年度から本人参加が原則です）'])
	})
})
