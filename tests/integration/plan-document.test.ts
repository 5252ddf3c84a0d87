import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { PLAN_FIELD_KEYS, PLAN_GOAL_COLUMN_KEYS, PLAN_GOALS_TABLE } from '#app/document-forms/plan.ts'
import {
	applyDiff,
	applyTemplate,
	cellText,
	createRow,
	diffText,
	fieldText,
	moveRow,
	orderedRows,
	readDocument,
	setMeta,
} from '#app/document-forms/structure.ts'
import { loadActor } from '#app/modules/auth/auth.server.ts'
import { loadClientScope } from '#app/modules/authz.server.ts'
import { ensurePlanDocument, loadPlanHeader, planDocumentId } from '#app/modules/documents/documents.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { todayJst } from '#app/utils/dates.ts'
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
const META = { ipAddress: '127.0.0.1' }

async function actorOf(userId: string) {
	const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, role: true, disabledAt: true } })
	return loadActor(user)
}

function needs(doc: Y.Doc): string[] {
	return orderedRows(doc, PLAN_GOALS_TABLE).map((r) => cellText(doc, r.id, 'need')?.toString() ?? '')
}

// Through the real composition root (Express + Remix + collaboration on one port).
describe('plan documents: creation and live co-editing through the server', () => {
	let server: TestServer
	const clients: TestClient[] = []
	const connect = (...args: Parameters<typeof connectClient> extends [unknown, ...infer R] ? R : never) => {
		const client = connectClient(server, ...args)
		clients.push(client)
		return client
	}

	beforeAll(async () => {
		server = await startAppServer()
	})
	afterAll(async () => {
		for (const client of clients) client.destroy()
		await server?.close()
	})

	test('only plan writers create the plan; creating it twice gives the same document, audited once', async () => {
		const today = todayJst()
		const scope = (await loadClientScope(SATO))!
		expect(await ensurePlanDocument(await actorOf('user-sabikan'), scope, today, META)).toEqual({ ok: false, status: 403 })
		expect(await ensurePlanDocument(await actorOf('user-kyoten'), scope, today, META)).toEqual({ ok: false, status: 403 })

		const sodan = await actorOf('user-sodan')
		const [first, second] = await Promise.all([ensurePlanDocument(sodan, scope, today, META), ensurePlanDocument(sodan, scope, today, META)])
		expect(first).toMatchObject({ ok: true, id: planDocumentId(SATO) })
		expect(second).toMatchObject({ ok: true, id: planDocumentId(SATO) })
		expect(await ensurePlanDocument(await actorOf('user-kanri'), scope, today, META)).toEqual({ ok: true, id: planDocumentId(SATO), created: false })
		expect(await prisma.document.count({ where: { clientId: SATO, kind: 'plan' } })).toBe(1)
		const document = await prisma.document.findUniqueOrThrow({ where: { id: planDocumentId(SATO) } })
		expect(document).toMatchObject({ kind: 'plan', title: 'サービス等利用計画', createdById: 'user-sodan' })
		const created = auditRows(server.sqlite, 'document.create')
		expect(created).toHaveLength(1)
		expect(created[0]).toMatchObject({ userId: 'user-sodan', clientId: SATO, target: `document:plan.${planDocumentId(SATO)}` })

		const header = await loadPlanHeader(SATO, today)
		expect(header).toMatchObject({ clientName: '佐藤 誠', category: 'adult', authorName: '田中 陽子' })
		expect(header?.agencyName).not.toBe('')
	})

	test('two writers edit fields and rows at once; a reader watches and cannot write', async () => {
		const docName = `plan.${planDocumentId(SATO)}`
		const [sodan, kanri, sabikan] = await Promise.all(['user-sodan', 'user-kanri', 'user-sabikan'].map((id) => sessionCookie(id)))
		const a = connect(docName, { cookie: sodan.cookie, saved: true })
		const b = connect(docName, { cookie: kanri.cookie, saved: true })
		const reader = connect(docName, { cookie: sabikan.cookie, saved: true })
		await Promise.all([a.synced(), b.synced(), reader.synced()])
		await waitFor(() => a.access === 'write' && b.access === 'write' && reader.access === 'read', { message: 'access messages' })

		// Both apply the template and type into the same field before seeing each other.
		applyTemplate(a.doc, PLAN_FIELD_KEYS)
		applyTemplate(b.doc, PLAN_FIELD_KEYS)
		fieldText(a.doc, 'wishes')!.insert(0, '一人暮らしをしたい。')
		fieldText(b.doc, 'policy')!.insert(0, '日中活動の場を確保する。')
		setMeta(a.doc, 'stage', 'final')
		const first = createRow(a.doc, PLAN_GOALS_TABLE, PLAN_GOAL_COLUMN_KEYS, { cells: { need: '日中活動に通いたい' } })
		const second = createRow(b.doc, PLAN_GOALS_TABLE, PLAN_GOAL_COLUMN_KEYS, { cells: { need: '家事を覚えたい' } })
		await waitFor(() => needs(a.doc).length === 2 && needs(b.doc).length === 2 && needs(reader.doc).length === 2, { message: 'rows everywhere' })

		// One reorders while the other edits a cell of the moved row.
		const lower = orderedRows(a.doc, PLAN_GOALS_TABLE)[1].id
		moveRow(a.doc, lower, 'up')
		const goal = cellText(b.doc, lower, 'goal')!
		applyDiff(goal, diffText(goal.toString(), '週1回 調理を練習する')!)
		fieldText(b.doc, 'wishes')!.insert(0, '（本人）')

		const converged = () => {
			const [x, y, z] = [a, b, reader].map((c) => JSON.stringify(readDocument(c.doc)))
			return x === y && y === z
		}
		await waitFor(converged, { message: 'all three converge' })
		const snapshot = readDocument(reader.doc)
		expect(snapshot.fields.wishes).toBe('（本人）一人暮らしをしたい。')
		expect(snapshot.fields.policy).toBe('日中活動の場を確保する。')
		expect(snapshot.meta.stage).toBe('final')
		expect(needs(reader.doc)[0]).toBe(lower === first ? '日中活動に通いたい' : '家事を覚えたい')
		expect(cellText(reader.doc, lower, 'goal')!.toString()).toBe('週1回 調理を練習する')
		expect(new Set(snapshot.rows.map((r) => r.id))).toEqual(new Set([first, second]))

		// Write-ahead: the stored document is what everyone sees.
		await waitFor(() => JSON.stringify(readDocument(storedDocument(server.sqlite, planDocumentId(SATO)))) === JSON.stringify(snapshot), {
			message: 'stored state',
		})

		// The reader's edit is dropped by the server: nobody else ever sees it.
		fieldText(reader.doc, 'policy')!.insert(0, '閲覧者の書き込み')
		fieldText(a.doc, 'policy')!.insert(0, '［確認］')
		await waitFor(() => fieldText(b.doc, 'policy')!.toString().startsWith('［確認］'), { message: 'a later write' })
		expect(readField(b.doc)).not.toContain('閲覧者の書き込み')
		expect(readDocument(storedDocument(server.sqlite, planDocumentId(SATO))).fields.policy).not.toContain('閲覧者の書き込み')
	})

	test('the server refuses a malformed plan update and keeps the document intact', async () => {
		const docName = `plan.${planDocumentId(SATO)}`
		const { cookie } = await sessionCookie('user-sodan')
		const writer = connect(docName, { cookie })
		await writer.synced()
		const before = JSON.stringify(readDocument(storedDocument(server.sqlite, planDocumentId(SATO))))
		// A Tiptap-style fragment has no place in a structured form.
		writer.doc.getXmlFragment('default').insert(0, [new Y.XmlText('x')])
		const close = await writer.closed()
		expect(close.code).toBe(4400)
		expect(JSON.stringify(readDocument(storedDocument(server.sqlite, planDocumentId(SATO))))).toBe(before)
		expect(storedDocument(server.sqlite, planDocumentId(SATO)).share.has('default')).toBe(false)
	})
})

function readField(doc: Y.Doc): string {
	return fieldText(doc, 'policy')?.toString() ?? ''
}
