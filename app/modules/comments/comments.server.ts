import { ISP_COLUMN_KEYS } from '#app/document-forms/isp.ts'
import { PLAN_GOAL_COLUMN_KEYS } from '#app/document-forms/plan.ts'
import { toRow, type AuditAction } from '#app/modules/audit/audit.server.ts'
import { newId } from '#app/modules/clients/ids.server.ts'
import type { DocumentRecord } from '#app/modules/authz.server.ts'
import { emitDocumentTopic } from '#app/modules/live-events.server.ts'
import { createNotifications, excerptOf, type NewNotification } from '#app/modules/notifications/notifications.server.ts'
import {
	activeOn,
	canComment,
	documentAccess,
	isRowActive,
	teamRoleFor,
	type Access,
	type Actor,
	type CommentAction,
	type CommentScope,
	type DocumentScope,
} from '#app/policies/index.ts'
import { ROLE_LABELS, isAccountRole } from '#app/policies/roles.ts'
import { prisma } from '#app/utils/db.server.ts'
import { checkAnchor, parseTarget } from './anchors.ts'
import { loadStoredDocument } from '#app/modules/documents/stored-document.server.ts'
import { MENTION_PATTERN, mentionedIds, parseCommentBody, plainBody, renameMentions } from './schemas.ts'

/**
 * Comments on co-edited documents: threads anchored to passages, fields and rows, stored in
 * the database (never in the document's Y.Doc — a commenter has no write access to the plan).
 * Every decision goes through canComment / documentAccess; every change is audited (without
 * its text), notifies in the same transaction, and is announced to open sockets afterwards.
 */

export type CommentActor = { actor: Actor; ipAddress: string; today: string }
export type LoadedDocument = { document: DocumentRecord; scope: DocumentScope }

export type CommentView = {
	id: string
	authorId: string
	authorName: string
	authorRoleLabel: string
	/** '' once deleted */
	body: string
	createdAt: string
	editedAt: string | null
	deleted: boolean
	canEdit: boolean
	canDelete: boolean
}

export type ThreadView = {
	id: string
	target: string
	start: string
	end: string
	quote: string
	status: 'open' | 'resolved'
	meetingFlag: boolean
	resolvedByName: string | null
	resolvedAt: string | null
	createdAt: string
	comments: CommentView[]
	canReply: boolean
	canResolve: boolean
	canFlag: boolean
}

export type AudienceMember = { id: string; name: string; kana: string; roleLabel: string; access: Exclude<Access, 'none'>; accountRole: string }

export const COMMENT_INTENTS = ['create', 'reply', 'edit', 'delete', 'resolve', 'reopen', 'flag', 'unflag'] as const
export type CommentIntent = (typeof COMMENT_INTENTS)[number]

export type CommentResult =
	| { ok: true; commentId: string; threadId: string }
	| { ok: false; status: 400 | 403 | 404; message: string; fieldErrors?: Record<string, string[]> }

const FAMILY_ACCOUNT_ROLES: ReadonlySet<string> = new Set(['family', 'client_self'])

export const ANCHOR_MESSAGES = {
	target: 'コメントする箇所が見つかりません。ページを再読み込みしてからもう一度お試しください',
	range: '選択した文章が見つかりません。文章を選び直してください',
	pending: '選択した文章がまだ保存されていません。少し待ってからもう一度お試しください',
} as const

function rowColumnsOf(kind: string): readonly string[] | undefined {
	if (kind === 'plan') return PLAN_GOAL_COLUMN_KEYS
	if (kind === 'isp') return ISP_COLUMN_KEYS
	return undefined
}

/**
 * Everyone who may read the document today: the care team's account holders plus the office
 * managers supervising its specialists (the policy counts them as team members), each with
 * their access. Disabled accounts are left out. This is who may be mentioned and notified.
 */
export async function loadDocumentAudience(scope: DocumentScope, today: string): Promise<AudienceMember[]> {
	const active = scope.client.team.filter((row) => isRowActive(row, today))
	const teamUserIds = [...new Set(active.flatMap((row) => (row.userId ? [row.userId] : [])))]
	const specialistOrgs = [...new Set(active.flatMap((row) => (row.role === 'specialist' && row.organizationId ? [row.organizationId] : [])))]
	const membershipToday = activeOn(today)
	const users = await prisma.user.findMany({
		where: {
			disabledAt: null,
			OR: [
				{ id: { in: teamUserIds } },
				...(specialistOrgs.length > 0
					? [{ role: 'office_manager', memberships: { some: { organizationId: { in: specialistOrgs }, ...membershipToday } } }]
					: []),
			],
		},
		select: {
			id: true,
			displayName: true,
			displayNameKana: true,
			role: true,
			memberships: { where: membershipToday, select: { organizationId: true } },
		},
		orderBy: { displayNameKana: 'asc' },
	})
	const audience: AudienceMember[] = []
	for (const user of users) {
		if (!isAccountRole(user.role)) continue
		const actor: Actor = { id: user.id, role: user.role, organizationIds: user.memberships.map((m) => m.organizationId), disabled: false }
		if (!teamRoleFor(actor, scope.client, today)) continue
		const access = documentAccess(actor, scope, today)
		if (access === 'none') continue
		audience.push({ id: user.id, name: user.displayName, kana: user.displayNameKana, roleLabel: ROLE_LABELS[user.role], access, accountRole: user.role })
	}
	return audience
}

type CommentRow = Awaited<ReturnType<typeof prisma.comment.findMany>>[number]

function scopeOf(comment: CommentRow): CommentScope {
	return { authorId: comment.authorId, isRoot: comment.id === comment.threadId, deleted: comment.deletedAt !== null }
}

/** The document's threads as the actor may see them, with what the actor may do on each. */
export async function listThreads(who: CommentActor, loaded: LoadedDocument): Promise<{ threads: ThreadView[]; canCreate: boolean }> {
	const { actor, today } = who
	const { scope, document } = loaded
	// Readers from outside the team (拠点 registration, break-glass) see the document, not the team's discussion.
	if (!teamRoleFor(actor, scope.client, today)) return { threads: [], canCreate: false }
	const rows = await prisma.comment.findMany({ where: { documentId: document.id }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })
	const userIds = [...new Set(rows.flatMap((r) => [r.authorId, ...(r.resolvedById ? [r.resolvedById] : [])]))]
	const users = new Map(
		(await prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, displayName: true, role: true } })).map((u) => [u.id, u]),
	)
	const can = (action: CommentAction, comment: CommentRow | null) => canComment(actor, action, scope, comment ? scopeOf(comment) : null, today)
	const byThread = new Map<string, CommentRow[]>()
	for (const row of rows) byThread.set(row.threadId, [...(byThread.get(row.threadId) ?? []), row])
	const threads: ThreadView[] = []
	for (const [threadId, comments] of byThread) {
		const root = comments.find((c) => c.id === threadId)
		// A thread whose every comment was deleted has nothing left to show.
		if (!root || comments.every((c) => c.deletedAt !== null)) continue
		const resolvedBy = root.resolvedById ? users.get(root.resolvedById) : undefined
		threads.push({
			id: root.id,
			target: root.anchorTarget,
			start: root.anchorStart,
			end: root.anchorEnd,
			quote: root.quote,
			status: root.status === 'resolved' ? 'resolved' : 'open',
			meetingFlag: root.meetingFlag,
			resolvedByName: resolvedBy?.displayName ?? null,
			resolvedAt: root.resolvedAt?.toISOString() ?? null,
			createdAt: root.createdAt.toISOString(),
			comments: comments.map((c) => {
				const author = users.get(c.authorId)
				return {
					id: c.id,
					authorId: c.authorId,
					authorName: author?.displayName ?? '（不明なユーザー）',
					authorRoleLabel: author && isAccountRole(author.role) ? ROLE_LABELS[author.role] : '',
					body: c.deletedAt ? '' : c.body,
					createdAt: c.createdAt.toISOString(),
					editedAt: c.editedAt?.toISOString() ?? null,
					deleted: c.deletedAt !== null,
					canEdit: can('comment.edit', c),
					canDelete: can('comment.delete', c),
				}
			}),
			canReply: can('comment.create', null),
			canResolve: can('comment.resolve', root),
			canFlag: can('comment.flag', root),
		})
	}
	return { threads, canCreate: can('comment.create', null) }
}

function field(input: Record<string, unknown>, key: string): string {
	const value = input[key]
	return typeof value === 'string' ? value : ''
}

function badRequest(fieldErrors: Record<string, string[]>, message = '入力内容を確認してください'): CommentResult {
	return { ok: false, status: 400, message, fieldErrors }
}

function notFound(): CommentResult {
	return { ok: false, status: 404, message: 'コメントが見つかりません' }
}

/**
 * Checks mentions against the audience. Policy: a mention must name someone who may read the
 * document today; anyone else is refused with a message naming them, so the writer knows
 * nobody was told. (Mentions already present in a comment being edited are left alone.)
 */
function checkMentions(body: string, ids: readonly string[], audience: readonly AudienceMember[], alreadyMentioned: readonly string[] = []) {
	const known = new Map(audience.map((m) => [m.id, m.name]))
	const rejected = ids.filter((id) => !known.has(id) && !alreadyMentioned.includes(id))
	if (rejected.length > 0) {
		const names = rejected.map((id) => [...body.matchAll(MENTION_PATTERN)].find((m) => m[2] === id)?.[1] ?? id)
		return { ok: false as const, error: `${names.join('、')}さんはこの文書を閲覧できないため、メンションできません` }
	}
	return { ok: true as const, body: renameMentions(body, known), notify: ids.filter((id) => known.has(id) && !alreadyMentioned.includes(id)) }
}

async function denied(who: CommentActor, loaded: LoadedDocument, action: string, target: string): Promise<CommentResult> {
	await prisma.auditLog.create({
		data: toRow({
			action: 'authz.denied',
			outcome: 'denied',
			userId: who.actor.id,
			clientId: loaded.document.clientId,
			target,
			ipAddress: who.ipAddress,
			detail: { attempted: action, document: loaded.document.id },
		}),
	})
	return { ok: false, status: 403, message: 'この操作を行う権限がありません' }
}

type Tx = Parameters<Parameters<typeof prisma.$transaction>[0]>[0]

function auditIn(tx: Tx, who: CommentActor, loaded: LoadedDocument, action: AuditAction, commentId: string, detail: Record<string, unknown>) {
	return tx.auditLog.create({
		data: toRow({
			action,
			userId: who.actor.id,
			clientId: loaded.document.clientId,
			target: `comment:${commentId}`,
			ipAddress: who.ipAddress,
			detail: { document: loaded.document.id, ...detail },
		}),
	})
}

/** Notifications a new comment or reply causes, most specific reason first. */
function notificationsFor(
	who: CommentActor,
	loaded: LoadedDocument,
	audience: readonly AudienceMember[],
	comment: { id: string; body: string },
	reasons: { mentioned: readonly string[]; earlierAuthors: readonly string[] },
): NewNotification[] {
	const base = {
		clientId: loaded.document.clientId,
		actorId: who.actor.id,
		documentId: loaded.document.id,
		commentId: comment.id,
		excerpt: plainBody(comment.body),
	}
	const inAudience = new Set(audience.map((m) => m.id))
	const rows: NewNotification[] = []
	for (const userId of reasons.mentioned) rows.push({ ...base, userId, kind: 'mention' })
	for (const userId of reasons.earlierAuthors) if (inAudience.has(userId)) rows.push({ ...base, userId, kind: 'reply' })
	if (FAMILY_ACCOUNT_ROLES.has(who.actor.role)) {
		for (const member of audience) if (member.access === 'write') rows.push({ ...base, userId: member.id, kind: 'family_comment' })
	}
	return rows
}

/**
 * One change to the comments of a document (the resource route's action). `input` is the
 * submitted form as an object; the document has been authorized for reading by the caller.
 */
export async function changeComments(who: CommentActor, loaded: LoadedDocument, input: Record<string, unknown>): Promise<CommentResult> {
	const intent = field(input, 'intent') as CommentIntent
	if (!(COMMENT_INTENTS as readonly string[]).includes(intent)) return badRequest({ intent: ['不明な操作です'] })
	const result = await (intent === 'create'
		? create(who, loaded, input)
		: intent === 'reply'
			? reply(who, loaded, input)
			: intent === 'edit'
				? edit(who, loaded, input)
				: intent === 'delete'
					? remove(who, loaded, input)
					: intent === 'resolve' || intent === 'reopen'
						? setStatus(who, loaded, input, intent === 'resolve' ? 'resolved' : 'open')
						: setFlag(who, loaded, input, intent === 'flag'))
	if (result.ok) emitDocumentTopic(loaded.document.id, 'comments')
	return result
}

async function create(who: CommentActor, loaded: LoadedDocument, input: Record<string, unknown>): Promise<CommentResult> {
	if (!canComment(who.actor, 'comment.create', loaded.scope, null, who.today)) return denied(who, loaded, 'comment.create', `document:${loaded.document.id}`)
	const parsed = parseCommentBody(input.body)
	if (!parsed.ok) return badRequest({ body: [parsed.error] })
	const doc = loadStoredDocument(loaded.document.id)
	let anchor: ReturnType<typeof checkAnchor>
	try {
		anchor = checkAnchor(doc, { target: input.target, start: input.start, end: input.end }, rowColumnsOf(loaded.document.kind))
	} finally {
		doc.destroy()
	}
	if (!anchor.ok) return badRequest({ target: [ANCHOR_MESSAGES[anchor.reason]] }, ANCHOR_MESSAGES[anchor.reason])
	const audience = await loadDocumentAudience(loaded.scope, who.today)
	const mentions = checkMentions(parsed.body, parsed.mentionIds, audience)
	if (!mentions.ok) return badRequest({ body: [mentions.error] })
	const meetingFlag = field(input, 'meetingFlag') === 'on' || field(input, 'meetingFlag') === 'true'
	const id = newId('cmt')
	const { anchor: stored, quote } = anchor
	await prisma.$transaction(async (tx) => {
		await tx.comment.create({
			data: {
				id,
				threadId: id,
				clientId: loaded.document.clientId,
				documentId: loaded.document.id,
				authorId: who.actor.id,
				body: mentions.body,
				anchorTarget: stored.target,
				anchorStart: stored.start,
				anchorEnd: stored.end,
				quote,
				meetingFlag,
			},
		})
		await createNotifications(notificationsFor(who, loaded, audience, { id, body: mentions.body }, { mentioned: mentions.notify, earlierAuthors: [] }), tx)
		await auditIn(tx, who, loaded, 'comment.create', id, {
			thread: id,
			anchor: parseTarget(stored.target)?.kind,
			range: stored.start !== '',
			mentions: mentions.notify.length,
			meetingFlag,
		})
	})
	return { ok: true, commentId: id, threadId: id }
}

async function findComment(loaded: LoadedDocument, id: string) {
	if (!id || id.length > 100) return null
	const comment = await prisma.comment.findUnique({ where: { id } })
	return comment && comment.documentId === loaded.document.id ? comment : null
}

async function reply(who: CommentActor, loaded: LoadedDocument, input: Record<string, unknown>): Promise<CommentResult> {
	const root = await findComment(loaded, field(input, 'threadId'))
	if (!root || root.threadId !== root.id) return notFound()
	if (!canComment(who.actor, 'comment.create', loaded.scope, null, who.today)) return denied(who, loaded, 'comment.create', `comment:${root.id}`)
	const parsed = parseCommentBody(input.body)
	if (!parsed.ok) return badRequest({ body: [parsed.error] })
	const audience = await loadDocumentAudience(loaded.scope, who.today)
	const mentions = checkMentions(parsed.body, parsed.mentionIds, audience)
	if (!mentions.ok) return badRequest({ body: [mentions.error] })
	const id = newId('cmt')
	await prisma.$transaction(async (tx) => {
		const earlier = await tx.comment.findMany({ where: { threadId: root.id }, select: { authorId: true }, orderBy: { createdAt: 'asc' } })
		await tx.comment.create({
			data: { id, threadId: root.id, clientId: loaded.document.clientId, documentId: loaded.document.id, authorId: who.actor.id, body: mentions.body },
		})
		const earlierAuthors = [...new Set(earlier.map((c) => c.authorId))]
		await createNotifications(notificationsFor(who, loaded, audience, { id, body: mentions.body }, { mentioned: mentions.notify, earlierAuthors }), tx)
		await auditIn(tx, who, loaded, 'comment.create', id, { thread: root.id, reply: true, mentions: mentions.notify.length })
	})
	return { ok: true, commentId: id, threadId: root.id }
}

async function edit(who: CommentActor, loaded: LoadedDocument, input: Record<string, unknown>): Promise<CommentResult> {
	const comment = await findComment(loaded, field(input, 'commentId'))
	if (!comment) return notFound()
	if (!canComment(who.actor, 'comment.edit', loaded.scope, scopeOf(comment), who.today)) return denied(who, loaded, 'comment.edit', `comment:${comment.id}`)
	const parsed = parseCommentBody(input.body)
	if (!parsed.ok) return badRequest({ body: [parsed.error] })
	const audience = await loadDocumentAudience(loaded.scope, who.today)
	const mentions = checkMentions(parsed.body, parsed.mentionIds, audience, mentionedIds(comment.body))
	if (!mentions.ok) return badRequest({ body: [mentions.error] })
	if (mentions.body === comment.body) return { ok: true, commentId: comment.id, threadId: comment.threadId }
	await prisma.$transaction(async (tx) => {
		await tx.comment.update({ where: { id: comment.id }, data: { body: mentions.body, editedAt: new Date() } })
		await createNotifications(notificationsFor(who, loaded, audience, { id: comment.id, body: mentions.body }, { mentioned: mentions.notify, earlierAuthors: [] }).filter((n) => n.kind === 'mention'), tx)
		// Excerpts of earlier notifications follow the edit: they must not keep words the author took back.
		await tx.notification.updateMany({ where: { commentId: comment.id }, data: { excerpt: excerptOf(plainBody(mentions.body)) } })
		await auditIn(tx, who, loaded, 'comment.edit', comment.id, { thread: comment.threadId, mentions: mentions.notify.length })
	})
	return { ok: true, commentId: comment.id, threadId: comment.threadId }
}

async function remove(who: CommentActor, loaded: LoadedDocument, input: Record<string, unknown>): Promise<CommentResult> {
	const comment = await findComment(loaded, field(input, 'commentId'))
	if (!comment) return notFound()
	if (!canComment(who.actor, 'comment.delete', loaded.scope, scopeOf(comment), who.today)) return denied(who, loaded, 'comment.delete', `comment:${comment.id}`)
	await prisma.$transaction(async (tx) => {
		// Soft delete: the row (who, when, where) and the audit entry stay; the words go,
		// from the comment and from the notifications that quoted it.
		await tx.comment.update({ where: { id: comment.id }, data: { body: '', deletedAt: new Date() } })
		await tx.notification.updateMany({ where: { commentId: comment.id }, data: { excerpt: '' } })
		await auditIn(tx, who, loaded, 'comment.delete', comment.id, { thread: comment.threadId, root: comment.id === comment.threadId })
	})
	return { ok: true, commentId: comment.id, threadId: comment.threadId }
}

async function findRoot(loaded: LoadedDocument, input: Record<string, unknown>) {
	const root = await findComment(loaded, field(input, 'threadId'))
	return root && root.threadId === root.id ? root : null
}

async function setStatus(who: CommentActor, loaded: LoadedDocument, input: Record<string, unknown>, status: 'open' | 'resolved'): Promise<CommentResult> {
	const root = await findRoot(loaded, input)
	if (!root) return notFound()
	if (!canComment(who.actor, 'comment.resolve', loaded.scope, scopeOf(root), who.today)) return denied(who, loaded, 'comment.resolve', `comment:${root.id}`)
	if (root.status === status) return { ok: true, commentId: root.id, threadId: root.id }
	await prisma.$transaction(async (tx) => {
		await tx.comment.update({
			where: { id: root.id },
			data: status === 'resolved' ? { status, resolvedById: who.actor.id, resolvedAt: new Date() } : { status, resolvedById: null, resolvedAt: null },
		})
		await auditIn(tx, who, loaded, status === 'resolved' ? 'comment.resolve' : 'comment.reopen', root.id, { thread: root.id })
	})
	return { ok: true, commentId: root.id, threadId: root.id }
}

async function setFlag(who: CommentActor, loaded: LoadedDocument, input: Record<string, unknown>, flag: boolean): Promise<CommentResult> {
	const root = await findRoot(loaded, input)
	if (!root) return notFound()
	if (!canComment(who.actor, 'comment.flag', loaded.scope, scopeOf(root), who.today)) return denied(who, loaded, 'comment.flag', `comment:${root.id}`)
	if (root.meetingFlag === flag) return { ok: true, commentId: root.id, threadId: root.id }
	await prisma.$transaction(async (tx) => {
		await tx.comment.update({ where: { id: root.id }, data: { meetingFlag: flag } })
		await auditIn(tx, who, loaded, 'comment.flag', root.id, { thread: root.id, flag })
	})
	return { ok: true, commentId: root.id, threadId: root.id }
}
