import { AsyncLocalStorage } from 'node:async_hooks'

/**
 * Request-scoped count of the SQL statements Prisma sends to the database.
 *
 * The count is taken at the driver adapter (the object Prisma hands every SQL statement to), not
 * through a Prisma client extension: the adapter interface (`queryRaw`, `executeRaw`,
 * `startTransaction`) is the same in Prisma 6 and 7, and it counts what actually reaches SQLite —
 * an `include` that Prisma splits into three statements counts three. Statements the
 * collaboration server and the audit writer run on the raw better-sqlite3 handle are not counted.
 *
 * The server opens a scope per request (server/app.ts); tests open one around a loader call
 * (countQueries). The storage lives on globalThis because the Remix bundle and the server process
 * each load their own copy of this module.
 */
/** `slowest`: the statement that took longest (bench and test diagnostics). */
export type QueryCounter = { queries: number; statements: string[]; slowest?: { sql: string; ms: number } }

const STORAGE_KEY = Symbol.for('kizuna.query-count')
type GlobalWithStorage = typeof globalThis & { [STORAGE_KEY]?: AsyncLocalStorage<QueryCounter> }

function storage(): AsyncLocalStorage<QueryCounter> {
	const g = globalThis as GlobalWithStorage
	return (g[STORAGE_KEY] ??= new AsyncLocalStorage<QueryCounter>())
}

/** Runs `fn` with a fresh counter; every statement Prisma sends inside it is counted. */
export async function countQueries<T>(fn: () => Promise<T>): Promise<QueryCounter & { result: T }> {
	const counter: QueryCounter = { queries: 0, statements: [] }
	const result = await storage().run(counter, fn)
	return { ...counter, result }
}

/** Opens a counter for the rest of a callback chain (an Express middleware's `next`). */
export function runWithQueryCounter<T>(counter: QueryCounter, fn: () => T): T {
	return storage().run(counter, fn)
}

function record(sql: string): QueryCounter | undefined {
	const counter = storage().getStore()
	if (!counter) return undefined
	counter.queries += 1
	// Kept for the failure message of a query-count test; a page runs a few dozen at most.
	if (counter.statements.length < 500) counter.statements.push(sql)
	return counter
}

async function timed<T>(counter: QueryCounter | undefined, sql: string, run: () => Promise<T>): Promise<T> {
	if (!counter) return run()
	const started = performance.now()
	try {
		return await run()
	} finally {
		const ms = performance.now() - started
		if (!counter.slowest || ms > counter.slowest.ms) counter.slowest = { sql, ms }
	}
}

type Queryable = {
	queryRaw(params: { sql: string }): Promise<unknown>
	executeRaw(params: { sql: string }): Promise<unknown>
}
type AdapterLike = Queryable & { startTransaction(...args: unknown[]): Promise<Queryable> }

function countingQueryable<T extends Queryable>(target: T): T {
	return new Proxy(target, {
		get(object, prop, receiver) {
			const value = Reflect.get(object, prop, receiver) as unknown
			if ((prop === 'queryRaw' || prop === 'executeRaw') && typeof value === 'function') {
				return (params: { sql: string }) =>
					timed(record(params.sql), params.sql, () => (value as (p: unknown) => Promise<unknown>).call(object, params))
			}
			return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(object) : value
		},
	})
}

/** Wraps a connected driver adapter so that its statements (inside transactions too) are counted. */
export function countingAdapter<T extends AdapterLike>(adapter: T): T {
	const counted = countingQueryable(adapter)
	return new Proxy(counted, {
		get(object, prop, receiver) {
			if (prop === 'startTransaction') {
				return async (...args: unknown[]) => countingQueryable(await adapter.startTransaction(...args))
			}
			return Reflect.get(object, prop, receiver) as unknown
		},
	})
}
