import fs from 'node:fs'
import path from 'node:path'
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import type Database from 'better-sqlite3'
import { PrismaClient } from '#app/generated/prisma/client.ts'
import { databasePathFromUrl, getEnv } from './env.server.ts'
import { countingAdapter } from './query-count.server.ts'

/**
 * One SQLite connection per process, shared by Prisma and the collaboration server.
 *
 * better-sqlite3 is synchronous, so every statement on this connection runs to completion
 * on the event loop; with one connection there is no SQLITE_BUSY inside the process at all
 * (prisma/orm #29933: a BUSY at COMMIT could silently lose writes). The only interleaving
 * left is a Prisma transaction that spans several awaits: raw writers check
 * `sqlite.inTransaction` and wait (see docs/decisions/0002-one-connection.md).
 */
export type DbHandle = {
	/** which engine DATABASE_URL names: `file:…` SQLite (the default) or `postgresql://…` (decision 0017) */
	engine: DbEngine
	prisma: PrismaClient
	/**
	 * SQLite: the one better-sqlite3 connection Prisma also uses. PostgreSQL: reading it throws —
	 * code that needs raw SQL there goes through `prisma` (`$queryRaw`, `$executeRaw`).
	 */
	sqlite: Database.Database
	/** SQLite: the database file; PostgreSQL: '' */
	path: string
}

export type DbEngine = 'sqlite' | 'postgres'

/** The engine a database URL names. */
export function engineOfUrl(url: string): DbEngine {
	if (/^postgres(ql)?:\/\//.test(url)) return 'postgres'
	if (url.startsWith('file:')) return 'sqlite'
	throw new Error('DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)')
}

const GLOBAL_KEY = Symbol.for('kizuna.db')
const BEFORE_CLOSE_KEY = Symbol.for('kizuna.db.before-close')
const PENDING_KEY = Symbol.for('kizuna.db.pending')
type GlobalWithDb = typeof globalThis & {
	[GLOBAL_KEY]?: DbHandle
	[PENDING_KEY]?: Promise<DbHandle>
	[BEFORE_CLOSE_KEY]?: Set<(handle: DbHandle) => void | Promise<void>>
}

/** Registers work that must reach the database before it closes (e.g. the batched audit rows). */
export function onBeforeClose(callback: (handle: DbHandle) => void | Promise<void>): void {
	const g = globalThis as GlobalWithDb
	;(g[BEFORE_CLOSE_KEY] ??= new Set()).add(callback)
}

export const REQUIRED_PRAGMAS = {
	journal_mode: 'wal',
	synchronous: 2, // FULL
	foreign_keys: 1,
	busy_timeout: 5000,
} as const

/** Sets and verifies the durability PRAGMAs; throws if SQLite would not honour them. */
export function applyPragmas(sqlite: Database.Database): void {
	sqlite.pragma('busy_timeout = 5000')
	sqlite.pragma('journal_mode = WAL')
	sqlite.pragma('synchronous = FULL')
	sqlite.pragma('foreign_keys = ON')
	const actual = {
		journal_mode: String(sqlite.pragma('journal_mode', { simple: true })).toLowerCase(),
		synchronous: Number(sqlite.pragma('synchronous', { simple: true })),
		foreign_keys: Number(sqlite.pragma('foreign_keys', { simple: true })),
		busy_timeout: Number(sqlite.pragma('busy_timeout', { simple: true })),
	}
	for (const [key, expected] of Object.entries(REQUIRED_PRAGMAS)) {
		if (actual[key as keyof typeof actual] !== expected) {
			throw new Error(`SQLite PRAGMA ${key} is ${actual[key as keyof typeof actual]}, expected ${expected}`)
		}
	}
	const version = String(sqlite.prepare('select sqlite_version() as v').pluck().get())
	if (compareVersions(version, '3.51.3') < 0) {
		// 3.7.0–3.51.2 can corrupt a WAL database (the "WAL-reset" bug).
		throw new Error(`SQLite ${version} is too old; 3.51.3 or newer is required`)
	}
}

function compareVersions(a: string, b: string): number {
	const pa = a.split('.').map(Number)
	const pb = b.split('.').map(Number)
	for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
		const d = (pa[i] ?? 0) - (pb[i] ?? 0)
		if (d !== 0) return d
	}
	return 0
}

/**
 * Prisma 7 caches compiled query plans by query shape; a page runs a few dozen shapes and the
 * whole app a few hundred, so the cache holds them all and the per-query wasm compile (over a
 * quarter of a page's CPU under Prisma 6) happens once per shape per process.
 */
export const QUERY_PLAN_CACHE_SIZE = 2000

async function open(): Promise<DbHandle> {
	const url = getEnv().DATABASE_URL
	return engineOfUrl(url) === 'postgres' ? openPostgres(url) : openSqlite(url)
}

/**
 * PostgreSQL through @prisma/adapter-pg (a pg pool) and the client generated from the same schema
 * with the postgresql provider (scripts/db-schemas.ts). Both clients are generated from one schema
 * and share @prisma/client's runtime (same error classes), so the SQLite client's type describes
 * this one too. Loaded only when used: a SQLite deployment never loads pg.
 */
async function openPostgres(url: string): Promise<DbHandle> {
	const [{ PrismaPg }, { PrismaClient: PostgresClient }] = await Promise.all([
		import('@prisma/adapter-pg'),
		import('#app/generated/prisma-postgres/client.ts'),
	])
	const prisma = new PostgresClient({
		adapter: new PrismaPg({ connectionString: url, max: POSTGRES_POOL_SIZE }),
		queryPlanCacheMaxSize: QUERY_PLAN_CACHE_SIZE,
	}) as unknown as PrismaClient
	await prisma.$connect()
	const handle = { engine: 'postgres', prisma, path: '' } as DbHandle
	Object.defineProperty(handle, 'sqlite', {
		enumerable: false,
		get() {
			throw new Error('DbHandle.sqlite: the database is PostgreSQL; use prisma ($queryRaw/$executeRaw) for raw SQL')
		},
	})
	return handle
}

/** Connections per process: PostgreSQL's default max_connections (100) shared by a few instances. */
export const POSTGRES_POOL_SIZE = Number(process.env.KIZUNA_PG_POOL_SIZE) || 10

async function openSqlite(url: string): Promise<DbHandle> {
	const dbPath = databasePathFromUrl(url)
	fs.mkdirSync(path.dirname(dbPath), { recursive: true })
	const factory = new PrismaBetterSqlite3({ url: `file:${dbPath}` })
	const adapter = await factory.connect()
	// The adapter keeps its better-sqlite3 handle in `client`; we share that one handle.
	const sqlite = (adapter as unknown as { client: Database.Database }).client
	applyPragmas(sqlite)
	const prisma = new PrismaClient({
		adapter: {
			provider: factory.provider,
			adapterName: factory.adapterName,
			// Counted per request (query-count.server.ts): the query-count tests and bench:pages read it.
			connect: () => Promise.resolve(countingAdapter(adapter)),
		},
		queryPlanCacheMaxSize: QUERY_PLAN_CACHE_SIZE,
	})
	return { engine: 'sqlite', prisma, sqlite, path: dbPath }
}

/** Opens the process-wide database handle once; every entry point awaits this first. */
export async function initDb(): Promise<DbHandle> {
	const g = globalThis as GlobalWithDb
	if (g[GLOBAL_KEY]) return g[GLOBAL_KEY]
	const pending = (g[PENDING_KEY] ??= open())
	g[GLOBAL_KEY] = await pending
	return g[GLOBAL_KEY]
}

/** Closes the handle (tests and graceful shutdown). */
export async function closeDb(): Promise<void> {
	const g = globalThis as GlobalWithDb
	const handle = g[GLOBAL_KEY]
	// Nobody new gets the handle while the work before closing runs (it may await on PostgreSQL).
	g[GLOBAL_KEY] = undefined
	if (handle && (handle.engine === 'postgres' || handle.sqlite.open)) {
		for (const callback of g[BEFORE_CLOSE_KEY] ?? []) {
			try {
				await callback(handle)
			} catch (error) {
				console.error('[db] work before closing failed', error)
			}
		}
	}
	g[GLOBAL_KEY] = undefined
	g[PENDING_KEY] = undefined
	if (!handle) return
	await handle.prisma.$disconnect()
	if (handle.engine === 'sqlite' && handle.sqlite.open) handle.sqlite.close()
}

/** The process-wide database handle; initDb() must have completed. */
export function getDb(): DbHandle {
	const handle = (globalThis as GlobalWithDb)[GLOBAL_KEY]
	if (!handle) throw new Error('Database not initialised: await initDb() first')
	return handle
}

export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
	get(_target, prop) {
		return Reflect.get(getDb().prisma, prop)
	},
})
