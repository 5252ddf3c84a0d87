import type { DocumentKind } from '#app/policies/index.ts'
import { CLIENT_DOCUMENT_TITLES } from './forms/kinds.ts'

/**
 * The Japanese name of every document kind — the one table for lists, the audit log and exports
 * (the client-wide forms' titles are CLIENT_DOCUMENT_TITLES; a plan's own title also depends on
 * the client, see planDocumentTitle).
 */
export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
	note: 'メモ',
	plan: 'サービス等利用計画',
	...CLIENT_DOCUMENT_TITLES,
	isp: '個別支援計画',
	minutes: 'サービス担当者会議の記録',
	monitoring: 'モニタリング報告書',
}

export function documentKindLabel(kind: string): string {
	return (DOCUMENT_KIND_LABELS as Record<string, string>)[kind] ?? '文書'
}
