import { describe, expect, it } from 'vitest'
import { buildHeaderFacts, certificateNumber, parseFrozenFacts, serializeFrozenFacts, type FrozenPlanFacts } from './header-facts.ts'

const input = {
	clientName: '佐藤 誠',
	category: 'adult',
	guardianName: '',
	supportLevel: '3',
	certificates: [
		{ kind: 'community', number: '7000000001', copayCap: 0, monitoringPeriod: 'every6' },
		{ kind: 'welfare', number: '1234567890', copayCap: 9300, monitoringPeriod: 'every3' },
	],
	monitoringStart: '2027-01',
	agencyName: '相談支援センターきずな',
	authorName: '田中 陽子',
}

describe('buildHeaderFacts', () => {
	it('labels every fact, keeps one entry per certificate kind, and reads period and copay off the service certificate', () => {
		const facts = buildHeaderFacts(input)
		expect(facts).toEqual({
			clientName: '佐藤 誠',
			category: 'adult',
			guardianName: '',
			supportLevel: '3',
			supportLevelLabel: '区分3',
			certificates: [
				{ kind: 'community', kindLabel: '地域相談支援受給者証', number: '7000000001' },
				{ kind: 'welfare', kindLabel: '障害福祉サービス受給者証', number: '1234567890' },
			],
			copayCapLabel: '9,300円',
			monitoringPeriod: 'every3',
			monitoringPeriodLabel: '3ヶ月ごと',
			monitoringStart: '2027-01',
			agencyName: '相談支援センターきずな',
			authorName: '田中 陽子',
		})
		expect(certificateNumber(facts, 'welfare')).toBe('1234567890')
		expect(certificateNumber(facts, 'child_day')).toBe('')
	})
	it('has empty facts, not errors, without a certificate; a malformed 開始年月 is left out', () => {
		const facts = buildHeaderFacts({ ...input, certificates: [], monitoringStart: '2027/1', category: 'child', guardianName: '山田 花' })
		expect(facts).toMatchObject({ category: 'child', guardianName: '山田 花', certificates: [], copayCapLabel: '', monitoringPeriodLabel: '', monitoringStart: '' })
	})
})

describe('serializeFrozenFacts / parseFrozenFacts', () => {
	const frozen: FrozenPlanFacts = { format: 1, asOf: '2026-12-04', header: buildHeaderFacts(input), stage: 'final', stageReason: '理由', weekly: null }
	it('round-trips, with the same text whatever order the object was built in', () => {
		const text = serializeFrozenFacts(frozen)
		expect(parseFrozenFacts(text)).toEqual(frozen)
		const reordered = { weekly: null, stageReason: '理由', stage: 'final', header: frozen.header, asOf: '2026-12-04', format: 1 } as FrozenPlanFacts
		expect(serializeFrozenFacts(reordered)).toBe(text)
	})
	it('answers null for versions without facts and for unreadable text (their pages use the old behaviour)', () => {
		expect(parseFrozenFacts(null)).toBeNull()
		expect(parseFrozenFacts('')).toBeNull()
		expect(parseFrozenFacts('{not json')).toBeNull()
		expect(parseFrozenFacts(JSON.stringify({ format: 2 }))).toBeNull()
	})
})
