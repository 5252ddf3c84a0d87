import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { migrateDatabase } from '../../scripts/migrate-lib.ts'
import { databaseUrl, dropRunDatabases, templateName, testEngine, withAdmin } from '../helpers/postgres.ts'

/**
 * Builds template databases once per run with the committed migrations (the real
 * dbmate, as `npm run setup` applies them): an empty one, the seed without the living case, and the whole demo.
 * Tests copy them.
 * Each run gets its own folder (several runs may happen side by side on one machine).
 */
export default async function globalSetup() {
	const dir = path.resolve('tests/.tmp', `vitest-${process.pid}`)
	fs.rmSync(dir, { recursive: true, force: true })
	fs.mkdirSync(dir, { recursive: true })
	process.env.KIZUNA_TEST_TMP = dir
	process.env.KIZUNA_TEST_RUN = String(process.pid)
	const base = path.join(dir, 'base.db')
	const seeded = path.join(dir, 'seeded.db')
	const demo = path.join(dir, 'demo.db')
	const env = {
		...process.env,
		PRISMA_QUERY_ENGINE_LIBRARY: path.resolve('scripts/no-native-engine'),
		PRISMA_SCHEMA_ENGINE_BINARY: path.resolve('scripts/no-native-engine'),
		PRISMA_HIDE_UPDATE_MESSAGE: '1',
	}
	if (testEngine() === 'postgres') {
		// The SQLite templates are built too: some tests build their own SQLite files on purpose
		// (migrations, backups, the collaboration server's raw storage).
		await postgresTemplates(String(process.pid), env)
	}
	migrateDatabase(`file:${base}`)
	fs.copyFileSync(base, seeded)
	fs.copyFileSync(base, demo)
	// 'seeded': the demo accounts, organisations and clients before any plan (the fixture the
	// module tests start from); 'demo': the whole demo with the living case (npm run setup).
	execFileSync('npx', ['tsx', 'prisma/seed.ts'], { env: { ...env, DATABASE_URL: `file:${seeded}`, KIZUNA_SEED_LIVING_CASE: '0' }, stdio: 'pipe' })
	execFileSync('npx', ['tsx', 'prisma/seed.ts'], { env: { ...env, DATABASE_URL: `file:${demo}` }, stdio: 'pipe' })
	return async () => {
		fs.rmSync(dir, { recursive: true, force: true })
		if (testEngine() === 'postgres') await dropRunDatabases(String(process.pid))
	}
}

/**
 * base (migrated), seeded (demo accounts, organisations, clients) and — when the seed can write
 * it — demo on the PostgreSQL test server. The living case stores co-edited documents through the
 * collaboration server's raw storage, which is SQLite-only on this branch: no 'demo' template then.
 */
async function postgresTemplates(runId: string, env: NodeJS.ProcessEnv): Promise<void> {
	await dropRunDatabases(runId)
	for (const template of ['base', 'seeded']) {
		const name = templateName(runId, template)
		await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`))
		const url = databaseUrl(name)
		migrateDatabase(url)
		if (template === 'seeded') execFileSync('npx', ['tsx', 'prisma/seed.ts'], { env: { ...env, DATABASE_URL: url, KIZUNA_SEED_LIVING_CASE: '0' }, stdio: 'pipe' })
		// A template must have no open connections when copied; mark it as one.
		await withAdmin((c) => c.query(`ALTER DATABASE "${name}" WITH IS_TEMPLATE true`))
	}
}
