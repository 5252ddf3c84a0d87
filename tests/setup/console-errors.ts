import { format } from 'node:util'

/**
 * Records console.error calls for the test-env guard (setup-test-env.ts). The original
 * console.error still prints, so a failure shows its context.
 */
const original = console.error.bind(console)
let allowed: RegExp[] = []
let unexpected: string[] = []

console.error = (...args: unknown[]) => {
	const line = format(...args)
	if (!allowed.some((pattern) => pattern.test(line))) unexpected.push(line.split('\n')[0] ?? line)
	original(...args)
}

/** Lets this test log console.error lines matching `pattern` (for tests that provoke one). */
export function allowConsoleError(pattern: RegExp): void {
	allowed.push(pattern)
}

export function resetConsoleErrorGuard(): void {
	allowed = []
	unexpected = []
}

export function takeUnexpectedConsoleErrors(): string[] {
	const lines = unexpected
	unexpected = []
	return lines
}
