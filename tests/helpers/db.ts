import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { closeDb, initDb, type DbHandle } from '#app/utils/db.server.ts'

/** The folder global-setup made for this run (template databases live there). */
export function testTmpDir(): string {
	const dir = process.env.KIZUNA_TEST_TMP
	if (!dir) throw new Error('KIZUNA_TEST_TMP is not set: run tests through vitest (global-setup)')
	return dir
}

/** Copies a template database (built by global-setup) to a fresh file. */
export function freshDatabaseFile(template: 'base' | 'seeded' | 'demo' = 'seeded'): string {
	const file = path.join(testTmpDir(), `t-${process.pid}-${crypto.randomBytes(6).toString('hex')}.db`)
	fs.copyFileSync(path.join(testTmpDir(), `${template}.db`), file)
	return file
}

/** Opens a fresh copy of a template as this process's database (DATABASE_URL points at it). */
export async function useFreshDatabase(template: 'base' | 'seeded' | 'demo' = 'seeded'): Promise<DbHandle & { file: string }> {
	await closeDb()
	const file = freshDatabaseFile(template)
	process.env.DATABASE_URL = `file:${file}`
	const handle = await initDb()
	return { ...handle, file }
}
