import path from 'node:path'
import { defineConfig } from 'vitest/config'

export default defineConfig({
	resolve: {
		alias: {
			'#app': path.resolve(import.meta.dirname, 'app'),
			'#server': path.resolve(import.meta.dirname, 'server'),
			'#tests': path.resolve(import.meta.dirname, 'tests'),
		},
	},
	test: {
		include: ['app/**/*.test.{ts,tsx}', 'server/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		environment: 'node',
		globalSetup: ['tests/setup/global-setup.ts'],
		setupFiles: ['tests/setup/setup-test-env.ts'],
		pool: 'forks',
		testTimeout: 30_000,
		hookTimeout: 60_000,
		// Integration tests start servers and write SQLite files: keep the 2-core CI box calm.
		maxWorkers: 2,
	},
})
