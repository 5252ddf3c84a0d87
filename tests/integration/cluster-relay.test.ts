import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { emitAuthzEvent, onAuthzEvent, type AuthzEvent, type EventOrigin } from '#app/modules/authz-events.server.ts'
import { emitDocumentTopic } from '#app/modules/live-events.server.ts'
import { EVENTS_CHANNEL } from '#server/collab/cluster/event-relay.ts'
import { FRAME } from '#server/collab/cluster/frames.ts'
import { RedisBus } from '#server/collab/cluster/redis-bus.ts'
import { attachCollab, type CollabServer } from '#server/collab/index.ts'
import { SKIP_WITHOUT_REDIS, TEST_REDIS_URL } from '#tests/helpers/cluster-env.ts'
import {
	addParagraph,
	connectClient,
	DOCS,
	noteText,
	sessionCookie,
	storedDocument,
	waitFor,
	type TestClient,
} from '#tests/helpers/collab.ts'
import { useFreshDatabase } from '#tests/helpers/db.ts'

/**
 * The Redis relay between instances, on a real Redis: two collaboration hubs ("instances" A and
 * B) each with its own bus, on one database. B learns of A's edits only through Redis + the
 * database (the hubs share nothing in memory), so this exercises announce → read committed
 * rows → apply. Skipped only without TEST_REDIS_URL (tests/helpers/cluster-env.ts).
 * The two-process tests on PostgreSQL are in cluster-two-instances.test.ts.
 */
type Instance = { collab: CollabServer; bus: RedisBus; origin: string; collabUrl: string; close(): Promise<void> }

describe.skipIf(SKIP_WITHOUT_REDIS)('cluster relay over Redis (two hubs, one database)', () => {
	let a: Instance
	let b: Instance
	let sqlite: Awaited<ReturnType<typeof useFreshDatabase>>['sqlite']
	const clients: TestClient[] = []
	// One channel prefix per run: parallel runs on the same Redis never hear each other.
	const prefix = `kizuna-test-${process.pid}-${Date.now()}:`

	async function instance(db: typeof sqlite): Promise<Instance> {
		const bus = new RedisBus(TEST_REDIS_URL, prefix)
		await bus.ready()
		const httpServer = http.createServer((_req, res) => {
			res.statusCode = 404
			res.end()
		})
		const collab = attachCollab(httpServer, { db, allowedOrigins: [], bus })
		await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve))
		const { port } = httpServer.address() as AddressInfo
		return {
			collab,
			bus,
			origin: `http://127.0.0.1:${port}`,
			collabUrl: `ws://127.0.0.1:${port}/collab`,
			async close() {
				await collab.close()
				await bus.close()
				httpServer.closeAllConnections()
				await new Promise<void>((resolve) => httpServer.close(() => resolve()))
			},
		}
	}

	beforeAll(async () => {
		;({ sqlite } = await useFreshDatabase('seeded'))
		a = await instance(sqlite)
		b = await instance(sqlite)
	})
	afterEach(() => {
		for (const client of clients.splice(0)) client.destroy()
	})
	afterAll(async () => {
		await a?.close()
		await b?.close()
	})

	test('a writer on A and readers on B converge; B applies only rows already committed', async () => {
		const writer = await sessionCookie('user-sodan')
		const reader = await sessionCookie('user-kazoku')
		const onA = connectClient(a, DOCS.sato.name, { cookie: writer.cookie })
		const onB = [connectClient(b, DOCS.sato.name, { cookie: reader.cookie, saved: true }), connectClient(b, DOCS.sato.name, { cookie: writer.cookie })]
		clients.push(onA, ...onB)
		await Promise.all([onA.synced(), ...onB.map((c) => c.synced())])
		await b.bus.settled()
		for (let i = 0; i < 30; i++) addParagraph(onA.doc, `[A-${i}]`)
		for (const client of onB) await waitFor(() => noteText(client.doc).includes('[A-29]') || undefined, { message: 'B receiving A’s edits' })
		// And the other way: a writer on B reaches A.
		addParagraph(onB[1].doc, '[B-0]')
		await waitFor(() => noteText(onA.doc).includes('[B-0]') || undefined, { message: 'A receiving B’s edit' })
		const stored = noteText(storedDocument(sqlite, DOCS.sato.id))
		for (const client of [onA, ...onB]) expect(noteText(client.doc)).toBe(stored)
		// The reader on B was told what is saved (MESSAGE_SAVED after the relayed rows).
		await waitFor(() => {
			const last = onB[0].saved.at(-1)
			return last && Y.equalSnapshots(last, Y.snapshot(onB[0].doc)) ? true : undefined
		}, { message: 'a saved snapshot on B equal to the relayed state' })
	})

	test('a family member’s write on B is dropped and never reaches A', async () => {
		const writer = await sessionCookie('user-sodan')
		const family = await sessionCookie('user-kazoku')
		const onA = connectClient(a, DOCS.sato.name, { cookie: writer.cookie })
		const familyOnB = connectClient(b, DOCS.sato.name, { cookie: family.cookie })
		clients.push(onA, familyOnB)
		await Promise.all([onA.synced(), familyOnB.synced()])
		addParagraph(familyOnB.doc, '[family]')
		addParagraph(onA.doc, '[after-family]')
		await waitFor(() => noteText(familyOnB.doc).includes('[after-family]') || undefined, { message: 'A’s later edit reaching B' })
		expect(noteText(onA.doc)).not.toContain('[family]')
		expect(noteText(storedDocument(sqlite, DOCS.sato.id))).not.toContain('[family]')
		expect(b.collab.stats().droppedReadOnlyUpdates).toBeGreaterThan(0)
	})

	test('awareness of a client on A appears on B', async () => {
		const writer = await sessionCookie('user-sodan')
		const reader = await sessionCookie('user-sabikan')
		const onA = connectClient(a, DOCS.sato.name, { cookie: writer.cookie })
		const onB = connectClient(b, DOCS.sato.name, { cookie: reader.cookie })
		clients.push(onA, onB)
		await Promise.all([onA.synced(), onB.synced()])
		onA.provider.awareness.setLocalStateField('cursor', { anchor: 1 })
		await waitFor(() => onB.provider.awareness.getStates().get(onA.doc.clientID)?.cursor || undefined, { message: 'A’s awareness on B' })
	})

	test('writers on both instances typing at once converge, equal to the database (gaps filled from it)', async () => {
		const writer = await sessionCookie('user-sodan')
		const other = await sessionCookie('user-sabikan')
		const onA = connectClient(a, DOCS.sato.name, { cookie: writer.cookie })
		const onB = connectClient(b, DOCS.sato.name, { cookie: other.cookie })
		const readerOnB = connectClient(b, DOCS.sato.name, { cookie: writer.cookie })
		clients.push(onA, onB, readerOnB)
		await Promise.all([onA.synced(), onB.synced(), readerOnB.synced()])
		for (let i = 0; i < 40; i++) {
			addParagraph(onA.doc, `[x-${i}]`)
			addParagraph(onB.doc, `[y-${i}]`)
			if (i % 5 === 0) await new Promise((resolve) => setTimeout(resolve, 1))
		}
		const done = (text: string) => text.includes('[x-39]') && text.includes('[y-39]')
		for (const client of [onA, onB, readerOnB]) await waitFor(() => done(noteText(client.doc)) || undefined, { message: 'every client seeing both writers' })
		await waitFor(() => (done(noteText(storedDocument(sqlite, DOCS.sato.id))) ? true : undefined), { message: 'the database holding both' })
		const stored = noteText(storedDocument(sqlite, DOCS.sato.id))
		for (const client of [onA, onB, readerOnB]) await waitFor(() => (noteText(client.doc) === stored ? true : undefined), { message: 'the client equal to the database' })
		for (const name of ['[x-', '[y-']) expect(stored.split(name).length - 1).toBe(40)
	})

	test('a session ended on another instance closes its socket here within a second', async () => {
		const family = await sessionCookie('user-kazoku')
		const onB = connectClient(b, DOCS.sato.name, { cookie: family.cookie })
		clients.push(onB)
		await onB.synced()
		// What logout on another instance does: delete the row there, announce it on Redis.
		sqlite.prepare('DELETE FROM "Session" WHERE "id" = ?').run(family.sessionId)
		const other = new RedisBus(TEST_REDIS_URL, prefix)
		await other.ready()
		const started = performance.now()
		other.publish(EVENTS_CHANNEL, FRAME.event, Buffer.from(JSON.stringify({ kind: 'authz', event: { type: 'session-ended', sessionId: family.sessionId } })))
		const closed = await onB.closed(1000)
		expect(closed.code).toBe(4401)
		expect(performance.now() - started).toBeLessThan(1000)
		await other.close()
	})

	test('an authorization event or a document topic on one instance is re-emitted on the other, once', async () => {
		const seen: Array<{ event: AuthzEvent; origin: EventOrigin }> = []
		const off = onAuthzEvent((event, origin) => seen.push({ event, origin }))
		try {
			// A third "instance": a bare bus publishing as another process would.
			const other = new RedisBus(TEST_REDIS_URL, prefix)
			await other.ready()
			const heard: string[] = []
			other.subscribe(EVENTS_CHANNEL, (frame) => heard.push(frame.body.toString()))
			await other.settled()
			await a.bus.settled()
			other.publish(EVENTS_CHANNEL, FRAME.event, Buffer.from(JSON.stringify({ kind: 'authz', event: { type: 'session-ended', sessionId: 's-remote' } })))
			// Malformed or unknown events are ignored.
			other.publish(EVENTS_CHANNEL, FRAME.event, Buffer.from('{"kind":"authz","event":{"type":"grant-everything"}}'))
			await waitFor(() => seen.find((s) => s.origin.relayed) || undefined, { message: 'the remote event re-emitted here' })
			// Both A and B (two relays in this process) re-emit it locally; neither publishes it again.
			await new Promise((resolve) => setTimeout(resolve, 200))
			expect(seen.filter((s) => s.origin.relayed).map((s) => s.event)).toContainEqual({ type: 'session-ended', sessionId: 's-remote' })
			expect(seen.filter((s) => s.origin.relayed).every((s) => s.event.type === 'session-ended')).toBe(true)
			expect(heard).toHaveLength(0)
			// A local event is published (by each relay in this process) for the other instances.
			emitAuthzEvent({ type: 'client-team-changed', clientId: DOCS.sato.clientId })
			emitDocumentTopic(DOCS.sato.id, 'comments')
			await waitFor(() => (heard.length >= 4 ? true : undefined), { message: 'the local events published' })
			expect(heard.map((h) => JSON.parse(h).kind).sort()).toEqual(['authz', 'authz', 'topic', 'topic'])
			await other.close()
		} finally {
			off()
		}
	})
})
