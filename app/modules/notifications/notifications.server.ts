import { loadClientScope, loadDocumentScope } from '#app/modules/authz.server.ts'
import { newId } from '#app/modules/clients/ids.server.ts'
import { canOnClient, documentAccess, type Actor, type ClientScope } from '#app/policies/index.ts'
import { prisma } from '#app/utils/db.server.ts'
import { todayJst } from '#app/utils/dates.ts'

/**
 * In-app notifications. Rows are written by the features that cause them (comments,
 * meetings) in the same transaction as the change, and read back only through a policy check
 * of the client they concern: someone who has left a care team stops seeing that client's
 * notifications, excerpts included.
 */
export const NOTIFICATION_KINDS = ['mention', 'reply', 'family_comment', 'meeting_invite', 'meeting_closed', 'emergency_response', 'emergency_access'] as const
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]

export const NOTIFICATION_LABELS: Record<NotificationKind, string> = {
	mention: 'あなたへのメンション',
	reply: 'あなたのコメントへの返信',
	family_comment: '本人・家族からのコメント',
	meeting_invite: 'サービス担当者会議への招集',
	meeting_closed: 'サービス担当者会議の記録の確定',
	// 地域生活支援拠点 (issue #12)
	emergency_response: '緊急対応の記録（拠点）',
	emergency_access: '緊急時アクセス（拠点）',
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

// ---------------------------------------------------------------------------------------------
// Reading: every row passes the policy again, for the client it concerns and — when it points
// into a document or a meeting — for that too. Nothing is shown of a client the user has left.

export type NotificationView = {
	id: string
	kind: NotificationKind
	label: string
	clientId: string
	clientName: string
	actorName: string
	documentId: string | null
	documentTitle: string | null
	commentId: string | null
	meetingId: string | null
	excerpt: string
	createdAt: string
	read: boolean
	/** where the notification leads (the document's thread, or the meeting) */
	href: string
}

type VisibilityRow = { clientId: string; documentId: string | null; meetingId: string | null; kind: string }

/** Decides, with per-call caches, which notification rows the actor may still see. */
function visibilityChecker(actor: Actor, today: string) {
	const clients = new Map<string, Promise<ClientScope | null>>()
	const documents = new Map<string, Promise<Awaited<ReturnType<typeof loadDocumentScope>>>>()
	const clientScope = (id: string) => {
		if (!clients.has(id)) clients.set(id, loadClientScope(id))
		return clients.get(id)!
	}
	const documentScope = (id: string) => {
		if (!documents.has(id)) documents.set(id, loadDocumentScope(id))
		return documents.get(id)!
	}
	return async (row: VisibilityRow): Promise<boolean> => {
		if (!(NOTIFICATION_KINDS as readonly string[]).includes(row.kind)) return false
		const client = await clientScope(row.clientId)
		if (!client || !canOnClient(actor, 'client.view', client, today)) return false
		if (row.meetingId && !canOnClient(actor, 'meeting.view', client, today)) return false
		if (row.documentId) {
			const loaded = await documentScope(row.documentId)
			if (!loaded || loaded.document.clientId !== row.clientId || documentAccess(actor, loaded.scope, today) === 'none') return false
		}
		return true
	}
}

export const NOTIFICATION_PAGE_SIZE = 50

/** The newest notifications the actor may see (at most `limit`). */
export async function listNotifications(actor: Actor, options: { limit?: number; today?: string } = {}): Promise<NotificationView[]> {
	const limit = options.limit ?? NOTIFICATION_PAGE_SIZE
	const visible = visibilityChecker(actor, options.today ?? todayJst())
	// Rows of clients the user has left are skipped, so read a little further than the page.
	const rows = await prisma.notification.findMany({
		where: { userId: actor.id },
		orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
		take: limit * 4,
	})
	const shown = []
	for (const row of rows) {
		if (shown.length >= limit) break
		if (await visible(row)) shown.push(row)
	}
	const actorIds = [...new Set(shown.flatMap((r) => (r.actorId ? [r.actorId] : [])))]
	const clientIds = [...new Set(shown.map((r) => r.clientId))]
	const documentIds = [...new Set(shown.flatMap((r) => (r.documentId ? [r.documentId] : [])))]
	const [actors, clients, documents] = await Promise.all([
		prisma.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, displayName: true } }),
		prisma.client.findMany({ where: { id: { in: clientIds } }, select: { id: true, familyName: true, givenName: true } }),
		prisma.document.findMany({ where: { id: { in: documentIds } }, select: { id: true, title: true } }),
	])
	const actorName = new Map(actors.map((a) => [a.id, a.displayName]))
	const clientName = new Map(clients.map((c) => [c.id, `${c.familyName} ${c.givenName}`]))
	const documentTitle = new Map(documents.map((d) => [d.id, d.title]))
	return shown.map((row) => {
		const kind = row.kind as NotificationKind
		return {
			id: row.id,
			kind,
			label: NOTIFICATION_LABELS[kind],
			clientId: row.clientId,
			clientName: clientName.get(row.clientId) ?? '',
			actorName: row.actorId ? (actorName.get(row.actorId) ?? '') : '',
			documentId: row.documentId,
			documentTitle: row.documentId ? (documentTitle.get(row.documentId) ?? null) : null,
			commentId: row.commentId,
			meetingId: row.meetingId,
			excerpt: row.excerpt,
			createdAt: row.createdAt.toISOString(),
			read: row.readAt !== null,
			href: notificationHref(row),
		}
	})
}

/** Where a notification leads: the comment in its document, else the meeting, else the client. */
export function notificationHref(row: { clientId: string; documentId: string | null; commentId: string | null; meetingId: string | null; kind?: string }): string {
	const client = `/clients/${encodeURIComponent(row.clientId)}`
	// Emergencies and break-glass grants are listed on the person's 緊急対応 page.
	if (row.kind === 'emergency_response' || row.kind === 'emergency_access') return `${client}/emergencies`
	if (row.documentId) return `${client}/documents/${encodeURIComponent(row.documentId)}${row.commentId ? `#comment-${encodeURIComponent(row.commentId)}` : ''}`
	if (row.meetingId) return `${client}/meetings/${encodeURIComponent(row.meetingId)}`
	return client
}

/** Most unread notifications counted (the badge shows "99+" well before this). */
const UNREAD_COUNT_LIMIT = 500

/** Unread notifications the actor may see. */
export async function countUnread(actor: Actor, today: string = todayJst()): Promise<number> {
	const rows = await prisma.notification.findMany({
		where: { userId: actor.id, readAt: null },
		select: { clientId: true, documentId: true, meetingId: true, kind: true },
		orderBy: { createdAt: 'desc' },
		take: UNREAD_COUNT_LIMIT,
	})
	const visible = visibilityChecker(actor, today)
	let count = 0
	for (const row of rows) if (await visible(row)) count++
	return count
}

/** Marks one of the actor's notifications read; false when it is not theirs (or not visible). */
export async function markNotificationRead(actor: Actor, id: string, today: string = todayJst()): Promise<string | null> {
	if (typeof id !== 'string' || id.length === 0 || id.length > 100) return null
	const row = await prisma.notification.findUnique({ where: { id } })
	if (!row || row.userId !== actor.id || !(await visibilityChecker(actor, today)(row))) return null
	if (!row.readAt) await prisma.notification.update({ where: { id }, data: { readAt: new Date() } })
	return notificationHref(row)
}

/** Marks every unread notification of the actor read (also those of clients they have left). */
export async function markAllNotificationsRead(actor: Actor): Promise<number> {
	const result = await prisma.notification.updateMany({ where: { userId: actor.id, readAt: null }, data: { readAt: new Date() } })
	return result.count
}
