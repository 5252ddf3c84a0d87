import { describe, expect, test } from 'vitest'
import { LIMITS, cancelSchema, meetingFormSchema, parseAttendance, parseClose } from './schemas.ts'
import { parseForm } from '#app/utils/forms.ts'

const TODAY = '2026-12-02'

function valid(overrides: Record<string, string | string[]> = {}) {
	return {
		date: '2026-12-07',
		startTime: '14:00',
		endTime: '15:00',
		format: 'in_person',
		place: '相談支援センターきずな 相談室',
		purpose: 'new',
		memberIds: ['team-sato-1', 'team-sato-2'],
		externalName: ['木村 正雄', ''],
		externalOrganization: ['', ''],
		externalRole: ['民生委員', ''],
		consentBy: '本人（佐藤 誠）',
		consentMethod: 'written',
		consentOn: '2026-12-01',
		consentNote: '',
		...overrides,
	}
}

function errorsOf(input: Record<string, unknown>) {
	const result = parseForm(input, meetingFormSchema(TODAY))
	if (result.ok) throw new Error('expected errors')
	return result.fieldErrors
}

describe('meetingFormSchema', () => {
	test('accepts a complete form and drops empty rows and duplicate members', () => {
		const result = parseForm(valid({ memberIds: ['team-sato-1', 'team-sato-1', ''] }), meetingFormSchema(TODAY))
		expect(result.ok).toBe(true)
		if (!result.ok) return
		expect(result.data.memberIds).toEqual(['team-sato-1'])
		expect(result.data.externals).toEqual([{ name: '木村 正雄', organization: '', role: '民生委員' }])
		expect(result.data.consentMethod).toBe('written')
	})

	test('the end time is optional but must come after the start', () => {
		expect(parseForm(valid({ endTime: '' }), meetingFormSchema(TODAY)).ok).toBe(true)
		expect(errorsOf(valid({ endTime: '14:00' })).endTime).toEqual(['終了時刻は開始時刻より後にしてください'])
		expect(errorsOf(valid({ endTime: '13:30' })).endTime).toEqual(['終了時刻は開始時刻より後にしてください'])
	})

	test('dates and times must be well-formed', () => {
		const errors = errorsOf(valid({ date: '2026-02-30', startTime: '25:00', endTime: '9:00' }))
		expect(errors.date).toEqual(['開催日は YYYY-MM-DD の形式で正しい日付を入力してください'])
		expect(errors.startTime).toEqual(['開始時刻は HH:MM の形式で入力してください'])
		expect(errors.endTime).toEqual(['終了時刻は HH:MM の形式で入力してください'])
		expect(errorsOf(valid({ date: '' })).date).toEqual(['開催日を入力してください'])
		expect(errorsOf(valid({ date: '2028-01-01' })).date).toEqual(['開催日は1年以内の日付を入力してください'])
		// Meetings are also recorded afterwards: a past date is fine.
		expect(parseForm(valid({ date: '2026-11-20', consentOn: '2026-11-19' }), meetingFormSchema(TODAY)).ok).toBe(true)
	})

	test('purpose and format are closed lists; the place is required and its label follows the format', () => {
		const errors = errorsOf(valid({ purpose: 'party', format: 'phone' }))
		expect(errors.purpose).toEqual(['会議の目的を選んでください'])
		expect(errors.format).toEqual(['開催方法を選んでください'])
		expect(errorsOf(valid({ place: '' })).place).toEqual(['開催場所を入力してください'])
		expect(errorsOf(valid({ place: '', format: 'online' })).place).toEqual(['参加URL・方法を入力してください'])
		expect(errorsOf(valid({ place: 'あ'.repeat(LIMITS.place + 1) })).place).toEqual([`開催場所は${LIMITS.place}文字以内で入力してください`])
	})

	test('at least one participant; a row of others needs a name', () => {
		expect(errorsOf(valid({ memberIds: [], externalName: [''], externalOrganization: [''], externalRole: [''] })).participants).toEqual([
			'参加者を1人以上選ぶか入力してください',
		])
		expect(parseForm(valid({ memberIds: [] }), meetingFormSchema(TODAY)).ok).toBe(true)
		expect(errorsOf(valid({ externalName: ['', ''], externalOrganization: ['', '民生委員協議会'], externalRole: ['', ''] })).externalName).toEqual([
			'その他の参加者 2行目：氏名を入力してください',
		])
		const many = Array.from({ length: LIMITS.participants + 1 }, (_, i) => `人${i}`)
		expect(errorsOf(valid({ memberIds: [], externalName: many, externalOrganization: [], externalRole: [] })).participants).toEqual([
			`参加者は${LIMITS.participants}人以内にしてください`,
		])
	})

	test('consent is required, before the meeting and not in the future', () => {
		const errors = errorsOf(valid({ consentBy: '', consentMethod: '', consentOn: '' }))
		expect(errors.consentBy).toEqual(['同意した人を入力してください'])
		expect(errors.consentMethod).toEqual(['同意の方法（書面・口頭）を選んでください'])
		expect(errors.consentOn).toEqual(['同意日を入力してください'])
		expect(errorsOf(valid({ consentOn: '2026-12-03' })).consentOn).toEqual(['同意日は今日以前の日付を入力してください'])
		expect(errorsOf(valid({ date: '2026-11-20', consentOn: '2026-11-25' })).consentOn).toEqual([
			'同意日は開催日以前の日付にしてください（会議で情報を共有する前の同意が必要です）',
		])
	})
})

describe('parseAttendance', () => {
	const people = [
		{ id: 'p1', name: '田中 陽子' },
		{ id: 'p2', name: '木村 正雄' },
	]

	test('blank stays unrecorded; a reason is kept only for absence', () => {
		const result = parseAttendance({ 'attendance.p1': 'present', 'reason.p1': '不要', 'attendance.p2': '', selfAttendance: 'attended', selfAbsenceReason: 'x' }, people)
		expect(result).toEqual({
			ok: true,
			data: {
				participants: [
					{ id: 'p1', attendance: 'present', absenceReason: '' },
					{ id: 'p2', attendance: '', absenceReason: '' },
				],
				selfAttendance: 'attended',
				selfAbsenceReason: '',
			},
		})
	})

	test('欠席 and 本人不参加 need their reason; unknown values are refused', () => {
		const result = parseAttendance({ 'attendance.p1': 'absent', 'attendance.p2': 'maybe', selfAttendance: 'absent' }, people)
		expect(result.ok).toBe(false)
		if (result.ok) return
		expect(result.fieldErrors['reason.p1']).toEqual(['田中 陽子さんの欠席の理由を入力してください'])
		expect(result.fieldErrors['attendance.p2']).toEqual(['木村 正雄さんの出欠を正しく選んでください'])
		expect(result.fieldErrors.selfAbsenceReason).toEqual(['本人が参加しない理由を入力してください（2024年度から本人参加が原則です）'])
	})

	test('fields of people not on the meeting are ignored', () => {
		const result = parseAttendance({ 'attendance.other': 'present' }, people)
		expect(result.ok && result.data.participants.map((p) => p.id)).toEqual(['p1', 'p2'])
	})
})

describe('parseClose and cancelSchema', () => {
	test('decisions are required and every flagged thread gets a settlement', () => {
		const result = parseClose({ decisions: '', 'settle.c1': 'resolve', 'settle.c2': 'forget' }, ['c1', 'c2'])
		expect(result.ok).toBe(false)
		if (result.ok) return
		expect(result.fieldErrors.decisions).toEqual(['会議で決まったことを入力してください'])
		expect(result.fieldErrors['settle.c2']).toEqual(['コメントを解決済みにするか、次回へ持ち越すかを選んでください'])
		expect(result.fieldErrors['settle.c1']).toBeUndefined()
		expect(parseClose({ decisions: '計画案どおり', 'settle.c1': 'carry_over' }, ['c1'])).toEqual({
			ok: true,
			data: { decisions: '計画案どおり', settlements: [{ commentId: 'c1', settlement: 'carry_over' }] },
		})
	})

	test('a cancellation needs its reason', () => {
		expect(parseForm({ cancelReason: ' ' }, cancelSchema)).toMatchObject({ ok: false, fieldErrors: { cancelReason: ['中止の理由を入力してください'] } })
		expect(parseForm({ cancelReason: '本人の体調不良' }, cancelSchema)).toEqual({ ok: true, data: { cancelReason: '本人の体調不良' } })
	})
})
