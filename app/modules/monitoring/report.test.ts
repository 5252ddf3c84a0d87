import * as Y from 'yjs'
import { describe, expect, test } from 'vitest'
import { MONITORING_FIELD_KEYS, MONITORING_META, applyGoalsPrefill, changeMetaKey, goalRowId } from '#app/document-forms/monitoring.ts'
import { applyTemplate, fieldText, readDocument, setMeta } from '#app/document-forms/structure.ts'
import { checkCompletion, monitoringDocumentId } from './report.ts'

const GOALS = [
	{ goalId: 'rGoalAAAAAAAAAAAA', goal: '生活介護に週5日通う', targetDate: '6か月' },
	{ goalId: 'rGoalBBBBBBBBBBBB', goal: '家事を一つ覚える', targetDate: '1年' },
]

function report(options: { date?: string; place?: string; overall?: string; answers?: Array<[number, 'kind' | 'amount' | 'weekly', string]>; all?: 'yes' | 'no' } = {}) {
	const doc = new Y.Doc()
	applyTemplate(doc, MONITORING_FIELD_KEYS)
	applyGoalsPrefill(doc, GOALS)
	if (options.date !== undefined) setMeta(doc, MONITORING_META.conductedOn, options.date)
	fieldText(doc, 'place')!.insert(0, options.place ?? '自宅')
	fieldText(doc, 'overall')!.insert(0, options.overall ?? '落ち着いて通所している')
	if (options.all) for (const g of GOALS) for (const kind of ['kind', 'amount', 'weekly'] as const) setMeta(doc, changeMetaKey(kind, goalRowId(g.goalId)), options.all)
	for (const [index, kind, value] of options.answers ?? []) setMeta(doc, changeMetaKey(kind, goalRowId(GOALS[index].goalId)), value)
	return readDocument(doc)
}

describe('checkCompletion', () => {
	test('a complete report: facts for the record, no change needed when every answer is 無', () => {
		const result = checkCompletion(report({ date: '2026-12-01', all: 'no' }), '2026-12', '2026-12-02')
		expect(result).toMatchObject({ ok: true, conductedOn: '2026-12-01', changeNeeded: false })
	})

	test('any 有 means a change is needed', () => {
		const result = checkCompletion(report({ date: '2026-12-02', all: 'no', answers: [[1, 'weekly', 'yes']] }), '2026-12', '2026-12-02')
		expect(result).toMatchObject({ ok: true, changeNeeded: true })
	})

	test('missing 実施日, place, overall and answers are each reported in Japanese', () => {
		const result = checkCompletion(report({ place: ' ', overall: '', answers: [[0, 'kind', 'no']] }), '2026-12', '2026-12-02')
		expect(result.ok).toBe(false)
		if (result.ok) return
		expect(result.errors).toEqual([
			'モニタリング実施日を入力してください',
			'実施場所を入力してください',
			'全体の状況を入力してください',
			'1番目の目標：計画変更の必要性（サービス量の変更・週間計画の変更）の有・無を選んでください',
			'2番目の目標：計画変更の必要性（サービス種類の変更・サービス量の変更・週間計画の変更）の有・無を選んでください',
		])
	})

	test('the date must lie in the report’s month and not in the future', () => {
		const other = checkCompletion(report({ date: '2026-11-30', all: 'no' }), '2026-12', '2026-12-02')
		expect(other).toEqual({ ok: false, errors: ['モニタリング実施日は2026年12月中の日付にしてください（この報告書は2026年12月のモニタリングです）'] })
		const future = checkCompletion(report({ date: '2026-12-10', all: 'no' }), '2026-12', '2026-12-02')
		expect(future).toEqual({ ok: false, errors: ['モニタリング実施日（2026年12月10日）が今日より後です。実施後に完了してください'] })
		const invalid = checkCompletion(report({ date: '2026-02-30', all: 'no' }), '2026-02', '2026-12-02')
		expect(invalid.ok).toBe(false)
	})

	test('a report without goal rows cannot be completed', () => {
		const doc = new Y.Doc()
		applyTemplate(doc, MONITORING_FIELD_KEYS)
		setMeta(doc, MONITORING_META.conductedOn, '2026-12-01')
		fieldText(doc, 'place')!.insert(0, '自宅')
		fieldText(doc, 'overall')!.insert(0, '安定')
		expect(checkCompletion(readDocument(doc), '2026-12', '2026-12-02')).toEqual({
			ok: false,
			errors: ['支援目標の行がありません。計画の目標ごとに評価を記入してください'],
		})
	})
})

describe('monitoringDocumentId', () => {
	test('derived from client and month, within the 64-character id pattern', () => {
		expect(monitoringDocumentId('client-sato-makoto', '2026-12')).toBe('monitoring-client-sato-makoto-202612')
		const long = monitoringDocumentId(`client-${'x'.repeat(57)}`, '2026-12')
		expect(long).toMatch(/^[A-Za-z0-9_-]{1,64}$/)
		expect(long).toBe(monitoringDocumentId(`client-${'x'.repeat(57)}`, '2026-12'))
		expect(long).not.toBe(monitoringDocumentId(`client-${'y'.repeat(57)}`, '2026-12'))
	})
})
