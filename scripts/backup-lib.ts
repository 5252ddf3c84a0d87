/**
 * Online backup and restore of the SQLite database (docs/decisions/0015, README "Backup and
 * restore"). Uses SQLite's online backup API through better-sqlite3 from a separate process: the
 * server keeps serving and editing (WAL mode lets a reader and the one writer work side by side).
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'

export type TableCounts = Record<string, number>

function tableNames(db: Database.Database): string[] {
	return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[]).filter(Boolean)
}

export function countRows(db: Database.Database): TableCounts {
	const counts: TableCounts = {}
	for (const name of tableNames(db)) {
		counts[name] = Number(db.prepare(`SELECT count(*) FROM "${name.replaceAll('"', '""')}"`).pluck().safeIntegers(false).get())
	}
	return counts
}

export function integrityCheck(db: Database.Database): string {
	const rows = db.prepare('PRAGMA integrity_check').pluck().all() as string[]
	return rows.join('; ')
}

function sha256File(file: string): string {
	return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')
}

export type BackupResult = {
	file: string
	bytes: number
	sha256: string
	integrity: string
	counts: TableCounts
	startedAt: string
	milliseconds: number
	removed: string[]
}

/** backups/kizuna.db + a time → backups/kizuna-20261207-121500.db */
export function generationName(target: string, at: Date): string {
	const ext = path.extname(target) || '.db'
	const base = target.slice(0, target.length - path.extname(target).length)
	const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
	return `${base}-${stamp}${ext}`
}

/** Older generations beyond `keep` (by name, which sorts by time). */
export function generationsToRemove(target: string, keep: number): string[] {
	const dir = path.dirname(target)
	const ext = path.extname(target) || '.db'
	const stem = path.basename(target, path.extname(target))
	const pattern = new RegExp(`^${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d{8}-\\d{6}${ext.replace('.', '\\.')}$`)
	if (!fs.existsSync(dir)) return []
	const files = fs
		.readdirSync(dir)
		.filter((f) => pattern.test(f))
		.sort()
	return files.slice(0, Math.max(0, files.length - keep)).map((f) => path.join(dir, f))
}

/**
 * Copies `source` into `target` with the online backup API, all pages in one step inside one read
 * transaction, so the copy is one consistent moment of the database and row counts taken in that
 * transaction must match the copy exactly. Then checks the copy (integrity_check, counts) and only
 * then gives it its name; with `keep`, the name carries the time and old generations are removed.
 */
export async function backupDatabase(sourceFile: string, target: string, options: { keep?: number } = {}): Promise<BackupResult> {
	if (!fs.existsSync(sourceFile)) throw new Error(`no database at ${sourceFile}`)
	const started = new Date()
	const finalFile = options.keep ? generationName(target, started) : target
	if (fs.existsSync(finalFile)) throw new Error(`${finalFile} already exists; a backup never overwrites a file`)
	fs.mkdirSync(path.dirname(finalFile), { recursive: true })
	const partial = `${finalFile}.partial`
	fs.rmSync(partial, { force: true })
	const source = new Database(sourceFile, { readonly: true, fileMustExist: true })
	let expected: TableCounts
	try {
		source.pragma('busy_timeout = 5000')
		source.exec('BEGIN')
		expected = countRows(source) // opens the read snapshot the backup copies
		await source.backup(partial, { progress: () => 1_000_000_000 })
		source.exec('COMMIT')
	} finally {
		source.close()
	}
	const copy = new Database(partial)
	let integrity: string
	let counts: TableCounts
	try {
		copy.pragma('journal_mode = DELETE') // a backup is one self-contained file
		integrity = integrityCheck(copy)
		counts = countRows(copy)
	} finally {
		copy.close()
	}
	if (integrity !== 'ok') {
		fs.rmSync(partial, { force: true })
		throw new Error(`the copy failed integrity_check: ${integrity}`)
	}
	const mismatched = Object.keys(expected).filter((t) => expected[t] !== counts[t])
	if (mismatched.length > 0) {
		fs.rmSync(partial, { force: true })
		throw new Error(`row counts differ from the source snapshot in: ${mismatched.join(', ')}`)
	}
	fs.renameSync(partial, finalFile)
	const result: BackupResult = {
		file: finalFile,
		bytes: fs.statSync(finalFile).size,
		sha256: sha256File(finalFile),
		integrity,
		counts,
		startedAt: started.toISOString(),
		milliseconds: Date.now() - started.getTime(),
		removed: [],
	}
	fs.writeFileSync(`${finalFile}.json`, `${JSON.stringify({ ...result, source: path.resolve(sourceFile) }, null, 2)}\n`)
	if (options.keep) {
		for (const old of generationsToRemove(target, options.keep)) {
			fs.rmSync(old, { force: true })
			fs.rmSync(`${old}.json`, { force: true })
			result.removed.push(old)
		}
	}
	return result
}

/** Whether a server holds the writer lock of this database file (server/writer-lock.ts). */
export function isLive(databaseFile: string): boolean {
	const lockPath = `${databaseFile}.writer-lock`
	if (!fs.existsSync(lockPath)) return false
	const lock = new Database(lockPath, { timeout: 0 })
	try {
		lock.exec('BEGIN EXCLUSIVE')
		lock.exec('ROLLBACK')
		return false
	} catch {
		return true
	} finally {
		lock.close()
	}
}

export type RestoreResult = { file: string; integrity: string; counts: TableCounts }

/**
 * Restores a backup into a NEW database file. Refuses to write over any existing file — above
 * all the live one — so a restore can never destroy the data it is meant to rescue.
 */
export async function restoreDatabase(backupFile: string, target: string): Promise<RestoreResult> {
	if (!fs.existsSync(backupFile)) throw new Error(`no backup at ${backupFile}`)
	if (isLive(target)) throw new Error(`${target} is the database of a running server; restore into a new file and switch over`)
	for (const existing of [target, `${target}-wal`, `${target}-shm`]) {
		if (fs.existsSync(existing)) throw new Error(`${existing} already exists; restore never overwrites a database — choose a new file`)
	}
	const backup = new Database(backupFile, { readonly: true, fileMustExist: true })
	let expected: TableCounts
	try {
		const integrity = integrityCheck(backup)
		if (integrity !== 'ok') throw new Error(`the backup failed integrity_check: ${integrity}`)
		expected = countRows(backup)
		fs.mkdirSync(path.dirname(target), { recursive: true })
		await backup.backup(`${target}.partial`, { progress: () => 1_000_000_000 })
	} finally {
		backup.close()
	}
	const restored = new Database(`${target}.partial`)
	let integrity: string
	let counts: TableCounts
	try {
		restored.pragma('journal_mode = WAL')
		integrity = integrityCheck(restored)
		counts = countRows(restored)
	} finally {
		restored.close()
	}
	const mismatched = Object.keys(expected).filter((t) => expected[t] !== counts[t])
	if (integrity !== 'ok' || mismatched.length > 0) {
		fs.rmSync(`${target}.partial`, { force: true })
		throw new Error(`the restored copy does not match the backup (${integrity}; ${mismatched.join(', ')})`)
	}
	fs.renameSync(`${target}.partial`, target)
	return { file: target, integrity, counts }
}
