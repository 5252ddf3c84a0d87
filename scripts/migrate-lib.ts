/**
 * Applies the committed migrations to a database with dbmate (docs/decisions/0001, 0017).
 *
 * Prisma 7's `migrate` needs a native schema engine that cannot be downloaded on our machines, and
 * Prisma never applied migrations to PostgreSQL here at all; dbmate is one static binary shipped
 * inside an npm package (@dbmate/linux-x64) that applies plain SQL to SQLite and PostgreSQL.
 *
 * The committed SQL stays the single source per engine, in Prisma's layout so that branches made
 * with `npm run db:new-migration` merge as they always did:
 *   prisma/migrations/<timestamp>_<name>/migration.sql           SQLite
 *   prisma/migrations-postgres/<timestamp>_<name>/migration.sql  PostgreSQL
 * dbmate wants flat `<version>_<name>.sql` files with a `-- migrate:up` marker, so each run stages
 * a copy of them in a temporary folder. The version is the timestamp; dbmate records it in
 * `schema_migrations` and runs each migration in its own transaction.
 *
 * A database that `prisma migrate deploy` migrated (it has `_prisma_migrations`) is adopted: the
 * migrations Prisma finished are recorded in `schema_migrations` first, so dbmate continues after
 * them. Nothing is ever reset; `_prisma_migrations` stays as history.
 */
import { spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { resolveBinary } from 'dbmate'

export type Engine = 'sqlite' | 'postgres'

const ROOT = path.resolve(import.meta.dirname, '..')
export const MIGRATION_DIRS: Record<Engine, string> = {
	sqlite: path.join(ROOT, 'prisma', 'migrations'),
	postgres: path.join(ROOT, 'prisma', 'migrations-postgres'),
}
const MIGRATION_NAME = /^(\d{14})_[A-Za-z0-9_]+$/

export function engineOf(url: string): Engine {
	if (url.startsWith('file:')) return 'sqlite'
	if (/^postgres(ql)?:\/\//.test(url)) return 'postgres'
	throw new Error(`DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL), got ${JSON.stringify(url.slice(0, 20))}`)
}

/** Absolute SQLite path of a `file:` URL (relative paths are relative to the project root, as in the app). */
export function sqlitePath(url: string): string {
	const p = url.replace(/^file:/, '').replace(/\?.*$/, '')
	return path.isAbsolute(p) ? p : path.resolve(process.cwd(), p)
}

export type CommittedMigration = { version: string; name: string; file: string }

/** The committed migrations of an engine, oldest first. */
export function committedMigrations(engine: Engine): CommittedMigration[] {
	const dir = MIGRATION_DIRS[engine]
	return fs
		.readdirSync(dir, { withFileTypes: true })
		.filter((e) => e.isDirectory() && MIGRATION_NAME.test(e.name))
		.map((e) => ({ version: e.name.slice(0, 14), name: e.name, file: path.join(dir, e.name, 'migration.sql') }))
		.filter((m) => fs.existsSync(m.file))
		.sort((a, b) => a.name.localeCompare(b.name))
}

function stage(engine: Engine, upTo?: string): string {
	const migrations = committedMigrations(engine)
	const seen = new Map<string, string>()
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kizuna-migrations-${engine}-`))
	for (const m of migrations) {
		if (seen.has(m.version)) throw new Error(`two migrations share the timestamp ${m.version}: ${seen.get(m.version)} and ${m.name}`)
		seen.set(m.version, m.name)
		if (upTo && m.name > upTo) continue
		// No down section: migrations are never rolled back on a care record (a fix is a new migration).
		fs.writeFileSync(path.join(dir, `${m.name}.sql`), `-- migrate:up\n${fs.readFileSync(m.file, 'utf8')}\n\n-- migrate:down\n`)
	}
	return dir
}

/** dbmate's URL for ours: sqlite:/abs/path, or the PostgreSQL URL (no TLS on a loopback address unless asked). */
function dbmateUrl(url: string): string {
	if (engineOf(url) === 'sqlite') return `sqlite:${sqlitePath(url)}`
	const parsed = new URL(url)
	if (!parsed.searchParams.has('sslmode') && ['localhost', '127.0.0.1', '[::1]', ''].includes(parsed.hostname)) parsed.searchParams.set('sslmode', 'disable')
	// Prisma's `schema` parameter is dbmate's `search_path`.
	const schema = parsed.searchParams.get('schema')
	if (schema) {
		parsed.searchParams.delete('schema')
		parsed.searchParams.set('search_path', schema)
	}
	return parsed.toString()
}

/**
 * Records the migrations `prisma migrate deploy` finished in dbmate's table (SQLite: the only
 * engine Prisma ever migrated here). Refuses a database with a failed or unknown Prisma migration:
 * continuing on top of it would build on a schema we cannot vouch for.
 */
export function adoptPrismaHistory(file: string): string[] {
	if (!fs.existsSync(file)) return []
	const db = new Database(file)
	try {
		const hasPrisma = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get()
		if (!hasPrisma) return []
		const rows = db
			.prepare('SELECT migration_name AS name, checksum, finished_at AS finishedAt, rolled_back_at AS rolledBackAt FROM "_prisma_migrations" ORDER BY migration_name')
			.all() as Array<{ name: string; checksum: string; finishedAt: unknown; rolledBackAt: unknown }>
		const failed = rows.filter((r) => r.finishedAt == null && r.rolledBackAt == null)
		if (failed.length > 0) {
			throw new Error(`${file}: Prisma recorded the migration ${failed.map((r) => r.name).join(', ')} as started but not finished; repair the database (or restore a backup) before migrating`)
		}
		const committed = new Map(committedMigrations('sqlite').map((m) => [m.name, m]))
		const applied = rows.filter((r) => r.finishedAt != null && r.rolledBackAt == null)
		const adopted: string[] = []
		for (const r of applied) {
			const m = committed.get(r.name)
			if (!m) throw new Error(`${file}: it has the migration ${r.name}, which is not committed here (a database from another branch?)`)
			const checksum = crypto.createHash('sha256').update(fs.readFileSync(m.file)).digest('hex')
			if (checksum !== r.checksum) console.warn(`[migrate] ${r.name} was changed after Prisma applied it to ${file}; the applied version is kept`)
			adopted.push(m.version)
		}
		db.transaction(() => {
			db.exec('CREATE TABLE IF NOT EXISTS "schema_migrations" (version varchar(128) primary key)')
			const insert = db.prepare('INSERT OR IGNORE INTO "schema_migrations" (version) VALUES (?)')
			for (const v of adopted) insert.run(v)
		})()
		return adopted
	} finally {
		db.close()
	}
}

export type MigrateOptions = {
	/** Apply only up to and including this migration folder name (tests of a migration on old data). */
	upTo?: string
	/** Print dbmate's output (the CLI does; tests and setup helpers do not). */
	verbose?: boolean
}

/** Brings the database at `url` up to the committed migrations of its engine; returns the versions applied now. */
export function migrateDatabase(url: string, options: MigrateOptions = {}): string[] {
	const engine = engineOf(url)
	if (engine === 'sqlite') {
		const file = sqlitePath(url)
		fs.mkdirSync(path.dirname(file), { recursive: true })
		adoptPrismaHistory(file)
	}
	const dir = stage(engine, options.upTo)
	try {
		const result = spawnSync(
			resolveBinary(),
			['--url', dbmateUrl(url), '--migrations-dir', dir, '--no-dump-schema', '--env-file', path.join(dir, 'no.env'), 'up'],
			{ encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } },
		)
		if (result.error) throw result.error
		if (result.status !== 0) throw new Error(`dbmate failed on ${redact(url)}:\n${result.stderr || result.stdout}`)
		if (options.verbose && result.stdout.trim()) process.stdout.write(result.stdout)
		return [...result.stdout.matchAll(/Applying: (\d{14})_/g)].map((m) => m[1])
	} finally {
		fs.rmSync(dir, { recursive: true, force: true })
	}
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
	return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@')
}
