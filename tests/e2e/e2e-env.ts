import path from 'node:path'

/**
 * Where a browser-test run lives: its port and its database file (one database per port, so
 * several runs can share a machine). Read by playwright.config.ts for the server and by the
 * test workers, which open the same database to set up their own data and sessions.
 */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210)
export const E2E_DB = path.resolve(`tests/.tmp/e2e-${E2E_PORT}.db`)
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`
