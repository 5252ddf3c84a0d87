import Database from 'better-sqlite3'
import { afterAll, describe, expect, test } from 'vitest'
import { closeDb } from '#app/utils/db.server.ts'
import { useFreshDatabase } from '#tests/helpers/db.ts'
import {
	addParagraph,
	connectClient,
	DOCS,
	noteText,
	sessionCookie,
	spawnServer,
	storedDocument,
	waitFor,
	type ServerProcess,
	type TestClient,
} from '#tests/helpers/collab.ts'

/** Markers are written as "[a-12]" so "[a-1]" never matches inside "[a-12]". */
function markers(text: string): string[] {
	return text.match(/\[[ac]-\d+\]/g) ?? []
}

function seededRandom(seed: number): () => number {
	let state = seed >>> 0
	return () => {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0
		return state / 2 ** 32
	}
}

describe('collaboration: kill -9 loses nothing another client has seen', () => {
	let server: ServerProcess | null = null
	const clients: TestClient[] = []
	afterAll(async () => {
		for (const client of clients) client.destroy()
		await server?.kill()
	})

	test('three crashes during continuous edits; after each, the database alone holds every update the observer saw', { timeout: 120_000 }, async () => {
		const { file } = await useFreshDatabase('seeded')
		const writerA = await sessionCookie('user-sodan')
		const writerC = await sessionCookie('user-sabikan')
		const observer = await sessionCookie('user-kazoku') // read-only: it only ever observes
		// The server process must be the only writer of the file.
		await closeDb()

		server = await spawnServer(file)
		const port = server.port
		const connect = (cookie: string) => {
			const client = connectClient(server!, DOCS.sato.name, { cookie })
			clients.push(client)
			return client
		}
		const a = connect(writerA.cookie)
		const c = connect(writerC.cookie)
		const b = connect(observer.cookie)
		await Promise.all([a.synced(), b.synced(), c.synced()])

		const random = seededRandom(20261123)
		const written = { a: 0, c: 0 }
		for (let cycle = 0; cycle < 3; cycle++) {
			// Both writers type as fast as the event loop lets them until the kill.
			let typing = true
			const type = async () => {
				while (typing) {
					addParagraph(a.doc, `[a-${written.a++}]`)
					addParagraph(c.doc, `[c-${written.c++}]`)
					await new Promise((resolve) => setTimeout(resolve, 2))
				}
			}
			const typingDone = type()
			await waitFor(() => markers(noteText(b.doc)).length >= 20 * (cycle + 1), { message: 'the observer receiving edits', timeoutMs: 10_000 })
			await new Promise((resolve) => setTimeout(resolve, 50 + Math.floor(random() * 400)))

			await server.kill()
			// What the observer has seen is fixed from here on: the server is gone.
			const seen = markers(noteText(b.doc))
			typing = false
			await typingDone

			const db = new Database(file)
			try {
				expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
				const stored = new Set(markers(noteText(storedDocument(db, DOCS.sato.id))))
				const missing = seen.filter((m) => !stored.has(m))
				expect(missing, `observed but not stored after kill #${cycle + 1}`).toEqual([])
				expect(seen.length).toBeGreaterThan(0)
			} finally {
				db.close()
			}

			// Restart on the same port: the providers reconnect and the writers resend whatever
			// the server had not committed.
			server = await spawnServer(file, port)
		}

		const expected = [...Array.from({ length: written.a }, (_, i) => `[a-${i}]`), ...Array.from({ length: written.c }, (_, i) => `[c-${i}]`)]
		await waitFor(
			() => {
				const seen = new Set(markers(noteText(b.doc)))
				return expected.every((m) => seen.has(m))
			},
			{ message: 'every marker after the last restart', timeoutMs: 20_000 },
		)
		await waitFor(() => markers(noteText(storedDocument(file, DOCS.sato.id))).length === expected.length, {
			message: 'everything stored',
			timeoutMs: 10_000,
		})
		const stored = markers(noteText(storedDocument(file, DOCS.sato.id)))
		// Each marker exactly once: resending after a crash never duplicates content.
		expect(stored.length).toBe(new Set(stored).size)
		expect(new Set(stored)).toEqual(new Set(expected))
		expect(noteText(a.doc)).toBe(noteText(b.doc))
		expect(noteText(c.doc)).toBe(noteText(b.doc))
		await server.stop()
		server = null
	})
})
