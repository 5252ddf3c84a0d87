/**
 * PostgreSQL for the integration suite (TEST_DB=postgres, decision 0017). global-setup builds
 * template databases once per run (migrated by dbmate, seeded); each test file gets a fresh
 * database copied from a template with CREATE DATABASE … TEMPLATE (a file copy inside the server,
 * far faster than migrating and seeding again). TEST_PG_URL names the server and an existing
 * database to administer from, e.g. postgresql://postgres@127.0.0.1:5441/postgres.
 */
import crypto from 'node:crypto'
import pg from 'pg'
import { migrateDatabase } from '../../scripts/migrate-lib.ts'

export function testEngine(): 'sqlite' | 'postgres' {
	const value = (process.env.TEST_DB ?? 'sqlite').toLowerCase()
	if (value === 'sqlite' || value === 'postgres') return value
	throw new Error(`TEST_DB must be sqlite or postgres, not ${value}`)
}

export function adminUrl(): string {
	const url = process.env.TEST_PG_URL
	if (!url) throw new Error('TEST_DB=postgres needs TEST_PG_URL (e.g. postgresql://postgres@127.0.0.1:5441/postgres)')
	return url
}

/** The URL of database `name` on the test server. */
export function databaseUrl(name: string): string {
	const url = new URL(adminUrl())
	url.pathname = `/${name}`
	return url.toString()
}

export async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
	const client = new pg.Client({ connectionString: adminUrl() })
	await client.connect()
	try {
		return await work(client)
	} finally {
		await client.end()
	}
}

/** Template names are per run (several runs may share one server). */
export function templateName(runId: string, template: string): string {
	return `kizuna_tpl_${runId}_${template}`
}

/** A fresh database copied from a template; returns its URL. */
export async function createFromTemplate(runId: string, template: string): Promise<string> {
	const name = `kizuna_t_${runId}_${crypto.randomBytes(5).toString('hex')}`
	await withAdmin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${templateName(runId, template)}"`))
	return databaseUrl(name)
}

/** Drops every database this run made (templates included). */
export async function dropRunDatabases(runId: string): Promise<void> {
	await withAdmin(async (c) => {
		const { rows } = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname LIKE $2`, [`kizuna_t_${runId}_%`, `kizuna_tpl_${runId}_%`])
		for (const { datname } of rows) {
			await c.query(`ALTER DATABASE "${datname}" WITH IS_TEMPLATE false`)
			await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`)
		}
	})
}

/** A throw-away database for one test file (beside TEST_POSTGRES_URL's), dropped afterwards. */
export async function createScratchDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
	const name = `kizuna_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`
	const admin = new pg.Client({ connectionString: adminUrl })
	await admin.connect()
	await admin.query(`CREATE DATABASE ${name}`)
	await admin.end()
	const url = new URL(adminUrl)
	url.pathname = `/${name}`
	return {
		url: url.toString(),
		async drop() {
			const again = new pg.Client({ connectionString: adminUrl })
			await again.connect()
			await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
			await again.end()
		},
	}
}

/** The committed PostgreSQL migrations applied to `url` (dbmate, as `npm run setup` does). */
export async function collabTables(url: string): Promise<void> {
	migrateDatabase(url)
}
