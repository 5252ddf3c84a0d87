import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { PLAN_FIELD_KEYS } from '#app/document-forms/plan.ts'
import { applyTemplate, fieldText, readDocument } from '#app/document-forms/structure.ts'
import { loadActor } from '#app/modules/auth/auth.server.ts'
import { loadClientScope } from '#app/modules/authz.server.ts'
import { ensurePlanDocument, planDocumentId } from '#app/modules/documents/documents.server.ts'
import { countUnread, listNotifications } from '#app/modules/notifications/notifications.server.ts'
import { getDb, prisma } from '#app/utils/db.server.ts'
import { todayJst, toJstDate } from '#app/utils/dates.ts'
import { connectClient, sessionCookie, startAppServer, storedDocument, waitFor, type TestClient, type TestServer } from '#tests/helpers/collab.ts'

const SATO = 'client-sato-makoto'
const PLAN = planDocumentId(SATO)
const COMMENTS_PATH = `/clients/${SATO}/documents/${PLAN}/comments`

async function actorOf(userId: string) {
	return loadActor(await prisma.user.findUniqueOrThrow({ where: { id: userId } }))
}

async function kinds(userId: string) {
	const rows = await prisma.notification.findMany({ where: { userId }, orderBy: { createdAt: 'asc' } })
	return rows.map((r) => r.kind)
}

describe('notifications from comments', () => {
	let server: TestServer
	let writer: TestClient
	const cookies: Record<string, string> = {}

	async function post(user: string, fields: Record<string, string>) {
		const response = await fetch(server.origin + COMMENTS_PATH, {
			method: 'POST',
			headers: { Cookie: cookies[user], Origin: server.origin, 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams(fields),
		})
		return { status: response.status, body: (await response.json()) as { threadId: string; commentId: string; fieldErrors: Record<string, string[]> } }
	}

	beforeAll(async () => {
		server = await startAppServer()
		for (const user of ['user-sodan', 'user-kanri', 'user-sabikan', 'user-staff', 'user-kazoku', 'user-kyoten', 'user-city']) cookies[user] = (await sessionCookie(user)).cookie
		await ensurePlanDocument(await actorOf('user-sodan'), (await loadClientScope(SATO))!, todayJst(), { ipAddress: '127.0.0.1' })
		writer = connectClient(server, `plan.${PLAN}`, { cookie: cookies['user-sodan'] })
		await writer.synced()
		applyTemplate(writer.doc, PLAN_FIELD_KEYS)
		fieldText(writer.doc, 'wishes')!.insert(0, 'グループホームで暮らしたい')
		await waitFor(() => readDocument(storedDocument(getDb().sqlite, PLAN)).fields.wishes === 'グループホームで暮らしたい', { message: 'stored' })
	})
	afterAll(async () => {
		writer?.destroy()
		await server?.close()
	})

	let specialistThread = ''

	test('mentions notify team members who may read the document, and are refused for anyone else', async () => {
		const members = (await (await fetch(server.origin + COMMENTS_PATH, { headers: { Cookie: cookies['user-sodan'] } })).json()) as { members: Array<{ id: string }> }
		// Everyone on 佐藤 誠's team who may read the plan (the manager supervises the specialist); not the hub coordinator.
		expect(members.members.map((m) => m.id).sort()).toEqual(['user-city', 'user-honnin', 'user-kanri', 'user-kazoku', 'user-sabikan', 'user-sodan', 'user-staff'])

		const ok = await post('user-sodan', { intent: 'create', target: 'field:wishes', body: '@[院長](user-sabikan) さん、体験利用の日程を相談させてください' })
		expect(ok.status).toBe(200)
		specialistThread = ok.body.threadId
		expect(await kinds('user-sabikan')).toEqual(['mention'])
		// The name in the token is the server's, whatever the client sent.
		expect((await prisma.comment.findUniqueOrThrow({ where: { id: ok.body.commentId } })).body).toBe('@[伊藤 直樹](user-sabikan) さん、体験利用の日程を相談させてください')

		for (const [id, name] of [
			['user-kyoten', '小林 美穂'],
			['user-admin', 'システム管理者'],
			['user-nobody', 'だれか'],
		]) {
			const refused = await post('user-sodan', { intent: 'create', target: 'field:wishes', body: `@[${name}](${id}) 確認してください` })
			expect(refused.status, id).toBe(400)
			expect(refused.body.fieldErrors.body[0]).toContain('メンションできません')
		}
		expect(await prisma.notification.count({ where: { userId: { in: ['user-kyoten', 'user-admin', 'user-nobody'] } } })).toBe(0)
		expect(await prisma.comment.count({ where: { documentId: PLAN, authorId: 'user-sodan' } })).toBe(1)
	})

	test('a family comment notifies the plan’s writers; replies notify earlier authors, family included; one notification per person', async () => {
		const family = await post('user-kazoku', { intent: 'reply', threadId: specialistThread, body: '土曜日なら付き添えます' })
		expect(family.status).toBe(200)
		// sodan: author of the thread (reply wins over family_comment, listed first); kanri writes the plan.
		expect(await kinds('user-sodan')).toEqual(['reply'])
		expect(await kinds('user-kanri')).toEqual(['family_comment'])
		// Readers of the plan are not told about family comments, unless the thread is theirs.
		expect(await kinds('user-city')).toEqual([])
		expect(await kinds('user-staff')).toEqual([])

		// The specialist answers and mentions the mother: one notification for her, the mention.
		const answer = await post('user-sodan', { intent: 'reply', threadId: specialistThread, body: '@[佐藤 洋子](user-kazoku) さん、ありがとうございます。土曜日で調整します' })
		expect(answer.status).toBe(200)
		expect(await kinds('user-kazoku')).toEqual(['mention'])
		// Being mentioned in a thread is not writing in it: replies are for earlier authors only.
		expect(await kinds('user-sabikan')).toEqual(['mention'])

		const reply = await post('user-sabikan', { intent: 'reply', threadId: specialistThread, body: '承知しました' })
		expect(reply.status).toBe(200)
		expect(await kinds('user-kazoku')).toEqual(['mention', 'reply'])

		const listed = await listNotifications(await actorOf('user-kazoku'))
		expect(listed.map((n) => n.kind)).toEqual(['reply', 'mention'])
		expect(listed[0]).toMatchObject({
			label: 'あなたのコメントへの返信',
			clientName: '佐藤 誠',
			actorName: '伊藤 直樹',
			excerpt: '承知しました',
			read: false,
			href: `/clients/${SATO}/documents/${PLAN}#comment-${reply.body.commentId}`,
		})
		expect(listed[1].excerpt).toBe('@佐藤 洋子 さん、ありがとうございます。土曜日で調整します')
		expect(await countUnread(await actorOf('user-kazoku'))).toBe(2)
	})

	test('the page, the header badge and marking read', async () => {
		const page = await fetch(`${server.origin}/notifications`, { headers: { Cookie: cookies['user-kazoku'] } })
		expect(page.status).toBe(200)
		const html = await page.text()
		expect(html).toContain('承知しました')
		expect(html).toMatch(/data-testid="unread-count"[^>]*>.*?2/)

		const [newest] = await listNotifications(await actorOf('user-kazoku'))
		const open = await fetch(`${server.origin}/notifications`, {
			method: 'POST',
			headers: { Cookie: cookies['user-kazoku'], Origin: server.origin, 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ intent: 'open', id: newest.id }),
			redirect: 'manual',
		})
		expect(open.status).toBe(302)
		expect(open.headers.get('location')).toBe(newest.href)
		expect(await countUnread(await actorOf('user-kazoku'))).toBe(1)

		// Someone else's notification cannot be marked (nor learnt about).
		const foreign = await fetch(`${server.origin}/notifications`, {
			method: 'POST',
			headers: { Cookie: cookies['user-city'], Origin: server.origin, 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ intent: 'read', id: newest.id }),
			redirect: 'manual',
		})
		expect(foreign.status).toBe(404)

		const all = await fetch(`${server.origin}/notifications`, {
			method: 'POST',
			headers: { Cookie: cookies['user-kazoku'], Origin: server.origin, 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ intent: 'read-all' }),
			redirect: 'manual',
		})
		expect(all.status).toBe(302)
		expect(await countUnread(await actorOf('user-kazoku'))).toBe(0)
		const empty = await (await fetch(`${server.origin}/notifications`, { headers: { Cookie: cookies['user-city'] } })).text()
		expect(empty).toContain('通知はありません')
		expect(empty).not.toContain('data-testid="unread-count"')
	})

	test('deleting a comment blanks the excerpts that quoted it; leaving the team hides the client’s notifications', async () => {
		const sabikanComment = (await prisma.comment.findFirstOrThrow({ where: { authorId: 'user-sabikan' } })).id
		expect((await post('user-sabikan', { intent: 'delete', commentId: sabikanComment })).status).toBe(200)
		const rows = await prisma.notification.findMany({ where: { commentId: sabikanComment } })
		expect(rows.length).toBeGreaterThan(0)
		for (const row of rows) expect(row.excerpt).toBe('')

		const sabikan = await actorOf('user-sabikan')
		expect(await countUnread(sabikan)).toBe(1)
		const yesterday = toJstDate(new Date(Date.now() - 24 * 60 * 60 * 1000))
		await prisma.careTeamMember.updateMany({ where: { clientId: SATO, userId: 'user-sabikan' }, data: { endsOn: yesterday } })
		expect(await countUnread(sabikan)).toBe(0)
		expect(await listNotifications(sabikan)).toEqual([])
		expect(await prisma.notification.count({ where: { userId: 'user-sabikan' } })).toBe(1)
		// No longer a reader of the plan: no longer someone to mention.
		const refused = await post('user-sodan', { intent: 'create', target: 'field:wishes', body: '@[伊藤 直樹](user-sabikan) 引き継ぎをお願いします' })
		expect(refused.status).toBe(400)
	})
})
