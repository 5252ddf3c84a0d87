/**
 * Process entry: validate the environment, open the database (PRAGMAs verified), take the
 * single-writer lock, start HTTP + websocket on one port, and shut down gracefully.
 */
import { closeDb, initDb } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { createAppServer } from './app.ts'
import { acquireWriterLock } from './writer-lock.ts'

async function main() {
	const env = getEnv()
	const db = await initDb()
	// One writer process per SQLite file; PostgreSQL takes any number of instances (issue #17).
	const lock = db.engine === 'sqlite' ? acquireWriterLock(db.path) : { release() {} }
	const server = await createAppServer()
	await new Promise<void>((resolve) => server.httpServer.listen(env.PORT, env.HOST, resolve))
	const address = server.httpServer.address()
	const port = typeof address === 'object' && address ? address.port : env.PORT
	console.log(`[kizuna] listening on http://localhost:${port} (database ${db.engine === 'sqlite' ? db.path : 'PostgreSQL'})`)

	let stopping = false
	const stop = async (signal: string) => {
		if (stopping) return
		stopping = true
		console.log(`[kizuna] ${signal}: flushing and shutting down`)
		const force = setTimeout(() => process.exit(1), 10_000)
		force.unref()
		try {
			await server.close()
			await closeDb()
		} finally {
			lock.release()
			process.exit(0)
		}
	}
	process.on('SIGTERM', () => void stop('SIGTERM'))
	process.on('SIGINT', () => void stop('SIGINT'))
	// A last-resort handler: log, try to flush, exit; a supervisor restarts us and the
	// write-ahead log means nothing acknowledged is lost (reliability-bar §1.1).
	process.on('uncaughtException', (error) => {
		console.error('[kizuna] uncaught exception', error)
		void stop('uncaughtException')
	})
	process.on('unhandledRejection', (error) => {
		console.error('[kizuna] unhandled rejection', error)
	})
}

main().catch((error) => {
	console.error(`[kizuna] failed to start: ${error instanceof Error ? error.message : String(error)}`)
	process.exit(1)
})
