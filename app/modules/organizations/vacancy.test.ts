import { describe, expect, test } from 'vitest'
import { parseForm } from '#app/utils/forms.ts'
import { vacancyUpdateSchema } from '#app/modules/organizations/vacancy.ts'

const TODAY = '2026-11-23'

function check(input: Record<string, unknown>) {
	return parseForm(input, vacancyUpdateSchema(TODAY))
}

describe('vacancyUpdateSchema', () => {
	test('accepts a status with a past or current date and trims the note', () => {
		expect(check({ vacancyStatus: 'few', vacancyAsOf: TODAY, note: '  土曜は満員です ' })).toEqual({
			ok: true,
			data: { vacancyStatus: 'few', vacancyAsOf: TODAY, note: '土曜は満員です' },
		})
		expect(check({ vacancyStatus: 'none', vacancyAsOf: '2026-10-01' }).ok).toBe(true)
	})

	test('不明 may have no date', () => {
		expect(check({ vacancyStatus: 'unknown', vacancyAsOf: '', note: '' })).toEqual({
			ok: true,
			data: { vacancyStatus: 'unknown', vacancyAsOf: '', note: '' },
		})
	})

	test('a known status needs its date', () => {
		const result = check({ vacancyStatus: 'available', vacancyAsOf: ' ' })
		expect(result.ok).toBe(false)
		if (!result.ok) expect(result.fieldErrors.vacancyAsOf).toEqual(['基準日（いつ時点の空き状況か）を入力してください'])
	})

	test('refuses a future date', () => {
		const result = check({ vacancyStatus: 'available', vacancyAsOf: '2026-11-24' })
		expect(result.ok).toBe(false)
		if (!result.ok) expect(result.fieldErrors.vacancyAsOf).toEqual(['基準日に未来の日付は指定できません'])
	})

	test('refuses impossible and malformed dates', () => {
		for (const vacancyAsOf of ['2026-02-30', '2026/11/01', 'yesterday', '1999-12-31']) {
			const result = check({ vacancyStatus: 'few', vacancyAsOf })
			expect(result.ok, vacancyAsOf).toBe(false)
		}
	})

	test('refuses unknown statuses with a Japanese message', () => {
		for (const vacancyStatus of ['full', '', undefined]) {
			const result = check({ vacancyStatus, vacancyAsOf: TODAY })
			expect(result.ok).toBe(false)
			if (!result.ok) expect(result.fieldErrors.vacancyStatus).toEqual(['空き状況を選んでください'])
		}
	})

	test('limits the note to 500 characters', () => {
		expect(check({ vacancyStatus: 'few', vacancyAsOf: TODAY, note: 'あ'.repeat(500) }).ok).toBe(true)
		const result = check({ vacancyStatus: 'few', vacancyAsOf: TODAY, note: 'あ'.repeat(501) })
		expect(result.ok).toBe(false)
		if (!result.ok) expect(result.fieldErrors.note).toEqual(['メモは500文字以内で入力してください'])
	})

	test('refuses a repeated field (an array) rather than picking one', () => {
		expect(check({ vacancyStatus: ['few', 'none'], vacancyAsOf: TODAY }).ok).toBe(false)
	})
})
