import path from 'node:path'
import { defineConfig } from '@playwright/test'

const PORT = Number(process.env.E2E_PORT ?? 3210)
// One database per port, so several runs can share a machine; rebuilt fresh for every run.
const E2E_DB = path.resolve(`tests/.tmp/e2e-${PORT}.db`)

/**
 * Browser tests run Debian's Chromium (never a downloaded browser) against the built app,
 * served by the real server on a seeded copy of the database.
 */
export default defineConfig({
	testDir: './tests/e2e',
	testMatch: '**/*.test.ts',
	fullyParallel: false,
	workers: 1,
	retries: process.env.CI ? 1 : 0,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: 'list',
	use: {
		baseURL: `http://localhost:${PORT}`,
		locale: 'ja-JP',
		timezoneId: 'Asia/Tokyo',
		trace: 'off',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
		},
	},
	// The demo walk reads the seeded living case as seeded; the other files change 佐藤 誠's record
	// (a revision from an emergency, new certificates), so it runs first.
	projects: [
		{ name: 'demo', testMatch: 'living-case.test.ts' },
		{ name: 'app', testIgnore: 'living-case.test.ts', dependencies: ['demo'] },
	],
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
