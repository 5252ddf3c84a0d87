import { describe, expect, test } from 'vitest'
import { decodeCloseReason, encodeCloseReason, parseCloseForm, retainUntil, retentionYears } from './closing.ts'

describe('retention', () => {
	test('5 years by default; the variable may lengthen it, never shorten it', () => {
		expect(retentionYears(undefined)).toBe(5)
		expect(retentionYears('')).toBe(5)
		expect(retentionYears('7')).toBe(7)
		expect(retentionYears('3')).toBe(5)
		expect(retentionYears('abc')).toBe(5)
		expect(retentionYears('5.5')).toBe(5)
	})

	test('closing date plus whole years; 2月29日 falls back to 2月28日', () => {
		expect(retainUntil('2026-12-02', 5)).toBe('2031-12-02')
		expect(retainUntil('2028-02-29', 5)).toBe('2033-02-28')
		expect(retainUntil('2028-02-29', 4)).toBe('2032-02-29')
	})
})

describe('close form', () => {
	const valid = { closedOn: '2026-12-01', reason: 'moved', reasonDetail: '', evaluation: '転居先の相談支援事業所へ引き継いだ。', confirm: 'yes' }

	test('valid input', () => {
		expect(parseCloseForm(valid, '2026-12-02')).toMatchObject({ ok: true, data: { reason: 'moved', closedOn: '2026-12-01' } })
	})

	test('Japanese messages per field; future dates and unexplained その他 refused', () => {
		const empty = parseCloseForm({}, '2026-12-02')
		expect(empty.ok).toBe(false)
		if (!empty.ok) {
			expect(empty.fieldErrors.closedOn).toEqual(['終了日を入力してください'])
			expect(empty.fieldErrors.reason).toEqual(['終了の理由を選んでください'])
			expect(empty.fieldErrors.evaluation).toEqual(['事後評価を入力してください'])
			expect(empty.fieldErrors.confirm).toEqual(['終了後は記録が閲覧のみになることを確認してください'])
		}
		const future = parseCloseForm({ ...valid, closedOn: '2026-12-03' }, '2026-12-02')
		expect(future).toEqual({ ok: false, fieldErrors: { closedOn: ['終了日に未来の日付は指定できません'] } })
		const other = parseCloseForm({ ...valid, reason: 'other' }, '2026-12-02')
		expect(other).toEqual({ ok: false, fieldErrors: { reasonDetail: ['「その他」の場合は理由を入力してください'] } })
	})

	test('reason code and free text round-trip', () => {
		expect(decodeCloseReason(encodeCloseReason('other', '入所: 施設A'))).toEqual({ reason: 'other', label: 'その他', detail: '入所: 施設A' })
		expect(decodeCloseReason('moved')).toEqual({ reason: 'moved', label: '転居（他市町村へ）', detail: '' })
	})
})
