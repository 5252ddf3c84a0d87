import { expect, test } from 'vitest'
import { allowConsoleError, takeUnexpectedConsoleErrors } from '#tests/setup/console-errors.ts'

/** The test-env guard (tests/setup/setup-test-env.ts) sees what it must fail a test on. */
test('an unexpected console.error is recorded for the guard; an allowed one is not', () => {
	allowConsoleError(/expected in this test/)
	console.error('[test] expected in this test')
	expect(takeUnexpectedConsoleErrors()).toEqual([])
	console.error('[test] nobody expected this', new Error('boom'))
	// Taken here, so this test itself passes; left alone, afterEach would fail the test with it.
	expect(takeUnexpectedConsoleErrors()).toEqual(['[test] nobody expected this Error: boom'])
})
