/**
 * Migrations are applied by dbmate (scripts/migrate-lib.ts), never by the Prisma CLI, and an
 * existing database keeps its history: a file that `prisma migrate deploy` (Prisma 6.19, main
 * before this change) migrated carries `_prisma_migrations`; it is adopted and continues with the
 * next committed migration, every row kept. The `_prisma_migrations` rows below have exactly the
 * shape Prisma 6.19 wrote (checked against a real `migrate deploy` of these migrations).
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { closeDb, initDb, prisma } from '#app/utils/db.server.ts'
import { testTmpDir } from '#tests/helpers/db.ts'
import { adoptPrismaHistory, committedMigrations, migrateDatabase } from '../../scripts/migrate-lib.ts'

afterAll(async () => {
	await closeDb()
})

/** What `prisma migrate deploy` leaves behind: the SQL applied and its history table. */
function prismaMigratedFile(names: string[], options: { failLast?: boolean } = {}): string {
	const file = path.join(testTmpDir(), `prisma-made-${process.pid}-${crypto.randomBytes(4).toString('hex')}.db`)
	const db = new Database(file)
	db.exec(`CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`)
	const byName = new Map(committedMigrations('sqlite').map((m) => [m.name, m]))
	names.forEach((name, i) => {
		const sql = fs.readFileSync(byName.get(name)!.file)
		const failed = options.failLast && i === names.length - 1
		if (!failed) db.exec(sql.toString('utf8'))
		db.prepare('INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, ?)').run(
			crypto.randomUUID(),
			crypto.createHash('sha256').update(sql).digest('hex'),
			failed ? null : '2026-12-01T10:00:00.000+00:00',
			name,
			'2026-12-01T10:00:00.000+00:00',
			failed ? 0 : 1,
		)
	})
	db.close()
	return file
}

function versionsIn(file: string): string[] {
	const db = new Database(file, { readonly: true })
	try {
		return (db.prepare('SELECT version FROM "schema_migrations" ORDER BY version').pluck().all() as string[]).map(String)
	} finally {
		db.close()
	}
}

describe('migrations applied by dbmate', () => {
	const all = committedMigrations('sqlite')

	it('a fresh SQLite file gets every committed migration, recorded once; a second run applies nothing', () => {
		const file = path.join(testTmpDir(), `fresh-${process.pid}.db`)
		expect(migrateDatabase(`file:${file}`)).toEqual(all.map((m) => m.version))
		expect(versionsIn(file)).toEqual(all.map((m) => m.version))
		expect(migrateDatabase(`file:${file}`)).toEqual([])
		const db = new Database(file, { readonly: true })
		// The hand-written SQL came along: the audit log refuses a delete.
		expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'AuditLog_no_delete'").pluck().get()).toBe(1)
		db.close()
	})

	it('a database `prisma migrate deploy` made is adopted and continues with the next migration, its rows kept', async () => {
		const before = all.slice(0, -1).map((m) => m.name)
		const file = prismaMigratedFile(before)
		const db = new Database(file)
		db.prepare(`INSERT INTO "Client" (id, familyName, givenName, familyNameKana, givenNameKana, birthDate, category, updatedAt) VALUES ('c-kept', '山田', '花子', 'ヤマダ', 'ハナコ', '1990-04-01', 'adult', '2026-12-01T10:00:00.000+00:00')`).run()
		db.prepare(`INSERT INTO "AuditLog" (action, clientId) VALUES ('client.view', 'c-kept')`).run()
		db.close()

		expect(migrateDatabase(`file:${file}`)).toEqual([all.at(-1)!.version])
		expect(versionsIn(file)).toEqual(all.map((m) => m.version))

		// Prisma's history stays as it was; the data is untouched and readable through the app.
		const check = new Database(file, { readonly: true })
		expect(check.prepare('SELECT count(*) FROM "_prisma_migrations"').pluck().get()).toBe(before.length)
		expect(check.prepare('SELECT count(*) FROM "AuditLog"').pluck().get()).toBe(1)
		check.close()
		await closeDb()
		process.env.DATABASE_URL = `file:${file}`
		await initDb()
		expect(await prisma.client.findUnique({ where: { id: 'c-kept' }, select: { familyName: true, givenName: true } })).toEqual({ familyName: '山田', givenName: '花子' })
		await closeDb()
	})

	it('a fully Prisma-migrated database needs nothing more', () => {
		const file = prismaMigratedFile(all.map((m) => m.name))
		expect(migrateDatabase(`file:${file}`)).toEqual([])
		expect(versionsIn(file)).toEqual(all.map((m) => m.version))
	})

	it('refuses a database whose last Prisma migration failed, and changes nothing', () => {
		const file = prismaMigratedFile(all.slice(0, 3).map((m) => m.name), { failLast: true })
		const sizeBefore = fs.statSync(file).size
		expect(() => migrateDatabase(`file:${file}`)).toThrow(/started but not finished/)
		const db = new Database(file, { readonly: true })
		expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'schema_migrations'").pluck().get()).toBe(0)
		db.close()
		expect(fs.statSync(file).size).toBe(sizeBefore)
	})

	it('refuses a database holding a migration this checkout does not have (another branch)', () => {
		const file = prismaMigratedFile(all.slice(0, 2).map((m) => m.name))
		const db = new Database(file)
		db.prepare('INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name) VALUES (?, ?, ?, ?)').run('x', 'x', '2026-12-02T00:00:00.000+00:00', '20261201000000_elsewhere')
		db.close()
		expect(() => adoptPrismaHistory(file)).toThrow(/20261201000000_elsewhere.*not committed/)
	})

	it('every SQLite migration after the PostgreSQL baseline has its PostgreSQL twin (same folder name)', () => {
		const postgres = committedMigrations('postgres')
		expect(postgres.length).toBeGreaterThan(0)
		const baseline = postgres[0]!
		expect(baseline.name).toMatch(/_baseline$/)
		// The baseline covers the SQLite migrations up to its own timestamp.
		expect(all.some((m) => m.version === baseline.version)).toBe(true)
		const later = all.filter((m) => m.version > baseline.version).map((m) => m.name)
		expect(postgres.slice(1).map((m) => m.name)).toEqual(later)
	})
})
