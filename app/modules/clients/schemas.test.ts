import { describe, expect, it } from 'vitest'
import { parseForm } from '#app/utils/forms.ts'
import { certificateFormSchema, clientFormSchema, teamAddSchema, teamEndSchema } from './schemas.ts'

const TODAY = '2026-11-24'

function errorsOf(result: ReturnType<typeof parseForm>): Record<string, string[]> {
	return result.ok ? {} : result.fieldErrors
}

describe('clientFormSchema', () => {
	const valid = {
		familyName: '佐藤',
		givenName: '誠',
		familyNameKana: 'さとう',
		givenNameKana: 'まこと',
		birthDate: '1999-06-14',
		gender: '男',
		category: 'adult',
		guardianName: '',
		disabilityCategories: ['intellectual'],
		supportLevel: '3',
		handbook: '療育手帳 B1',
		postalCode: '1000001',
		address: '希望が丘市緑町3-2-1',
		phone: '0120-000-901',
		municipalityId: 'org-kibougaoka-city',
	}

	it('accepts a complete adult and normalises the postal code', () => {
		const result = parseForm(valid, clientFormSchema(TODAY))
		expect(result.ok).toBe(true)
		if (!result.ok) return
		expect(result.data.postalCode).toBe('100-0001')
		expect(result.data.disabilityCategories).toEqual(['intellectual'])
	})

	it('reads FormData with repeated checkboxes and a missing checkbox', () => {
		const fd = new FormData()
		for (const [k, v] of Object.entries(valid)) {
			if (k === 'disabilityCategories') continue
			fd.set(k, String(v))
		}
		fd.append('disabilityCategories', 'mental')
		fd.append('disabilityCategories', 'physical')
		const result = parseForm(fd, clientFormSchema(TODAY))
		expect(result.ok).toBe(true)
		if (!result.ok) return
		// Stored in the canonical order, whatever order the browser sent.
		expect(result.data.disabilityCategories).toEqual(['physical', 'mental'])
	})

	it('requires names with Japanese messages', () => {
		const e = errorsOf(parseForm({ ...valid, familyName: '  ', givenName: '' }, clientFormSchema(TODAY)))
		expect(e.familyName).toEqual(['姓を入力してください'])
		expect(e.givenName).toEqual(['名を入力してください'])
	})

	it('accepts hiragana and katakana (half-width normalised), refuses kanji and latin in kana', () => {
		const ok = parseForm({ ...valid, familyNameKana: 'ｻﾄｳ', givenNameKana: 'マコト' }, clientFormSchema(TODAY))
		expect(ok.ok).toBe(true)
		if (ok.ok) expect(ok.data.familyNameKana).toBe('サトウ')
		const e = errorsOf(parseForm({ ...valid, familyNameKana: '佐藤', givenNameKana: 'makoto' }, clientFormSchema(TODAY)))
		expect(e.familyNameKana).toEqual(['せい（ふりがな）はひらがな・カタカナで入力してください'])
		expect(e.givenNameKana).toEqual(['めい（ふりがな）はひらがな・カタカナで入力してください'])
	})

	it('refuses invalid and future birth dates', () => {
		expect(errorsOf(parseForm({ ...valid, birthDate: '2001-02-29' }, clientFormSchema(TODAY))).birthDate).toEqual([
			'生年月日は正しい日付で入力してください（例: 令和8年4月1日 または 2026-04-01）',
		])
		expect(errorsOf(parseForm({ ...valid, birthDate: '2026-11-25' }, clientFormSchema(TODAY))).birthDate).toEqual([
			'生年月日に未来の日付は指定できません',
		])
		expect(errorsOf(parseForm({ ...valid, birthDate: '' }, clientFormSchema(TODAY))).birthDate).toEqual(['生年月日を入力してください'])
		expect(parseForm({ ...valid, birthDate: TODAY }, clientFormSchema(TODAY)).ok).toBe(true)
	})

	it('accepts 和暦 and 西暦 dates and stores ISO', () => {
		for (const input of ['平成11年6月14日', 'H11.6.14', '1999年6月14日', '1999/6/14']) {
			const result = parseForm({ ...valid, birthDate: input }, clientFormSchema(TODAY))
			expect(result.ok && result.data.birthDate).toBe('1999-06-14')
		}
	})

	it('keeps the 障害支援区分 認定有効期間 of an adult, checks its order, and drops it for a child', () => {
		const adult = parseForm({ ...valid, supportLevelFrom: '令和8年3月1日', supportLevelUntil: '2029-02-28' }, clientFormSchema(TODAY))
		expect(adult.ok && [adult.data.supportLevelFrom, adult.data.supportLevelUntil]).toEqual(['2026-03-01', '2029-02-28'])
		expect(errorsOf(parseForm({ ...valid, supportLevelFrom: '2026-03-01', supportLevelUntil: '2026-02-28' }, clientFormSchema(TODAY))).supportLevelUntil).toEqual([
			'認定有効期間の終了日は開始日以降の日付にしてください',
		])
		const child = parseForm(
			{ ...valid, category: 'child', guardianName: '山田 美咲', supportLevel: 'none', supportLevelFrom: '2026-03-01', supportLevelUntil: '2029-02-28' },
			clientFormSchema(TODAY),
		)
		expect(child.ok && [child.data.supportLevelFrom, child.data.supportLevelUntil]).toEqual(['', ''])
	})

	it('requires the guardian for a child and drops it for an adult', () => {
		const e = errorsOf(parseForm({ ...valid, category: 'child', birthDate: '2018-04-02' }, clientFormSchema(TODAY)))
		expect(e.guardianName).toEqual(['児童の場合は保護者氏名を入力してください'])
		const child = parseForm({ ...valid, category: 'child', birthDate: '2018-04-02', guardianName: '山田 美咲' }, clientFormSchema(TODAY))
		expect(child.ok && child.data.guardianName).toBe('山田 美咲')
		const adult = parseForm({ ...valid, guardianName: '誰か' }, clientFormSchema(TODAY))
		expect(adult.ok && adult.data.guardianName).toBe('')
	})

	it('allows an adult-aged "child" (the page warns instead)', () => {
		expect(parseForm({ ...valid, category: 'child', guardianName: '佐藤 洋子' }, clientFormSchema(TODAY)).ok).toBe(true)
	})

	it('refuses unknown codes', () => {
		const e = errorsOf(
			parseForm({ ...valid, category: 'elder', supportLevel: '7', gender: 'x', disabilityCategories: ['alien'] }, clientFormSchema(TODAY)),
		)
		expect(e.category).toEqual(['成人・児童の区分を選択してください'])
		expect(e.supportLevel).toEqual(['障害支援区分を選択してください'])
		expect(e.gender).toEqual(['性別を選択してください'])
		expect(e.disabilityCategories).toEqual(['障害種別の値が正しくありません'])
	})

	it('checks postal code and phone formats', () => {
		const e = errorsOf(parseForm({ ...valid, postalCode: '12-34', phone: 'call me' }, clientFormSchema(TODAY)))
		expect(e.postalCode).toEqual(['郵便番号は「123-4567」の形式で入力してください'])
		expect(e.phone).toEqual(['電話番号は数字とハイフンで入力してください'])
	})
})

describe('certificateFormSchema', () => {
	const valid = {
		kind: 'welfare',
		number: '1234567890',
		issuedBy: '希望が丘市',
		issuedOn: '2026-10-20',
		effectiveFrom: '2026-11-01',
		decisionStart: '2026-11-01',
		decisionEnd: '2027-06-30',
		supportLevel: '3',
		copayCap: '9,300',
		monitoringPeriod: 'custom',
		monitoringMonths: '2026-11, 2026/12 2027年1月,2027-06',
		serviceType: ['生活介護', '短期入所'],
		amount: ['当該月の日数から8日を控除した日数', '7日/月'],
		note: '',
	}

	it('accepts the seed certificate and normalises amounts and months', () => {
		const result = parseForm(valid, certificateFormSchema(TODAY))
		expect(result.ok).toBe(true)
		if (!result.ok) return
		expect(result.data.copayCap).toBe(9300)
		expect(result.data.monitoringMonths).toEqual(['2026-11', '2026-12', '2027-01', '2027-06'])
		expect(result.data.services).toEqual([
			{ serviceType: '生活介護', amount: '当該月の日数から8日を控除した日数' },
			{ serviceType: '短期入所', amount: '7日/月' },
		])
	})

	it('needs exactly 10 digits for the number (full-width digits accepted)', () => {
		expect(errorsOf(parseForm({ ...valid, number: '123456789' }, certificateFormSchema(TODAY))).number).toEqual([
			'受給者証番号は10桁の数字で入力してください',
		])
		expect(errorsOf(parseForm({ ...valid, number: '12345678901' }, certificateFormSchema(TODAY))).number).toEqual([
			'受給者証番号は10桁の数字で入力してください',
		])
		expect(errorsOf(parseForm({ ...valid, number: '12345abcde' }, certificateFormSchema(TODAY))).number).toBeDefined()
		const wide = parseForm({ ...valid, number: '１２３４５６７８９０' }, certificateFormSchema(TODAY))
		expect(wide.ok && wide.data.number).toBe('1234567890')
	})

	it('keeps the decision period in order and the effective date inside it', () => {
		const e = errorsOf(parseForm({ ...valid, decisionStart: '2027-07-01', effectiveFrom: '2027-07-01' }, certificateFormSchema(TODAY)))
		expect(e.decisionEnd).toEqual(['支給決定期間の終了日は開始日以降の日付にしてください'])
		const outside = errorsOf(parseForm({ ...valid, effectiveFrom: '2027-07-01' }, certificateFormSchema(TODAY)))
		expect(outside.effectiveFrom).toEqual(['適用開始日は支給決定期間内の日付にしてください'])
		expect(parseForm({ ...valid, decisionEnd: '2026-11-01', monitoringMonths: '2026-11' }, certificateFormSchema(TODAY)).ok).toBe(true)
	})

	it('refuses a future issue date', () => {
		expect(errorsOf(parseForm({ ...valid, issuedOn: '2026-12-01' }, certificateFormSchema(TODAY))).issuedOn).toEqual([
			'交付年月日に未来の日付は指定できません',
		])
	})

	it('takes the co-pay cap as a non-negative whole number of yen', () => {
		for (const bad of ['-1', '9300.5', 'abc']) {
			expect(errorsOf(parseForm({ ...valid, copayCap: bad }, certificateFormSchema(TODAY))).copayCap).toEqual([
				'利用者負担上限月額は0以上の整数（円）で入力してください',
			])
		}
		expect(errorsOf(parseForm({ ...valid, copayCap: '' }, certificateFormSchema(TODAY))).copayCap).toEqual(['利用者負担上限月額を入力してください'])
		for (const [input, yen] of [['0', 0], ['4600', 4600], ['３７，２００円', 37200]] as const) {
			const r = parseForm({ ...valid, copayCap: input }, certificateFormSchema(TODAY))
			expect(r.ok && r.data.copayCap).toBe(yen)
		}
	})

	it('requires months for a custom period and keeps them inside the decision period', () => {
		expect(errorsOf(parseForm({ ...valid, monitoringMonths: '' }, certificateFormSchema(TODAY))).monitoringMonths).toEqual([
			'モニタリング期間が「その他」の場合はモニタリング月を入力してください',
		])
		expect(errorsOf(parseForm({ ...valid, monitoringMonths: '2026-10, 2027-07' }, certificateFormSchema(TODAY))).monitoringMonths).toEqual([
			'モニタリング月 2026-10、2027-07 が支給決定期間の外です',
		])
		expect(errorsOf(parseForm({ ...valid, monitoringMonths: '2026-13' }, certificateFormSchema(TODAY))).monitoringMonths).toEqual([
			'モニタリング月「2026-13」は「2026-11」の形式で入力してください',
		])
	})

	it('suggests months for a regular period left empty', () => {
		const r = parseForm(
			{ ...valid, monitoringPeriod: 'every3', monitoringMonths: '', decisionStart: '2026-04-01', decisionEnd: '2027-03-31', effectiveFrom: '2026-04-01' },
			certificateFormSchema(TODAY),
		)
		expect(r.ok && r.data.monitoringMonths).toEqual(['2026-06', '2026-09', '2026-12', '2027-03'])
	})

	it('needs at least one complete 支給量 row; fully empty rows are ignored', () => {
		expect(errorsOf(parseForm({ ...valid, serviceType: ['', ''], amount: ['', ''] }, certificateFormSchema(TODAY))).services).toEqual([
			'支給量を1行以上入力してください',
		])
		const missing = errorsOf(parseForm({ ...valid, serviceType: ['生活介護', ''], amount: ['', '7日/月'] }, certificateFormSchema(TODAY)))
		expect(missing.services).toEqual(['支給量の1行目: 支給量を入力してください', '支給量の2行目: サービス種類を入力してください'])
		const single = parseForm({ ...valid, serviceType: '生活介護', amount: '22日/月' }, certificateFormSchema(TODAY))
		expect(single.ok && single.data.services).toEqual([{ serviceType: '生活介護', amount: '22日/月' }])
		const trailing = parseForm({ ...valid, serviceType: ['生活介護', ''], amount: ['22日/月', ''] }, certificateFormSchema(TODAY))
		expect(trailing.ok && trailing.data.services).toHaveLength(1)
	})
})

describe('teamAddSchema', () => {
	const base = {
		mode: 'account',
		email: ' Sabikan@Example.jp ',
		externalName: '',
		role: '',
		relationship: '',
		organizationId: '',
		startsOn: '2026-11-24',
		consentBasis: 'written_consent',
		consentOn: '2026-11-20',
		note: '',
	}

	it('accepts an account member and lower-cases the email', () => {
		const r = parseForm(base, teamAddSchema(TODAY))
		expect(r.ok && r.data.email).toBe('sabikan@example.jp')
	})

	it('requires the consent date for written consent only', () => {
		expect(errorsOf(parseForm({ ...base, consentOn: '' }, teamAddSchema(TODAY))).consentOn).toEqual([
			'書面による同意の場合は同意日を入力してください',
		])
		expect(parseForm({ ...base, consentBasis: 'statutory', consentOn: '' }, teamAddSchema(TODAY)).ok).toBe(true)
	})

	it('wants consent before sharing starts and not in the future', () => {
		expect(errorsOf(parseForm({ ...base, consentOn: '2026-11-25', startsOn: '2026-12-01' }, teamAddSchema(TODAY))).consentOn).toEqual([
			'同意日に未来の日付は指定できません',
		])
		expect(errorsOf(parseForm({ ...base, consentOn: '2026-11-20', startsOn: '2026-11-10' }, teamAddSchema(TODAY))).consentOn).toEqual([
			'同意日は参加開始日以前の日付にしてください',
		])
	})

	it('checks the email for account members and name + role for people without one', () => {
		expect(errorsOf(parseForm({ ...base, email: '' }, teamAddSchema(TODAY))).email).toEqual(['メールアドレスを入力してください'])
		expect(errorsOf(parseForm({ ...base, email: 'nope' }, teamAddSchema(TODAY))).email).toEqual(['メールアドレスの形式が正しくありません'])
		const ext = errorsOf(parseForm({ ...base, mode: 'external', email: '', role: 'specialist' }, teamAddSchema(TODAY)))
		expect(ext.externalName).toEqual(['氏名を入力してください'])
		// A specialist row without an account would hand supervision to an office manager.
		expect(ext.role).toEqual(['チームでの役割を選択してください'])
		const ok = parseForm({ ...base, mode: 'external', email: '', externalName: '木村 正雄', role: 'family', relationship: '民生委員' }, teamAddSchema(TODAY))
		expect(ok.ok).toBe(true)
	})

	it('refuses unknown consent bases', () => {
		expect(errorsOf(parseForm({ ...base, consentBasis: 'verbal' }, teamAddSchema(TODAY))).consentBasis).toEqual([
			'情報共有の根拠を選択してください',
		])
	})
})

describe('teamEndSchema', () => {
	it('needs a date when ending on a chosen day', () => {
		expect(errorsOf(parseForm({ memberId: 'team-sato-2', when: 'date', endsOn: '' }, teamEndSchema)).endsOn).toEqual(['最終日を入力してください'])
		expect(parseForm({ memberId: 'team-sato-2', when: 'now' }, teamEndSchema).ok).toBe(true)
	})
	it('refuses malformed member ids', () => {
		expect(errorsOf(parseForm({ memberId: '../x', when: 'now' }, teamEndSchema)).memberId).toEqual(['終了するメンバーが正しくありません'])
	})
})
