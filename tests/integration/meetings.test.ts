/**
 * サービス担当者会議 through the real server: scheduling (validation, authorization,
 * notifications, audit), the agenda, attendance and 本人参加 rules, closing (minutes frozen —
 * connected writers downgraded, later writes dropped — flagged threads settled), carry-over,
 * cancelling and the print view.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { MINUTES_FIELD_KEYS, opinionRowId, applyOpinionsPrefill } from '#app/document-forms/minutes.ts'
import { applyTemplate, cellText, fieldText, readDocument } from '#app/document-forms/structure.ts'
import { CLOSE } from '#app/editor/collab-protocol.ts'
import { loadClientScope } from '#app/modules/authz.server.ts'
import { ensurePlanDocument, planDocumentId } from '#app/modules/documents/documents.server.ts'
import { documentAccess } from '#app/policies/index.ts'
import { action as meetingAction, loader as meetingLoader } from '#app/routes/clients.$clientId.meetings.$meetingId._index.tsx'
import { loader as printLoader } from '#app/routes/clients.$clientId.meetings.$meetingId.print.tsx'
import { action as editAction } from '#app/routes/clients.$clientId.meetings.$meetingId.edit.tsx'
import { loader as historyLoader } from '#app/routes/clients.$clientId.meetings._index.tsx'
import { action as newAction, loader as newLoader } from '#app/routes/clients.$clientId.meetings.new.tsx'
import { loader as clientPageLoader } from '#app/routes/clients.$clientId._index.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { addDays, todayJst } from '#app/utils/dates.ts'
import { auditRows, connectClient, storedDocument, waitFor, type TestClient, type TestServer, startAppServer } from '#tests/helpers/collab.ts'
import { CLIENTS, USERS, actorFor, call, cookieFor, jsonOf } from './clients-helpers.ts'

const SATO = CLIENTS.sato
const SEEDED_MEETING = 'mtg-sato-1'
const SEEDED_COMMENT = 'comment-sato-flagged-1'
const BASE = `/clients/${SATO}/meetings`

async function meetingLoaderData(cookie: string, meetingId: string) {
	const response = await call(meetingLoader, { path: `${BASE}/${meetingId}`, params: { clientId: SATO, meetingId }, cookie })
	expect(response.status).toBe(200)
	return jsonOf<{
		meeting: { status: string; selfAttendance: string; decisions: string; closedByName: string; closedAt: string | null }
		participants: Array<{ id: string; name: string; userId: string | null; attendance: string; isProvider: boolean }>
		agenda: { goals: Array<{ goalId: string; need: string }>; comments: Array<{ id: string; body: string; anchorLabel: string; carriedOver: boolean }> }
		minutes: { id: string; access: string; frozen: boolean }
		abilities: Record<string, boolean>
		closingProblems: string[]
	}>(response)
}

function meetingPost(cookie: string, meetingId: string, form: Record<string, string | string[]>) {
	return call(meetingAction, { path: `${BASE}/${meetingId}`, params: { clientId: SATO, meetingId }, cookie, form })
}

function scheduleForm(overrides: Record<string, string | string[]> = {}) {
	const today = todayJst()
	return {
		date: addDays(today, 3),
		startTime: '10:00',
		endTime: '11:30',
		format: 'hybrid',
		place: '相談支援センターきずな 相談室／オンライン',
		purpose: 'new',
		memberIds: ['team-sato-1', 'team-sato-2', 'team-sato-3', 'team-sato-7'],
		externalName: ['山本 恵'],
		externalOrganization: ['希望が丘訪問看護ステーション'],
		externalRole: ['看護師'],
		consentBy: '本人（佐藤 誠）',
		consentMethod: 'verbal',
		consentOn: today,
		consentNote: '',
		...overrides,
	}
}

describe('サービス担当者会議', () => {
	let server: TestServer
	const clients: TestClient[] = []
	const cookies: Record<string, string> = {}
	let meetingId = ''

	beforeAll(async () => {
		server = await startAppServer()
		for (const [key, id] of Object.entries(USERS)) cookies[key] = await cookieFor(id)
	})
	afterAll(async () => {
		for (const client of clients) client.destroy()
		await server?.close()
	})

	test('the seed: 佐藤 誠 has an upcoming meeting with a 民生委員 without account and a flagged thread', async () => {
		const meeting = await prisma.meeting.findUniqueOrThrow({ where: { id: SEEDED_MEETING }, include: { participants: { orderBy: { sortOrder: 'asc' } } } })
		expect(meeting).toMatchObject({ clientId: SATO, status: 'scheduled', consentMethod: 'written' })
		expect(meeting.date > todayJst()).toBe(true)
		expect(meeting.participants.map((p) => [p.userId, p.roleLabel])).toEqual([
			['user-sodan', '相談支援専門員'],
			['user-sabikan', 'サービス管理責任者'],
			['user-city', '市町村職員'],
			[null, '民生委員'],
		])
		const minutes = await prisma.document.findUniqueOrThrow({ where: { id: meeting.minutesDocumentId } })
		expect(minutes).toMatchObject({ kind: 'minutes', clientId: SATO, frozenAt: null })
		// The client page shows it as the next meeting.
		const page = await jsonOf<{ meeting: { id: string } | null }>(await call(clientPageLoader, { path: `/clients/${SATO}`, params: { clientId: SATO }, cookie: cookies.kazoku }))
		expect(page.meeting?.id).toBe(SEEDED_MEETING)
		const hub = await jsonOf<{ meeting: unknown }>(await call(clientPageLoader, { path: `/clients/${SATO}`, params: { clientId: SATO }, cookie: cookies.kyoten }))
		expect(hub.meeting).toBeNull()
	})

	test('who may see and schedule meetings', async () => {
		const history = (cookie: string, clientId: string = SATO) => call(historyLoader, { path: `/clients/${clientId}/meetings`, params: { clientId }, cookie })
		for (const who of ['sodan', 'kanri', 'sabikan', 'staff', 'kazoku', 'city'] as const) expect((await history(cookies[who])).status, who).toBe(200)
		// The hub coordinator sees the client but not its meetings; others' clients do not exist.
		expect((await history(cookies.kyoten)).status).toBe(403)
		expect((await history(cookies.sabikan, CLIENTS.suzuki)).status).toBe(404)
		expect((await history(cookies.admin)).status).toBe(404)

		const newPage = (cookie: string) => call(newLoader, { path: `${BASE}/new`, params: { clientId: SATO }, cookie })
		expect((await newPage(cookies.sodan)).status).toBe(200)
		expect((await newPage(cookies.kanri)).status).toBe(200)
		for (const who of ['sabikan', 'kazoku', 'city'] as const) {
			expect((await newPage(cookies[who])).status, who).toBe(403)
			const post = await call(newAction, { path: `${BASE}/new`, params: { clientId: SATO }, cookie: cookies[who], form: scheduleForm() })
			expect(post.status, who).toBe(403)
		}
		// Read-only viewers get the page without any of the managing controls.
		const asCity = await meetingLoaderData(cookies.city, SEEDED_MEETING)
		expect(Object.values(asCity.abilities).every((v) => v === false)).toBe(true)
		expect((await meetingPost(cookies.sabikan, SEEDED_MEETING, { intent: 'start' })).status).toBe(403)
		expect((await meetingPost(cookies.city, SEEDED_MEETING, { intent: 'cancel', cancelReason: 'x' })).status).toBe(403)
		expect(await prisma.meeting.count()).toBe(1)
	})

	test('scheduling: bad input changes nothing; a valid form creates meeting, participants, minutes, invitations and an audit row', async () => {
		const before = { meetings: await prisma.meeting.count(), documents: await prisma.document.count(), notifications: await prisma.notification.count() }
		const post = (form: Record<string, string | string[]>) => call(newAction, { path: `${BASE}/new`, params: { clientId: SATO }, cookie: cookies.sodan, form })

		const bad = await post(scheduleForm({ memberIds: [], externalName: [''], externalOrganization: [''], externalRole: [''], consentBy: '', endTime: '09:00' }))
		expect(bad.status).toBe(400)
		const errors = (await jsonOf<{ fieldErrors: Record<string, string[]> }>(bad)).fieldErrors
		expect(errors.participants).toEqual(['参加者を1人以上選ぶか入力してください'])
		expect(errors.consentBy).toEqual(['同意した人を入力してください'])
		expect(errors.endTime).toEqual(['終了時刻は開始時刻より後にしてください'])
		// A member of another client's team cannot be invited here.
		const foreign = await post(scheduleForm({ memberIds: ['team-suzuki-2'] }))
		expect(foreign.status).toBe(400)
		expect((await jsonOf<{ fieldErrors: Record<string, string[]> }>(foreign)).fieldErrors.participants?.[0]).toContain('ケアチームにいない人')
		expect({ meetings: await prisma.meeting.count(), documents: await prisma.document.count(), notifications: await prisma.notification.count() }).toEqual(before)

		const ok = await post(scheduleForm())
		expect(ok.status).toBe(302)
		const location = ok.headers.get('location') ?? ''
		expect(location).toMatch(new RegExp(`^${BASE}/mtg-[0-9a-f-]+\\?scheduled=1$`))
		meetingId = location.slice(BASE.length + 1).split('?')[0]
		const meeting = await prisma.meeting.findUniqueOrThrow({ where: { id: meetingId }, include: { participants: { orderBy: { sortOrder: 'asc' } } } })
		expect(meeting).toMatchObject({ status: 'scheduled', format: 'hybrid', purpose: 'new', consentMethod: 'verbal', createdById: USERS.sodan, planDocumentId: null })
		// Team members in team order, then the people added by hand.
		expect(meeting.participants.map((p) => [p.name, p.organizationName, p.roleLabel, p.userId])).toEqual([
			['田中 陽子', '相談支援センターきずな', '相談支援専門員', USERS.sodan],
			['木村 正雄', '', '民生委員', null],
			['伊藤 直樹', '生活介護事業所ひだまり', 'サービス管理責任者', USERS.sabikan],
			['渡辺 さくら', '生活介護事業所ひだまり', '事業所職員', USERS.staff],
			['山本 恵', '希望が丘訪問看護ステーション', '看護師', null],
		])
		expect(await prisma.document.findUniqueOrThrow({ where: { id: meeting.minutesDocumentId } })).toMatchObject({ kind: 'minutes', clientId: SATO, createdById: USERS.sodan })
		// Invitations for the account holders other than the organiser.
		const invites = await prisma.notification.findMany({ where: { meetingId }, orderBy: { userId: 'asc' } })
		expect(invites.map((n) => [n.userId, n.kind])).toEqual([
			[USERS.sabikan, 'meeting_invite'],
			[USERS.staff, 'meeting_invite'],
		])
		const created = auditRows(server.sqlite, 'meeting.create').filter((row) => row.target === `meeting:${meetingId}`)
		expect(created).toHaveLength(1)
		expect(created[0]).toMatchObject({ userId: USERS.sodan, clientId: SATO })
		// Facts only, never content (no place, names or consent text).
		expect(created[0].detail).not.toContain('相談室')
		expect(created[0].detail).not.toContain('山本')

		// Editing keeps the participants who stay (and their rows) and notifies the newly invited.
		const staying = meeting.participants.find((p) => p.userId === USERS.sabikan)!
		const edit = await call(editAction, {
			path: `${BASE}/${meetingId}/edit`,
			params: { clientId: SATO, meetingId },
			cookie: cookies.sodan,
			form: scheduleForm({ memberIds: ['team-sato-1', 'team-sato-2', 'team-sato-5', 'team-sato-7'], startTime: '13:00', endTime: '14:00' }),
		})
		expect(edit.status).toBe(302)
		const edited = await prisma.meeting.findUniqueOrThrow({ where: { id: meetingId }, include: { participants: { orderBy: { sortOrder: 'asc' } } } })
		expect(edited.startTime).toBe('13:00')
		expect(edited.participants.map((p) => p.name)).toEqual(['田中 陽子', '中村 大輔', '木村 正雄', '伊藤 直樹', '山本 恵'])
		expect(edited.participants.find((p) => p.userId === USERS.sabikan)?.id).toBe(staying.id)
		expect((await prisma.notification.findMany({ where: { meetingId, userId: USERS.city } })).map((n) => n.kind)).toEqual(['meeting_invite'])
	})

	test('the agenda: plan goals by priority and open flagged threads the viewer may read, mentions as names', async () => {
		const scope = (await loadClientScope(SATO))!
		const plan = await ensurePlanDocument(await actorFor(USERS.sodan), scope, todayJst(), { ipAddress: '127.0.0.1' })
		expect(plan).toMatchObject({ ok: true, id: planDocumentId(SATO) })
		await prisma.planGoal.createMany({
			data: [
				{ clientId: SATO, documentId: planDocumentId(SATO), goalId: 'rgoal-second01', priority: 2, need: '家事を覚えたい' },
				{ clientId: SATO, documentId: planDocumentId(SATO), goalId: 'rgoal-first001', priority: 1, need: '日中活動に毎日通いたい', goal: '生活介護に週5日通う' },
				{ clientId: SATO, documentId: planDocumentId(SATO), goalId: 'rgoal-deleted1', priority: 3, need: '消した課題', deletedAt: new Date() },
			],
		})
		// A flagged thread on ひだまり's 個別支援計画: the city does not read ISPs.
		await prisma.document.create({ data: { id: 'isp-hidamari-sato', clientId: SATO, kind: 'isp', title: '個別支援計画', organizationId: 'org-hidamari', createdById: USERS.sabikan } })
		const comment = (id: string, data: Record<string, unknown>) =>
			prisma.comment.create({ data: { id, clientId: SATO, threadId: id, authorId: USERS.sabikan, body: '', documentId: planDocumentId(SATO), ...data } })
		await comment('c-isp', { documentId: 'isp-hidamari-sato', body: '送迎の時間を相談したい', meetingFlag: true, anchorTarget: 'field:x' })
		await comment('c-cell', { body: '@[田中 陽子](user-sodan) 週5日は多くないですか', meetingFlag: true, anchorTarget: 'cell:rgoal-first001:goal', quote: '週5日' })
		await comment('c-resolved', { body: '解決済み', meetingFlag: true, status: 'resolved' })
		await comment('c-deleted', { body: '', meetingFlag: true, deletedAt: new Date() })
		await comment('c-unflagged', { body: 'ふつうのコメント' })
		await prisma.comment.create({ data: { id: 'c-reply', clientId: SATO, threadId: 'c-cell', authorId: USERS.sodan, body: '返信', documentId: planDocumentId(SATO), meetingFlag: true } })

		const asSodan = await meetingLoaderData(cookies.sodan, meetingId)
		expect(asSodan.agenda.goals.map((g) => g.need)).toEqual(['日中活動に毎日通いたい', '家事を覚えたい'])
		expect(asSodan.agenda.comments.map((c) => c.id)).toEqual([SEEDED_COMMENT, 'c-isp', 'c-cell'])
		const cell = asSodan.agenda.comments.find((c) => c.id === 'c-cell')!
		expect(cell.body).toBe('@田中 陽子 週5日は多くないですか')
		expect(cell.anchorLabel).toBe('優先順位1の課題：支援目標')
		expect(asSodan.agenda.comments[0].anchorLabel).toBe('利用者及びその家族の生活に対する意向（希望する生活）')

		const asCity = await meetingLoaderData(cookies.city, meetingId)
		expect(asCity.agenda.comments.map((c) => c.id)).toEqual([SEEDED_COMMENT, 'c-cell'])
		// The meeting discusses the client's plan once it exists.
		expect(asCity.participants.filter((p) => p.isProvider).map((p) => p.name)).toEqual(['伊藤 直樹'])
	})

	test('attendance and 本人参加: reasons required, closing blocked until everything is recorded', async () => {
		const data = await meetingLoaderData(cookies.sodan, meetingId)
		expect(data.abilities).toMatchObject({ start: true, close: false, attendance: true })
		// Not before its scheduled day (three days ahead): refused, nothing changes.
		const beforeDay = await meetingPost(cookies.sodan, meetingId, { intent: 'start' })
		expect(beforeDay.status).toBe(409)
		expect(JSON.stringify(await jsonOf(beforeDay))).toContain('予定日より前には開始できません')
		expect(await prisma.meeting.findUniqueOrThrow({ where: { id: meetingId } })).toMatchObject({ status: 'scheduled', startedAt: null })
		// Held earlier than planned: rescheduled to today first — the record keeps both days.
		const scheduledFor = (await prisma.meeting.findUniqueOrThrow({ where: { id: meetingId } })).date
		const moved = await call(editAction, {
			path: `${BASE}/${meetingId}/edit`,
			params: { clientId: SATO, meetingId },
			cookie: cookies.sodan,
			form: scheduleForm({ memberIds: ['team-sato-1', 'team-sato-2', 'team-sato-5', 'team-sato-7'], startTime: '13:00', endTime: '14:00', date: todayJst() }),
		})
		expect(moved.status).toBe(302)
		expect(await prisma.meeting.findUniqueOrThrow({ where: { id: meetingId } })).toMatchObject({ date: todayJst(), originalDate: scheduledFor })
		expect((await meetingPost(cookies.sodan, meetingId, { intent: 'start' })).status).toBe(302)
		expect((await prisma.meeting.findUniqueOrThrow({ where: { id: meetingId } })).status).toBe('in_progress')
		expect((await meetingPost(cookies.sodan, meetingId, { intent: 'start' })).status).toBe(409)

		const byName = (name: string) => data.participants.find((p) => p.name === name)!
		const [sodanP, sabikanP, cityP, kimuraP, yamamotoP] = ['田中 陽子', '伊藤 直樹', '中村 大輔', '木村 正雄', '山本 恵'].map(byName)
		const closeForm = { intent: 'close', decisions: '計画案どおり本計画とする', [`settle.${SEEDED_COMMENT}`]: 'carry_over', 'settle.c-isp': 'resolve', 'settle.c-cell': 'resolve' }
		const early = await meetingPost(cookies.sodan, meetingId, closeForm)
		expect(early.status).toBe(400)
		const earlyErrors = (await jsonOf<{ formErrors: string[] }>(early)).formErrors
		expect(earlyErrors).toContain('田中 陽子さんの出欠が記録されていません')
		expect(earlyErrors).toContain('本人参加の有無が記録されていません（2024年度から本人参加が原則です）')

		// 欠席 without a reason, and 本人不参加 without a reason, are refused and change nothing.
		const refused = await meetingPost(cookies.sodan, meetingId, {
			intent: 'attendance',
			[`attendance.${sodanP.id}`]: 'present',
			[`attendance.${kimuraP.id}`]: 'absent',
			selfAttendance: 'absent',
		})
		expect(refused.status).toBe(400)
		const refusedErrors = (await jsonOf<{ fieldErrors: Record<string, string[]> }>(refused)).fieldErrors
		expect(refusedErrors[`reason.${kimuraP.id}`]).toEqual(['木村 正雄さんの欠席の理由を入力してください'])
		expect(refusedErrors.selfAbsenceReason?.[0]).toContain('本人が参加しない理由を入力してください')
		expect((await prisma.meetingParticipant.findUniqueOrThrow({ where: { id: sodanP.id } })).attendance).toBe('')

		// Only the consultation office records attendance.
		expect((await meetingPost(cookies.sabikan, meetingId, { intent: 'attendance', [`attendance.${sabikanP.id}`]: 'present' })).status).toBe(403)

		// Partly recorded: still not closable.
		expect((await meetingPost(cookies.sodan, meetingId, { intent: 'attendance', [`attendance.${sodanP.id}`]: 'present', selfAttendance: 'attended' })).status).toBe(302)
		const partial = await meetingLoaderData(cookies.sodan, meetingId)
		expect(partial.closingProblems).toEqual([
			'中村 大輔さんの出欠が記録されていません',
			'木村 正雄さんの出欠が記録されていません',
			'伊藤 直樹さんの出欠が記録されていません',
			'山本 恵さんの出欠が記録されていません',
		])
		const full = await meetingPost(cookies.sodan, meetingId, {
			intent: 'attendance',
			[`attendance.${sodanP.id}`]: 'present',
			[`attendance.${sabikanP.id}`]: 'present',
			[`attendance.${cityP.id}`]: 'present',
			[`attendance.${kimuraP.id}`]: 'absent',
			[`reason.${kimuraP.id}`]: '地区の行事のため',
			[`attendance.${yamamotoP.id}`]: 'present',
			selfAttendance: 'attended',
		})
		expect(full.status).toBe(302)
		const recorded = await meetingLoaderData(cookies.city, meetingId)
		expect(recorded.closingProblems).toEqual([])
		expect(recorded.meeting.selfAttendance).toBe('attended')
		expect(recorded.participants.map((p) => p.attendance)).toEqual(['present', 'present', 'absent', 'present', 'present'])
		const rows = auditRows(server.sqlite, 'meeting.attendance').filter((row) => row.target === `meeting:${meetingId}`)
		expect(rows.length).toBe(2)
		expect(rows.at(-1)!.detail).not.toContain('地区の行事')
	})

	test('closing freezes the minutes: connected writers become read-only, later writes are dropped; threads are settled', async () => {
		const minutesId = (await prisma.meeting.findUniqueOrThrow({ where: { id: meetingId } })).minutesDocumentId
		const docName = `minutes.${minutesId}`
		const connect = (cookie: string) => {
			const client = connectClient(server, docName, { cookie, saved: true })
			clients.push(client)
			return client
		}
		const sodan = connect(cookies.sodan)
		const sabikan = connect(cookies.sabikan)
		const city = connect(cookies.city)
		// A plan reader, to receive the 'comments' topic for settled threads.
		const planReader = connectClient(server, `plan.${planDocumentId(SATO)}`, { cookie: cookies.kazoku, saved: true })
		clients.push(planReader)
		await Promise.all([sodan.synced(), sabikan.synced(), city.synced(), planReader.synced()])
		await waitFor(() => sodan.access === 'write' && sabikan.access === 'write' && city.access === 'read', { message: 'initial access' })

		// Both write the minutes at the same time (the browser applies the same template and prefill).
		const seeds = [{ participantId: 'p-sabikan', organization: '生活介護事業所ひだまり', person: '伊藤 直樹（サービス管理責任者）' }]
		for (const c of [sodan, sabikan]) {
			applyTemplate(c.doc, MINUTES_FIELD_KEYS)
			applyOpinionsPrefill(c.doc, seeds)
		}
		fieldText(sodan.doc, 'conclusion')!.insert(0, '計画案どおり')
		cellText(sabikan.doc, opinionRowId('p-sabikan'), 'opinion')!.insert(0, '週5日の通所は可能です')
		await waitFor(
			() => {
				const stored = readDocument(storedDocument(server.sqlite, minutesId))
				return stored.fields.conclusion === '計画案どおり' && stored.rows.some((r) => r.cells.opinion === '週5日の通所は可能です')
			},
			{ message: 'both edits stored' },
		)
		expect(readDocument(storedDocument(server.sqlite, minutesId)).rows).toHaveLength(1)

		sodan.access = null
		sabikan.access = null
		const closed = await meetingPost(cookies.sodan, meetingId, {
			intent: 'close',
			decisions: '計画案どおり本計画とする。短期入所の体験利用を調整する。',
			[`settle.${SEEDED_COMMENT}`]: 'carry_over',
			'settle.c-isp': 'resolve',
			'settle.c-cell': 'resolve',
		})
		expect(closed.status).toBe(302)
		expect(closed.headers.get('location')).toBe(`${BASE}/${meetingId}?closed=1`)

		// Writers are closed with 4205 and come back read-only; the reader stays connected.
		for (const writer of [sodan, sabikan]) expect((await writer.closed(3000)).code).toBe(CLOSE.authorizationChanged)
		await waitFor(() => sodan.access === 'read' && sabikan.access === 'read', { message: 'reconnected read-only', timeoutMs: 5000 })
		expect(city.closes).toEqual([])
		await waitFor(() => city.topics.includes('meeting'), { message: 'meeting topic to the reader' })
		await waitFor(() => planReader.topics.includes('comments'), { message: 'comments topic to the plan' })

		// A later write is dropped: never stored, never seen by others.
		fieldText(sabikan.doc, 'remaining')!.insert(0, '確定後の書き込み')
		await new Promise((resolve) => setTimeout(resolve, 400))
		expect(readDocument(storedDocument(server.sqlite, minutesId)).fields.remaining ?? '').not.toContain('確定後の書き込み')
		expect(fieldText(city.doc, 'remaining')?.toString() ?? '').not.toContain('確定後の書き込み')

		// Database, HTTP and policy agree: read for everyone.
		const meeting = await prisma.meeting.findUniqueOrThrow({ where: { id: meetingId } })
		expect(meeting).toMatchObject({ status: 'closed', closedById: USERS.sodan, decisions: '計画案どおり本計画とする。短期入所の体験利用を調整する。' })
		expect(meeting.closedAt).not.toBeNull()
		const minutes = await prisma.document.findUniqueOrThrow({ where: { id: minutesId } })
		expect(minutes.frozenById).toBe(USERS.sodan)
		expect(minutes.frozenAt?.getTime()).toBe(meeting.closedAt?.getTime())
		const scope = (await loadClientScope(SATO))!
		for (const id of [USERS.sodan, USERS.kanri, USERS.sabikan, USERS.staff]) {
			expect(documentAccess(await actorFor(id), { kind: 'minutes', organizationId: null, frozen: true, client: scope }, todayJst())).toBe('read')
		}
		const view = await meetingLoaderData(cookies.sodan, meetingId)
		expect(view.minutes).toMatchObject({ access: 'read', frozen: true })
		expect(view.meeting.closedByName).toBe('田中 陽子')
		expect(Object.values(view.abilities).filter(Boolean)).toEqual([true]) // only 'manage' itself

		// Threads: resolved ones with who and when; the carried-over one stays open and flagged.
		const settled = await prisma.comment.findMany({ where: { id: { in: [SEEDED_COMMENT, 'c-isp', 'c-cell'] } }, orderBy: { id: 'asc' } })
		expect(settled.map((c) => [c.id, c.status, c.meetingFlag, c.meetingId, c.resolvedById])).toEqual([
			['c-cell', 'resolved', true, meetingId, USERS.sodan],
			['c-isp', 'resolved', true, meetingId, USERS.sodan],
			[SEEDED_COMMENT, 'open', true, meetingId, null],
		])
		const notified = await prisma.notification.findMany({ where: { meetingId, kind: 'meeting_closed' }, orderBy: { userId: 'asc' } })
		expect(notified.map((n) => n.userId)).toEqual([USERS.city, USERS.sabikan])
		const audits = auditRows(server.sqlite, 'meeting.close').filter((row) => row.target === `meeting:${meetingId}`)
		expect(audits).toHaveLength(1)
		expect(JSON.parse(audits[0].detail)).toEqual({ minutesDocumentId: minutesId, resolved: 2, carriedOver: 1 })

		// Nothing changes a closed meeting any more.
		expect((await meetingPost(cookies.sodan, meetingId, { intent: 'attendance', selfAttendance: 'absent', selfAbsenceReason: 'x' })).status).toBe(409)
		expect((await meetingPost(cookies.sodan, meetingId, { intent: 'cancel', cancelReason: '誤り' })).status).toBe(409)
		expect((await meetingPost(cookies.sodan, meetingId, { ...{ intent: 'close', decisions: 'again' } })).status).toBe(409)
	})

	test('carry-over: the next meeting lists the carried thread again, not the resolved ones', async () => {
		const data = await meetingLoaderData(cookies.kazoku, SEEDED_MEETING)
		expect(data.agenda.comments.map((c) => [c.id, c.carriedOver])).toEqual([[SEEDED_COMMENT, true]])
	})

	test('the print view renders the stored minutes with attendance, 本人参加, decisions and who closed them', async () => {
		const response = await call(printLoader, { path: `${BASE}/${meetingId}/print`, params: { clientId: SATO, meetingId }, cookie: cookies.kazoku })
		expect(response.status).toBe(200)
		const data = await jsonOf<{
			minutes: { fields: Record<string, string>; opinions: Array<{ person: string; opinion: string }> }
			meeting: { decisions: string; selfAttendance: string; closedByName: string }
			participants: Array<{ attendance: string; absenceReason: string }>
		}>(response)
		expect(data.minutes.fields.conclusion).toBe('計画案どおり')
		expect(data.minutes.fields.remaining ?? '').not.toContain('確定後の書き込み')
		expect(data.minutes.opinions).toEqual([{ id: opinionRowId('p-sabikan'), organization: '生活介護事業所ひだまり', person: '伊藤 直樹（サービス管理責任者）', opinion: '週5日の通所は可能です' }])
		expect(data.meeting).toMatchObject({ selfAttendance: 'attended', closedByName: '田中 陽子' })
		expect(data.participants.find((p) => p.attendance === 'absent')?.absenceReason).toBe('地区の行事のため')
		expect((await call(printLoader, { path: `${BASE}/${meetingId}/print`, params: { clientId: SATO, meetingId }, cookie: cookies.kyoten })).status).toBe(403)
	})

	test('cancelling needs a reason and freezes the minutes; history lists every meeting', async () => {
		const missing = await meetingPost(cookies.kanri, SEEDED_MEETING, { intent: 'cancel', cancelReason: '' })
		expect(missing.status).toBe(400)
		expect((await jsonOf<{ fieldErrors: Record<string, string[]> }>(missing)).fieldErrors.cancelReason).toEqual(['中止の理由を入力してください'])
		expect((await prisma.meeting.findUniqueOrThrow({ where: { id: SEEDED_MEETING } })).status).toBe('scheduled')

		expect((await meetingPost(cookies.kanri, SEEDED_MEETING, { intent: 'cancel', cancelReason: '本人の体調不良のため延期' })).status).toBe(302)
		const cancelled = await prisma.meeting.findUniqueOrThrow({ where: { id: SEEDED_MEETING } })
		expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: '本人の体調不良のため延期' })
		expect((await prisma.document.findUniqueOrThrow({ where: { id: cancelled.minutesDocumentId } })).frozenAt).not.toBeNull()
		expect((await meetingPost(cookies.kanri, SEEDED_MEETING, { intent: 'start' })).status).toBe(409)

		const history = await jsonOf<{ meetings: Array<{ id: string; status: string; closedByName: string }> }>(
			await call(historyLoader, { path: BASE, params: { clientId: SATO }, cookie: cookies.staff }),
		)
		expect(history.meetings.map((m) => [m.id, m.status, m.closedByName])).toEqual([
			[SEEDED_MEETING, 'cancelled', ''],
			[meetingId, 'closed', '田中 陽子'],
		])
		// The minutes document's own page leads to its meeting.
		const { loader: documentLoader } = await import('#app/routes/clients.$clientId.documents.$documentId.tsx')
		const redirect = await call(documentLoader, { path: `/clients/${SATO}/documents/${cancelled.minutesDocumentId}`, params: { clientId: SATO, documentId: cancelled.minutesDocumentId }, cookie: cookies.city })
		expect(redirect.status).toBe(302)
		expect(redirect.headers.get('location')).toBe(`${BASE}/${SEEDED_MEETING}`)
	})
})
