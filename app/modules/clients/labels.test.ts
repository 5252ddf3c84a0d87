import { describe, expect, it } from 'vitest'
import { labelOf } from './labels.ts'

describe('labelOf', () => {
	const LABELS = { written: '書面', verbal: '口頭' } as const
	it('labels known codes, shows unknown codes as they are and empty ones as the fallback', () => {
		expect(labelOf(LABELS, 'written')).toBe('書面')
		expect(labelOf(LABELS, 'fax')).toBe('fax')
		expect(labelOf(LABELS, '')).toBe('—')
		expect(labelOf(LABELS, null, '未記録')).toBe('未記録')
	})
	it('never answers with an inherited property', () => {
		expect(labelOf(LABELS, 'constructor')).toBe('constructor')
		expect(labelOf(LABELS, 'toString')).toBe('toString')
	})
})
