import { afterEach, beforeEach } from 'vitest'
import { resetConsoleErrorGuard, takeUnexpectedConsoleErrors } from './console-errors.ts'

process.env.NODE_ENV = 'test'

/**
 * An unexpected console.error fails the test that caused it: errors the code logs and recovers
 * from (a failed audit flush, a refused websocket message) would otherwise pass unseen. A test
 * that provokes one on purpose says so with `allowConsoleError(/pattern/)`
 * (tests/setup/console-errors.ts).
 */
beforeEach(() => {
	resetConsoleErrorGuard()
})

afterEach(() => {
	const unexpected = takeUnexpectedConsoleErrors()
	if (unexpected.length > 0) {
		throw new Error(`Unexpected console.error (allow it with allowConsoleError(/…/) if the test expects it):\n${unexpected.map((line) => `  ${line}`).join('\n')}`)
	}
})
