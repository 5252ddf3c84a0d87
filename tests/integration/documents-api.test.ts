/**
 * GET /api/clients/:clientId/documents and the document page loader, called directly with a
 * session cookie: who sees which co-edited documents with which access.
 */
import type { AppLoadContext, LoaderFunctionArgs } from '@remix-run/node'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { flushAuditLog } from '#app/modules/audit/audit-writer.server.ts'
import { createSession } from '#app/modules/auth/session.server.ts'
import { loader as documentsLoader } from '#app/routes/api.clients.$clientId.documents.ts'
import { loader as documentPageLoader } from '#app/routes/clients.$clientId.documents.$documentId.tsx'
import { closeDb, prisma } from '#app/utils/db.server.ts'
import { useFreshDatabase } from '#tests/helpers/db.ts'

const SATO = 'client-sato-makoto'
const SUZUKI = 'client-suzuki-hanako'

beforeEach(async () => {
	await useFreshDatabase('seeded')
})
afterAll(async () => {
	await closeDb()
})

async function cookieFor(userId: string): Promise<string> {
	const { token } = await createSession(userId)
	return `kizuna_session=${token}`
}

/** Runs a loader the way Remix does and returns the Response, thrown or returned. */
async function run(
	loader: (args: LoaderFunctionArgs) => Promise<Response>,
	path: string,
	params: Record<string, string>,
	cookie?: string,
): Promise<Response> {
	const request = new Request(`http://localhost${path}`, { headers: cookie ? { cookie } : {} })
	try {
		const context: AppLoadContext = { cspNonce: '' }
		return await loader({ request, params, context })
	} catch (thrown) {
		if (thrown instanceof Response) return thrown
		throw thrown
	}
}

function listDocuments(clientId: string, cookie?: string) {
	return run(documentsLoader, `/api/clients/${encodeURIComponent(clientId)}/documents`, { clientId }, cookie)
}

describe('GET /api/clients/:clientId/documents', () => {
	it('gives the specialist the team note with write access', async () => {
		const res = await listDocuments(SATO, await cookieFor('user-sodan'))
		expect(res.status).toBe(200)
		expect(await res.json()).toEqual([
			{ id: 'doc-note-sato', kind: 'note', title: '支援メモ（チーム共有）', docName: 'note.doc-note-sato', access: 'write' },
			// The seeded サービス担当者会議's minutes (prisma/seed-data/meetings.ts).
			{ id: 'minutes-mtg-sato-1', kind: 'minutes', title: expect.stringMatching(/^サービス担当者会議の記録（/), docName: 'minutes.minutes-mtg-sato-1', access: 'write' },
		])
	})

	it('gives family and municipal staff read access only', async () => {
		for (const userId of ['user-kazoku', 'user-city']) {
			const res = await listDocuments(SATO, await cookieFor(userId))
			expect(res.status).toBe(200)
			expect(await res.json()).toEqual([
				{ id: 'doc-note-sato', kind: 'note', title: '支援メモ（チーム共有）', docName: 'note.doc-note-sato', access: 'read' },
				{ id: 'minutes-mtg-sato-1', kind: 'minutes', title: expect.stringMatching(/^サービス担当者会議の記録（/), docName: 'minutes.minutes-mtg-sato-1', access: 'read' },
			])
		}
	})

	it('omits documents the hub coordinator may not open', async () => {
		const res = await listDocuments(SATO, await cookieFor('user-kyoten'))
		expect(res.status).toBe(200)
		expect(await res.json()).toEqual([])
	})

	it('answers 404 for a client the user is not on the team of, and audits the refusal', async () => {
		const res = await listDocuments(SUZUKI, await cookieFor('user-sabikan'))
		expect(res.status).toBe(404)
		expect(await res.json()).toMatchObject({ error: 'not_found' })
		const denied = await prisma.auditLog.findMany({ where: { userId: 'user-sabikan', action: 'authz.denied' } })
		expect(denied).toHaveLength(1)
		expect(denied[0]).toMatchObject({ outcome: 'denied', clientId: SUZUKI })
	})

	it.each([
		['unknown', 'client-nobody'],
		['malformed', '../client-sato-makoto'],
		['empty', ''],
		['too long', 'x'.repeat(200)],
	])('answers 404 for an %s client id', async (_label, clientId) => {
		const res = await listDocuments(clientId, await cookieFor('user-sodan'))
		expect(res.status).toBe(404)
	})

	it('answers 401 JSON when signed out', async () => {
		for (const cookie of [undefined, 'kizuna_session=garbage']) {
			const res = await listDocuments(SATO, cookie)
			expect(res.status).toBe(401)
			expect(await res.json()).toMatchObject({ error: 'unauthenticated' })
		}
	})

	it('never lists another client’s documents', async () => {
		const res = await listDocuments(SUZUKI, await cookieFor('user-sodan'))
		expect(await res.json()).toEqual([
			{ id: 'doc-note-suzuki', kind: 'note', title: '支援メモ（チーム共有）', docName: 'note.doc-note-suzuki', access: 'write' },
		])
	})

	it('records the read in the audit log without content', async () => {
		await listDocuments(SATO, await cookieFor('user-sodan'))
		await flushAuditLog() // reads are written in batches
		const rows = await prisma.auditLog.findMany({ where: { userId: 'user-sodan', action: 'api.read' } })
		expect(rows).toHaveLength(1)
		expect(rows[0]).toMatchObject({ clientId: SATO, target: `client:${SATO}` })
		expect(rows[0].detail).not.toContain('支援メモ')
	})
})

describe('document page loader', () => {
	function openPage(clientId: string, documentId: string, cookie?: string) {
		return run(documentPageLoader, `/clients/${clientId}/documents/${documentId}`, { clientId, documentId }, cookie)
	}

	it('gives writers and readers what the editor needs', async () => {
		const res = await openPage(SATO, 'doc-note-sato', await cookieFor('user-sodan'))
		expect(res.status).toBe(200)
		expect(await res.json()).toEqual({
			document: { id: 'doc-note-sato', kind: 'note', title: '支援メモ（チーム共有）' },
			docName: 'note.doc-note-sato',
			access: 'write',
			client: { id: SATO, name: '佐藤 誠' },
			// Header facts of structured forms; a note has none.
			planHeader: null,
			cycle: null,
			formHeader: null,
			isp: null,
			monitoring: null,
			user: { id: 'user-sodan', name: '田中 陽子', role: 'specialist' },
		})
		const family = await openPage(SATO, 'doc-note-sato', await cookieFor('user-kazoku'))
		expect(await family.json()).toMatchObject({ access: 'read', user: { id: 'user-kazoku' } })
	})

	it('answers 404 to people without access and for a document under another client’s path', async () => {
		expect((await openPage(SATO, 'doc-note-sato', await cookieFor('user-kyoten'))).status).toBe(404)
		expect((await openPage(SUZUKI, 'doc-note-suzuki', await cookieFor('user-sabikan'))).status).toBe(404)
		expect((await openPage(SUZUKI, 'doc-note-sato', await cookieFor('user-sodan'))).status).toBe(404)
		expect((await openPage(SATO, 'no-such-doc', await cookieFor('user-sodan'))).status).toBe(404)
	})

	it('sends signed-out visitors to the login page', async () => {
		const res = await openPage(SATO, 'doc-note-sato')
		expect(res.status).toBe(302)
		expect(res.headers.get('location')).toBe(`/login?${new URLSearchParams({ redirectTo: `/clients/${SATO}/documents/doc-note-sato` })}`)
	})
})
