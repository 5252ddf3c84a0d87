import Database from 'better-sqlite3'

/**
 * One writer process per database file. A companion SQLite file is opened in exclusive
 * locking mode and kept inside an open exclusive transaction for the life of the process;
 * the OS releases that lock when the process exits, even after kill -9, so a crashed server
 * never leaves a stale lock behind — while a second server on the same file is refused.
 */
export class WriterLockError extends Error {}

export type WriterLock = { release(): void }

export function acquireWriterLock(databasePath: string): WriterLock {
	const lockPath = `${databasePath}.writer-lock`
	const lock = new Database(lockPath, { timeout: 0 })
	try {
		lock.pragma('locking_mode = EXCLUSIVE')
		lock.exec('CREATE TABLE IF NOT EXISTS writer (pid INTEGER, started_at TEXT)')
		lock.exec('BEGIN EXCLUSIVE')
		lock.prepare('INSERT INTO writer (pid, started_at) VALUES (?, ?)').run(process.pid, new Date().toISOString())
	} catch (error) {
		lock.close()
		if (error instanceof Error && /busy|locked/i.test(error.message)) {
			throw new WriterLockError(
				`Another Kizuna Plan server is already using ${databasePath}; only one writer process per database file is allowed.`,
			)
		}
		throw error
	}
	return {
		release() {
			if (!lock.open) return
			try {
				lock.exec('ROLLBACK')
			} finally {
				lock.close()
			}
		},
	}
}
