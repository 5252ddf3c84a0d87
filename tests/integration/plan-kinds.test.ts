/**
 * 週間計画表, アセスメント, Myライフプラン and クライシスプラン: who may create them (the create
 * action), who sees them with which access (policy + GET /api/clients/:clientId/documents +
 * the document page), and the 拠点 coordinator's crisis-plan-only, registered-only access.
 */
import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from '@remix-run/node'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { CLIENT_DOCUMENT_KINDS, type ClientDocumentKind } from '#app/document-forms/forms/kinds.ts'
import { createSession } from '#app/modules/auth/session.server.ts'
import { loadClientScope, loadDocumentScope } from '#app/modules/authz.server.ts'
import { clientDocumentId, ensureClientDocument } from '#app/modules/documents/client-documents.server.ts'
import { documentAccess, type Actor } from '#app/policies/index.ts'
import { loader as documentsLoader } from '#app/routes/api.clients.$clientId.documents.ts'
import { action as createAction } from '#app/routes/clients.$clientId.create-document.ts'
import { loader as documentPageLoader } from '#app/routes/clients.$clientId.documents.$documentId.tsx'
import { todayJst } from '#app/utils/dates.ts'
import { closeDb, prisma } from '#app/utils/db.server.ts'
import { useFreshDatabase } from '#tests/helpers/db.ts'

const SATO = 'client-sato-makoto'
const context: AppLoadContext = { cspNonce: '' }

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

async function settle(promise: Promise<Response>): Promise<Response> {
	try {
		return await promise
	} catch (thrown) {
		if (thrown instanceof Response) return thrown
		throw thrown
	}
}

async function create(userId: string, kind: string, clientId = SATO): Promise<Response> {
	const body = new URLSearchParams({ kind })
	const request = new Request(`http://localhost/clients/${clientId}/create-document`, {
		method: 'POST',
		headers: { cookie: await cookieFor(userId), 'content-type': 'application/x-www-form-urlencoded' },
		body,
	})
	return settle(createAction({ request, params: { clientId }, context } as ActionFunctionArgs))
}

async function listKinds(userId: string, clientId = SATO): Promise<Array<{ kind: string; access: string; id: string }>> {
	const request = new Request(`http://localhost/api/clients/${clientId}/documents`, { headers: { cookie: await cookieFor(userId) } })
	const res = await settle(documentsLoader({ request, params: { clientId }, context } as LoaderFunctionArgs))
	expect(res.status).toBe(200)
	const list = (await res.json()) as Array<{ kind: string; access: string; id: string }>
	return list.filter((d) => (CLIENT_DOCUMENT_KINDS as readonly string[]).includes(d.kind)).sort((a, b) => a.kind.localeCompare(b.kind))
}

async function createAll(): Promise<Record<ClientDocumentKind, string>> {
	const ids = {} as Record<ClientDocumentKind, string>
	for (const kind of CLIENT_DOCUMENT_KINDS) {
		const res = await create('user-sodan', kind)
		expect(res.status).toBe(302)
		const location = res.headers.get('location') ?? ''
		expect(location).toMatch(new RegExp(`^/clients/${SATO}/documents/`))
		ids[kind] = location.split('/').pop() as string
	}
	return ids
}

describe('creating the documents', () => {
	it('the specialist creates one of each kind, once (idempotent, audited once)', async () => {
		const ids = await createAll()
		for (const kind of CLIENT_DOCUMENT_KINDS) expect(ids[kind]).toBe(clientDocumentId(kind, SATO))
		const again = await createAll()
		expect(again).toEqual(ids)
		const rows = await prisma.document.findMany({ where: { clientId: SATO, kind: { in: [...CLIENT_DOCUMENT_KINDS] } }, select: { kind: true, title: true, createdById: true } })
		expect(rows.map((r) => r.kind).sort()).toEqual([...CLIENT_DOCUMENT_KINDS].sort())
		expect(rows.find((r) => r.kind === 'crisis_plan')).toMatchObject({ title: 'クライシスプラン', createdById: 'user-sodan' })
		expect(await prisma.auditLog.count({ where: { action: 'document.create', userId: 'user-sodan', clientId: SATO } })).toBe(4)
	})

	it('concurrent creations end on one document', async () => {
		const scope = await loadClientScope(SATO)
		const actor: Actor = { id: 'user-sodan', role: 'specialist', organizationIds: ['org-kizuna-sodan'] }
		const results = await Promise.all([1, 2, 3].map(() => ensureClientDocument(actor, scope!, 'weekly', todayJst(), { ipAddress: '' })))
		expect(new Set(results.map((r) => (r.ok ? r.documentId : 'refused')))).toEqual(new Set([clientDocumentId('weekly', SATO)]))
		expect(await prisma.document.count({ where: { clientId: SATO, kind: 'weekly' } })).toBe(1)
	})

	it('the office manager may create them too', async () => {
		const res = await create('user-kanri', 'assessment')
		expect(res.status).toBe(302)
	})

	it('readers may not create them (403, audited), strangers get 404, unknown kinds 400', async () => {
		for (const userId of ['user-sabikan', 'user-staff', 'user-kazoku', 'user-city']) {
			expect((await create(userId, 'weekly')).status, userId).toBe(403)
		}
		expect((await create('user-kyoten', 'crisis_plan')).status).toBe(403)
		expect((await create('user-sodan', 'plan')).status).toBe(400)
		expect((await create('user-sodan', 'note')).status).toBe(400)
		expect(await prisma.document.count({ where: { clientId: SATO, kind: { in: [...CLIENT_DOCUMENT_KINDS] } } })).toBe(0)
		expect(await prisma.auditLog.count({ where: { action: 'authz.denied', userId: 'user-kyoten', clientId: SATO } })).toBe(1)
	})
})

describe('who sees which kind', () => {
	it('policy: writers write, the team reads, the 拠点 coordinator reads only the crisis plan', async () => {
		const ids = await createAll()
		const today = todayJst()
		const expected: Record<string, Record<ClientDocumentKind, string>> = {
			'user-sodan': { weekly: 'write', assessment: 'write', life_plan: 'write', crisis_plan: 'write' },
			'user-kanri': { weekly: 'write', assessment: 'write', life_plan: 'write', crisis_plan: 'write' },
			'user-sabikan': { weekly: 'read', assessment: 'read', life_plan: 'read', crisis_plan: 'read' },
			'user-staff': { weekly: 'read', assessment: 'read', life_plan: 'read', crisis_plan: 'read' },
			'user-kazoku': { weekly: 'read', assessment: 'read', life_plan: 'read', crisis_plan: 'read' },
			'user-city': { weekly: 'read', assessment: 'read', life_plan: 'read', crisis_plan: 'read' },
			'user-kyoten': { weekly: 'none', assessment: 'none', life_plan: 'none', crisis_plan: 'read' },
		}
		for (const [userId, byKind] of Object.entries(expected)) {
			const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, role: true, memberships: { select: { organizationId: true } } } })
			const actor = { id: user.id, role: user.role, organizationIds: user.memberships.map((m) => m.organizationId) } as Actor
			for (const kind of CLIENT_DOCUMENT_KINDS) {
				const loaded = await loadDocumentScope(ids[kind])
				expect(documentAccess(actor, loaded!.scope, today), `${userId} × ${kind}`).toBe(byKind[kind])
			}
		}
	})

	it('documents API: the specialist writes all four, the service manager reads them', async () => {
		await createAll()
		expect((await listKinds('user-sodan')).map((d) => [d.kind, d.access])).toEqual([
			['assessment', 'write'],
			['crisis_plan', 'write'],
			['life_plan', 'write'],
			['weekly', 'write'],
		])
		expect((await listKinds('user-sabikan')).map((d) => [d.kind, d.access])).toEqual([
			['assessment', 'read'],
			['crisis_plan', 'read'],
			['life_plan', 'read'],
			['weekly', 'read'],
		])
	})

	it('documents API: kyoten sees only the crisis plan of 佐藤 誠 (registered with the 拠点), read-only', async () => {
		const ids = await createAll()
		expect(await listKinds('user-kyoten')).toEqual([expect.objectContaining({ kind: 'crisis_plan', access: 'read', id: ids.crisis_plan })])
	})

	it('documents API: nothing for kyoten once the client is no longer registered', async () => {
		await createAll()
		// The registration is a record since issue #12: ending it is what unregisters.
		await prisma.hubRegistration.updateMany({ where: { clientId: SATO }, data: { status: 'ended', endedOn: todayJst(), endReason: '転居' } })
		expect(await listKinds('user-kyoten')).toEqual([])
	})

	it('document page: kyoten opens the crisis plan read-only (no 受給者証 facts), not the others', async () => {
		const ids = await createAll()
		const cookie = await cookieFor('user-kyoten')
		const open = (documentId: string) =>
			settle(
				documentPageLoader({
					request: new Request(`http://localhost/clients/${SATO}/documents/${documentId}`, { headers: { cookie } }),
					params: { clientId: SATO, documentId },
					context,
				} as LoaderFunctionArgs),
			)
		const crisis = await open(ids.crisis_plan)
		expect(crisis.status).toBe(200)
		const data = (await crisis.json()) as { access: string; formHeader: Record<string, unknown>; planHeader: unknown }
		expect(data.access).toBe('read')
		expect(data.planHeader).toBeNull()
		expect(Object.keys(data.formHeader).sort()).toEqual(['agencyName', 'authorName', 'clientName'])
		expect(data.formHeader.clientName).toBe('佐藤 誠')
		for (const kind of ['weekly', 'assessment', 'life_plan'] as const) expect((await open(ids[kind])).status, kind).toBe(404)
	})
})
