import { describe, expect, it } from 'vitest'
import type { DocumentSnapshot, RowSnapshot } from '#app/document-forms/structure.ts'
import { compareVersions } from './compare.ts'
import { buildHeaderFacts } from './header-facts.ts'
import { PLAN_LAYOUT, withHeaderFacts } from './layouts.ts'

function goal(id: string, order: number, cells: Record<string, string>, links: string[] = []): RowSnapshot {
	return { id, table: 'goals', order, cells, links }
}

const BEFORE: DocumentSnapshot = {
	fields: { wishes: '日中は作業所に通いたい', policy: '生活リズムを整える' },
	meta: { stage: 'draft', draftDate: '2026-11-02' },
	rows: [
		goal('rA1234567890', 1, { need: '日中活動', goal: '週3回通所する' }),
		goal('rB1234567890', 2, { need: '金銭管理', goal: '小遣い帳をつける' }),
		goal('rC1234567890', 3, { need: '余暇', goal: '月1回外出する' }),
	],
}

describe('compareVersions', () => {
	it('reports an unchanged version as unchanged', () => {
		const result = compareVersions(BEFORE, BEFORE, PLAN_LAYOUT)
		expect(result.changedFields).toBe(0)
		expect(result.changedRows).toBe(0)
		expect(result.tables[0].rows.map((r) => r.status)).toEqual(['same', 'same', 'same'])
	})

	it('diffs per field, in the form order, with labels', () => {
		const after = { ...BEFORE, fields: { ...BEFORE.fields, wishes: '日中は作業所に毎日通いたい' }, meta: { ...BEFORE.meta, stage: 'final' } }
		const result = compareVersions(BEFORE, after, PLAN_LAYOUT)
		expect(result.fields.map((f) => f.key)).toEqual(['wishes', 'personWishes', 'familyWishes', 'policy', 'longTermGoal', 'shortTermGoal', 'fees'])
		const wishes = result.fields[0]
		expect(wishes.label).toBe('利用者及びその家族の生活に対する意向（希望する生活）')
		expect(wishes.changed).toBe(true)
		expect(wishes.segments).toEqual([
			{ type: 'same', text: '日中は作業所に' },
			{ type: 'added', text: '毎日' },
			{ type: 'same', text: '通いたい' },
		])
		expect(result.fields[1].changed).toBe(false)
		expect(result.meta.find((m) => m.key === 'stage')).toMatchObject({ label: '計画の区分', changed: true })
		expect(result.changedFields).toBe(2)
	})

	it('shows 案/本計画 and dates in Japanese, never codes or ISO dates, and leaves internal flags out', () => {
		const after = { ...BEFORE, meta: { ...BEFORE.meta, stage: 'final', planDate: '2026-12-07', monitoringStart: '2027-01', goalsPrefilled: 'x' } }
		const result = compareVersions(BEFORE, after, PLAN_LAYOUT)
		const text = (key: string, side: 'removed' | 'added') => result.meta.find((m) => m.key === key)!.segments.filter((s) => s.type !== (side === 'added' ? 'removed' : 'added')).map((s) => s.text).join('')
		expect(text('stage', 'removed')).toBe('計画案')
		expect(text('stage', 'added')).toBe('本計画')
		expect(text('draftDate', 'added')).toBe('令和8年11月2日')
		expect(text('planDate', 'added')).toBe('令和8年12月7日')
		expect(text('monitoringStart', 'added')).toBe('令和9年1月')
		expect(result.meta.map((m) => m.key)).toEqual(['stage', 'draftDate', 'planDate', 'monitoringStart', 'hdr_certificates', 'hdr_supportLevel', 'hdr_copayCap', 'hdr_monitoringPeriod', 'hdr_agency', 'hdr_author'])
		expect(JSON.stringify(result.meta)).not.toMatch(/final|draft"|2026-12-07/)
	})

	it('compares the printed header facts: a new 受給者証 or 担当者 between versions shows as a labelled change', () => {
		const header = buildHeaderFacts({
			clientName: '佐藤 誠',
			category: 'adult',
			guardianName: '',
			supportLevel: '3',
			certificates: [{ kind: 'welfare', number: '1234567890', copayCap: 9300, monitoringPeriod: 'every3' }],
			monitoringStart: '',
			agencyName: 'きずな',
			authorName: '田中 陽子',
		})
		const later = { ...header, supportLevel: '4', supportLevelLabel: '区分4', certificates: [{ kind: 'welfare', kindLabel: '障害福祉サービス受給者証', number: '9999999999' }] }
		const result = compareVersions(withHeaderFacts(BEFORE, header, 'draft'), withHeaderFacts(BEFORE, later, 'final'), PLAN_LAYOUT)
		const field = (key: string) => result.meta.find((m) => m.key === key)!
		expect(field('hdr_supportLevel')).toMatchObject({ label: '障害支援区分', changed: true })
		expect(field('hdr_certificates')).toMatchObject({ label: '受給者証番号', changed: true })
		expect(field('hdr_author').changed).toBe(false)
		expect(field('hdr_certificates').segments.map((s) => s.text).join('')).toContain('障害福祉サービス受給者証：')
	})

	it('matches goal rows by id: changed, added, removed (in place) and moved', () => {
		const after: DocumentSnapshot = {
			...BEFORE,
			rows: [
				goal('rC1234567890', 1, { need: '余暇', goal: '月1回外出する' }),
				goal('rA1234567890', 2, { need: '日中活動', goal: '週4回通所する' }),
				goal('rD1234567890', 3, { need: '健康', goal: '通院を続ける' }),
			],
		}
		const rows = compareVersions(BEFORE, after, PLAN_LAYOUT).tables[0].rows
		expect(rows.map((r) => [r.rowId.slice(0, 2), r.status, r.positionBefore, r.positionAfter])).toEqual([
			['rC', 'moved', 3, 1],
			['rA', 'changed', 1, 2],
			['rB', 'removed', 2, null],
			['rD', 'added', null, 3],
		])
		const changedGoal = rows[1].cells.find((c) => c.key === 'goal')!
		expect(changedGoal.label).toBe('支援目標')
		expect(changedGoal.segments).toEqual([
			{ type: 'same', text: '週' },
			{ type: 'removed', text: '3' },
			{ type: 'added', text: '4' },
			{ type: 'same', text: '回通所する' },
		])
	})

	it('counts a change of goal links as a row change', () => {
		const after = { ...BEFORE, rows: BEFORE.rows.map((r, i) => (i === 0 ? { ...r, links: ['rX'] } : r)) }
		expect(compareVersions(BEFORE, after, PLAN_LAYOUT).tables[0].rows[0].status).toBe('changed')
	})

	it('keeps fields and tables the layout does not know, labelled by key', () => {
		const after: DocumentSnapshot = { ...BEFORE, fields: { ...BEFORE.fields, extra: '追加' }, rows: [...BEFORE.rows, { id: 'rZ1234567890', table: 'other', order: 1, cells: { x: '1' }, links: [] }] }
		const result = compareVersions(BEFORE, after, PLAN_LAYOUT)
		expect(result.fields.at(-1)).toMatchObject({ key: 'extra', label: 'extra', changed: true })
		expect(result.tables.at(-1)).toMatchObject({ table: 'other', label: 'other', changed: true })
	})
})
