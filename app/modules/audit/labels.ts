import { documentKindLabel } from '#app/document-forms/kind-labels.ts'
import type { AuditAction } from './audit.server.ts'

/**
 * Japanese names of audit actions for the administrator's view, its filter and the CSV. The stored
 * action stays the stable English code. Every action has its name here (the type says so): a new
 * action is named where it is added, and the filter offers it (AUDIT_ACTIONS).
 */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
	'auth.login': 'ログイン',
	'auth.login_failed': 'ログイン失敗',
	'auth.logout': 'ログアウト',
	'auth.password_changed': 'パスワード変更',
	'auth.session_expired': 'セッション期限切れ',
	'auth.second_factor_failed': '確認コードの誤り',
	'auth.two_factor_enrolled': '二要素認証の設定',
	'auth.two_factor_reenrolled': '二要素認証の再設定',
	'auth.two_factor_disabled': '二要素認証の解除',
	'auth.recovery_codes_regenerated': 'リカバリーコードの再発行',
	'account.two_factor_reset': '二要素認証のリセット（管理者）',
	'organization.two_factor_policy': '二要素認証の方針変更',
	'authz.denied': 'アクセス拒否',
	'client.view': '利用者情報の閲覧',
	'client.create': '利用者の登録',
	'client.update': '利用者情報の変更',
	'client.close': '支援の終了',
	'certificate.create': '受給者証の登録',
	'team.add': 'チームへの追加',
	'team.end': 'チームからの終了',
	'team.update': 'チーム情報の変更',
	'document.create': '文書の作成',
	'document.connect': '文書を開く',
	'document.disconnect': '文書を閉じる',
	'document.write': '文書の編集',
	'organization.update': '事業所情報の変更',
	'account.create': 'アカウント作成',
	'account.disable': 'アカウント停止',
	'account.enable': 'アカウント再開',
	export: 'データの書き出し',
	'api.read': 'APIでの閲覧',
	'comment.view': 'コメントの閲覧',
	'comment.create': 'コメントの投稿',
	'comment.edit': 'コメントの編集',
	'comment.delete': 'コメントの削除',
	'comment.resolve': 'コメントの解決',
	'comment.reopen': 'コメントの再開',
	'comment.flag': '会議で検討の設定',
	'meeting.create': '会議の登録',
	'meeting.update': '会議の変更',
	'meeting.start': '会議の開始',
	'meeting.attendance': '出欠の記録',
	'meeting.close': '会議の終了',
	'meeting.cancel': '会議の中止',
	'meeting.view': '会議の閲覧',
	'notification.read': '通知の既読',
	'version.create': '版の確定',
	'version.view': '確定版の閲覧',
	'monitoring.create': 'モニタリング報告書の作成',
	'monitoring.complete': 'モニタリングの完了',
	'cycle.start': '計画サイクルの開始',
	'cycle.transition': '計画サイクルの進行',
	'consent.record': '同意の記録',
	'consent.electronic_agreement': '電磁的方法への同意',
	'delivery.record': '交付の記録',
	'decision.record': '支給決定の記録',
	'audit.view': '監査ログの閲覧',
	'audit.export': '監査ログの書き出し',
	'hub.registration.create': '拠点への事前登録',
	'hub.registration.update': '拠点の登録内容の変更',
	'hub.registration.end': '拠点の登録の終了',
	'hub.roster.view': '拠点の登録者一覧の閲覧',
	'hub.sheet.view': '緊急時対応シートの閲覧',
	'hub.meeting.create': '拠点の調整会議の登録',
	'hub.summary.export': '拠点の月次集計の書き出し',
	'emergency.create': '緊急対応の記録',
	'emergency.revision': '緊急対応からの計画の見直し',
	'emergency_access.grant': '緊急時アクセスの開始',
	'emergency_access.view': '緊急時アクセスでの閲覧',
	'emergency_access.end': '緊急時アクセスの終了',
	'emergency_access.review': '緊急時アクセスの確認',
	'invitation.create': '招待コードの発行',
	'invitation.withdraw': '招待コードの取り消し',
	'invitation.use': '招待コードでの参加',
	'invitation.refused': '招待コードの拒否',
	'contract.end': '契約の終了',
	'explanation.write': 'やさしい説明の記入',
	'preference.update': '表示設定の変更',
}

/** Every action, in the order of the table: what the audit log's filter offers. */
export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_LABELS) as AuditAction[]

/** The action's name; a code not in the table (rows written by an older or newer version) as itself. */
export function auditActionLabel(action: string): string {
	return (AUDIT_ACTION_LABELS as Record<string, string>)[action] ?? action
}

export type AuditOutcome = 'ok' | 'denied' | 'failed'

export const AUDIT_OUTCOME_LABELS: Record<AuditOutcome, string> = { ok: '成功', denied: '拒否', failed: '失敗' }

/** How an outcome is marked in the log (a badge; the word is always there too). */
export const AUDIT_OUTCOME_TONES: Record<AuditOutcome, 'ok' | 'danger' | 'warn'> = { ok: 'ok', denied: 'danger', failed: 'warn' }

export function auditOutcomeLabel(outcome: string): string {
	return (AUDIT_OUTCOME_LABELS as Record<string, string>)[outcome] ?? outcome
}

/** What the prefix of a stored target ("kind:id") names. */
const AUDIT_TARGET_KIND_LABELS: Record<string, string> = {
	client: '利用者',
	certificate: '受給者証',
	team: 'チームの担当',
	document: '文書',
	comment: 'コメント',
	meeting: 'サービス担当者会議',
	version: '計画の版',
	cycle: '計画サイクル',
	consent: '同意',
	delivery: '交付',
	user: 'アカウント',
	organization: '事業所',
	notification: '通知',
	invitation: '招待コード',
	hub: '地域生活支援拠点',
	'hub-registration': '拠点の事前登録',
	'hub-meeting': '拠点の調整会議',
	emergency: '緊急対応',
	grant: '緊急時アクセス',
	api: 'API',
}

/** Targets that are a place, not a record. */
const AUDIT_TARGET_PLACES: Record<string, string> = {
	'audit-log': '監査ログ',
	'audit.csv': '監査ログ（CSV）',
	dashboard: 'ダッシュボード',
	'dashboard.csv': 'ダッシュボード（CSV）',
	'emergency-access-review': '緊急時アクセスの確認',
	'emergency-search': '緊急時の利用者検索',
	'api:clients': '利用者一覧（API）',
}

/**
 * A stored target in Japanese, its record id kept (the administrator follows it): "document:plan.x"
 * → "文書（サービス等利用計画）x". An unknown target shows as stored.
 */
export function auditTargetLabel(target: string | null | undefined): string {
	if (!target) return ''
	const place = AUDIT_TARGET_PLACES[target]
	if (place) return place
	const colon = target.indexOf(':')
	if (colon < 0) return target
	const kind = target.slice(0, colon)
	const id = target.slice(colon + 1)
	const label = AUDIT_TARGET_KIND_LABELS[kind]
	if (!label) return target
	if (kind === 'document') {
		// docName "kind.id", or a bare document id
		const dot = id.indexOf('.')
		if (dot > 0) return `${label}（${documentKindLabel(id.slice(0, dot))}） ${id.slice(dot + 1)}`
	}
	return `${label} ${id}`
}

/** Actions that show a person client content: the answer to "what did this user see". */
export const SEEING_ACTIONS = ['client.view', 'api.read', 'meeting.view', 'version.view', 'comment.view', 'document.connect', 'export'] as const
