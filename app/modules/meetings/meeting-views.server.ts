import { PLAN_ALL_FIELDS, PLAN_GOAL_COLUMNS, planDocumentTitle } from '#app/document-forms/plan.ts'
import { toDocName } from '#app/editor/collab-protocol.ts'
import { getClientName } from '#app/modules/clients/clients.server.ts'
import { teamRoleLabel } from '#app/modules/clients/labels.ts'
import { withStage } from '#app/modules/cycle/cycle-view.server.ts'
import { findPlanDocument, loadPlanHeader, planDocumentId } from '#app/modules/documents/documents.server.ts'
import { canOnClient, DOCUMENT_KINDS, documentAccess, givesProviderOpinion, isRowActive, notEndedOn, type Access, type Actor, type ClientScope, type DocumentKind } from '#app/policies/index.ts'
import { prisma } from '#app/utils/db.server.ts'
import { agendaGoals, anchorLabel, renderMentions, type Agenda, type AgendaComment, type AgendaGoal } from './agenda.ts'
import { closingProblems } from './closing.ts'
import type { MeetingStatus } from './labels.ts'

/**
 * サービス担当者会議, the read side: who can be invited, the history, the meeting page (agenda,
 * participants, settled threads) and the edit form. The changes (scheduling, attendance,
 * starting, closing, cancelling) are in meeting-changes.server.ts; both sides share the row
 * loader and the participant key here.
 */

// ---------------------------------------------------------------------------------------------
// Invitable people

export type InvitableMember = {
	/** CareTeamMember id: what the form sends */
	id: string
	userId: string | null
	name: string
	organizationName: string
	roleLabel: string
	hasAccount: boolean
}

function participantRoleLabel(row: { role: string; relationship: string; userId: string | null }): string {
	// People without an account are described by what they are to the person (e.g. 民生委員).
	if (!row.userId && row.relationship) return row.relationship
	const label = teamRoleLabel(row.role)
	return row.relationship ? `${label}（${row.relationship}）` : label
}

/**
 * Care-team members who can be invited: in force today or starting later (not ended), hub
 * coordinators excluded (they take no part in the meeting, policy: no 'meeting.view').
 */
export async function listInvitableMembers(clientId: string, today: string): Promise<InvitableMember[]> {
	const rows = await prisma.careTeamMember.findMany({
		where: { clientId, ...notEndedOn(today), NOT: { role: 'hub_coordinator' } },
		select: {
			id: true,
			userId: true,
			externalName: true,
			role: true,
			relationship: true,
			user: { select: { displayName: true } },
			organization: { select: { name: true } },
		},
		orderBy: [{ startsOn: 'asc' }, { createdAt: 'asc' }],
	})
	return rows.map((row) => ({
		id: row.id,
		userId: row.userId,
		name: row.user?.displayName ?? row.externalName,
		organizationName: row.organization?.name ?? '',
		roleLabel: participantRoleLabel(row),
		hasAccount: row.userId !== null,
	}))
}

// ---------------------------------------------------------------------------------------------
// History

export type MeetingListItem = {
	id: string
	date: string
	startTime: string
	endTime: string
	purpose: string
	format: string
	status: MeetingStatus
	closedAt: string | null
	closedByName: string
	cancelReason: string
	participantCount: number
}

export async function listMeetings(clientId: string): Promise<MeetingListItem[]> {
	const rows = await prisma.meeting.findMany({
		where: { clientId },
		select: {
			id: true,
			date: true,
			startTime: true,
			endTime: true,
			purpose: true,
			format: true,
			status: true,
			closedAt: true,
			closedById: true,
			cancelReason: true,
			_count: { select: { participants: true } },
		},
		orderBy: [{ date: 'desc' }, { startTime: 'desc' }, { createdAt: 'desc' }],
	})
	const names = await userNames(rows.map((r) => r.closedById))
	return rows.map((row) => ({
		id: row.id,
		date: row.date,
		startTime: row.startTime,
		endTime: row.endTime,
		purpose: row.purpose,
		format: row.format,
		status: row.status as MeetingStatus,
		closedAt: row.closedAt?.toISOString() ?? null,
		closedByName: row.closedById ? (names.get(row.closedById) ?? '') : '',
		cancelReason: row.cancelReason,
		participantCount: row._count.participants,
	}))
}

/** The meeting under way, else the next scheduled one from today on (client page). */
export async function nextMeeting(clientId: string, today: string) {
	const select = { id: true, date: true, startTime: true, endTime: true, purpose: true, status: true, place: true, format: true } as const
	const running = await prisma.meeting.findFirst({ where: { clientId, status: 'in_progress' }, select, orderBy: { date: 'desc' } })
	if (running) return running
	return prisma.meeting.findFirst({
		where: { clientId, status: 'scheduled', date: { gte: today } },
		select,
		orderBy: [{ date: 'asc' }, { startTime: 'asc' }],
	})
}

async function userNames(ids: ReadonlyArray<string | null>): Promise<Map<string, string>> {
	const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))]
	if (wanted.length === 0) return new Map()
	const users = await prisma.user.findMany({ where: { id: { in: wanted } }, select: { id: true, displayName: true } })
	return new Map(users.map((u) => [u.id, u.displayName]))
}

// ---------------------------------------------------------------------------------------------
// The meeting page

export type MeetingParticipantView = {
	id: string
	userId: string | null
	name: string
	organizationName: string
	roleLabel: string
	attendance: '' | 'present' | 'absent'
	absenceReason: string
	/** a provider's staff: gets an opinion row in the minutes */
	isProvider: boolean
}

export async function loadMeetingRow(clientId: string, meetingId: string) {
	return prisma.meeting.findFirst({
		where: { id: meetingId, clientId },
		include: { participants: { orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] } },
	})
}
type MeetingRow = NonNullable<Awaited<ReturnType<typeof loadMeetingRow>>>

function participantViews(meeting: MeetingRow, scope: ClientScope, today: string): MeetingParticipantView[] {
	const providerUsers = new Set(
		scope.team.filter((row) => givesProviderOpinion(row, today)).map((row) => row.userId),
	)
	return meeting.participants.map((p) => ({
		id: p.id,
		userId: p.userId,
		name: p.name,
		organizationName: p.organizationName,
		roleLabel: p.roleLabel,
		attendance: p.attendance === 'present' || p.attendance === 'absent' ? p.attendance : '',
		absenceReason: p.absenceReason,
		isProvider: p.userId !== null && providerUsers.has(p.userId),
	}))
}

/** The plan the meeting discusses: the one recorded at scheduling, else the client's plan today. */
async function meetingPlanId(meeting: { planDocumentId: string | null; clientId: string }): Promise<string | null> {
	if (meeting.planDocumentId) return meeting.planDocumentId
	return (await findPlanDocument(meeting.clientId))?.id ?? null
}

/**
 * The agenda as this actor may see it: the plan's goals (if they read the plan) and the open
 * flagged threads on documents they may read. Comments on the client's plan count even
 * before the plan document row exists (its id is derived from the client's).
 */
export async function loadAgenda(actor: Actor, scope: ClientScope, planId: string | null, today: string): Promise<Agenda> {
	const client = await prisma.client.findUnique({ where: { id: scope.id }, select: { category: true } })
	const expectedPlanId = planDocumentId(scope.id)
	const planAccess = documentAccess(actor, { kind: 'plan', organizationId: null, frozen: false, client: scope }, today)
	const goals: AgendaGoal[] =
		planId && planAccess !== 'none'
			? agendaGoals(
					await prisma.planGoal.findMany({
						where: { clientId: scope.id, documentId: planId },
						select: { goalId: true, priority: true, need: true, goal: true, dueText: true, deletedAt: true },
					}),
				)
			: []

	const flagged = await prisma.comment.findMany({
		where: { clientId: scope.id, meetingFlag: true, status: 'open', deletedAt: null },
		orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
	})
	const roots = flagged.filter((c) => c.threadId === c.id)
	const documents = await prisma.document.findMany({
		where: { id: { in: [...new Set(roots.map((c) => c.documentId))] }, clientId: scope.id },
		select: { id: true, kind: true, title: true, organizationId: true, frozenAt: true },
	})
	const docs = new Map(documents.map((d) => [d.id, d]))
	const authors = await userNames(roots.map((c) => c.authorId))
	const fieldLabels = Object.fromEntries(PLAN_ALL_FIELDS.map((f) => [f.key, f.label]))
	const columnLabels = Object.fromEntries(PLAN_GOAL_COLUMNS.map((c) => [c.key, c.label]))
	const comments: AgendaComment[] = []
	for (const c of roots) {
		const doc = docs.get(c.documentId)
		let kind: DocumentKind | null = null
		let title = ''
		let access: Access = 'none'
		if (doc && (DOCUMENT_KINDS as readonly string[]).includes(doc.kind)) {
			kind = doc.kind as DocumentKind
			title = doc.title
			access = documentAccess(actor, { kind, organizationId: doc.organizationId, frozen: doc.frozenAt !== null, client: scope }, today)
		} else if (!doc && c.documentId === expectedPlanId) {
			kind = 'plan'
			title = planDocumentTitle(client?.category ?? 'adult')
			access = planAccess
		}
		if (!kind || access === 'none') continue
		comments.push({
			id: c.id,
			documentId: c.documentId,
			documentTitle: title,
			anchorTarget: c.anchorTarget,
			anchorLabel: kind === 'plan' ? anchorLabel(c.anchorTarget, fieldLabels, columnLabels, goals) : c.anchorTarget ? '文書の項目' : '文書全体',
			quote: c.quote,
			body: renderMentions(c.body),
			authorName: authors.get(c.authorId) ?? '',
			createdAt: c.createdAt.toISOString(),
			carriedOver: c.meetingId !== null,
		})
	}
	return { goals, comments }
}

export type SettledComment = { id: string; documentTitle: string; quote: string; body: string; authorName: string; status: string }

/** Threads this meeting took up (resolved or carried over), for the closed meeting and its print. */
async function loadSettledComments(actor: Actor, scope: ClientScope, meetingId: string, today: string): Promise<SettledComment[]> {
	const rows = await prisma.comment.findMany({ where: { clientId: scope.id, meetingId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })
	const roots = rows.filter((c) => c.threadId === c.id)
	const documents = await prisma.document.findMany({
		where: { id: { in: [...new Set(roots.map((c) => c.documentId))] } },
		select: { id: true, kind: true, title: true, organizationId: true, frozenAt: true },
	})
	const docs = new Map(documents.map((d) => [d.id, d]))
	const authors = await userNames(roots.map((c) => c.authorId))
	return roots.flatMap((c) => {
		const doc = docs.get(c.documentId)
		if (!doc || !(DOCUMENT_KINDS as readonly string[]).includes(doc.kind)) return []
		const access = documentAccess(actor, { kind: doc.kind as DocumentKind, organizationId: doc.organizationId, frozen: doc.frozenAt !== null, client: scope }, today)
		if (access === 'none') return []
		return [
			{
				id: c.id,
				documentTitle: doc.title,
				quote: c.deletedAt ? '' : c.quote,
				body: c.deletedAt ? '' : renderMentions(c.body),
				authorName: authors.get(c.authorId) ?? '',
				status: c.status,
			},
		]
	})
}

/** Everything the meeting page shows to this actor (caller checked 'meeting.view'). */
export async function loadMeetingView(actor: Actor, scope: ClientScope, meetingId: string, today: string) {
	const meeting = await loadMeetingRow(scope.id, meetingId)
	if (!meeting) return null
	const minutes = await prisma.document.findUnique({
		where: { id: meeting.minutesDocumentId },
		select: { id: true, title: true, frozenAt: true, frozenById: true },
	})
	if (!minutes) return null
	const planId = await meetingPlanId(meeting)
	const plan = planId ? await prisma.document.findUnique({ where: { id: planId }, select: { id: true, title: true, frozenAt: true } }) : null
	const minutesAccess = documentAccess(actor, { kind: 'minutes', organizationId: null, frozen: minutes.frozenAt !== null, client: scope }, today)
	const planAccess = plan ? documentAccess(actor, { kind: 'plan', organizationId: null, frozen: plan.frozenAt !== null, client: scope }, today) : 'none'
	const status = meeting.status as MeetingStatus
	const open = status === 'scheduled' || status === 'in_progress'
	const agenda = await loadAgenda(actor, scope, plan?.id ?? null, today)
	const settled = status === 'closed' ? await loadSettledComments(actor, scope, meeting.id, today) : []
	const names = await userNames([meeting.createdById, meeting.closedById, minutes.frozenById])
	const participants = participantViews(meeting, scope, today)
	const manage = canOnClient(actor, 'meeting.manage', scope, today)
	// Who the follow toggle follows: the people who run the meeting (the consultation office).
	const leaderIds = [
		...new Set([
			meeting.createdById,
			...scope.team.filter((row) => row.userId && row.role === 'specialist' && isRowActive(row, today)).map((row) => row.userId as string),
		]),
	]
	return {
		meeting: {
			id: meeting.id,
			clientId: meeting.clientId,
			purpose: meeting.purpose,
			date: meeting.date,
			originalDate: meeting.originalDate,
			startTime: meeting.startTime,
			endTime: meeting.endTime,
			format: meeting.format,
			place: meeting.place,
			status,
			consentBy: meeting.consentBy,
			consentMethod: meeting.consentMethod,
			consentOn: meeting.consentOn,
			consentNote: meeting.consentNote,
			selfAttendance: meeting.selfAttendance,
			selfAbsenceReason: meeting.selfAbsenceReason,
			decisions: meeting.decisions,
			cancelReason: meeting.cancelReason,
			createdByName: names.get(meeting.createdById) ?? '',
			startedAt: meeting.startedAt?.toISOString() ?? null,
			closedAt: meeting.closedAt?.toISOString() ?? null,
			closedByName: meeting.closedById ? (names.get(meeting.closedById) ?? '') : '',
		},
		participants,
		agenda,
		settled,
		minutes: { id: minutes.id, title: minutes.title, access: minutesAccess, frozen: minutes.frozenAt !== null },
		plan: plan ? { id: plan.id, title: plan.title, access: planAccess } : null,
		leaderIds,
		abilities: {
			manage,
			edit: manage && status === 'scheduled',
			start: manage && status === 'scheduled',
			attendance: manage && open,
			close: manage && status === 'in_progress',
			cancel: manage && open,
		},
	}
}
export type MeetingView = NonNullable<Awaited<ReturnType<typeof loadMeetingView>>>

/**
 * The meeting page's data: the view, the client's name, the documents' websocket names, the
 * plan header (when the plan may be read), what still blocks closing and the signed-in user.
 * Null when the meeting or the client is unknown.
 */
export async function loadMeetingPage(actor: Actor, scope: ClientScope, meetingId: string, user: { id: string; displayName: string; role: string }, today: string) {
	const view = await loadMeetingView(actor, scope, meetingId, today)
	const client = await getClientName(scope.id)
	if (!view || !client) return null
	const planHeader = view.plan && view.plan.access !== 'none' ? await withStage(scope.id, await loadPlanHeader(scope.id, today)) : null
	return {
		...view,
		client,
		minutesDocName: toDocName('minutes', view.minutes.id),
		planDocName: view.plan ? toDocName('plan', view.plan.id) : null,
		planHeader,
		closingProblems: closingProblems({ ...view.meeting, participants: view.participants }),
		user: { id: user.id, name: user.displayName, role: user.role },
	}
}
export type MeetingPage = NonNullable<Awaited<ReturnType<typeof loadMeetingPage>>>

/** The form values of a scheduled meeting, for its edit page. */
export async function loadMeetingForEdit(clientId: string, meetingId: string, today: string) {
	const meeting = await loadMeetingRow(clientId, meetingId)
	if (!meeting) return null
	const invitable = await listInvitableMembers(clientId, today)
	const invitedKeys = new Set(meeting.participants.map(participantKey))
	// Team members are the checkboxes again; everyone else comes back as a hand-written row.
	const members = invitable.filter((m) => invitedKeys.has(participantKey(m)))
	const memberKeys = new Set(members.map(participantKey))
	const memberIds = members.map((m) => m.id)
	const externals = meeting.participants.filter((p) => !memberKeys.has(participantKey(p)))
	return {
		status: meeting.status as MeetingStatus,
		values: {
			date: meeting.date,
			startTime: meeting.startTime,
			endTime: meeting.endTime,
			format: meeting.format,
			place: meeting.place,
			purpose: meeting.purpose,
			memberIds,
			externalName: externals.map((p) => p.name),
			externalOrganization: externals.map((p) => p.organizationName),
			externalRole: externals.map((p) => p.roleLabel),
			consentBy: meeting.consentBy,
			consentMethod: meeting.consentMethod,
			consentOn: meeting.consentOn,
			consentNote: meeting.consentNote,
		},
	}
}


/** One participant across edits: an account by its user, anyone else by name, organisation and role. */
export function participantKey(row: { userId: string | null; name: string; organizationName: string; roleLabel: string }): string {
	return row.userId ? `user:${row.userId}` : `ext:${row.name}\n${row.organizationName}\n${row.roleLabel}`
}


export async function meetingOfMinutes(documentId: string): Promise<{ id: string; clientId: string } | null> {
	return prisma.meeting.findUnique({ where: { minutesDocumentId: documentId }, select: { id: true, clientId: true } })
}

export function isMeetingStatus(value: string): value is MeetingStatus {
	return value === 'scheduled' || value === 'in_progress' || value === 'closed' || value === 'cancelled'
}
