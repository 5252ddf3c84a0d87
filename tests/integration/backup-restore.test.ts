/**
 * Backup and restore: `npm run backup` taken from another process while a client types
 * continuously into a live document restores — with `npm run restore`, into a new file — with
 * every edit acknowledged before the backup began, and integrity_check ok. Restore refuses to
 * overwrite a database, above all a live one; --keep N keeps N generations.
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { acquireWriterLock } from '#server/writer-lock.ts'
import { addParagraph, connectClient, DOCS, sessionCookie, startCollabServer, storedDocument, waitFor, type TestServer } from '#tests/helpers/collab.ts'
import { testTmpDir } from '#tests/helpers/db.ts'
import { backupDatabase, generationsToRemove, restoreDatabase } from '../../scripts/backup-lib.ts'

const run = promisify(execFile)
let server: TestServer
let dir: string

beforeAll(async () => {
	server = await startCollabServer()
	dir = fs.mkdtempSync(path.join(testTmpDir(), 'backup-'))
})
afterAll(async () => {
	await server.close()
})

describe('backup while editing', () => {
	it('restores every acknowledged edit, integrity_check ok', async () => {
		const client = connectClient(server, DOCS.sato.name, { cookie: (await sessionCookie('user-sodan')).cookie, saved: true })
		await client.synced()
		let typing = true
		let keystrokes = 0
		const typist = (async () => {
			while (typing) {
				addParagraph(client.doc, `打鍵${keystrokes++}`)
				await new Promise((resolve) => setTimeout(resolve, 5))
			}
		})()
		try {
			await waitFor(() => (client.saved.at(-1)?.sv.get(client.doc.clientID) ?? 0) > 500, { timeoutMs: 20_000, message: 'edits acknowledged' })
			// Everything the server has acknowledged as durable at the moment the backup starts.
			const acknowledged = client.saved.at(-1)!.sv.get(client.doc.clientID) ?? 0
			expect(acknowledged).toBeGreaterThan(0)
			const backupFile = path.join(dir, 'while-typing.db')
			const backup = await run('npx', ['tsx', 'scripts/backup.ts', backupFile], { env: { ...process.env, DATABASE_URL: `file:${server.file}` } })
			expect(backup.stdout).toContain('integrity_check ok')
			const typedDuringBackup = keystrokes
			typing = false
			await typist

			const restoredFile = path.join(dir, 'restored.db')
			const restore = await run('npx', ['tsx', 'scripts/restore.ts', backupFile, restoredFile])
			expect(restore.stdout).toContain('integrity_check ok')
			const restored = new Database(restoredFile, { readonly: true })
			try {
				expect(restored.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok')
				const doc = storedDocument(restored, DOCS.sato.id)
				const clock = Y.decodeStateVector(Y.encodeStateVector(doc)).get(client.doc.clientID) ?? 0
				expect(clock).toBeGreaterThanOrEqual(acknowledged)
				console.log(`[backup] ${typedDuringBackup} keystrokes typed; acknowledged before backup: clock ${acknowledged}; restored: clock ${clock}`)
			} finally {
				restored.close()
			}
		} finally {
			typing = false
			await typist
			client.destroy()
		}
	}, 60_000)
})

describe('restore refuses to overwrite', () => {
	it('an existing database file, and a live one', async () => {
		const backupFile = path.join(dir, 'for-restore.db')
		await backupDatabase(server.file, backupFile)
		await expect(restoreDatabase(backupFile, server.file)).rejects.toThrow(/already exists|running server/)
		const other = path.join(dir, 'live.db')
		fs.copyFileSync(backupFile, other)
		const lock = acquireWriterLock(other)
		try {
			await expect(restoreDatabase(backupFile, other)).rejects.toThrow(/running server/)
		} finally {
			lock.release()
		}
		const failed = await run('npx', ['tsx', 'scripts/restore.ts', backupFile, server.file]).catch((error: { code: number; stderr: string }) => error)
		expect((failed as { code: number }).code).toBe(1)
		expect((failed as { stderr: string }).stderr).toContain('restore refused')
	}, 60_000)

	it('a backup never overwrites a file either', async () => {
		const target = path.join(dir, 'once.db')
		await backupDatabase(server.file, target)
		await expect(backupDatabase(server.file, target)).rejects.toThrow(/already exists/)
	})
})

describe('generations', () => {
	it('--keep N keeps the newest N backups', async () => {
		const target = path.join(dir, 'gen', 'kizuna.db')
		const made: string[] = []
		for (let i = 0; i < 3; i++) {
			const result = await backupDatabase(server.file, target, { keep: 2 })
			made.push(result.file)
			await new Promise((resolve) => setTimeout(resolve, 1100)) // names carry the second
		}
		const left = fs.readdirSync(path.dirname(target)).filter((f) => f.endsWith('.db')).sort()
		expect(left).toEqual(made.slice(1).map((f) => path.basename(f)))
		expect(generationsToRemove(target, 2)).toEqual([])
	}, 30_000)
})
