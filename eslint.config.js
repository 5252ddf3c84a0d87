import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

// Layers import one way: routes → modules → policies/utils, and server/ builds on app/. `regex`,
// not `group`: group patterns use gitignore syntax, where a leading "#" starts a comment, so
// '#server/*' once matched nothing (tests/integration/lint-layers.test.ts proves these fire).
const LAYER_PATTERNS = [
	{ regex: '^(#tests/|(\\.\\./)+tests/)', message: 'Application code must not import test code (docs/decisions/0016-layers.md).' },
	{ regex: '^(#server/|(\\.\\./)+server/)', message: 'app/ never imports server/: server/ builds on app/ (docs/decisions/0016-layers.md).' },
]

export default tseslint.config(
	{
		ignores: ['node_modules/', 'tools/', 'build/', '.build-*/', 'public/build/', 'app/generated/', 'data/', 'tests/.tmp/', 'bench/.tmp/', 'test-results/', 'playwright-report/'],
	},
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		languageOptions: { globals: { ...globals.node, ...globals.browser } },
		plugins: { 'react-hooks': reactHooks },
		rules: {
			...reactHooks.configs.recommended.rules,
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
			'@typescript-eslint/consistent-type-imports': ['warn', { fixStyle: 'inline-type-imports' }],
			'no-restricted-imports': [
				'error',
				{
					patterns: LAYER_PATTERNS,
				},
			],
		},
	},
	{
		// Routes stay thin: data goes through app/modules (and its policy filters), never straight
		// to the Prisma client (docs/decisions/0016-layers.md).
		files: ['app/routes/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						...LAYER_PATTERNS,
						{ regex: '(^|/)(utils/db\\.server(\\.ts)?|generated/prisma/)', message: 'Routes do not query the database: load through a module in app/modules (docs/decisions/0016-layers.md).' },
					],
				},
			],
		},
	},
	{
		// Browser-side code: the classic Remix compiler silently replaces *.server modules with
		// empty ones, so importing one from a component fails only at run time.
		files: ['app/components/**', 'app/**/*.client.{ts,tsx}', 'app/editor/**'],
		ignores: ['app/editor/**/*.server.ts', 'app/editor/**/*.test.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{ patterns: [...LAYER_PATTERNS, { group: ['*.server', '*.server.ts', '*.server.tsx'], message: 'Components must not import server modules.' }] },
			],
		},
	},
	{
		files: ['server/**', 'tests/**', 'bench/**', 'prisma/**', 'scripts/**', '*.config.ts', '*.config.js'],
		rules: { 'no-restricted-imports': 'off' },
	},
)
