/** Exits with a clear message when a Kizuna Plan server is running on DATABASE_URL's file. */
import fs from 'node:fs'
import { databasePathFromUrl, getEnv } from '#app/utils/env.server.ts'
import { acquireWriterLock, WriterLockError } from '#server/writer-lock.ts'

const dbPath = databasePathFromUrl(getEnv().DATABASE_URL)
if (fs.existsSync(dbPath)) {
	try {
		acquireWriterLock(dbPath).release()
	} catch (error) {
		if (error instanceof WriterLockError) {
			console.error(`A Kizuna Plan server is running on ${dbPath}. Stop it (Ctrl+C) and run setup again.`)
			process.exit(1)
		}
		throw error
	}
}
