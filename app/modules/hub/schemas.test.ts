import { describe, expect, it } from 'vitest'
import { parseForm } from '#app/utils/forms.ts'
import { breakGlassSchema, emergencySchema, parseJstDateTime, parseRegistrationRows, parseServiceRows, registrationSchema, reviewSchema } from './schemas.ts'

const TODAY = '2026-12-07'

describe('break-glass form', () => {
	const schema = breakGlassSchema(24)
	const valid = { clientId: 'client-mori', reasonCategory: 'carer_emergency', reasonText: '母親が救急搬送され本人が自宅に一人でいるため', hours: '24' }
	it('accepts a reason and hours up to the maximum', () => {
		expect(parseForm(valid, schema).ok).toBe(true)
	})
	it('refuses a missing reason, a short one, a missing category and hours over the maximum, in Japanese', () => {
		const noReason = parseForm({ ...valid, reasonText: '' }, schema)
		expect(!noReason.ok && noReason.fieldErrors.reasonText).toEqual(['緊急時アクセスの理由を入力してください（理由がなければ開けません）'])
		const short = parseForm({ ...valid, reasonText: '緊急' }, schema)
		expect(!short.ok && short.fieldErrors.reasonText?.[0]).toContain('10文字以上')
		const noCategory = parseForm({ ...valid, reasonCategory: 'whatever' }, schema)
		expect(!noCategory.ok && noCategory.fieldErrors.reasonCategory?.[0]).toContain('区分')
		const tooLong = parseForm({ ...valid, hours: '73' }, schema)
		expect(!tooLong.ok && tooLong.fieldErrors.hours).toEqual(['有効時間は最長24時間です。それより長くはできません'])
		for (const hours of ['0', '-1', '2.5', 'abc', '']) expect(parseForm({ ...valid, hours }, schema).ok, hours).toBe(false)
		const forged = parseForm({ ...valid, clientId: '../x' }, schema)
		expect(!forged.ok && forged.fieldErrors.clientId?.[0]).toContain('見つかりません')
	})
})

describe('registration form', () => {
	const valid = {
		hubOrganizationId: 'org-hub',
		coordinatorId: '',
		registeredOn: '2026-09-15',
		reasons: ['8050', 'carer_health'],
		reasonOther: '',
		consentBy: '佐藤 洋子',
		consentRelation: '母',
		consentMethod: 'written',
		consentOn: '2026-09-15',
		coreCenterOrganizationId: '',
		coreCenterNote: '',
		reviewOn: '2027-03-31',
	}
	it('accepts a complete registration', () => {
		const result = parseForm(valid, registrationSchema(TODAY))
		expect(result.ok).toBe(true)
	})
	it('needs a reason, the other-reason text, consent and a review date after registration', () => {
		const r = parseForm({ ...valid, reasons: [], consentBy: '', reviewOn: '2026-09-01' }, registrationSchema(TODAY))
		expect(r.ok).toBe(false)
		if (r.ok) return
		expect(r.fieldErrors.reasons).toEqual(['登録の理由を1つ以上選んでください'])
		expect(r.fieldErrors.consentBy?.[0]).toContain('同意した人')
		expect(r.fieldErrors.reviewOn?.[0]).toContain('登録日より後')
		const other = parseForm({ ...valid, reasons: 'other' }, registrationSchema(TODAY))
		expect(!other.ok && other.fieldErrors.reasonOther?.[0]).toContain('その他')
		const late = parseForm({ ...valid, consentOn: '2026-10-01' }, registrationSchema(TODAY))
		expect(!late.ok && late.fieldErrors.consentOn?.[0]).toContain('登録日まで')
	})
	it('rows: blank rows dropped, incomplete ones named by line', () => {
		const ok = parseRegistrationRows({ arr_serviceType: ['短期入所', ''], arr_providerName: ['ひだまり', ''], arr_conditions: ['', ''], arr_agreedOn: ['', ''] })
		expect(ok.ok && ok.rows.arrangements).toHaveLength(1)
		const bad = parseRegistrationRows({ trial_serviceType: '短期入所', trial_providerName: 'ひだまり', trial_fromDate: '2026-10-05', trial_toDate: '2026-10-01' })
		expect(!bad.ok && bad.errors).toEqual(['体験利用1行目：期間の終わりが始まりより前です'])
	})
})

describe('emergency form', () => {
	const now = new Date('2026-12-07T14:00:00Z') // 23:00 JST
	it('reads the time as Japan time and refuses the future', () => {
		expect(parseJstDateTime('2026-12-07T23:10')?.toISOString()).toBe('2026-12-07T14:10:00.000Z')
		expect(parseJstDateTime('2026-02-30T10:00')).toBeNull()
		const valid = { occurredAt: '2026-12-07T22:40', callerName: '佐藤 洋子', category: 'carer_illness', situation: '母が倒れた', actionsTaken: '緊急短期入所を手配' }
		expect(parseForm(valid, emergencySchema(now)).ok).toBe(true)
		const future = parseForm({ ...valid, occurredAt: '2026-12-08T09:00' }, emergencySchema(now))
		expect(!future.ok && future.fieldErrors.occurredAt?.[0]).toContain('未来')
		const missing = parseForm({ ...valid, situation: '', category: '' }, emergencySchema(now))
		expect(!missing.ok && Object.keys(missing.fieldErrors).sort()).toEqual(['category', 'situation'])
	})
	it('services outside the plan need a provider and a period', () => {
		expect(parseServiceRows({ svc_serviceType: '緊急短期入所', svc_providerName: '', svc_fromDate: '2026-12-07', svc_toDate: '2026-12-10', svc_note: '' }).ok).toBe(false)
	})
})

describe('review form', () => {
	it('an 不適切 judgement needs its reason', () => {
		expect(parseForm({ outcome: 'appropriate', note: '' }, reviewSchema).ok).toBe(true)
		const r = parseForm({ outcome: 'inappropriate', note: '' }, reviewSchema)
		expect(!r.ok && r.fieldErrors.note?.[0]).toContain('不適切')
		expect(parseForm({ outcome: 'maybe', note: '' }, reviewSchema).ok).toBe(false)
	})
})
