import { describe, expect, it } from 'vitest'
import type { DocumentSnapshot } from '#app/document-forms/structure.ts'
import { snapshotDigest } from '#app/modules/versions/versions.server.ts'
import { decisionRecord, parseDetail, planFacts, providerOrganizations, versionReasonFor } from './step-facts.ts'

const snapshot: DocumentSnapshot = {
	fields: { wishes: 'グループホームで暮らしたい' },
	meta: { stage: 'final', draftDate: '2026-11-20', planDate: '', monitoringStart: null },
	rows: [
		{ id: 'r1', table: 'goals', order: 1, cells: { need: '日中活動', provider: 'ひだまり' }, links: [] },
		{ id: 'r2', table: 'goals', order: 2, cells: { need: '住まい', provider: '' }, links: [] },
		{ id: 'x1', table: 'other', order: 1, cells: { need: '別の表' }, links: [] },
	],
}

describe('planFacts: what the steps read from the stored plan', () => {
	it('takes the dates (empty = missing) and the goal rows, only from the goals table', () => {
		expect(planFacts(snapshot)).toEqual({
			draftDate: '2026-11-20',
			planDate: undefined,
			goals: [
				{ need: '日中活動', provider: 'ひだまり' },
				{ need: '住まい', provider: '' },
			],
		})
		expect(planFacts(null)).toEqual({ goals: [] })
	})
})

describe('providerOrganizations', () => {
	it('lists each provider organisation on the team today once', () => {
		const row = (role: string, organizationId: string | null, endsOn: string | null = null) =>
			({ userId: 'u', organizationId, role, startsOn: '2026-01-01', endsOn }) as Parameters<typeof providerOrganizations>[0][number]
		const team = [
			row('service_manager', 'org-a'),
			row('provider_staff', 'org-a'),
			row('provider_staff', 'org-b', '2026-06-30'),
			row('specialist', 'org-sodan'),
			row('family', null),
		]
		expect(providerOrganizations(team, '2026-12-01')).toEqual(['org-a'])
	})
})

describe('versionReasonFor: which steps freeze the plan', () => {
	it('consents freeze; a セルフプラン freezes at submission (it has no consent step); nothing else does', () => {
		expect(versionReasonFor('specialist', 'consent_draft')).toBe('draft_consented')
		expect(versionReasonFor('specialist', 'consent_final')).toBe('final_consented')
		expect(versionReasonFor('specialist', 'submit')).toBeNull()
		expect(versionReasonFor('self', 'submit')).toBe('submitted')
		for (const action of ['write_draft', 'send_back', 'record_decision', 'hold_meeting', 'finalize', 'start_services', 'revise', 'close'] as const) {
			expect(versionReasonFor('specialist', action)).toBeNull()
		}
	})
})

describe('decisionRecord', () => {
	it('reads the 受給者証 form as the state machine’s 支給決定', () => {
		const record = decisionRecord({
			kind: 'welfare',
			number: '1234567890',
			issuedBy: '希望が丘市',
			issuedOn: '2026-12-01',
			effectiveFrom: '2026-12-01',
			decisionStart: '2026-12-01',
			decisionEnd: '2027-11-30',
			supportLevel: '3',
			copayCap: 9300,
			monitoringPeriod: 'every3',
			monitoringMonths: ['2027-02', '2027-05'],
			newUserMonthlyFrom: '',
			note: '',
			services: [{ serviceType: '生活介護', amount: '22日/月' }],
		})
		expect(record).toEqual({ start: '2026-12-01', end: '2027-11-30', services: ['生活介護 22日/月'], monitoringPeriod: 'every3', monitoringMonths: ['2027-02', '2027-05'] })
	})
})

describe('snapshotDigest', () => {
	it('ignores key order and changes with any content', () => {
		const reordered: DocumentSnapshot = { rows: snapshot.rows, meta: { monitoringStart: null, planDate: '', draftDate: '2026-11-20', stage: 'final' }, fields: { ...snapshot.fields } }
		expect(snapshotDigest(reordered)).toBe(snapshotDigest(snapshot))
		expect(snapshotDigest({ ...snapshot, fields: { wishes: 'グループホームで暮らしたい。' } })).not.toBe(snapshotDigest(snapshot))
	})
})

describe('parseDetail', () => {
	it('reads an event detail object; anything else is empty', () => {
		expect(parseDetail('{"meetingId":"m1"}')).toEqual({ meetingId: 'm1' })
		expect(parseDetail('not json')).toEqual({})
		expect(parseDetail('null')).toEqual({})
	})
})
