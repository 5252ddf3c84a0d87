import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { PLAN_FIELD_KEYS, PLAN_GOAL_COLUMN_KEYS, PLAN_GOALS_TABLE } from '#app/document-forms/plan.ts'
import { applyTemplate, cellText, createRow, fieldText, readDocument } from '#app/document-forms/structure.ts'
import { loadActor } from '#app/modules/auth/auth.server.ts'
import { loadClientScope } from '#app/modules/authz.server.ts'
import { ensurePlanDocument } from '#app/modules/documents/documents.server.ts'
import { loadStoredDocument } from '#app/modules/documents/stored-document.server.ts'
import { compareVersions } from '#app/modules/versions/compare.ts'
import { PLAN_LAYOUT } from '#app/modules/versions/layouts.ts'
import { freezeVersion, listVersions, loadVersion, versionHash } from '#app/modules/versions/versions.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { todayJst } from '#app/utils/dates.ts'
import { auditRows, connectClient, sessionCookie, startCollabServer, waitFor, type TestClient, type TestServer } from '#tests/helpers/collab.ts'

const SATO = 'client-sato-makoto'
const META = { ipAddress: '127.0.0.1' }

describe('plan versions: frozen, hashed, immutable, comparable', () => {
	let server: TestServer
	let writer: TestClient
	let planId = ''

	beforeAll(async () => {
		server = await startCollabServer()
		const user = await prisma.user.findUniqueOrThrow({ where: { id: 'user-sodan' }, select: { id: true, role: true, disabledAt: true } })
		const plan = await ensurePlanDocument(await loadActor(user), (await loadClientScope(SATO))!, todayJst(), META)
		if (!plan.ok) throw new Error('no plan')
		planId = plan.id
		writer = connectClient(server, `plan.${planId}`, { cookie: (await sessionCookie('user-sodan')).cookie, saved: true })
		await writer.synced()
	})
	afterAll(async () => {
		writer?.destroy()
		await server?.close()
	})

	async function edit(change: (doc: Y.Doc) => void) {
		change(writer.doc)
		const expected = JSON.stringify(readDocument(writer.doc))
		// Stored = what the server loads from SQLite, the source freezeVersion reads.
		await waitFor(
			() => {
				const stored = loadStoredDocument(planId)
				const same = JSON.stringify(readDocument(stored)) === expected
				stored.destroy()
				return same
			},
			{ message: 'the edit to be stored' },
		)
	}

	test('consent freezes the exact stored state; its hash verifies and later edits do not touch it', async () => {
		let goalRow = ''
		await edit((doc) => {
			applyTemplate(doc, PLAN_FIELD_KEYS)
			fieldText(doc, 'wishes')!.insert(0, '日中は作業所に通いたい')
			goalRow = createRow(doc, PLAN_GOALS_TABLE, PLAN_GOAL_COLUMN_KEYS, { cells: { need: '日中活動', goal: '週3回通所する' } })
		})
		const first = await freezeVersion({ documentId: planId, reason: 'draft_consented', actorId: 'user-sodan', meta: META })
		expect(first.number).toBe(1)
		expect(first.contentHash).toMatch(/^[0-9a-f]{64}$/)

		const v1 = (await loadVersion(first.id))!
		expect(v1.verified).toBe(true)
		expect(v1.snapshot.fields.wishes).toBe('日中は作業所に通いたい')
		expect(v1.snapshot.rows.find((r) => r.id === goalRow)?.cells.goal).toBe('週3回通所する')
		// The stored Yjs state is the document itself: applying it reproduces the rendering.
		const row = await prisma.documentVersion.findUniqueOrThrow({ where: { id: first.id } })
		const replay = new Y.Doc()
		Y.applyUpdate(replay, new Uint8Array(row.state))
		expect(readDocument(replay)).toEqual(v1.snapshot)
		expect(versionHash(new Uint8Array(row.state), row.rendered)).toBe(first.contentHash)

		await edit((doc) => {
			fieldText(doc, 'wishes')!.insert(7, '毎日')
			cellText(doc, goalRow, 'goal')!.delete(1, 1)
			cellText(doc, goalRow, 'goal')!.insert(1, '4')
		})
		const second = await freezeVersion({ documentId: planId, reason: 'final_consented', actorId: 'user-sodan', meta: META })
		expect(second.number).toBe(2)
		expect(second.contentHash).not.toBe(first.contentHash)
		expect((await loadVersion(first.id))!.snapshot.fields.wishes).toBe('日中は作業所に通いたい')

		const comparison = compareVersions(v1.snapshot, (await loadVersion(second.id))!.snapshot, PLAN_LAYOUT)
		expect(comparison.fields[0].segments).toEqual([
			{ type: 'same', text: '日中は作業所に' },
			{ type: 'added', text: '毎日' },
			{ type: 'same', text: '通いたい' },
		])
		expect(comparison.tables[0].rows.find((r) => r.rowId === goalRow)?.status).toBe('changed')
		expect((await listVersions(planId)).map((v) => [v.number, v.reason])).toEqual([
			[1, 'draft_consented'],
			[2, 'final_consented'],
		])
		const audited = auditRows(server.sqlite, 'version.create')
		expect(audited.length).toBeGreaterThanOrEqual(2)
	})

	test('a version can be neither changed nor deleted, and tampering is detected', async () => {
		const [version] = await listVersions(planId)
		await expect(prisma.documentVersion.update({ where: { id: version.id }, data: { rendered: '{}' } })).rejects.toThrow()
		await expect(prisma.documentVersion.delete({ where: { id: version.id } })).rejects.toThrow()
		expect(() => server.sqlite.prepare('UPDATE "DocumentVersion" SET "contentHash" = ? WHERE "id" = ?').run('0'.repeat(64), version.id)).toThrow(/immutable/)
		expect((await loadVersion(version.id))!.verified).toBe(true)

		// Someone with the database file who drops the triggers is still caught by the hash.
		server.sqlite.exec('DROP TRIGGER "DocumentVersion_no_update"')
		server.sqlite.prepare(`UPDATE "DocumentVersion" SET "rendered" = replace("rendered", '週3回', '週5回') WHERE "id" = ?`).run(version.id)
		expect((await loadVersion(version.id))!.verified).toBe(false)
	})
})
