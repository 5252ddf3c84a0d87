import { describe, expect, test } from 'vitest'
import { DEFAULT_PREFERENCES, TEXT_SIZES, applyPreferenceChange } from './preferences.ts'

describe('easy-view settings', () => {
	test('three text sizes at least', () => {
		expect(TEXT_SIZES.length).toBeGreaterThanOrEqual(3)
	})
	test('each toggle changes one setting', () => {
		expect(applyPreferenceChange(DEFAULT_PREFERENCES, 'furigana', 'off')).toEqual({ ok: true, preferences: { ...DEFAULT_PREFERENCES, furigana: false } })
		expect(applyPreferenceChange(DEFAULT_PREFERENCES, 'highContrast', 'on')).toEqual({ ok: true, preferences: { ...DEFAULT_PREFERENCES, highContrast: true } })
		expect(applyPreferenceChange(DEFAULT_PREFERENCES, 'textSize', 'xlarge')).toEqual({ ok: true, preferences: { ...DEFAULT_PREFERENCES, textSize: 'xlarge' } })
	})
	test('unknown settings and values are refused', () => {
		expect(applyPreferenceChange(DEFAULT_PREFERENCES, 'textSize', 'huge')).toEqual({ ok: false, error: '文字の大きさを選んでください' })
		expect(applyPreferenceChange(DEFAULT_PREFERENCES, 'furigana', 'yes')).toMatchObject({ ok: false })
		expect(applyPreferenceChange(DEFAULT_PREFERENCES, 'theme', 'dark')).toEqual({ ok: false, error: '不明な設定です' })
	})
})
