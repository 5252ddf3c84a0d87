/**
 * An existing database is migrated, not reset: a file at the schema before issue #11, holding a
 * consented plan version and a monitoring report, takes the frozen_facts migration; the version
 * keeps its bytes and its v1 hash, still verifies, has no frozen facts (so it prints what it
 * always printed), and stays immutable.
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { PLAN_FIELD_KEYS } from '#app/document-forms/plan.ts'
import { applyTemplate, fieldText } from '#app/document-forms/structure.ts'
import { loadVersion, renderState, versionHash } from '#app/modules/versions/versions.server.ts'
import { closeDb, initDb } from '#app/utils/db.server.ts'
import { testTmpDir } from '#tests/helpers/db.ts'

const MIGRATIONS = path.join(process.cwd(), 'prisma', 'migrations')
const THIS_MIGRATION = '20261207111721_frozen_facts'

afterAll(async () => {
	await closeDb()
})

describe('the frozen_facts migration on an existing database', () => {
	it('keeps old versions and reports as they were: verified, no frozen facts, still immutable', async () => {
		const file = path.join(testTmpDir(), `migrate-${process.pid}-${Date.now()}.db`)
		const sqlite = new Database(file)
		const all = fs.readdirSync(MIGRATIONS).filter((name) => /^\d{14}_/.test(name)).sort()
		expect(all).toContain(THIS_MIGRATION)
		for (const name of all.filter((n) => n < THIS_MIGRATION)) sqlite.exec(fs.readFileSync(path.join(MIGRATIONS, name, 'migration.sql'), 'utf8'))

		// A version frozen before issue #11: state, rendering and the v1 hash only.
		const doc = new Y.Doc()
		applyTemplate(doc, PLAN_FIELD_KEYS)
		fieldText(doc, 'policy')!.insert(0, '以前に同意した方針')
		const state = Y.encodeStateAsUpdate(doc)
		const rendered = renderState(state)
		const hash = versionHash(state, rendered)
		sqlite
			.prepare('INSERT INTO "DocumentVersion" (id, clientId, documentId, kind, number, reason, state, rendered, contentHash, createdById) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
			.run('ver-old', 'client-old', 'plan-client-old', 'plan', 1, 'final_consented', Buffer.from(state), rendered, hash, 'user-old')
		sqlite.prepare('INSERT INTO "MonitoringReport" (id, clientId, documentId, month, createdById) VALUES (?, ?, ?, ?, ?)').run('mr-old', 'client-old', 'monitoring-old', '2026-11', 'user-old')

		sqlite.exec(fs.readFileSync(path.join(MIGRATIONS, THIS_MIGRATION, 'migration.sql'), 'utf8'))
		const row = sqlite.prepare('SELECT contentHash, frozenFacts, rendered FROM "DocumentVersion" WHERE id = ?').get('ver-old') as { contentHash: string; frozenFacts: string | null; rendered: string }
		expect(row).toEqual({ contentHash: hash, frozenFacts: null, rendered })
		expect(sqlite.prepare('SELECT planVersionId FROM "MonitoringReport" WHERE id = ?').get('mr-old')).toEqual({ planVersionId: null })
		// Versions stay append-only after the ALTER (the triggers of their migration survive it).
		expect(() => sqlite.prepare('UPDATE "DocumentVersion" SET frozenFacts = ? WHERE id = ?').run('{}', 'ver-old')).toThrow()
		sqlite.close()

		// Read through the application: the old version verifies and has no frozen facts.
		await closeDb()
		process.env.DATABASE_URL = `file:${file}`
		await initDb()
		const version = await loadVersion('ver-old')
		expect(version).toMatchObject({ verified: true, facts: null, contentHash: hash })
		expect(version!.snapshot.fields.policy).toBe('以前に同意した方針')
	})
})
