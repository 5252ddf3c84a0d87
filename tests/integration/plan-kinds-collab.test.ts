/**
 * The collaboration server and the documents beside the plan: the 拠点 coordinator reaches the
 * crisis plan (read-only) and nothing else, writers' structured edits are stored, and an
 * update outside the structured-form schema is refused.
 */
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CLOSE } from '#app/editor/collab-protocol.ts'
import { CONTACTS_COLUMN_KEYS, CONTACTS_TABLE, FIELD_KEYS } from '#app/document-forms/forms/definitions.ts'
import { CLIENT_DOCUMENT_KINDS, CLIENT_DOCUMENT_TITLES } from '#app/document-forms/forms/kinds.ts'
import { applyTemplate, createRow, fieldText, readDocument, snapshotRows } from '#app/document-forms/structure.ts'
import { clientDocumentId } from '#app/modules/documents/client-documents.server.ts'
import {
	connectClient,
	sessionCookie,
	startCollabServer,
	storedDocument,
	updateRowCount,
	waitFor,
	type TestClient,
	type TestServer,
} from '#tests/helpers/collab.ts'

const SATO = 'client-sato-makoto'
const docName = (kind: (typeof CLIENT_DOCUMENT_KINDS)[number]) => `${kind}.${clientDocumentId(kind, SATO)}`

describe('collaboration on 週間計画表 / アセスメント / Myライフプラン / クライシスプラン', () => {
	let server: TestServer
	const clients: TestClient[] = []
	const connect = (name: string, options: Parameters<typeof connectClient>[2]) => {
		const client = connectClient(server, name, options)
		clients.push(client)
		return client
	}

	beforeAll(async () => {
		server = await startCollabServer()
		const insert = server.sqlite.prepare(
			"INSERT INTO Document (id, clientId, kind, title, createdById, createdAt, updatedAt) VALUES (?, ?, ?, ?, 'user-sodan', ?, ?)",
		)
		const now = new Date().toISOString()
		for (const kind of CLIENT_DOCUMENT_KINDS) insert.run(clientDocumentId(kind, SATO), SATO, kind, CLIENT_DOCUMENT_TITLES[kind], now, now)
	})
	afterAll(async () => {
		for (const client of clients) client.destroy()
		await server?.close()
	})

	test('the 拠点 coordinator is refused every kind but the crisis plan', async () => {
		const kyoten = await sessionCookie('user-kyoten')
		for (const kind of ['weekly', 'assessment', 'life_plan'] as const) {
			expect((await connect(docName(kind), { cookie: kyoten.cookie }).closed()).code, kind).toBe(CLOSE.forbidden)
		}
	})

	test('the specialist writes the crisis plan; kyoten and sabikan follow read-only; their edits are dropped', async () => {
		const sodan = connect(docName('crisis_plan'), { cookie: (await sessionCookie('user-sodan')).cookie, saved: true })
		const kyoten = connect(docName('crisis_plan'), { cookie: (await sessionCookie('user-kyoten')).cookie, saved: true })
		const sabikan = connect(docName('crisis_plan'), { cookie: (await sessionCookie('user-sabikan')).cookie, saved: true })
		await Promise.all([sodan.synced(), kyoten.synced(), sabikan.synced()])
		await waitFor(() => sodan.access && kyoten.access && sabikan.access, { message: 'access' })
		expect([sodan.access, kyoten.access, sabikan.access]).toEqual(['write', 'read', 'read'])

		applyTemplate(sodan.doc, FIELD_KEYS.crisis_plan)
		fieldText(sodan.doc, 'alertSupporters')!.insert(0, '拠点コーディネーターが短期入所を調整')
		createRow(sodan.doc, CONTACTS_TABLE, CONTACTS_COLUMN_KEYS, { cells: { name: '佐藤 一郎', relation: '父', phone: '090-0000-0001' } })
		await waitFor(() => readDocument(kyoten.doc).fields.alertSupporters === '拠点コーディネーターが短期入所を調整', { message: 'kyoten sees it' })
		expect(snapshotRows(readDocument(kyoten.doc), CONTACTS_TABLE).map((r) => r.cells.name)).toEqual(['佐藤 一郎'])

		const id = clientDocumentId('crisis_plan', SATO)
		await waitFor(() => readDocument(storedDocument(server.sqlite, id)).fields.alertSupporters, { message: 'stored' })
		const rows = updateRowCount(server.sqlite, id)
		const dropped = server.collab.stats().droppedReadOnlyUpdates
		fieldText(kyoten.doc, 'alertSupporters')!.insert(0, '改ざん')
		await waitFor(() => server.collab.stats().droppedReadOnlyUpdates > dropped, { message: 'drop' })
		expect(updateRowCount(server.sqlite, id)).toBe(rows)
		expect(readDocument(sodan.doc).fields.alertSupporters).toBe('拠点コーディネーターが短期入所を調整')
	})

	test('a writer cannot put a rich-text fragment into a structured form', async () => {
		const sodan = connect(docName('weekly'), { cookie: (await sessionCookie('user-sodan')).cookie })
		await sodan.synced()
		const id = clientDocumentId('weekly', SATO)
		const rows = updateRowCount(server.sqlite, id)
		const fragment = sodan.doc.getXmlFragment('default')
		fragment.insert(0, [new Y.XmlText('not a form')])
		// The server refuses the update (and closes the connection); nothing is stored.
		await waitFor(() => sodan.closes.length > 0, { message: 'refusal' })
		expect(updateRowCount(server.sqlite, id)).toBe(rows)
	})
})
