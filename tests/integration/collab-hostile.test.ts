import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CLOSE } from '#app/editor/collab-protocol.ts'
import {
	addParagraph,
	auditRows,
	connectClient,
	DOCS,
	noteText,
	paragraphUpdate,
	rawClient,
	sessionCookie,
	startCollabServer,
	storedDocument,
	updateFrame,
	waitFor,
	type RawClient,
	type TestClient,
	type TestServer,
} from '#tests/helpers/collab.ts'

/** Deterministic pseudo-random bytes (mulberry32) so a failing frame can be reproduced. */
function randomBytes(seed: number, length: number): Uint8Array {
	let state = seed >>> 0
	const out = new Uint8Array(length)
	for (let i = 0; i < length; i++) {
		state = (state + 0x6d2b79f5) >>> 0
		let t = state
		t = Math.imul(t ^ (t >>> 15), t | 1)
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
		out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff
	}
	return out
}

function frame(...parts: Array<number | Uint8Array>): Uint8Array {
	const encoder = encoding.createEncoder()
	for (const part of parts) {
		if (typeof part === 'number') encoding.writeVarUint(encoder, part)
		else encoding.writeVarUint8Array(encoder, part)
	}
	return encoding.toUint8Array(encoder)
}

function rowsBy(server: TestServer, userId: string): number {
	return (server.sqlite.prepare('SELECT count(*) AS n FROM DocUpdate WHERE userId = ?').safeIntegers(false).get(userId) as { n: number }).n
}

describe('collaboration: hostile input', () => {
	let server: TestServer
	let a: TestClient
	let b: TestClient
	let attackerCookie: string
	let round = 0

	beforeAll(async () => {
		server = await startCollabServer()
		a = connectClient(server, DOCS.sato.name, { cookie: (await sessionCookie('user-sodan')).cookie })
		b = connectClient(server, DOCS.sato.name, { cookie: (await sessionCookie('user-sabikan')).cookie })
		await Promise.all([a.synced(), b.synced()])
		attackerCookie = (await sessionCookie('user-staff')).cookie
	})
	afterAll(async () => {
		a?.destroy()
		b?.destroy()
		await server?.close()
	})

	async function attacker(): Promise<RawClient> {
		const raw = rawClient(`${server.collabUrl}/${DOCS.sato.name}`, { Cookie: attackerCookie, Origin: server.origin })
		await raw.opened
		return raw
	}

	/** The honest clients still edit and converge through the same document. */
	async function honestClientsStillWork(): Promise<void> {
		const marker = `honest-${round++}`
		addParagraph(a.doc, marker)
		await waitFor(() => noteText(b.doc).includes(marker), { message: `${marker} to reach b` })
	}

	const hostileFrames: Array<[string, Uint8Array]> = [
		['empty frame', new Uint8Array(0)],
		['truncated varint', Uint8Array.of(0xff)],
		['unknown message type', frame(7, 0)],
		['unknown sync step', frame(0, 9, new Uint8Array(1))],
		['zero-length update', frame(0, 2, new Uint8Array(0))],
		['zero-length SyncStep2', frame(0, 1, new Uint8Array(0))],
		['truncated update', frame(0, 2, paragraphUpdate('half').slice(0, 9))],
		['update with trailing garbage frame bytes', Uint8Array.from([...frame(0, 2, paragraphUpdate('x')), 1, 2, 3])],
		['random update payload', frame(0, 2, randomBytes(1, 64))],
		['random update payload (long)', frame(0, 2, randomBytes(2, 4096))],
		['garbage state vector', frame(0, 0, Uint8Array.of(0xff, 0xff, 0xff))],
		['awareness with invalid JSON', frame(1, Uint8Array.of(1, 5, 1, 3, 0x7b, 0x7b, 0x7b))],
		['awareness truncated', frame(1, Uint8Array.of(4, 1))],
		...[3, 4, 5, 6, 7].map((seed): [string, Uint8Array] => [`random bytes #${seed}`, Uint8Array.from([0, ...randomBytes(seed, 16 + seed * 37)])]),
	]

	test.each(hostileFrames)('%s closes only that socket (4400) and stores nothing', async (_name, bytes) => {
		const rows = rowsBy(server, 'user-staff')
		const raw = await attacker()
		raw.ws.send(bytes)
		expect((await raw.closed).code).toBe(CLOSE.invalidMessage)
		expect(rowsBy(server, 'user-staff')).toBe(rows)
		await honestClientsStillWork()
	})

	test('a text frame is refused', async () => {
		const raw = await attacker()
		raw.ws.send('hello')
		expect((await raw.closed).code).toBe(CLOSE.invalidMessage)
	})

	test('a frame with invalid RSV bits (a ws protocol error) does not crash the process', async () => {
		const raw = await attacker()
		// Hand-made frame: FIN + RSV2 + RSV3 + binary opcode, masked, empty payload.
		;(raw.ws as unknown as { _socket: { write(b: Buffer): void } })._socket.write(Buffer.from([0xb2, 0x80, 1, 2, 3, 4]))
		const close = await raw.closed
		expect([1002, 1006]).toContain(close.code)
		await honestClientsStillWork()
	})

	test('a message above maxPayload is refused by ws (1009) before any parsing', async () => {
		const raw = await attacker()
		raw.ws.send(new Uint8Array(server.collab.settings.maxPayloadBytes + 1))
		expect((await raw.closed).code).toBe(1009)
		await honestClientsStillWork()
	})

	// Schema guard: each of these is a well-formed Yjs update a stock client could send.
	const schemaViolations: Array<[string, (doc: Y.Doc) => void]> = [
		['a root type other than the Tiptap fragment', (doc) => doc.getText('evil').insert(0, 'x')],
		['the Tiptap root used as a map', (doc) => doc.getMap('default').set('k', 1)],
		['a subdocument', (doc) => withElement(doc, (el) => el.setAttribute('sub', new Y.Doc() as never))],
		['binary content', (doc) => withElement(doc, (el) => el.setAttribute('bin', Uint8Array.of(1, 2, 3) as never))],
		['an embed', (doc) => withElement(doc, (el) => (el.get(0) as Y.XmlText).insertEmbed(0, { image: 'x' }))],
		['a nested Y.Map', (doc) => withElement(doc, (el) => el.setAttribute('m', new Y.Map() as never))],
		['an XmlHook', (doc) => doc.getXmlFragment('default').insert(0, [new Y.XmlHook('hook') as never])],
		['a strange element name', (doc) => doc.getXmlFragment('default').insert(0, [new Y.XmlElement('<script>')])],
	]

	test.each(schemaViolations)('%s is rejected before it is stored', async (_name, mutate) => {
		const doc = new Y.Doc()
		mutate(doc)
		const rows = rowsBy(server, 'user-staff')
		const before = noteText(storedDocument(server.sqlite, DOCS.sato.id))
		const raw = await attacker()
		raw.ws.send(updateFrame(Y.encodeStateAsUpdate(doc)))
		const close = await raw.closed
		expect(close.code).toBe(CLOSE.invalidMessage)
		expect(close.reason).toMatch(/^update rejected: /)
		expect(rowsBy(server, 'user-staff')).toBe(rows)
		expect(noteText(storedDocument(server.sqlite, DOCS.sato.id))).toBe(before)
		await honestClientsStillWork()
	})

	test('a valid update from the same raw client is accepted (the guard is not just refusing everything)', async () => {
		const rows = rowsBy(server, 'user-staff')
		const raw = await attacker()
		raw.ws.send(updateFrame(paragraphUpdate('raw-but-valid')))
		await waitFor(() => noteText(b.doc).includes('raw-but-valid'), { message: 'valid raw update' })
		expect(rowsBy(server, 'user-staff')).toBe(rows + 1)
		raw.ws.close()
	})
})

describe('collaboration: rate limits, pre-auth limits, keepalive', () => {
	let server: TestServer
	let cookie: string
	beforeAll(async () => {
		server = await startCollabServer({
			messageBurst: 40,
			messagesPerSecond: 5,
			byteBurst: 64 * 1024,
			bytesPerSecond: 8 * 1024,
			upgradeBurstPerIp: 12,
			upgradesPerSecondPerIp: 0.01,
			pingIntervalMs: 200,
		})
		cookie = (await sessionCookie('user-sodan')).cookie
	})
	afterAll(async () => {
		await server?.close()
	})

	const open = async () => {
		const raw = rawClient(`${server.collabUrl}/${DOCS.sato.name}`, { Cookie: cookie, Origin: server.origin })
		await raw.opened
		return raw
	}

	test('too many messages → 4429', async () => {
		const raw = await open()
		const honest = connectClient(server, DOCS.sato.name, { cookie })
		await honest.synced()
		for (let i = 0; i < 100; i++) raw.ws.send(Uint8Array.of(3)) // query awareness: cheap, valid
		expect((await raw.closed).code).toBe(CLOSE.tooManyMessages)
		expect(honest.closes).toEqual([])
		honest.destroy()
	})

	test('too many bytes → 4429', async () => {
		const raw = await open()
		// Valid awareness messages, each within the state limit, but 7 KB apiece: the 64 KiB burst
		// is spent after nine of them.
		for (let i = 0; i < 12; i++) raw.ws.send(frame(1, encodeAwareness(1234, i + 1, { pad: 'x'.repeat(7000) })))
		expect((await raw.closed).code).toBe(CLOSE.tooManyMessages)
	})

	test('a peer that stops answering pings is terminated', async () => {
		const raw = await open()
		await waitFor(() => server.collab.stats().connections === 1, { message: 'one connection' })
		;(raw.ws as unknown as { _socket: { pause(): void } })._socket.pause()
		await waitFor(() => server.collab.stats().connections === 0, { message: 'dead peer dropped', timeoutMs: 3000 })
		// The disconnect row records the abnormal end (written with the next commit).
		await waitFor(() => auditRows(server.sqlite, 'document.disconnect').some((r) => JSON.parse(r.detail).code === 1006), {
			message: 'disconnect row with 1006',
		})
		expect(server.collab.isLoaded(DOCS.sato.name)).toBe(false)
		raw.ws.terminate()
	})

	test('handshake attempts per IP are throttled with HTTP 429 before any authentication', async () => {
		const refusalsBefore = server.collab.stats().refusals
		const statuses: Array<number | null> = []
		for (let i = 0; i < 16; i++) {
			const raw = rawClient(`${server.collabUrl}/${DOCS.sato.name}`, { Origin: server.origin }) // no cookie
			const status = await Promise.race([raw.rejectedStatus, raw.closed.then(() => null)])
			statuses.push(status)
			raw.ws.terminate()
		}
		expect(statuses).toContain(429)
		const throttled = statuses.filter((s) => s === 429).length
		const refused = server.collab.stats().refusals - refusalsBefore
		// Throttled attempts never reached authorization (and wrote no audit rows).
		expect(refused + throttled).toBe(16)
		expect(server.collab.stats().throttledHandshakes).toBeGreaterThanOrEqual(throttled)
	})
})

function withElement(doc: Y.Doc, fn: (el: Y.XmlElement) => void): void {
	const el = new Y.XmlElement('paragraph')
	el.insert(0, [new Y.XmlText('t')])
	doc.getXmlFragment('default').insert(0, [el])
	fn(el)
}

function encodeAwareness(clientId: number, clock: number, state: unknown): Uint8Array {
	const encoder = encoding.createEncoder()
	encoding.writeVarUint(encoder, 1)
	encoding.writeVarUint(encoder, clientId)
	encoding.writeVarUint(encoder, clock)
	encoding.writeVarString(encoder, JSON.stringify(state))
	return encoding.toUint8Array(encoder)
}
