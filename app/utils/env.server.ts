import path from 'node:path'
import { z } from 'zod'

const EnvSchema = z.object({
	NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
	PORT: z.coerce.number().int().min(0).max(65535).default(3000),
	HOST: z.string().default('0.0.0.0'),
	DATABASE_URL: z.string().default('file:./data/kizuna.db'),
	/// Extra origins allowed to post forms and open websockets (comma-separated).
	/// The server's own origin (from the Host header) is always allowed.
	ALLOWED_ORIGINS: z.string().default(''),
	/// Years records stay read-only after a case closes (docs/domain/records-and-consent.md: at least 5).
	RETENTION_YEARS: z.coerce.number().int().min(5).default(5),
	/// How many reverse proxies (e.g. the TLS proxy) stand in front of the server: the client
	/// address is then read from X-Forwarded-For that many hops back, and X-Forwarded-Proto says
	/// whether the browser used HTTPS (HSTS). 0 = the server faces the network itself.
	TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
	/// Several app instances on one PostgreSQL database: the Redis that relays documents and
	/// authorization events between them (docs/decisions/0023). Unset = one process.
	REDIS_URL: z.union([z.literal(''), z.string().url()]).optional(),
})

export type Env = z.infer<typeof EnvSchema>

/** Reads and validates the environment (cheap; read on each call so tests can switch databases). */
export function getEnv(): Env {
	const parsed = EnvSchema.safeParse(process.env)
	if (!parsed.success) {
		throw new Error(`Invalid environment: ${JSON.stringify(parsed.error.flatten().fieldErrors)}`)
	}
	return parsed.data
}

/** Absolute path of the SQLite file named by a `file:` URL, relative to the project root. */
export function databasePathFromUrl(url: string): string {
	const withoutScheme = url.replace(/^file:/, '')
	return path.isAbsolute(withoutScheme) ? withoutScheme : path.resolve(process.cwd(), withoutScheme)
}
