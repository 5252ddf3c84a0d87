import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { emitDocumentTopic } from '#app/modules/live-events.server.ts'
import { connectClient, DOCS, sessionCookie, startCollabServer, waitFor, type TestClient, type TestServer } from '#tests/helpers/collab.ts'

describe('collaboration: live document topics (MESSAGE_TOPIC)', () => {
	let server: TestServer
	const clients: TestClient[] = []
	const connect = async (docName: string, userId: string, saved: boolean) => {
		const client = connectClient(server, docName, { cookie: (await sessionCookie(userId)).cookie, saved })
		clients.push(client)
		await client.synced()
		return client
	}

	beforeAll(async () => {
		server = await startCollabServer()
	})
	afterAll(async () => {
		for (const client of clients) client.destroy()
		await server?.close()
	})

	test('a topic reaches every saved=1 socket of that document, readers included, and no other document', async () => {
		const writer = await connect(DOCS.sato.name, 'user-sodan', true)
		const familyReader = await connect(DOCS.sato.name, 'user-kazoku', true)
		const stock = await connect(DOCS.sato.name, 'user-sabikan', false)
		const otherDocument = await connect(DOCS.suzuki.name, 'user-sodan', true)
		await waitFor(() => writer.access === 'write' && familyReader.access === 'read', { message: 'access messages' })

		emitDocumentTopic(DOCS.sato.id, 'comments')
		emitDocumentTopic(DOCS.sato.id, 'meeting')
		await waitFor(() => writer.topics.length === 2 && familyReader.topics.length === 2, { message: 'topics to arrive' })
		expect(writer.topics).toEqual(['comments', 'meeting'])
		expect(familyReader.topics).toEqual(['comments', 'meeting'])

		// Stock y-websocket clients never see a message type they do not know.
		emitDocumentTopic(DOCS.suzuki.id, 'comments')
		await waitFor(() => otherDocument.topics.length === 1, { message: 'the other document’s topic' })
		expect(stock.topics).toEqual([])
		expect(stock.closes).toEqual([])
		expect(writer.topics).toEqual(['comments', 'meeting'])
	})

	test('a topic for a document nobody has open is a no-op', () => {
		expect(() => emitDocumentTopic('no-such-document', 'comments')).not.toThrow()
	})
})
