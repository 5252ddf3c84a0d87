import { prisma } from '#app/utils/db.server.ts'
import { newId } from '#app/modules/clients/ids.server.ts'

/**
 * In-app notifications. Rows are written by the features that cause them (comments,
 * meetings) in the same transaction as the change, and read back only through a policy check
 * of the client they concern: someone who has left a care team stops seeing that client's
 * notifications, excerpts included.
 */
export const NOTIFICATION_KINDS = ['mention', 'reply', 'family_comment', 'meeting_invite', 'meeting_closed'] as const
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]

export const NOTIFICATION_LABELS: Record<NotificationKind, string> = {
	mention: 'あなたへのメンション',
	reply: 'あなたのコメントへの返信',
	family_comment: '本人・家族からのコメント',
	meeting_invite: 'サービス担当者会議への招集',
	meeting_closed: 'サービス担当者会議の記録の確定',
}

export const EXCERPT_LENGTH = 200

export type NewNotification = {
	userId: string
	clientId: string
	kind: NotificationKind
	actorId: string | null
	documentId?: string | null
	commentId?: string | null
	meetingId?: string | null
	/** plain text; cut to EXCERPT_LENGTH characters */
	excerpt: string
}

type PrismaTx = Pick<typeof prisma, 'notification'>

/**
 * Writes notifications, one per recipient: the actor never notifies themselves, and when one
 * change gives a person several reasons (mentioned in a reply to their own thread) the first
 * listed wins — callers list the most specific reason first.
 */
export async function createNotifications(rows: readonly NewNotification[], tx: PrismaTx = prisma): Promise<number> {
	const seen = new Set<string>()
	const data = []
	for (const row of rows) {
		if (row.userId === row.actorId || seen.has(row.userId)) continue
		seen.add(row.userId)
		data.push({
			id: newId('ntf'),
			userId: row.userId,
			clientId: row.clientId,
			kind: row.kind,
			actorId: row.actorId,
			documentId: row.documentId ?? null,
			commentId: row.commentId ?? null,
			meetingId: row.meetingId ?? null,
			excerpt: excerptOf(row.excerpt),
		})
	}
	if (data.length === 0) return 0
	await tx.notification.createMany({ data })
	return data.length
}

/** One line of plain text, at most EXCERPT_LENGTH characters. */
export function excerptOf(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim()
	return flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH - 1)}…` : flat
}
