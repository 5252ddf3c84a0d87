import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { closeDb, initDb, type DbHandle } from '#app/utils/db.server.ts'
import { createFromTemplate, testEngine } from './postgres.ts'

/** The folder global-setup made for this run (template databases live there). */
export function testTmpDir(): string {
	const dir = process.env.KIZUNA_TEST_TMP
	if (!dir) throw new Error('KIZUNA_TEST_TMP is not set: run tests through vitest (global-setup)')
	return dir
}

/** The id global-setup gave this run (names its template databases on PostgreSQL). */
export function runId(): string {
	const id = process.env.KIZUNA_TEST_RUN
	if (!id) throw new Error('KIZUNA_TEST_RUN is not set: run tests through vitest (global-setup)')
	return id
}

/** Copies a template database (built by global-setup) to a fresh file. */
export function freshDatabaseFile(template: 'base' | 'seeded' | 'demo' = 'seeded'): string {
	const file = path.join(testTmpDir(), `t-${process.pid}-${crypto.randomBytes(6).toString('hex')}.db`)
	fs.copyFileSync(path.join(testTmpDir(), `${template}.db`), file)
	return file
}

/**
 * Opens a fresh copy of a template as this process's database (DATABASE_URL points at it). With
 * TEST_DB=postgres the copy is a new PostgreSQL database made from the run's template database
 * (`file` is then '').
 */
export async function useFreshDatabase(template: 'base' | 'seeded' | 'demo' = 'seeded'): Promise<DbHandle & { file: string }> {
	await closeDb()
	if (testEngine() === 'postgres') {
		process.env.DATABASE_URL = await createFromTemplate(runId(), template)
		const handle = await initDb()
		return { ...handle, file: '' }
	}
	const file = freshDatabaseFile(template)
	process.env.DATABASE_URL = `file:${file}`
	const handle = await initDb()
	return { ...handle, file }
}
