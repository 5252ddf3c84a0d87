import { describe, expect, it } from 'vitest'
import { parseStepInput } from './step-input.ts'

describe('parseStepInput', () => {
	it('reads a paper consent with its proxy details and trims the text', () => {
		const parsed = parseStepInput('consent_final', {
			consenterType: 'proxy',
			consenterName: ' 佐藤 洋子 ',
			relationship: '母',
			proxyReason: '本人は内容の理解が難しいため',
			explainedOn: '2026-12-02',
			consentedOn: '2026-12-02',
			deliveredOn: '2026-12-02',
			deliveryMethod: 'hand',
			deliveredTo: 'family',
		})
		expect(parsed).toEqual({
			ok: true,
			input: {
				note: '',
				consent: { by: 'proxy', name: '佐藤 洋子', relationship: '母', reason: '本人は内容の理解が難しいため', explainedOn: '2026-12-02', consentedOn: '2026-12-02' },
				deliveredOn: '2026-12-02',
				deliveryMethod: 'hand',
				deliveredTo: 'family',
			},
		})
	})

	it('refuses impossible dates and unknown choices, in Japanese', () => {
		const parsed = parseStepInput('consent_draft', { consenterType: 'someone', explainedOn: '2026-02-30', consentedOn: '2026-12-01' })
		expect(parsed.ok).toBe(false)
		if (parsed.ok) return
		expect(parsed.fieldErrors.consenterType).toEqual(['同意したのが本人か代理人かを選んでください'])
		expect(parsed.fieldErrors.explainedOn).toEqual(['説明日は正しい日付で入力してください'])
		expect(parsed.fieldErrors.consentedOn).toBeUndefined()
	})

	it('leaves missing dates to the state machine (it names what is missing)', () => {
		expect(parseStepInput('submit', {})).toEqual({ ok: true, input: { note: '', deliveredOn: undefined, deliveryMethod: 'hand', deliveredTo: undefined, submittedOn: undefined } })
		expect(parseStepInput('write_draft', { assessmentDate: '', assessmentPlace: '  ' })).toEqual({
			ok: true,
			input: { note: '', assessmentDate: undefined, assessmentPlace: '', assessmentMethod: undefined, assessmentReason: '' },
		})
	})

	it('reads monitoring, send-back and revision inputs', () => {
		expect(parseStepInput('start_monitoring', { monitoringDate: '2027-01-10', monitoringPlace: '居宅', changeNeeded: 'no' })).toEqual({
			ok: true,
			input: { note: '', monitoringDate: '2027-01-10', monitoringPlace: '居宅', changeNeeded: false },
		})
		expect(parseStepInput('send_back', { note: '週間計画表を添付してください' })).toEqual({ ok: true, input: { note: '週間計画表を添付してください' } })
		expect(parseStepInput('revise', { note: '更新', nextVariant: 'self' })).toEqual({ ok: true, input: { note: '更新', nextVariant: 'self' } })
		expect(parseStepInput('revise', { note: '更新', nextVariant: 'other' })).toEqual({ ok: true, input: { note: '更新', nextVariant: undefined } })
	})

	it('takes the first value of a repeated field and caps lengths', () => {
		const parsed = parseStepInput('close', { note: ['a'.repeat(3000), 'b'] })
		expect(parsed.ok && parsed.input.note.length).toBe(2000)
	})
})
