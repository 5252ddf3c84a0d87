import { audit } from '#app/modules/audit/audit.server.ts'
import { emitAuthzEvent } from '#app/modules/authz-events.server.ts'
import { newId, type RequestMeta } from '#app/modules/clients/ids.server.ts'
import { labelOf } from '#app/modules/clients/labels.ts'
import { findPlanDocument } from '#app/modules/documents/documents.server.ts'
import { emitDocumentTopic } from '#app/modules/live-events.server.ts'
import { createNotifications, type NewNotification } from '#app/modules/notifications/notifications.server.ts'
import { type Actor, type ClientScope } from '#app/policies/index.ts'
import { prisma } from '#app/utils/db.server.ts'
import { formatJpDate } from '#app/utils/dates.ts'
import { MEETING_PURPOSE_LABELS, timeRange } from './labels.ts'
import type { AttendanceData, CloseData, MeetingFormData } from './schemas.ts'
import { closingProblems } from './closing.ts'
import { listInvitableMembers, loadMeetingRow, participantKey } from './meeting-views.server.ts'

/**
 * サービス担当者会議, the changes: scheduling, attendance and 本人参加, starting, closing
 * (minutes frozen, flagged threads settled) and cancelling; what the pages read is in
 * meeting-views.server.ts. Routes are thin: they check
 * 'meeting.view' / 'meeting.manage' with requireClientPermission and call these. Every change
 * is audited (never with content) and announced to open pages through the minutes document's
 * 'meeting' topic.
 */

export type MeetingResult<T = { id: string }> =
	| ({ ok: true } & T)
	| { ok: false; status: 400 | 404 | 409; fieldErrors: Record<string, string[]>; formErrors: string[] }

function conflict(message: string): MeetingResult<never> {
	return { ok: false, status: 409, fieldErrors: {}, formErrors: [message] }
}

function invalid(fieldErrors: Record<string, string[]>, formErrors: string[] = []): MeetingResult<never> {
	return { ok: false, status: 400, fieldErrors, formErrors }
}

const NOT_FOUND: MeetingResult<never> = { ok: false, status: 404, fieldErrors: {}, formErrors: ['会議が見つかりません'] }

export function minutesTitle(date: string): string {
	return `サービス担当者会議の記録（${formatJpDate(date)}）`
}

// ---------------------------------------------------------------------------------------------
// Scheduling and editing

type ParticipantRow = { userId: string | null; name: string; organizationName: string; roleLabel: string }

async function resolveParticipants(clientId: string, data: MeetingFormData, today: string): Promise<MeetingResult<{ rows: ParticipantRow[] }>> {
	const invitable = await listInvitableMembers(clientId, today)
	const byId = new Map(invitable.map((m) => [m.id, m]))
	const unknown = data.memberIds.filter((id) => !byId.has(id))
	if (unknown.length > 0) return invalid({ participants: ['選んだ参加者の中に、この利用者のケアチームにいない人が含まれています'] })
	const rows: ParticipantRow[] = []
	const seenUsers = new Set<string>()
	// Team order (the order of the checkboxes), then the people added by hand.
	for (const member of invitable) {
		if (!data.memberIds.includes(member.id)) continue
		if (member.userId) {
			if (seenUsers.has(member.userId)) continue
			seenUsers.add(member.userId)
		}
		rows.push({ userId: member.userId, name: member.name, organizationName: member.organizationName, roleLabel: member.roleLabel })
	}
	for (const external of data.externals) {
		rows.push({ userId: null, name: external.name, organizationName: external.organization, roleLabel: external.role })
	}
	return { ok: true, rows }
}

function meetingColumns(data: MeetingFormData) {
	return {
		date: data.date,
		startTime: data.startTime,
		endTime: data.endTime,
		format: data.format,
		place: data.place,
		purpose: data.purpose,
		consentBy: data.consentBy,
		consentMethod: data.consentMethod,
		consentOn: data.consentOn,
		consentNote: data.consentNote,
	}
}

function inviteExcerpt(data: { date: string; startTime: string; endTime: string; purpose: string }): string {
	return `${formatJpDate(data.date)} ${timeRange(data.startTime, data.endTime)} サービス担当者会議（${labelOf(MEETING_PURPOSE_LABELS, data.purpose)}）`
}

/**
 * Schedules a meeting (caller checked 'meeting.manage'): the Meeting, its participants and its
 * minutes document in one transaction, with a サービス担当者会議への招集 notification for each
 * invited account holder.
 */
export async function scheduleMeeting(actor: Actor, scope: ClientScope, data: MeetingFormData, today: string, meta: RequestMeta): Promise<MeetingResult> {
	const resolved = await resolveParticipants(scope.id, data, today)
	if (!resolved.ok) return resolved
	const plan = await findPlanDocument(scope.id)
	const id = newId('mtg')
	const minutesId = newId('minutes')
	await prisma.$transaction(async (tx) => {
		await tx.document.create({ data: { id: minutesId, clientId: scope.id, kind: 'minutes', title: minutesTitle(data.date), createdById: actor.id } })
		await tx.meeting.create({
			data: {
				id,
				clientId: scope.id,
				...meetingColumns(data),
				status: 'scheduled',
				planDocumentId: plan?.id ?? null,
				minutesDocumentId: minutesId,
				createdById: actor.id,
				participants: { create: resolved.rows.map((row, index) => ({ id: newId('mtp'), ...row, sortOrder: index })) },
			},
		})
		await createNotifications(inviteNotifications(resolved.rows, scope.id, actor.id, id, minutesId, data), tx)
	})
	await audit({
		action: 'meeting.create',
		userId: actor.id,
		clientId: scope.id,
		target: `meeting:${id}`,
		ipAddress: meta.ipAddress,
		detail: { purpose: data.purpose, format: data.format, participants: resolved.rows.length, minutesDocumentId: minutesId },
	})
	return { ok: true, id }
}

function inviteNotifications(
	rows: readonly ParticipantRow[],
	clientId: string,
	actorId: string,
	meetingId: string,
	minutesId: string,
	data: MeetingFormData,
): NewNotification[] {
	return rows.flatMap((row) =>
		row.userId
			? [{ userId: row.userId, clientId, kind: 'meeting_invite' as const, actorId, meetingId, documentId: minutesId, excerpt: inviteExcerpt(data) }]
			: [],
	)
}

/**
 * Changes a scheduled meeting. Participants who stay keep their row (and any attendance
 * already noted); newly invited account holders are notified.
 */
export async function updateMeeting(
	actor: Actor,
	scope: ClientScope,
	meetingId: string,
	data: MeetingFormData,
	today: string,
	meta: RequestMeta,
): Promise<MeetingResult> {
	const meeting = await prisma.meeting.findFirst({
		where: { id: meetingId, clientId: scope.id },
		select: { id: true, status: true, minutesDocumentId: true, participants: true, date: true, originalDate: true },
	})
	if (!meeting) return NOT_FOUND
	if (meeting.status !== 'scheduled') return conflict('開始・終了・中止した会議の予定は変更できません')
	// Moving the meeting to another day keeps the day it was first scheduled for.
	const originalDate = meeting.originalDate ?? (data.date !== meeting.date ? meeting.date : null)
	const resolved = await resolveParticipants(scope.id, data, today)
	if (!resolved.ok) return resolved
	const existing = new Map(meeting.participants.map((p) => [participantKey(p), p]))
	const wanted = resolved.rows.map((row) => ({ row, existing: existing.get(participantKey(row)) ?? null }))
	const keep = new Set(wanted.flatMap((w) => (w.existing ? [w.existing.id] : [])))
	const added = wanted.filter((w) => !w.existing).map((w) => w.row)
	const changed = await prisma.$transaction(async (tx) => {
		const updated = await tx.meeting.updateMany({ where: { id: meeting.id, status: 'scheduled' }, data: { ...meetingColumns(data), originalDate } })
		if (updated.count !== 1) return false
		await tx.meetingParticipant.deleteMany({ where: { meetingId: meeting.id, id: { notIn: [...keep] } } })
		for (const [index, w] of wanted.entries()) {
			if (w.existing) await tx.meetingParticipant.update({ where: { id: w.existing.id }, data: { sortOrder: index } })
			else await tx.meetingParticipant.create({ data: { id: newId('mtp'), meetingId: meeting.id, ...w.row, sortOrder: index } })
		}
		await tx.document.update({ where: { id: meeting.minutesDocumentId }, data: { title: minutesTitle(data.date) } })
		await createNotifications(inviteNotifications(added, scope.id, actor.id, meeting.id, meeting.minutesDocumentId, data), tx)
		return true
	})
	if (!changed) return conflict('会議の状態が変わったため、予定を変更できませんでした')
	await audit({
		action: 'meeting.update',
		userId: actor.id,
		clientId: scope.id,
		target: `meeting:${meeting.id}`,
		ipAddress: meta.ipAddress,
		detail: { participants: resolved.rows.length, added: added.length, removed: meeting.participants.length - keep.size },
	})
	emitDocumentTopic(meeting.minutesDocumentId, 'meeting')
	return { ok: true, id: meeting.id }
}

// ---------------------------------------------------------------------------------------------
// State changes

async function findOwnMeeting(scope: ClientScope, meetingId: string) {
	return prisma.meeting.findFirst({
		where: { id: meetingId, clientId: scope.id },
		select: { id: true, status: true, minutesDocumentId: true, date: true, startTime: true, endTime: true, purpose: true },
	})
}

/**
 * 「会議を開始」: scheduled → in_progress, recording the actual start (the day the meeting was
 * held, which the plan cycle checks against the 支給決定). Not before the scheduled day: a
 * meeting held earlier is rescheduled first, and the record keeps both days (originalDate).
 */
export async function startMeeting(actor: Actor, scope: ClientScope, meetingId: string, today: string, meta: RequestMeta): Promise<MeetingResult> {
	const meeting = await findOwnMeeting(scope, meetingId)
	if (!meeting) return NOT_FOUND
	if (meeting.status === 'scheduled' && today < meeting.date) {
		return conflict(`この会議の予定日は${formatJpDate(meeting.date)}です。予定日より前には開始できません。前倒しで開く場合は、先に「予定を変更」で日付を変えてください（当初の予定日も記録に残ります）`)
	}
	const updated = await prisma.meeting.updateMany({ where: { id: meeting.id, status: 'scheduled' }, data: { status: 'in_progress', startedAt: new Date() } })
	if (updated.count !== 1) return conflict('予定の状態の会議だけを開始できます')
	await audit({ action: 'meeting.start', userId: actor.id, clientId: scope.id, target: `meeting:${meeting.id}`, ipAddress: meta.ipAddress })
	emitDocumentTopic(meeting.minutesDocumentId, 'meeting')
	return { ok: true, id: meeting.id }
}

/** Records attendance and 本人参加 (scheduled or in progress). Blank values stay "not recorded". */
export async function recordAttendance(
	actor: Actor,
	scope: ClientScope,
	meetingId: string,
	data: AttendanceData,
	meta: RequestMeta,
): Promise<MeetingResult> {
	const meeting = await findOwnMeeting(scope, meetingId)
	if (!meeting) return NOT_FOUND
	const ok = await prisma.$transaction(async (tx) => {
		const updated = await tx.meeting.updateMany({
			where: { id: meeting.id, status: { in: ['scheduled', 'in_progress'] } },
			data: { selfAttendance: data.selfAttendance, selfAbsenceReason: data.selfAbsenceReason },
		})
		if (updated.count !== 1) return false
		for (const p of data.participants) {
			await tx.meetingParticipant.updateMany({
				where: { id: p.id, meetingId: meeting.id },
				data: { attendance: p.attendance, absenceReason: p.absenceReason },
			})
		}
		return true
	})
	if (!ok) return conflict('終了・中止した会議の出欠は変更できません')
	await audit({
		action: 'meeting.attendance',
		userId: actor.id,
		clientId: scope.id,
		target: `meeting:${meeting.id}`,
		ipAddress: meta.ipAddress,
		detail: {
			present: data.participants.filter((p) => p.attendance === 'present').length,
			absent: data.participants.filter((p) => p.attendance === 'absent').length,
			unrecorded: data.participants.filter((p) => p.attendance === '').length,
			self: data.selfAttendance || 'unrecorded',
		},
	})
	emitDocumentTopic(meeting.minutesDocumentId, 'meeting')
	return { ok: true, id: meeting.id }
}

/**
 * Closes the meeting: in one transaction the meeting (closed, who, when, decisions), the
 * minutes frozen, the flagged threads settled as chosen (resolved, or carried over with their
 * flag kept) and a 記録の確定 notification for each participant with an account. Then open
 * writers of the minutes are downgraded to read-only (document-changed → 4205) and open pages
 * reload.
 */
export async function closeMeeting(actor: Actor, scope: ClientScope, meetingId: string, data: CloseData, meta: RequestMeta): Promise<MeetingResult> {
	const meeting = await loadMeetingRow(scope.id, meetingId)
	if (!meeting) return NOT_FOUND
	if (meeting.status !== 'in_progress') return conflict('開催中の会議だけを終了できます')
	const problems = closingProblems(meeting)
	if (problems.length > 0) return invalid({}, problems)

	const now = new Date()
	const commentIds = data.settlements.map((s) => s.commentId)
	const result = await prisma.$transaction(async (tx) => {
		const updated = await tx.meeting.updateMany({
			where: { id: meeting.id, status: 'in_progress' },
			data: { status: 'closed', closedAt: now, closedById: actor.id, decisions: data.decisions },
		})
		if (updated.count !== 1) return null
		await tx.document.update({ where: { id: meeting.minutesDocumentId }, data: { frozenAt: now, frozenById: actor.id } })
		// Only threads that are still open, flagged roots of this client are settled here.
		const current = await tx.comment.findMany({
			where: { id: { in: commentIds }, clientId: scope.id, meetingFlag: true, status: 'open', deletedAt: null },
			select: { id: true, threadId: true, documentId: true },
		})
		const settleable = new Map(current.filter((c) => c.threadId === c.id).map((c) => [c.id, c]))
		const resolved: string[] = []
		const carried: string[] = []
		for (const s of data.settlements) {
			if (!settleable.has(s.commentId)) continue
			if (s.settlement === 'resolve') {
				await tx.comment.update({ where: { id: s.commentId }, data: { status: 'resolved', resolvedAt: now, resolvedById: actor.id, meetingId: meeting.id } })
				resolved.push(s.commentId)
			} else {
				await tx.comment.update({ where: { id: s.commentId }, data: { meetingFlag: true, meetingId: meeting.id } })
				carried.push(s.commentId)
			}
		}
		await createNotifications(
			meeting.participants.flatMap((p) =>
				p.userId
					? [{ userId: p.userId, clientId: scope.id, kind: 'meeting_closed' as const, actorId: actor.id, meetingId: meeting.id, documentId: meeting.minutesDocumentId, excerpt: inviteExcerpt(meeting) }]
					: [],
			),
			tx,
		)
		return { resolved, carried, documents: [...new Set([...resolved, ...carried].map((id) => settleable.get(id)!.documentId))] }
	})
	if (!result) return conflict('会議の状態が変わったため、終了できませんでした')

	await audit({
		action: 'meeting.close',
		userId: actor.id,
		clientId: scope.id,
		target: `meeting:${meeting.id}`,
		ipAddress: meta.ipAddress,
		detail: { minutesDocumentId: meeting.minutesDocumentId, resolved: result.resolved.length, carriedOver: result.carried.length },
	})
	for (const id of result.resolved) {
		await audit({ action: 'comment.resolve', userId: actor.id, clientId: scope.id, target: `comment:${id}`, ipAddress: meta.ipAddress, detail: { meetingId: meeting.id } })
	}
	emitAuthzEvent({ type: 'document-changed', documentId: meeting.minutesDocumentId })
	emitDocumentTopic(meeting.minutesDocumentId, 'meeting')
	for (const documentId of result.documents) emitDocumentTopic(documentId, 'comments')
	return { ok: true, id: meeting.id }
}

/**
 * Cancels a scheduled or running meeting with its reason. The minutes are frozen too: nothing
 * is decided at a meeting that did not take place.
 */
export async function cancelMeeting(actor: Actor, scope: ClientScope, meetingId: string, reason: string, meta: RequestMeta): Promise<MeetingResult> {
	const meeting = await findOwnMeeting(scope, meetingId)
	if (!meeting) return NOT_FOUND
	const now = new Date()
	const ok = await prisma.$transaction(async (tx) => {
		const updated = await tx.meeting.updateMany({
			where: { id: meeting.id, status: { in: ['scheduled', 'in_progress'] } },
			data: { status: 'cancelled', cancelReason: reason },
		})
		if (updated.count !== 1) return false
		await tx.document.update({ where: { id: meeting.minutesDocumentId }, data: { frozenAt: now, frozenById: actor.id } })
		return true
	})
	if (!ok) return conflict('終了・中止した会議は中止できません')
	await audit({ action: 'meeting.cancel', userId: actor.id, clientId: scope.id, target: `meeting:${meeting.id}`, ipAddress: meta.ipAddress, detail: { from: meeting.status } })
	emitAuthzEvent({ type: 'document-changed', documentId: meeting.minutesDocumentId })
	emitDocumentTopic(meeting.minutesDocumentId, 'meeting')
	return { ok: true, id: meeting.id }
}

/** The meeting a minutes document belongs to (the document page sends readers there). */
