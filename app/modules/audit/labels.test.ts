import { describe, expect, it } from 'vitest'
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, auditActionLabel, auditOutcomeLabel, auditTargetLabel } from './labels.ts'

describe('audit labels', () => {
	it('names every action in Japanese, and the filter offers each once', () => {
		expect(AUDIT_ACTIONS.length).toBe(new Set(AUDIT_ACTIONS).size)
		for (const action of AUDIT_ACTIONS) expect(AUDIT_ACTION_LABELS[action]).toMatch(/[ぁ-んァ-ヶ一-龠]/)
		expect(AUDIT_ACTIONS).toContain('emergency_access.grant')
		expect(auditActionLabel('hub.sheet.view')).toBe('緊急時対応シートの閲覧')
		// A row written by another version keeps its code rather than showing nothing.
		expect(auditActionLabel('future.action')).toBe('future.action')
	})

	it('names outcomes', () => {
		expect(['ok', 'denied', 'failed'].map(auditOutcomeLabel)).toEqual(['成功', '拒否', '失敗'])
	})

	it('names targets by what they are, keeping the record id', () => {
		expect(auditTargetLabel('client:client-sato-makoto')).toBe('利用者 client-sato-makoto')
		expect(auditTargetLabel('document:plan.plan-client-sato-makoto')).toBe('文書（サービス等利用計画） plan-client-sato-makoto')
		expect(auditTargetLabel('document:crisis_plan.crisis-plan-x')).toBe('文書（クライシスプラン） crisis-plan-x')
		expect(auditTargetLabel('document:doc-note-sato')).toBe('文書 doc-note-sato')
		expect(auditTargetLabel('hub-registration:r1')).toBe('拠点の事前登録 r1')
		expect(auditTargetLabel('grant:g1')).toBe('緊急時アクセス g1')
		expect(auditTargetLabel('audit-log')).toBe('監査ログ')
		expect(auditTargetLabel('audit.csv')).toBe('監査ログ（CSV）')
		expect(auditTargetLabel('')).toBe('')
		expect(auditTargetLabel(null)).toBe('')
		expect(auditTargetLabel('something:odd')).toBe('something:odd')
	})
})
