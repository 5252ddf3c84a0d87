/**
 * Japanese names of audit actions for the administrator's view and the CSV. The stored action
 * stays the stable English code (other branches add actions; an unknown code shows as itself).
 */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
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
}

export function auditActionLabel(action: string): string {
	return AUDIT_ACTION_LABELS[action] ?? action
}

export const AUDIT_OUTCOME_LABELS: Record<string, string> = { ok: '成功', denied: '拒否', failed: '失敗' }

/** Actions that show a person client content: the answer to "what did this user see". */
export const SEEING_ACTIONS = ['client.view', 'api.read', 'meeting.view', 'version.view', 'comment.view', 'document.connect', 'export'] as const
