import { spawn } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { acquireWriterLock, WriterLockError } from '#server/writer-lock.ts'
import { closeDb, getDb } from '#app/utils/db.server.ts'
import { freshDatabaseFile, useFreshDatabase } from '#tests/helpers/db.ts'

afterAll(async () => {
	await closeDb()
})

describe('SQLite connection', () => {
	it('runs with WAL, synchronous=FULL, foreign keys and a busy timeout on the shared connection', async () => {
		await useFreshDatabase('base')
		const { sqlite } = getDb()
		expect(String(sqlite.pragma('journal_mode', { simple: true })).toLowerCase()).toBe('wal')
		expect(Number(sqlite.pragma('synchronous', { simple: true }))).toBe(2)
		expect(Number(sqlite.pragma('foreign_keys', { simple: true }))).toBe(1)
		expect(Number(sqlite.pragma('busy_timeout', { simple: true }))).toBe(5000)
	})

	// One connection is shared by every request while a Prisma interactive transaction spans
	// several awaits: pin down that its rollback takes back only its own writes (decision 0002).
	it("a rolled-back transaction never takes another request's write with it", async () => {
		const { prisma } = await useFreshDatabase('base')
		let inside!: () => void
		const opened = new Promise<void>((resolve) => (inside = resolve))
		const failing = prisma.$transaction(async (tx) => {
			await tx.auditLog.create({ data: { action: 'test.inside', detail: '' } })
			inside()
			// Another request writes while this transaction is open on the shared connection…
			await new Promise((resolve) => setTimeout(resolve, 100))
			throw new Error('rolled back on purpose')
		})
		await opened
		const concurrent = prisma.auditLog.create({ data: { action: 'test.concurrent', detail: '' } })
		await expect(failing).rejects.toThrow('rolled back on purpose')
		await concurrent
		// …and keeps its row: it waited for the transaction instead of joining it.
		expect(await prisma.auditLog.count({ where: { action: 'test.concurrent' } })).toBe(1)
		expect(await prisma.auditLog.count({ where: { action: 'test.inside' } })).toBe(0)
	})

	it('enforces foreign keys', async () => {
		const { prisma } = await useFreshDatabase('base')
		await expect(
			prisma.certificate.create({
				data: {
					id: 'c1',
					clientId: 'no-such-client',
					kind: 'welfare',
					number: '1234567890',
					effectiveFrom: '2026-01-01',
					decisionStart: '2026-01-01',
					decisionEnd: '2026-12-31',
					copayCap: 0,
					monitoringPeriod: 'every6',
				},
			}),
		).rejects.toThrow()
	})
})

describe('one writer process per database file', () => {
	it('refuses a second writer and allows one again after release', () => {
		const file = freshDatabaseFile('base')
		const first = acquireWriterLock(file)
		expect(() => acquireWriterLock(file)).toThrow(WriterLockError)
		first.release()
		const again = acquireWriterLock(file)
		again.release()
	})

	it('a writer killed with SIGKILL leaves no stale lock behind', async () => {
		const file = freshDatabaseFile('base')
		const child = spawn(
			process.execPath,
			[
				'--input-type=module',
				'-e',
				`import Database from 'better-sqlite3'
				 const lock = new Database(${JSON.stringify(`${file}.writer-lock`)}, { timeout: 0 })
				 lock.pragma('locking_mode = EXCLUSIVE')
				 lock.exec('CREATE TABLE IF NOT EXISTS writer (pid INTEGER, started_at TEXT)')
				 lock.exec('BEGIN EXCLUSIVE')
				 lock.prepare('INSERT INTO writer VALUES (?, ?)').run(process.pid, 'x')
				 console.log('locked')
				 setInterval(() => {}, 1000)`,
			],
			{ stdio: ['ignore', 'pipe', 'inherit'] },
		)
		await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()))
		expect(() => acquireWriterLock(file)).toThrow(WriterLockError)
		child.kill('SIGKILL')
		await new Promise((resolve) => child.once('exit', resolve))
		const lock = acquireWriterLock(file)
		lock.release()
	})
})
