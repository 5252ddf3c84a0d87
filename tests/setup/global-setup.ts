import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { migrateDatabase } from '../../scripts/migrate-lib.ts'

/**
 * Builds template databases once per run with the committed migrations (the real
 * dbmate, as `npm run setup` applies them): an empty one, the seed without the living case, and the whole demo.
 * Tests copy them.
 * Each run gets its own folder (several runs may happen side by side on one machine).
 */
export default function globalSetup() {
	const dir = path.resolve('tests/.tmp', `vitest-${process.pid}`)
	fs.rmSync(dir, { recursive: true, force: true })
	fs.mkdirSync(dir, { recursive: true })
	process.env.KIZUNA_TEST_TMP = dir
	const base = path.join(dir, 'base.db')
	const seeded = path.join(dir, 'seeded.db')
	const demo = path.join(dir, 'demo.db')
	const env = {
		...process.env,
		PRISMA_QUERY_ENGINE_LIBRARY: path.resolve('scripts/no-native-engine'),
		PRISMA_SCHEMA_ENGINE_BINARY: path.resolve('scripts/no-native-engine'),
		PRISMA_HIDE_UPDATE_MESSAGE: '1',
	}
	migrateDatabase(`file:${base}`)
	fs.copyFileSync(base, seeded)
	fs.copyFileSync(base, demo)
	// 'seeded': the demo accounts, organisations and clients before any plan (the fixture the
	// module tests start from); 'demo': the whole demo with the living case (npm run setup).
	execFileSync('npx', ['tsx', 'prisma/seed.ts'], { env: { ...env, DATABASE_URL: `file:${seeded}`, KIZUNA_SEED_LIVING_CASE: '0' }, stdio: 'pipe' })
	execFileSync('npx', ['tsx', 'prisma/seed.ts'], { env: { ...env, DATABASE_URL: `file:${demo}` }, stdio: 'pipe' })
	return () => fs.rmSync(dir, { recursive: true, force: true })
}
