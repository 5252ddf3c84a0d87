/** Per-document caps: one person's share, and the writers' reserve that readers cannot fill. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLOSE } from '#app/editor/collab-protocol.ts'
import { connectClient, DOCS, sessionCookie, startCollabServer, type TestServer } from '#tests/helpers/collab.ts'

describe('per-document caps', () => {
	let server: TestServer
	beforeAll(async () => {
		server = await startCollabServer({ maxConnectionsPerDocument: 14, writerReservePerDocument: 4, maxConnectionsPerUserPerDocument: 10 })
	})
	afterAll(async () => {
		await server.close()
	})

	it('a read-only member cannot fill a document and lock its writers out', async () => {
		const family = await sessionCookie('user-kazoku')
		const city = await sessionCookie('user-city')
		const readers = Array.from({ length: 15 }, () => connectClient(server, DOCS.sato.name, { cookie: family.cookie }))
		const moreReaders = Array.from({ length: 5 }, () => connectClient(server, DOCS.sato.name, { cookie: city.cookie }))
		const writers = [connectClient(server, DOCS.sato.name, { cookie: (await sessionCookie('user-sodan')).cookie })]
		try {
			const settle = (c: (typeof readers)[number]) =>
				Promise.race([c.synced(10_000).then(() => 'open'), c.closed(10_000).then((info) => `closed-${info.code}`)]).catch(() => 'timeout')
			const familyOutcomes = await Promise.all(readers.map(settle))
			expect(familyOutcomes.filter((o) => o === 'open')).toHaveLength(10) // one person's share
			expect(familyOutcomes.filter((o) => o === `closed-${CLOSE.tooManyConnections}`)).toHaveLength(5)
			// Readers fill only up to the writers' reserve (14 − 4 = 10 reader sockets in all).
			const cityOutcomes = await Promise.all(moreReaders.map(settle))
			expect(cityOutcomes.every((o) => o === `closed-${CLOSE.tooManyConnections}`)).toBe(true)
			// The specialist still gets in to write.
			expect(await settle(writers[0])).toBe('open')
		} finally {
			for (const c of [...readers, ...moreReaders, ...writers]) c.destroy()
		}
	}, 30_000)
})
