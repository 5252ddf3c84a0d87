import { ESLint } from 'eslint'
import { describe, expect, test } from 'vitest'

/**
 * The layer rule of eslint.config.js must actually fire: app/ never imports server/ or tests/
 * (docs/decisions/0016-layers.md). It once did not — gitignore-style patterns read a leading "#"
 * as a comment — so this plants the imports and lints them with the project's own config.
 * Routes, besides, never import the Prisma client: they load through app/modules.
 */
const eslint = new ESLint({ cwd: process.cwd() })

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
	const [result] = await eslint.lintText(code, { filePath })
	return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
}

describe('layers are enforced by lint', () => {
	test.each([
		['app/modules/example/planted.server.ts', "import { TokenBucket } from '#server/collab/rate-limit.ts'\nexport const x = TokenBucket\n", /app\/ never imports server\//],
		['app/modules/example/planted.server.ts', "import { x } from '../../../server/app.ts'\nexport const y = x\n", /app\/ never imports server\//],
		['app/routes/planted.tsx', "import { startTestServer } from '#tests/helpers/server.ts'\nexport const y = startTestServer\n", /must not import test code/],
		['app/routes/planted.tsx', "import { prisma } from '#app/utils/db.server.ts'\nexport const p = prisma\n", /Routes do not query the database/],
		['app/routes/clients.$clientId.planted.tsx', "import { Prisma } from '#app/generated/prisma/client.ts'\nexport const p = Prisma\n", /Routes do not query the database/],
		['app/routes/planted.tsx', "import { TokenBucket } from '#server/collab/rate-limit.ts'\nexport const x = TokenBucket\n", /app\/ never imports server\//],
		['app/components/planted.tsx', "import { CLOSE } from '#server/collab/config.ts'\nexport const y = CLOSE\n", /app\/ never imports server\//],
	])('%s: a planted import is refused', async (filePath, code, message) => {
		const messages = await restrictedImports(filePath, code)
		expect(messages).toHaveLength(1)
		expect(messages[0]).toMatch(message)
	})

	test('server/ may import app/, and modules may query the database', async () => {
		expect(await restrictedImports('server/collab/planted.ts', "import { prisma } from '#app/utils/db.server.ts'\nexport const p = prisma\n")).toEqual([])
		expect(await restrictedImports('app/modules/example/planted.server.ts', "import { prisma } from '#app/utils/db.server.ts'\nexport const p = prisma\n")).toEqual([])
	})
})
