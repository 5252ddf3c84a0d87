import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

/**
 * A fresh seeded database for the browser tests, made with the committed migrations and the
 * demo seed. Playwright runs globalSetup before it starts the webServer.
 */
export default function globalSetup() {
	const db = process.env.E2E_DB ?? path.resolve('tests/.tmp/e2e.db')
	fs.mkdirSync(path.dirname(db), { recursive: true })
	for (const suffix of ['', '-wal', '-shm', '.writer-lock']) fs.rmSync(db + suffix, { force: true })
	const env = {
		...process.env,
		DATABASE_URL: `file:${db}`,
		PRISMA_QUERY_ENGINE_LIBRARY: path.resolve('scripts/no-native-engine'),
		PRISMA_SCHEMA_ENGINE_BINARY: path.resolve('scripts/no-native-engine'),
		PRISMA_HIDE_UPDATE_MESSAGE: '1',
	}
	execFileSync('npx', ['prisma', 'migrate', 'deploy'], { env, stdio: 'pipe' })
	execFileSync('npx', ['tsx', 'prisma/seed.ts'], { env, stdio: 'pipe' })
}
