/**
 * The PostgreSQL engine (TEST_DB=postgres; `.ci/run` runs the suite that way too): the immutability
 * the SQLite triggers give holds there as well, and the audit writer's hash chain seals and
 * verifies. On SQLite (the default run) the same guarantees are covered by audit-trail,
 * frozen-records and versions; this file then checks the engine switch only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyChainSegment, GENESIS_HASH, type StoredAuditRow } from '#app/modules/audit/chain.ts'
import { auditWriter, flushAuditLog } from '#app/modules/audit/audit-writer.server.ts'
import { closeDb, engineOfUrl, getDb, prisma } from '#app/utils/db.server.ts'
import { useFreshDatabase } from '#tests/helpers/db.ts'
import { testEngine } from '#tests/helpers/postgres.ts'

const onPostgres = testEngine() === 'postgres'

afterAll(async () => {
	await closeDb()
})

describe('the engine is chosen by DATABASE_URL', () => {
	it('file: is SQLite, postgresql:// and postgres:// are PostgreSQL, anything else is refused', () => {
		expect(engineOfUrl('file:./data/kizuna.db')).toBe('sqlite')
		expect(engineOfUrl('postgresql://u@127.0.0.1:5432/kizuna')).toBe('postgres')
		expect(engineOfUrl('postgres://u@db/kizuna')).toBe('postgres')
		expect(() => engineOfUrl('mysql://u@db/kizuna')).toThrow(/file:.*postgresql/)
	})
})

describe.runIf(onPostgres)('PostgreSQL: immutability and the audit chain', () => {
	beforeAll(async () => {
		const handle = await useFreshDatabase('seeded')
		expect(handle.engine).toBe('postgres')
		expect(() => getDb().sqlite).toThrow(/PostgreSQL/)
	})

	it('audit rows are written in a batch and sealed into a chain that verifies', async () => {
		for (let i = 0; i < 5; i++) {
			auditWriter().enqueue({ at: new Date().toISOString().replace('Z', '+00:00'), userId: null, clientId: null, action: 'client.view', outcome: 'ok', target: `t${i}`, ipAddress: '127.0.0.1', detail: '' })
		}
		await prisma.auditLog.create({ data: { action: 'client.update', target: 'direct' } })
		await flushAuditLog()
		const rows = await prisma.$queryRaw<StoredAuditRow[]>`SELECT "id", "at"::text AS "at", "userId", "clientId", "action", "outcome", "target", "ipAddress", "detail", "prevHash", "hash" FROM "AuditLog" ORDER BY "id"`
		expect(rows.length).toBeGreaterThanOrEqual(6)
		const result = verifyChainSegment(rows, GENESIS_HASH)
		expect(result.problem).toBeNull()
		expect(result.unsealedTail).toBe(0)
		expect(result.checked).toBe(rows.length)
	})

	it('an audit row cannot be changed, re-sealed, deleted or truncated', async () => {
		const row = await prisma.auditLog.findFirstOrThrow({ where: { hash: { not: '' } }, orderBy: { id: 'asc' } })
		await expect(prisma.auditLog.update({ where: { id: row.id }, data: { detail: 'changed' } })).rejects.toThrow(/append-only/)
		await expect(prisma.$executeRaw`UPDATE "AuditLog" SET "hash" = 'x', "prevHash" = 'y' WHERE "id" = ${row.id}`).rejects.toThrow(/append-only/)
		await expect(prisma.auditLog.delete({ where: { id: row.id } })).rejects.toThrow(/append-only/)
		await expect(prisma.$executeRawUnsafe('TRUNCATE "AuditLog"')).rejects.toThrow(/append-only/)
		expect(await prisma.auditLog.findUnique({ where: { id: row.id } })).toEqual(row)
	})

	it('a frozen version and the plan cycle records cannot be changed or removed', async () => {
		const client = await prisma.client.findFirstOrThrow({ select: { id: true } })
		await prisma.documentVersion.create({
			data: { id: 'ver-pg', clientId: client.id, documentId: 'doc-pg', kind: 'plan', number: 1, reason: 'final_consented', state: Buffer.from([1, 2, 3]), rendered: '{}', contentHash: 'h', createdById: 'u' },
		})
		await expect(prisma.documentVersion.update({ where: { id: 'ver-pg' }, data: { rendered: '{"x":1}' } })).rejects.toThrow(/immutable/)
		await expect(prisma.documentVersion.delete({ where: { id: 'ver-pg' } })).rejects.toThrow(/immutable/)
		for (const table of ['DocumentVersion', 'PlanCycleEvent', 'PlanConsent', 'PlanDelivery']) {
			await expect(prisma.$executeRawUnsafe(`TRUNCATE "${table}" CASCADE`)).rejects.toThrow(/immutable|append-only/)
		}
		expect((await prisma.documentVersion.findUniqueOrThrow({ where: { id: 'ver-pg' } })).rendered).toBe('{}')
	})
})
