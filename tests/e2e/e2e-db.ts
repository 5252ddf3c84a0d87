import { initDb } from '#app/utils/db.server.ts'
import { E2E_DB } from './e2e-env.ts'

/**
 * The test workers open the run's database through the app's own db module, to create what a
 * test needs (sessions, fresh clients) with the app's own functions. The server runs with
 * NODE_ENV=production, so its session cookie is the `__Host-`/Secure one; the worker names it
 * the same way (app/modules/auth/cookie.server.ts reads KIZUNA_SECURE_COOKIES).
 */
export async function e2eDb(): Promise<void> {
	process.env.DATABASE_URL = `file:${E2E_DB}`
	process.env.KIZUNA_SECURE_COOKIES = '1'
	await initDb()
}
