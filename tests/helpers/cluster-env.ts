/**
 * The cluster tests need real services; they run when the environment names them and are
 * skipped (reported as skipped, with this reason) only when it does not:
 * - TEST_REDIS_URL     — a Redis the tests may publish on (e.g. redis://127.0.0.1:6379)
 * - TEST_POSTGRES_URL  — a PostgreSQL database the tests may create tables in
 * CI (.ci/run) starts both and sets both; locally `npm run start:cluster` prints them.
 */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL || ''
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL || ''

export const SKIP_WITHOUT_REDIS = TEST_REDIS_URL === ''
export const SKIP_WITHOUT_POSTGRES = TEST_POSTGRES_URL === ''
