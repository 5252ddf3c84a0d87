import type { AddressInfo } from 'node:net'
import * as Y from 'yjs'
import { COMMENT_BURST, COMMENT_REFILL_MS } from '#app/modules/comments/rate-limit.server.ts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { PLAN_FIELD_KEYS, PLAN_GOAL_COLUMN_KEYS, PLAN_GOALS_TABLE } from '#app/document-forms/plan.ts'
import { applyTemplate, cellText, createRow, deleteRow, fieldText, readDocument } from '#app/document-forms/structure.ts'
import { loadActor } from '#app/modules/auth/auth.server.ts'
import { loadClientScope } from '#app/modules/authz.server.ts'
import { MESSAGE_TOPIC } from '#app/editor/collab-protocol.ts'
import { readTopicMessage } from '#app/editor/protocol-messages.ts'
import { createRangeAnchor, resolveAnchor } from '#app/modules/comments/anchors.ts'
import { ensurePlanDocument, planDocumentId } from '#app/modules/documents/documents.server.ts'
import { closeDb, getDb, initDb, prisma } from '#app/utils/db.server.ts'
import { todayJst } from '#app/utils/dates.ts'
import { createAppServer, type AppServer } from '#server/app.ts'
import {
	auditRows,
	connectClient,
	sessionCookie,
	startAppServer,
	storedDocument,
	waitFor,
	type TestClient,
	type TestServer,
} from '#tests/helpers/collab.ts'

const SATO = 'client-sato-makoto'
const PLAN = planDocumentId(SATO)
const DOC_NAME = `plan.${PLAN}`
const COMMENTS_PATH = `/clients/${SATO}/documents/${PLAN}/comments`

type ThreadJson = {
	id: string
	target: string
	start: string
	end: string
	quote: string
	status: string
	meetingFlag: boolean
	comments: Array<{ id: string; authorId: string; body: string; deleted: boolean; editedAt: string | null; canEdit: boolean; canDelete: boolean }>
	canReply: boolean
	canResolve: boolean
	canFlag: boolean
}
type CommentsJson = { threads: ThreadJson[]; members: Array<{ id: string; name: string }>; canCreate: boolean }

// Through the real composition root (Express + Remix + collaboration on one port). The
// restart test replaces `server` with a new one on the same database file.
describe('comments on a plan: anchors, authorization, live topics', () => {
	let server: TestServer
	let app: AppServer | null = null
	let origin = ''
	const clients: TestClient[] = []
	const cookies: Record<string, string> = {}
	const connect = (user: string, doc?: Y.Doc) => {
		const client = connectClient({ collabUrl: `${origin.replace('http', 'ws')}/collab`, origin }, DOC_NAME, { cookie: cookies[user], saved: true, doc })
		clients.push(client)
		return client
	}

	async function get(user: string): Promise<CommentsJson> {
		const response = await fetch(origin + COMMENTS_PATH, { headers: { Cookie: cookies[user], Accept: 'application/json' } })
		expect(response.status).toBe(200)
		return (await response.json()) as CommentsJson
	}

	async function post(user: string, fields: Record<string, string>) {
		const response = await fetch(origin + COMMENTS_PATH, {
			method: 'POST',
			headers: { Cookie: cookies[user], Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams(fields),
			redirect: 'manual',
		})
		return { status: response.status, body: (await response.json()) as { ok: boolean; commentId: string; threadId: string; message: string; fieldErrors: Record<string, string[]> } }
	}

	beforeAll(async () => {
		server = await startAppServer()
		origin = server.origin
		for (const user of ['user-sodan', 'user-kanri', 'user-sabikan', 'user-kazoku', 'user-kyoten', 'user-city']) cookies[user] = (await sessionCookie(user)).cookie
		const sodan = await prisma.user.findUniqueOrThrow({ where: { id: 'user-sodan' } })
		const created = await ensurePlanDocument(await loadActor(sodan), (await loadClientScope(SATO))!, todayJst(), { ipAddress: '127.0.0.1' })
		expect(created).toMatchObject({ ok: true })
	})
	afterAll(async () => {
		for (const client of clients) client.destroy()
		if (app) {
			const closing = app.close()
			app.httpServer.closeAllConnections()
			await closing
		} else await server?.close()
	})

	let familyThread = ''
	let rowThread = ''
	let goalRow = ''

	test('a family member comments on a passage; the anchor follows concurrent edits before and after it', async () => {
		const sodan = connect('user-sodan')
		const kanri = connect('user-kanri')
		const kazoku = connect('user-kazoku')
		await Promise.all([sodan.synced(), kanri.synced(), kazoku.synced()])
		await waitFor(() => kazoku.access === 'read' && sodan.access === 'write', { message: 'access' })
		applyTemplate(sodan.doc, PLAN_FIELD_KEYS)
		fieldText(sodan.doc, 'wishes')!.insert(0, '一人暮らしをしたい。週末は家族と過ごす。')
		goalRow = createRow(sodan.doc, PLAN_GOALS_TABLE, PLAN_GOAL_COLUMN_KEYS, { cells: { need: '日中活動に通いたい', goal: '生活介護に週5日通う' } })
		await waitFor(() => cellText(kazoku.doc, goalRow, 'need')?.toString() === '日中活動に通いたい' && fieldText(kazoku.doc, 'wishes')?.toString().includes('家族'), {
			message: 'the family sees the plan',
		})
		await waitFor(() => readDocument(storedDocument(getDb().sqlite, PLAN)).fields.wishes?.includes('家族と過ごす'), { message: 'stored' })

		// The family member selects 「家族と過ごす」 in their read-only copy, as the browser does.
		const wishes = fieldText(kazoku.doc, 'wishes')!
		const from = wishes.toString().indexOf('家族と過ごす')
		const range = createRangeAnchor(wishes, from, from + '家族と過ごす'.length)
		// Everyone with the plan open hears 'comments' on their socket (and then refetches over HTTP).
		const topics: string[] = []
		sodan.provider.messageHandlers[MESSAGE_TOPIC] = (_encoder, decoder) => {
			topics.push(readTopicMessage(decoder, ['comments', 'meeting']) ?? '?')
		}
		const created = await post('user-kazoku', { intent: 'create', target: 'field:wishes', ...range, body: '週末は家族で出かけることが多いです', quote: '偽の引用' })
		expect(created.status).toBe(200)
		familyThread = created.body.threadId
		await waitFor(() => topics.includes('comments'), { message: 'the comments topic' })
		const row = await prisma.comment.findUniqueOrThrow({ where: { id: familyThread } })
		// The quote is computed by the server from the stored document, not taken from the client.
		expect(row).toMatchObject({ threadId: familyThread, authorId: 'user-kazoku', anchorTarget: 'field:wishes', quote: '家族と過ごす', status: 'open' })

		// Two writers edit at the same moment, before and after the passage.
		fieldText(sodan.doc, 'wishes')!.insert(0, '【本人】')
		fieldText(kanri.doc, 'wishes')!.insert(fieldText(kanri.doc, 'wishes')!.length, '平日は作業所に通う。')
		const expected = '【本人】一人暮らしをしたい。週末は家族と過ごす。平日は作業所に通う。'
		await waitFor(() => [sodan, kanri, kazoku].every((c) => fieldText(c.doc, 'wishes')?.toString() === expected), { message: 'convergence' })
		await waitFor(() => readDocument(storedDocument(getDb().sqlite, PLAN)).fields.wishes === expected, { message: 'stored convergence' })

		const { threads } = await get('user-sodan')
		const thread = threads.find((t) => t.id === familyThread)!
		expect(thread).toMatchObject({ quote: '家族と過ごす', status: 'open', canResolve: true, canFlag: true })
		for (const doc of [sodan.doc, kanri.doc, kazoku.doc, storedDocument(getDb().sqlite, PLAN)]) {
			expect(resolveAnchor(doc, thread)).toMatchObject({ state: 'attached', text: '家族と過ごす', from: expected.indexOf('家族と過ごす') })
		}
	})

	test('comments live in the database only; a forged websocket write from the family member is dropped', async () => {
		const kazoku = connect('user-kazoku')
		const sodan = connect('user-sodan')
		await Promise.all([kazoku.synced(), sodan.synced()])
		const before = JSON.stringify(readDocument(storedDocument(getDb().sqlite, PLAN)))
		// The family member's client tries to write the plan and to store a comment inside the Y.Doc.
		fieldText(kazoku.doc, 'policy')!.insert(0, '家族が書き換えた方針')
		kazoku.doc.getMap('fields').set('comments', new Y.Text('コメント'))
		// A later write by the specialist arrives; the forged one never does.
		fieldText(sodan.doc, 'policy')!.insert(0, '［確認済み］')
		await waitFor(() => readDocument(storedDocument(getDb().sqlite, PLAN)).fields.policy?.startsWith('［確認済み］'), { message: 'a later write' })
		const stored = storedDocument(getDb().sqlite, PLAN)
		expect(readDocument(stored).fields.policy).not.toContain('家族が書き換えた方針')
		expect(readDocument(stored).fields.comments).toBeUndefined()
		expect(fieldText(sodan.doc, 'policy')!.toString()).not.toContain('家族')
		expect(before).not.toContain('週末は家族で出かける')
		expect(JSON.stringify(readDocument(stored))).not.toContain('週末は家族で出かける')
		// And yet the family member's comment is there for everyone.
		expect((await get('user-sabikan')).threads.map((t) => t.id)).toContain(familyThread)
	})

	test('validation, authorization and audit: plain text, limits, own comments only, readers of the document only', async () => {
		const empty = await post('user-kazoku', { intent: 'create', target: 'field:wishes', body: '  \n ' })
		expect(empty).toMatchObject({ status: 400, body: { fieldErrors: { body: ['コメントを入力してください'] } } })
		const long = await post('user-kazoku', { intent: 'create', target: 'field:wishes', body: 'あ'.repeat(2001) })
		expect(long.body.fieldErrors.body).toEqual(['コメントは2000文字以内で入力してください'])
		const control = await post('user-kazoku', { intent: 'create', target: 'field:wishes', body: 'a\u0007b' })
		expect(control.status).toBe(400)
		const unknown = await post('user-kazoku', { intent: 'create', target: 'field:nonexistent', body: 'どこ？' })
		expect(unknown.status).toBe(400)
		expect(unknown.body.fieldErrors.target?.[0]).toContain('見つかりません')
		const garbage = await post('user-kazoku', { intent: 'create', target: 'field:wishes', start: 'AAAA', end: '!!', body: 'x' })
		expect(garbage.status).toBe(400)

		// The hub coordinator is on the team but may not read the plan: not even its comments exist for them.
		const hub = await fetch(origin + COMMENTS_PATH, { headers: { Cookie: cookies['user-kyoten'] } })
		expect(hub.status).toBe(404)
		expect((await post('user-kyoten', { intent: 'create', target: 'field:wishes', body: 'x' })).status).toBe(404)

		// Someone else's comment: no edit, no delete; the family member cannot resolve the specialist's thread.
		const sodanThread = await post('user-sodan', { intent: 'create', target: `row:${goalRow}`, body: '<b>通所日数</b>を確認します' })
		expect(sodanThread.status).toBe(200)
		rowThread = sodanThread.body.threadId
		expect((await prisma.comment.findUniqueOrThrow({ where: { id: rowThread } })).quote).toBe('日中活動に通いたい / 生活介護に週5日通う')
		expect((await post('user-kazoku', { intent: 'edit', commentId: rowThread, body: '書き換え' })).status).toBe(403)
		expect((await post('user-kazoku', { intent: 'delete', commentId: rowThread })).status).toBe(403)
		expect((await post('user-kazoku', { intent: 'resolve', threadId: rowThread })).status).toBe(403)
		expect((await post('user-sabikan', { intent: 'flag', threadId: rowThread })).status).toBe(403)
		expect((await post('user-kazoku', { intent: 'reply', threadId: 'cmt-nope', body: 'x' })).status).toBe(404)

		// Own comment: edit, then delete (soft: the row stays, the text goes).
		const own = await post('user-kazoku', { intent: 'reply', threadId: rowThread, body: '週4日にしたいです' })
		expect(own.status).toBe(200)
		expect((await post('user-kazoku', { intent: 'edit', commentId: own.body.commentId, body: '週4日から始めたいです' })).status).toBe(200)
		let thread = (await get('user-kazoku')).threads.find((t) => t.id === rowThread)!
		expect(thread.comments[1]).toMatchObject({ body: '週4日から始めたいです', canEdit: true, canDelete: true })
		expect(thread.comments[1].editedAt).not.toBeNull()
		expect(thread.comments[0]).toMatchObject({ body: '<b>通所日数</b>を確認します', canEdit: false })
		expect((await post('user-kazoku', { intent: 'delete', commentId: own.body.commentId })).status).toBe(200)
		thread = (await get('user-sodan')).threads.find((t) => t.id === rowThread)!
		expect(thread.comments[1]).toMatchObject({ body: '', deleted: true })
		expect(await prisma.comment.findUniqueOrThrow({ where: { id: own.body.commentId } })).toMatchObject({ body: '' })

		// Resolve / reopen / flag by the specialist.
		expect((await post('user-sodan', { intent: 'resolve', threadId: rowThread })).status).toBe(200)
		expect((await get('user-sodan')).threads.find((t) => t.id === rowThread)?.status).toBe('resolved')
		expect((await post('user-sodan', { intent: 'reopen', threadId: rowThread })).status).toBe(200)
		expect((await post('user-sodan', { intent: 'flag', threadId: familyThread })).status).toBe(200)
		expect((await prisma.comment.findUniqueOrThrow({ where: { id: familyThread } })).meetingFlag).toBe(true)

		const actions = auditRows(getDb().sqlite).filter((r) => r.action.startsWith('comment.'))
		expect(actions.map((r) => r.action)).toEqual(
			expect.arrayContaining(['comment.create', 'comment.edit', 'comment.delete', 'comment.resolve', 'comment.reopen', 'comment.flag']),
		)
		expect(actions.find((r) => r.action === 'comment.delete')).toMatchObject({ userId: 'user-kazoku', clientId: SATO, target: `comment:${own.body.commentId}` })
		// Never the words themselves.
		for (const row of actions) for (const words of ['週4日', '通所日数', '家族で出かける']) expect(row.detail).not.toContain(words)
		expect(auditRows(getDb().sqlite, 'authz.denied').some((r) => r.userId === 'user-kazoku' && r.detail.includes('comment.edit'))).toBe(true)
	})

	test('deleting the anchored text or the row detaches the comment, which keeps its quote', async () => {
		const sodan = connect('user-sodan')
		await sodan.synced()
		const wishes = fieldText(sodan.doc, 'wishes')!
		const at = wishes.toString().indexOf('家族と過ごす')
		wishes.delete(at - 3, '週末は家族と過ごす'.length)
		deleteRow(sodan.doc, goalRow)
		await waitFor(() => !readDocument(storedDocument(getDb().sqlite, PLAN)).fields.wishes?.includes('家族'), { message: 'deletion stored' })
		await waitFor(() => !readDocument(storedDocument(getDb().sqlite, PLAN)).rows.some((r) => r.id === goalRow), { message: 'row deletion stored' })
		const { threads } = await get('user-kazoku')
		const family = threads.find((t) => t.id === familyThread)!
		const row = threads.find((t) => t.id === rowThread)!
		expect(family.quote).toBe('家族と過ごす')
		expect(row.quote).toBe('日中活動に通いたい / 生活介護に週5日通う')
		for (const doc of [sodan.doc, storedDocument(getDb().sqlite, PLAN)]) {
			expect(resolveAnchor(doc, family)).toEqual({ state: 'detached' })
			expect(resolveAnchor(doc, row)).toEqual({ state: 'detached' })
		}
		// Replies still work on a detached thread.
		expect((await post('user-sodan', { intent: 'reply', threadId: familyThread, body: '本文を整理しました' })).status).toBe(200)
	})

	test('anchors survive a server restart, and keep following edits after it', async () => {
		const sodan = connect('user-sodan')
		await sodan.synced()
		const policy = fieldText(sodan.doc, 'policy')!
		policy.insert(policy.length, '日中活動の場を確保する。')
		await waitFor(() => readDocument(storedDocument(getDb().sqlite, PLAN)).fields.policy?.includes('日中活動の場'), { message: 'stored' })
		const from = policy.toString().indexOf('日中活動の場')
		const made = await post('user-sabikan', { intent: 'create', target: 'field:policy', ...createRangeAnchor(policy, from, from + 6), body: '送迎も含めて検討を' })
		expect(made.status).toBe(200)
		for (const client of clients.splice(0)) client.destroy()

		// Restart: the collaboration server, the app and the database connection all start over.
		await server.close()
		await closeDb()
		await initDb()
		app = await createAppServer()
		await new Promise<void>((resolve) => app!.httpServer.listen(0, '127.0.0.1', resolve))
		origin = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`

		const after = connect('user-kanri')
		await after.synced()
		const text = fieldText(after.doc, 'policy')!
		text.insert(0, '【重要】')
		text.insert(text.length, '（継続）')
		await waitFor(() => readDocument(storedDocument(getDb().sqlite, PLAN)).fields.policy?.endsWith('（継続）'), { message: 'stored after restart' })
		const thread = (await get('user-kanri')).threads.find((t) => t.id === made.body.threadId)!
		for (const doc of [after.doc, storedDocument(getDb().sqlite, PLAN)]) expect(resolveAnchor(doc, thread)).toMatchObject({ state: 'attached', text: '日中活動の場' })
		expect(resolveAnchor(after.doc, (await get('user-kanri')).threads.find((t) => t.id === familyThread)!)).toEqual({ state: 'detached' })
	})

	test('a user posting in a loop is refused with 429 before anything is stored', async () => {
		// user-city has not written yet in this file: its whole burst is available.
		const before = await prisma.comment.count({ where: { authorId: 'user-city' } })
		const statuses: number[] = []
		const started = performance.now()
		// On a loaded machine the loop itself may take seconds, and the bucket refills meanwhile.
		while (statuses.at(-1) !== 429 && statuses.length < COMMENT_BURST + 20) {
			statuses.push((await post('user-city', { intent: 'create', target: 'field:wishes', body: `連投 ${statuses.length}` })).status)
		}
		const refills = Math.floor((performance.now() - started) / COMMENT_REFILL_MS)
		expect(statuses.at(-1)).toBe(429)
		expect(statuses.slice(0, COMMENT_BURST).every((status) => status === 200)).toBe(true)
		expect(statuses.length - 1).toBeLessThanOrEqual(COMMENT_BURST + refills)
		expect(await prisma.comment.count({ where: { authorId: 'user-city' } })).toBe(before + statuses.length - 1)
	})
})
