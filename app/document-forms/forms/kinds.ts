/**
 * The client-wide documents that sit beside the plan: 週間計画表, アセスメント, Myライフプラン and
 * クライシスプラン. Each client has at most one of each kind (app/modules/documents/client-documents.server.ts).
 */
export const CLIENT_DOCUMENT_KINDS = ['weekly', 'assessment', 'life_plan', 'crisis_plan'] as const
export type ClientDocumentKind = (typeof CLIENT_DOCUMENT_KINDS)[number]

export const CLIENT_DOCUMENT_TITLES: Record<ClientDocumentKind, string> = {
	weekly: '週間計画表',
	assessment: 'アセスメント',
	life_plan: 'Myライフプラン',
	crisis_plan: 'クライシスプラン',
}

export function isClientDocumentKind(kind: unknown): kind is ClientDocumentKind {
	return typeof kind === 'string' && (CLIENT_DOCUMENT_KINDS as readonly string[]).includes(kind)
}
