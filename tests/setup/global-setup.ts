import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

/**
 * Builds two template databases once per run with the committed migrations (the real
 * `prisma migrate deploy`): an empty one and one with the demo seed. Tests copy them.
 */
export const TMP_DIR = path.resolve('tests/.tmp')
export const BASE_DB = path.join(TMP_DIR, 'base.db')
export const SEEDED_DB = path.join(TMP_DIR, 'seeded.db')

export default function globalSetup() {
	fs.rmSync(TMP_DIR, { recursive: true, force: true })
	fs.mkdirSync(TMP_DIR, { recursive: true })
	const env = {
		...process.env,
		PRISMA_QUERY_ENGINE_LIBRARY: path.resolve('scripts/no-native-engine'),
		PRISMA_SCHEMA_ENGINE_BINARY: path.resolve('scripts/no-native-engine'),
		PRISMA_HIDE_UPDATE_MESSAGE: '1',
	}
	execFileSync('npx', ['prisma', 'migrate', 'deploy'], { env: { ...env, DATABASE_URL: `file:${BASE_DB}` }, stdio: 'pipe' })
	fs.copyFileSync(BASE_DB, SEEDED_DB)
	execFileSync('npx', ['tsx', 'prisma/seed.ts'], { env: { ...env, DATABASE_URL: `file:${SEEDED_DB}` }, stdio: 'pipe' })
}
