import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { closeDb, initDb, type DbHandle } from '#app/utils/db.server.ts'

const TMP_DIR = path.resolve('tests/.tmp')

/** Copies a template database (built by global-setup) to a fresh file and points DATABASE_URL at it. */
export function freshDatabaseFile(template: 'base' | 'seeded' = 'seeded'): string {
	const file = path.join(TMP_DIR, `t-${process.pid}-${crypto.randomBytes(6).toString('hex')}.db`)
	fs.copyFileSync(path.join(TMP_DIR, `${template}.db`), file)
	return file
}

/** Opens a fresh copy of a template as this process's database. */
export async function useFreshDatabase(template: 'base' | 'seeded' = 'seeded'): Promise<DbHandle & { file: string }> {
	await closeDb()
	const file = freshDatabaseFile(template)
	process.env.DATABASE_URL = `file:${file}`
	const handle = await initDb()
	return { ...handle, file }
}

