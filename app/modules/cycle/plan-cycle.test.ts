import { describe, expect, it } from 'vitest'
import { TEAM_ROLES, type TeamRole } from '#app/policies/roles.ts'
import {
	CYCLE_ACTIONS,
	CYCLE_ACTION_LABELS,
	CYCLE_STATES,
	CYCLE_STATE_LABELS,
	FACT_LABELS,
	PLAN_VARIANTS,
	TERMINAL_STATES,
	TRANSITIONS,
	VARIANT_STATES,
	applyTransition,
	availableTransitions,
	checkTransition,
	initialState,
	isTerminal,
	nextCycle,
	transitionFor,
	type CycleAction,
	type CycleFacts,
	type CycleState,
	type PlanCycle,
	type PlanVariant,
	PLAN_STAGE_REASONS,
	planStageForState,
} from './plan-cycle.ts'

/**
 * The transition table written out by hand, so a change to the state machine shows up here
 * as a deliberate edit rather than passing silently.
 */
const OPEN_SPECIALIST: CycleState[] = [
	'assessment',
	'draft',
	'draft_consented',
	'submitted',
	'decided',
	'meeting',
	'final',
	'final_consented',
	'active',
	'monitoring',
]
const EXPECTED: Record<PlanVariant, Partial<Record<CycleAction, { from: CycleState[]; to: CycleState; roles: TeamRole[] }>>> = {
	specialist: {
		write_draft: { from: ['assessment'], to: 'draft', roles: ['specialist'] },
		consent_draft: { from: ['draft'], to: 'draft_consented', roles: ['specialist', 'client_self', 'family'] },
		submit: { from: ['draft_consented'], to: 'submitted', roles: ['specialist', 'office_manager'] },
		send_back: { from: ['submitted'], to: 'draft', roles: ['municipal'] },
		record_decision: { from: ['submitted'], to: 'decided', roles: ['municipal', 'specialist', 'office_manager'] },
		hold_meeting: { from: ['decided'], to: 'meeting', roles: ['specialist'] },
		finalize: { from: ['meeting'], to: 'final', roles: ['specialist'] },
		consent_final: { from: ['final'], to: 'final_consented', roles: ['specialist', 'client_self', 'family'] },
		start_services: { from: ['final_consented'], to: 'active', roles: ['specialist', 'office_manager'] },
		start_monitoring: { from: ['active'], to: 'monitoring', roles: ['specialist'] },
		continue_plan: { from: ['monitoring'], to: 'active', roles: ['specialist'] },
		revise: { from: ['active', 'monitoring'], to: 'revision', roles: ['specialist'] },
		close: { from: OPEN_SPECIALIST, to: 'closed', roles: ['specialist', 'office_manager'] },
	},
	self: {
		submit: { from: ['draft'], to: 'submitted', roles: ['client_self', 'family'] },
		send_back: { from: ['submitted'], to: 'draft', roles: ['municipal'] },
		record_decision: { from: ['submitted'], to: 'decided', roles: ['municipal', 'client_self', 'family'] },
		start_services: { from: ['decided'], to: 'active', roles: ['client_self', 'family'] },
		revise: { from: ['active'], to: 'revision', roles: ['client_self', 'family'] },
		close: { from: ['draft', 'submitted', 'decided', 'active'], to: 'closed', roles: ['client_self', 'family'] },
	},
}

/** Facts under which every step passes its fact checks (consent worded for the actor). */
function validFacts(role: TeamRole = 'specialist'): CycleFacts {
	const consent =
		role === 'family'
			? { by: 'proxy' as const, name: '佐藤 良子', relationship: '母', reason: '本人が書面の内容を読むことが難しいため', method: 'written' as const, date: '2026-04-20', explainedOn: '2026-04-20' }
			: { by: 'self' as const, name: '佐藤 誠', method: 'written' as const, date: '2026-04-20', explainedOn: '2026-04-20' }
	return {
		assessment: { date: '2026-03-05', place: '自宅', method: 'home_visit' },
		draftDate: '2026-03-10',
		planDate: '2026-04-20',
		consent,
		deliveredToPersonOn: '2026-04-20',
		deliveredToProvidersOn: '2026-04-21',
		servicesStartOn: '2026-05-01',
		submittedOn: '2026-04-22',
		decision: { start: '2026-04-01', end: '2027-03-31', services: ['生活介護 当該月の日数から8日を控除した日数'], monitoringPeriod: 'every3' },
		sendBackNote: '週間計画表の日中活動の日数が支給申請と合っていません',
		meeting: { date: '2026-04-15', started: true, personAttended: true, providerOpinionsRecorded: true },
		goals: [
			{ need: '日中は仲間と過ごしたい', provider: '生活介護事業所ひだまり（田中 042-000-0000）' },
			{ need: '母の入院中も家で暮らしたい', provider: '居宅介護事業所あおば（鈴木）' },
		],
		monitoring: { fromCompletedReport: true, date: '2026-07-10', place: '自宅', changeNeeded: false },
		revisionReason: 'モニタリングで短期入所の追加が必要と判断',
		closeReason: '転居のため契約終了',
	}
}

function errorsOf(result: ReturnType<typeof checkTransition>): string[] {
	return result.ok ? [] : result.errors
}

describe('the transition table', () => {
	it('matches the hand-written table for both variants', () => {
		for (const variant of PLAN_VARIANTS) {
			const actual = Object.fromEntries(TRANSITIONS[variant].map((t) => [t.action, { from: [...t.from], to: t.to, roles: [...t.roles] }]))
			expect(actual).toEqual(EXPECTED[variant])
		}
	})

	it('labels every state, action and fact in Japanese', () => {
		for (const state of CYCLE_STATES) expect(CYCLE_STATE_LABELS[state]).toMatch(/[ぁ-んァ-ヶ一-龯]/)
		for (const action of CYCLE_ACTIONS) expect(CYCLE_ACTION_LABELS[action]).toMatch(/[ぁ-んァ-ヶ一-龯]/)
		for (const variant of PLAN_VARIANTS) {
			for (const t of TRANSITIONS[variant]) {
				expect(t.label).toMatch(/[ぁ-んァ-ヶ一-龯]/)
				for (const fact of t.requires) expect(FACT_LABELS[fact]).toBeTruthy()
			}
		}
	})

	it('each variant uses only its own states, and every one of them is reachable', () => {
		for (const variant of PLAN_VARIANTS) {
			const states = VARIANT_STATES[variant]
			for (const t of TRANSITIONS[variant]) {
				for (const s of [...t.from, t.to]) expect(states).toContain(s)
			}
			const seen = new Set<CycleState>([initialState(variant)])
			let grew = true
			while (grew) {
				grew = false
				for (const t of TRANSITIONS[variant]) {
					if (t.from.some((s) => seen.has(s)) && !seen.has(t.to)) {
						seen.add(t.to)
						grew = true
					}
				}
			}
			expect([...seen].sort()).toEqual([...states].sort())
		}
	})

	it('terminal states have no way out; every open state can be closed', () => {
		expect(TERMINAL_STATES).toEqual(['revision', 'closed'])
		for (const variant of PLAN_VARIANTS) {
			for (const t of TRANSITIONS[variant]) for (const s of t.from) expect(isTerminal(s)).toBe(false)
			const close = transitionFor(variant, 'close')
			expect(close?.from).toEqual(VARIANT_STATES[variant].filter((s) => !isTerminal(s)))
		}
	})

	it('セルフプラン drops exactly the specialist-only steps', () => {
		expect(VARIANT_STATES.self).toEqual(['draft', 'submitted', 'decided', 'active', 'revision', 'closed'])
		const selfActions = TRANSITIONS.self.map((t) => t.action)
		expect(CYCLE_ACTIONS.filter((a) => !selfActions.includes(a))).toEqual([
			'write_draft',
			'consent_draft',
			'hold_meeting',
			'finalize',
			'consent_final',
			'start_monitoring',
			'continue_plan',
		])
		// no agency staff take any step of a セルフプラン
		for (const t of TRANSITIONS.self) {
			expect(t.roles).not.toContain('specialist')
			expect(t.roles).not.toContain('office_manager')
		}
		expect(initialState('self')).toBe('draft')
		expect(initialState('specialist')).toBe('assessment')
	})
})

// Every variant × state × action × role, against the hand-written table.
const CASES = PLAN_VARIANTS.flatMap((variant) =>
	CYCLE_STATES.flatMap((state) =>
		CYCLE_ACTIONS.flatMap((action) =>
			TEAM_ROLES.map((role) => {
				const rule = EXPECTED[variant][action]
				const stateOk = rule !== undefined && rule.from.includes(state)
				const roleOk = rule !== undefined && rule.roles.includes(role)
				return { variant, state, action, role, rule, stateOk, roleOk, allowed: stateOk && roleOk }
			}),
		),
	),
)

describe('every allowed transition', () => {
	const allowed = CASES.filter((c) => c.allowed)
	it('covers some cases of each variant', () => {
		expect(allowed.filter((c) => c.variant === 'specialist').length).toBe(
			Object.values(EXPECTED.specialist).reduce((n, r) => n + r.from.length * r.roles.length, 0),
		)
		expect(allowed.filter((c) => c.variant === 'self').length).toBe(Object.values(EXPECTED.self).reduce((n, r) => n + r.from.length * r.roles.length, 0))
	})
	it.each(allowed)('$variant: $state —$action→ by $role', ({ variant, state, action, role, rule }) => {
		const cycle: PlanCycle = { variant, state }
		expect(checkTransition(cycle, action, role, validFacts(role))).toEqual({ ok: true })
		expect(applyTransition(cycle, action, role, validFacts(role))).toEqual({ ok: true, cycle: { variant, state: rule?.to } })
	})
})

describe('every refused transition', () => {
	it.each(CASES.filter((c) => !c.allowed))('$variant: $state —$action→ by $role', ({ variant, state, action, role, rule, stateOk, roleOk }) => {
		const result = checkTransition({ variant, state }, action, role, validFacts(role))
		const errors = errorsOf(result)
		expect(result.ok).toBe(false)
		if (rule === undefined) {
			expect(errors).toEqual([`セルフプラン（本人・家族が作成）には「${CYCLE_ACTION_LABELS[action]}」の手順はありません`])
			return
		}
		expect(errors.some((e) => e.includes('の段階で行います'))).toBe(!stateOk)
		expect(errors.some((e) => e.includes('が行います（あなた:'))).toBe(!roleOk)
		expect(errors).toHaveLength(Number(!stateOk) + Number(!roleOk))
		expect(applyTransition({ variant, state }, action, role, validFacts(role))).toEqual(result)
	})
})

describe('refusal messages', () => {
	it('name the stage and the roles', () => {
		expect(errorsOf(checkTransition({ variant: 'specialist', state: 'assessment' }, 'hold_meeting', 'family', {}))).toEqual([
			'「サービス担当者会議の開催」は「支給決定済み」の段階で行います（現在: アセスメント）',
			'「サービス担当者会議の開催」は相談支援専門員が行います（あなた: 家族・後見人）',
		])
		expect(errorsOf(checkTransition({ variant: 'specialist', state: 'submitted' }, 'record_decision', 'service_manager', {}))).toEqual([
			'「支給決定の記録」は市町村職員・相談支援専門員・相談支援事業所 管理者が行います（あなた: サービス管理責任者）',
		])
		expect(errorsOf(checkTransition({ variant: 'specialist', state: 'closed' }, 'revise', 'specialist', {}))).toEqual([
			'「計画の見直し（次の計画へ）」は「実施中」「モニタリング中」の段階で行います（現在: 終了）',
		])
	})

	it('unknown variants, states and actions', () => {
		expect(errorsOf(checkTransition({ variant: 'agency' as PlanVariant, state: 'draft' }, 'submit', 'specialist', {}))).toEqual(['不明な計画の種類です: agency'])
		expect(errorsOf(checkTransition({ variant: 'specialist', state: 'waiting' as CycleState }, 'submit', 'specialist', {}))).toEqual(['不明な段階です: waiting'])
		expect(errorsOf(checkTransition({ variant: 'specialist', state: 'draft' }, 'approve' as CycleAction, 'specialist', {}))).toEqual(['不明な操作です: approve'])
	})
})

// ---------------------------------------------------------------------------
// Fact checks: each fails, and passes once fixed.

function check(variant: PlanVariant, state: CycleState, action: CycleAction, facts: CycleFacts, role: TeamRole = 'specialist') {
	return errorsOf(checkTransition({ variant, state }, action, role, facts))
}

describe('計画作成日 = the day of explanation and consent (本計画)', () => {
	const base = validFacts()
	it('passes when plan date, explanation and consent fall on one day', () => {
		expect(check('specialist', 'final', 'consent_final', base)).toEqual([])
	})
	it('fails on a print date', () => {
		expect(check('specialist', 'final', 'consent_final', { ...base, planDate: '2026-04-18' })).toEqual([
			'計画作成日（2026年4月18日）が同意日（2026年4月20日）と異なります。計画作成日は説明・同意を得た日（署名日）にしてください',
		])
	})
	it('fails when explanation and consent were on different days', () => {
		expect(check('specialist', 'final', 'consent_final', { ...base, consent: { ...base.consent!, explainedOn: '2026-04-19' } })).toEqual([
			'説明日（2026年4月19日）と同意日（2026年4月20日）が異なります。本計画は説明したその日に同意を得ます',
		])
	})
	it('fails without a plan date or a delivery to the person', () => {
		expect(check('specialist', 'final', 'consent_final', { ...base, planDate: undefined, deliveredToPersonOn: '' })).toEqual([
			'計画作成日がありません',
			'本計画を本人に交付した日がありません',
		])
		expect(check('specialist', 'final', 'consent_final', { ...base, planDate: '2026-04-31' })).toEqual(['計画作成日「2026-04-31」が正しい日付ではありません'])
	})
	it('the 案 may be consented to after it was explained, not before', () => {
		const draft = { ...base, consent: { ...base.consent!, explainedOn: '2026-03-12', date: '2026-03-20' } }
		expect(check('specialist', 'draft', 'consent_draft', draft)).toEqual([])
		expect(check('specialist', 'draft', 'consent_draft', { ...draft, consent: { ...draft.consent, date: '2026-03-11' } })).toEqual([
			'同意日（2026年3月11日）が説明日（2026年3月12日）より前です',
		])
		expect(check('specialist', 'draft', 'consent_draft', { ...draft, draftDate: '2026-03-15' })).toEqual([
			'説明日（2026年3月12日）が計画案作成日（2026年3月15日）より前です',
		])
		expect(check('specialist', 'draft', 'consent_draft', { ...draft, draftDate: undefined })).toEqual(['計画案作成日がありません'])
	})
})

describe('the 本計画 names a provider on every row', () => {
	const base = validFacts()
	it('passes with providers on every row', () => {
		expect(check('specialist', 'meeting', 'finalize', base)).toEqual([])
	})
	it('names each row without one, at finalize and at consent', () => {
		const goals = [{ need: '日中は仲間と過ごしたい', provider: '  ' }, base.goals![1], { need: '', provider: '' }]
		const expected = ['本計画の1行目（日中は仲間と過ごしたい）に提供事業者名がありません', '本計画の3行目に提供事業者名がありません']
		expect(check('specialist', 'meeting', 'finalize', { ...base, goals })).toEqual(expected)
		expect(check('specialist', 'final', 'consent_final', { ...base, goals })).toEqual(expected)
	})
	it('a plan without goals cannot be finalised', () => {
		expect(check('specialist', 'meeting', 'finalize', { ...base, goals: [] })).toEqual(['計画の目標（解決すべき課題）が1行もありません'])
		expect(check('specialist', 'meeting', 'finalize', { ...base, goals: undefined })).toEqual(['計画の目標（解決すべき課題）が1行もありません'])
	})
})

describe('the person attends the サービス担当者会議, or the reason is recorded', () => {
	const base = validFacts()
	it('passes when the person attended', () => {
		expect(check('specialist', 'decided', 'hold_meeting', base)).toEqual([])
	})
	it('fails when absent without a reason; passes with one', () => {
		const absent = { ...base, meeting: { ...base.meeting!, personAttended: false } }
		expect(check('specialist', 'decided', 'hold_meeting', absent)).toEqual([
			'本人が出席していません。欠席の理由（面会謝絶、出席すると心身の状態が悪化するなど）を記録してください',
		])
		expect(check('specialist', 'decided', 'hold_meeting', { ...absent, meeting: { ...absent.meeting, absenceReason: ' ' } })).toHaveLength(1)
		expect(check('specialist', 'decided', 'hold_meeting', { ...absent, meeting: { ...absent.meeting, absenceReason: '入院中で面会謝絶' } })).toEqual([])
	})
	it('needs the providers’ opinions and a date', () => {
		expect(check('specialist', 'decided', 'hold_meeting', { ...base, meeting: { ...base.meeting!, providerOpinionsRecorded: false, date: '' } })).toEqual([
			'会議の開催日がありません',
			'各事業所の担当者から専門的見地からの意見を聴いた記録がありません（欠席した事業所には照会）',
		])
		expect(check('specialist', 'decided', 'hold_meeting', { ...base, meeting: undefined })).toEqual([
			'サービス担当者会議の記録がありません（この計画の支給決定の後に開始・終了した会議を選んでください）',
		])
	})
	it('takes only a meeting that was actually started (held), not one scheduled and closed', () => {
		expect(check('specialist', 'decided', 'hold_meeting', { ...base, meeting: { ...base.meeting!, started: false } })).toEqual([
			'この会議は開始の記録がありません。「会議を開始」から開催した会議だけが開催の記録になります',
		])
	})
})

describe('consent: who, how, when', () => {
	const base = validFacts()
	const consent = base.consent!
	const withConsent = (c: Partial<NonNullable<CycleFacts['consent']>> | undefined, role: TeamRole = 'specialist') =>
		check('specialist', 'final', 'consent_final', { ...base, consent: c === undefined ? undefined : ({ ...consent, ...c } as CycleFacts['consent']) }, role)

	it('passes when recorded completely', () => {
		expect(withConsent({})).toEqual([])
	})
	it('fails when missing', () => {
		expect(withConsent(undefined)).toEqual(['同意の記録がありません（誰が・どの方法で・いつ）'])
	})
	it('who / how / when', () => {
		expect(withConsent({ name: '' })).toEqual(['同意した人の氏名を記録してください'])
		expect(withConsent({ method: 'phone' as 'written' })).toEqual(['同意の方法（書面・電磁的方法）を記録してください'])
		expect(withConsent({ date: '' })).toEqual(['同意日がありません'])
		expect(withConsent({ explainedOn: '2026/04/20' })).toEqual(['説明日「2026/04/20」が正しい日付ではありません'])
		expect(withConsent({ by: 'someone' as 'self' })).toEqual(['同意したのが本人か代理人かを記録してください'])
	})
	it('a proxy needs name, relationship and reason', () => {
		expect(withConsent({ by: 'proxy', name: '佐藤 良子' })).toEqual(['代理人の続柄を記録してください', '本人ではなく代理人が同意した理由を記録してください'])
		expect(withConsent({ by: 'proxy', name: '', relationship: '母', reason: '未成年のため' })).toEqual(['同意した人の氏名を記録してください'])
		expect(withConsent({ by: 'proxy', name: '佐藤 良子', relationship: '母', reason: '未成年のため' })).toEqual([])
	})
	it('電磁的方法 needs the prior agreement on record', () => {
		expect(withConsent({ method: 'electronic' })).toEqual(['電磁的方法による同意には、電磁的方法によることについて事前に得た承諾の記録が必要です'])
		expect(withConsent({ method: 'electronic', priorElectronicAgreement: true })).toEqual([])
	})
	it('本人 consents as themself, the family as a proxy', () => {
		expect(withConsent({}, 'client_self')).toEqual([])
		expect(withConsent({ by: 'proxy', relationship: '母', reason: '未成年のため' }, 'client_self')).toEqual(['本人の操作では、本人による同意として記録してください'])
		expect(withConsent({}, 'family')).toEqual(['家族・後見人の操作では、代理人による同意として記録してください（続柄と理由も必要です）'])
		expect(withConsent({ by: 'proxy', name: '佐藤 良子', relationship: '母', reason: '本人の希望により' }, 'family')).toEqual([])
	})
	it('the same rules hold for the 計画案', () => {
		expect(check('specialist', 'draft', 'consent_draft', { ...base, consent: { ...consent, by: 'proxy' } })).toEqual([
			'代理人の続柄を記録してください',
			'本人ではなく代理人が同意した理由を記録してください',
		])
	})
})

describe('支給決定 needs period, services and monitoring period', () => {
	const base = validFacts()
	const decision = base.decision!
	const withDecision = (d: Partial<typeof decision> | undefined, variant: PlanVariant = 'specialist') =>
		check(variant, 'submitted', 'record_decision', { ...base, decision: d === undefined ? undefined : { ...decision, ...d } }, 'municipal')

	it('passes when complete', () => {
		expect(withDecision({})).toEqual([])
		expect(withDecision({ monitoringPeriod: 'custom', monitoringMonths: '2026-06,2026-12' })).toEqual([])
	})
	it('fails when missing', () => {
		expect(withDecision(undefined)).toEqual(['支給決定の内容がありません（支給決定期間・サービス・モニタリング期間）'])
		expect(withDecision(undefined, 'self')).toEqual(['支給決定の内容がありません（支給決定期間・サービス）'])
	})
	it('period', () => {
		expect(withDecision({ start: '', end: '2026-03-31' })).toEqual([
			'支給決定期間の開始日「」が正しい日付ではありません',
		])
		expect(withDecision({ end: '2026-03-31' })).toEqual(['支給決定期間の終了日（2026年3月31日）が開始日（2026年4月1日）より前です'])
	})
	it('services', () => {
		expect(withDecision({ services: [] })).toEqual(['支給決定されたサービス（種類・支給量）を1件以上記録してください'])
		expect(withDecision({ services: ['生活介護 22日/月', ''] })).toEqual(['支給決定されたサービスに空の行があります'])
	})
	it('monitoring period (計画相談支援 only)', () => {
		expect(withDecision({ monitoringPeriod: undefined })).toEqual(['モニタリング期間（毎月・3ヶ月ごと・6ヶ月ごと・その他（月を指定））を記録してください'])
		expect(withDecision({ monitoringPeriod: 'yearly' })).toEqual(['モニタリング期間「yearly」が不明です（毎月・3ヶ月ごと・6ヶ月ごと・その他のいずれか）'])
		expect(withDecision({ monitoringPeriod: 'custom' })).toEqual(['モニタリング期間が「その他（月を指定）」ですが、モニタリング月が記録されていません'])
		expect(withDecision({ monitoringPeriod: undefined }, 'self')).toEqual([])
	})
})

describe('sending back needs a note', () => {
	it('fails without one, passes with one and returns the 案 to drafting', () => {
		for (const variant of PLAN_VARIANTS) {
			const cycle: PlanCycle = { variant, state: 'submitted' }
			for (const note of [undefined, '', '  \n ']) {
				expect(applyTransition(cycle, 'send_back', 'municipal', { sendBackNote: note })).toEqual({
					ok: false,
					errors: ['差し戻しの理由（直してほしい点）を記入してください'],
				})
			}
			expect(applyTransition(cycle, 'send_back', 'municipal', { sendBackNote: '日中活動の日数を確認してください' })).toEqual({
				ok: true,
				cycle: { variant, state: 'draft' },
			})
		}
	})
})

describe('the other recorded facts', () => {
	it('assessment: date, 居宅訪問 or a stated exception, and the place', () => {
		expect(check('specialist', 'assessment', 'write_draft', {})).toEqual(['アセスメントの記録がありません（実施日・居宅訪問か例外か・実施場所）'])
		expect(check('specialist', 'assessment', 'write_draft', { assessment: { date: '2026-3-5', place: '' } })).toEqual([
			'アセスメントの実施日「2026-3-5」が正しい日付ではありません',
			'アセスメントの方法を選んでください（居宅訪問、または入院中などの例外）',
			'アセスメントの実施場所（ご自宅など）を記録してください',
		])
		expect(check('specialist', 'assessment', 'write_draft', { assessment: { date: '2026-03-05', place: '自宅', method: 'home_visit' } })).toEqual([])
		// An exception needs its reason: inspectors expect the home visit.
		expect(check('specialist', 'assessment', 'write_draft', { assessment: { date: '2026-03-05', place: '〇〇病院', method: 'hospital', reason: ' ' } })).toEqual([
			'居宅訪問で行わなかった理由を記録してください（例：入院中のため病院で面接）',
		])
		expect(
			check('specialist', 'assessment', 'write_draft', { assessment: { date: '2026-03-05', place: '〇〇病院', method: 'hospital', reason: '骨折で入院中のため病室で面接' } }),
		).toEqual([])
	})
	it('submitting the 案: delivered to the person and submitted', () => {
		expect(check('specialist', 'draft_consented', 'submit', {})).toEqual(['計画案を本人に交付した日がありません', '市町村への提出日がありません'])
		expect(check('specialist', 'draft_consented', 'submit', { deliveredToPersonOn: '2026-03-20', submittedOn: '2026-03-21' }, 'office_manager')).toEqual([])
	})
	it('starting services: the 本計画 delivered to the providers and submitted', () => {
		expect(check('specialist', 'final_consented', 'start_services', {})).toEqual([
			'本計画を各事業所に交付した日がありません',
			'本計画を市町村に提出した日がありません',
			'サービス利用開始日がありません',
		])
		expect(check('specialist', 'final_consented', 'start_services', { deliveredToProvidersOn: '2026-04-21', submittedOn: '2026-04-22', servicesStartOn: '2026-05-01' })).toEqual([])
	})
	it('monitoring: only from a completed report, with date and place', () => {
		const onlyFromReport = 'モニタリングは、その月のモニタリング報告書を完了すると記録されます（報告書の下書きや、報告書のない記録はできません）'
		expect(check('specialist', 'active', 'start_monitoring', {})).toEqual([onlyFromReport])
		expect(check('specialist', 'active', 'start_monitoring', { monitoring: { fromCompletedReport: false, date: '2026-07-10', place: '自宅' } })).toEqual([onlyFromReport])
		expect(check('specialist', 'active', 'start_monitoring', { monitoring: { fromCompletedReport: true, date: '', place: ' ' } })).toEqual([
			'モニタリングの実施日がありません',
			'モニタリングの実施場所（居宅など）を記録してください',
		])
	})
	it('continuing needs "no change" on record; a change leads to revision', () => {
		const monitoring = { fromCompletedReport: true, date: '2026-07-10', place: '自宅' }
		expect(check('specialist', 'monitoring', 'continue_plan', { monitoring })).toEqual(['計画変更の必要性（有・無）を記録してください'])
		expect(check('specialist', 'monitoring', 'continue_plan', { monitoring: { ...monitoring, changeNeeded: true } })).toEqual([
			'計画変更の必要性が「有」のため、このまま継続できません。計画の見直しに進んでください',
		])
		expect(check('specialist', 'monitoring', 'revise', { monitoring: { ...monitoring, changeNeeded: true }, revisionReason: '短期入所の追加' })).toEqual([])
	})
	it('revising and closing need a reason', () => {
		expect(check('specialist', 'active', 'revise', {})).toEqual(['見直しの理由（モニタリングの結果、状態の変化、支給決定期間の更新など）を記入してください'])
		expect(check('self', 'active', 'revise', { revisionReason: ' ' }, 'family')).toHaveLength(1)
		expect(check('specialist', 'draft', 'close', {}, 'office_manager')).toEqual(['終了の理由（契約の終了、転居、サービス利用の終了など）を記入してください'])
		expect(check('self', 'decided', 'close', { closeReason: 'サービスを利用しないことにした' }, 'client_self')).toEqual([])
	})
})

describe('セルフプラン', () => {
	it('runs 作成 → 提出 → 支給決定 → 利用開始 → 見直し without the specialist', () => {
		const facts: CycleFacts = {
			draftDate: '2026-03-01',
			submittedOn: '2026-03-05',
			decision: { start: '2026-04-01', end: '2027-03-31', services: ['放課後等デイサービス 23日/月'] },
			revisionReason: '支給決定期間の更新',
		}
		let cycle: PlanCycle = { variant: 'self', state: initialState('self') }
		const steps: Array<[CycleAction, TeamRole]> = [
			['submit', 'family'],
			['record_decision', 'municipal'],
			['start_services', 'family'],
			['revise', 'client_self'],
		]
		const visited: CycleState[] = [cycle.state]
		for (const [action, role] of steps) {
			const result = applyTransition(cycle, action, role, facts)
			if (!result.ok) throw new Error(result.errors.join(' / '))
			cycle = result.cycle
			visited.push(cycle.state)
		}
		expect(visited).toEqual(['draft', 'submitted', 'decided', 'active', 'revision'])
		expect(nextCycle(cycle)).toEqual({ variant: 'self', state: 'draft' })
		expect(nextCycle(cycle, 'specialist')).toEqual({ variant: 'specialist', state: 'assessment' })
	})

	it('submitting needs the date it was written and submitted; the decision needs no monitoring period', () => {
		expect(check('self', 'draft', 'submit', {}, 'client_self')).toEqual(['セルフプランの作成日がありません', '市町村への提出日がありません'])
		expect(check('self', 'submitted', 'record_decision', { decision: { start: '2026-04-01', end: '2027-03-31', services: ['短期入所 7日/月'] } }, 'family')).toEqual([])
	})

	it('has no meeting, 本計画 or monitoring steps', () => {
		for (const action of ['write_draft', 'consent_draft', 'hold_meeting', 'finalize', 'consent_final', 'start_monitoring', 'continue_plan'] as const) {
			expect(check('self', 'decided', action, validFacts(), 'family')).toEqual([
				`セルフプラン（本人・家族が作成）には「${CYCLE_ACTION_LABELS[action]}」の手順はありません`,
			])
		}
		expect(availableTransitions({ variant: 'self', state: 'decided' }, 'specialist', validFacts())).toEqual([])
	})
})

describe('the specialist cycle end to end', () => {
	it('walks every stage, with a send-back and a monitoring round', () => {
		const steps: Array<[CycleAction, TeamRole]> = [
			['write_draft', 'specialist'],
			['consent_draft', 'client_self'],
			['submit', 'specialist'],
			['send_back', 'municipal'],
			['consent_draft', 'specialist'],
			['submit', 'office_manager'],
			['record_decision', 'municipal'],
			['hold_meeting', 'specialist'],
			['finalize', 'specialist'],
			['consent_final', 'family'],
			['start_services', 'specialist'],
			['start_monitoring', 'specialist'],
			['continue_plan', 'specialist'],
			['start_monitoring', 'specialist'],
			['revise', 'specialist'],
		]
		let cycle: PlanCycle = { variant: 'specialist', state: initialState('specialist') }
		const visited: CycleState[] = [cycle.state]
		for (const [action, role] of steps) {
			const result = applyTransition(cycle, action, role, validFacts(role))
			if (!result.ok) throw new Error(`${action}: ${result.errors.join(' / ')}`)
			cycle = result.cycle
			visited.push(cycle.state)
		}
		expect(visited).toEqual([
			'assessment',
			'draft',
			'draft_consented',
			'submitted',
			'draft',
			'draft_consented',
			'submitted',
			'decided',
			'meeting',
			'final',
			'final_consented',
			'active',
			'monitoring',
			'active',
			'monitoring',
			'revision',
		])
		expect(nextCycle(cycle)).toEqual({ variant: 'specialist', state: 'assessment' })
	})

	it('a new cycle starts from 見直し only', () => {
		expect(() => nextCycle({ variant: 'specialist', state: 'active' })).toThrow(/from 'revision' only/)
		expect(() => nextCycle({ variant: 'specialist', state: 'closed' })).toThrow(/from 'revision' only/)
	})
})

describe('availableTransitions', () => {
	it('lists the steps the role may take now, with what still blocks them', () => {
		const cycle: PlanCycle = { variant: 'specialist', state: 'monitoring' }
		const facts: CycleFacts = { monitoring: { fromCompletedReport: true, date: '2026-07-10', place: '自宅', changeNeeded: true } }
		expect(
			availableTransitions(cycle, 'specialist', facts).map(({ transition, ok, errors }) => ({ action: transition.action, ok, errors })),
		).toEqual([
			{ action: 'continue_plan', ok: false, errors: ['計画変更の必要性が「有」のため、このまま継続できません。計画の見直しに進んでください'] },
			{ action: 'revise', ok: false, errors: ['見直しの理由（モニタリングの結果、状態の変化、支給決定期間の更新など）を記入してください'] },
			{ action: 'close', ok: false, errors: ['終了の理由（契約の終了、転居、サービス利用の終了など）を記入してください'] },
		])
		expect(availableTransitions(cycle, 'office_manager', facts).map((a) => a.transition.action)).toEqual(['close'])
	})

	it('matches checkTransition for every role and state', () => {
		for (const variant of PLAN_VARIANTS) {
			for (const state of CYCLE_STATES) {
				for (const role of TEAM_ROLES) {
					const listed = availableTransitions({ variant, state }, role, validFacts(role))
					const expected = CASES.filter((c) => c.variant === variant && c.state === state && c.role === role && c.allowed).map((c) => c.action)
					expect(listed.map((a) => a.transition.action)).toEqual(expected)
					expect(listed.every((a) => a.ok)).toBe(true)
				}
			}
		}
	})

	it('nothing is available in a terminal state or to providers and the hub coordinator', () => {
		for (const role of TEAM_ROLES) {
			expect(availableTransitions({ variant: 'specialist', state: 'closed' }, role, validFacts(role))).toEqual([])
			expect(availableTransitions({ variant: 'specialist', state: 'revision' }, role, validFacts(role))).toEqual([])
		}
		for (const state of CYCLE_STATES) {
			for (const role of ['service_manager', 'provider_staff', 'hub_coordinator'] as const) {
				expect(availableTransitions({ variant: 'specialist', state }, role, validFacts(role))).toEqual([])
			}
		}
	})
})

describe('案 or 本計画 follows the cycle', () => {
	it('is the 案 until the サービス担当者会議 is held, the 本計画 from then on', () => {
		const stages = Object.fromEntries(CYCLE_STATES.map((state) => [state, planStageForState(state)]))
		expect(stages).toEqual({
			assessment: 'draft',
			draft: 'draft',
			draft_consented: 'draft',
			submitted: 'draft',
			decided: 'draft',
			meeting: 'final',
			final: 'final',
			final_consented: 'final',
			active: 'final',
			monitoring: 'final',
			revision: 'final',
			closed: 'draft',
		})
	})
	it('says why for every state', () => {
		for (const state of CYCLE_STATES) expect(PLAN_STAGE_REASONS[state]).toMatch(/。$/)
		expect(PLAN_STAGE_REASONS.meeting).toContain('サービス担当者会議を開催したため本計画です')
	})
})
