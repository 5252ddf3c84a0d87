import { defineConfig } from '@playwright/test'
import { E2E_BASE_URL, E2E_DB, E2E_PORT as PORT } from './tests/e2e/e2e-env.ts'

/**
 * Browser tests run Debian's Chromium (never a downloaded browser) against the built app,
 * served by the real server on a seeded copy of the database.
 */
export default defineConfig({
	testDir: './tests/e2e',
	testMatch: '**/*.test.ts',
	// Every file sets up its own data (tests/e2e/fresh-client.ts) and reads the seeded demo only
	// as seeded, so files run side by side in any order; the tests of one file run in order, in
	// one worker (a file tells one story). `npm test` runs two workers, CI also a shuffled order
	// (--shuffle, scripts/test.sh; docs/decisions/0022-browser-tests-stand-alone.md).
	fullyParallel: false,
	workers: Number(process.env.E2E_WORKERS ?? 2),
	retries: process.env.CI ? 1 : 0,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: 'list',
	use: {
		baseURL: E2E_BASE_URL,
		locale: 'ja-JP',
		timezoneId: 'Asia/Tokyo',
		trace: 'off',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
		},
	},
	webServer: {
		command: 'bash scripts/e2e-server.sh',
		url: `http://localhost:${PORT}/login`,
		reuseExistingServer: false,
		timeout: 60_000,
		env: { PORT: String(PORT), E2E_DB, NODE_ENV: 'production' },
		stdout: 'ignore',
		stderr: 'pipe',
	},
})
