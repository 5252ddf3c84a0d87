/**
 * prisma/schema.prisma (SQLite) is the one schema source. Prisma needs one provider per schema and
 * one generated client per provider, so the PostgreSQL schema is derived from it here, never
 * edited by hand:
 *
 *   npx tsx scripts/db-schemas.ts postgres-client   writes .prisma-postgres/schema.prisma (client
 *                                                   output app/generated/prisma-postgres) — run by
 *                                                   `npm run db:generate`
 *   npx tsx scripts/db-schemas.ts for-diff <engine> <in> <out>
 *                                                   a copy Prisma 6.19's `migrate diff` reads (it
 *                                                   wants a `url` line), for scripts/new-migration.sh
 */
import fs from 'node:fs'
import path from 'node:path'

export type SchemaEngine = 'sqlite' | 'postgres'

const DATASOURCE = /datasource\s+db\s*\{[^}]*\}/

/** The schema text with the datasource of `engine` (and, for the diff, the `url` line Prisma 6 reads). */
export function schemaFor(source: string, engine: SchemaEngine, options: { withUrl?: boolean } = {}): string {
	if (!DATASOURCE.test(source)) throw new Error('the schema has no `datasource db { … }` block')
	const provider = engine === 'postgres' ? 'postgresql' : 'sqlite'
	const block = `datasource db {\n  provider = "${provider}"${options.withUrl ? '\n  url      = env("DATABASE_URL")' : ''}\n}`
	return source.replace(DATASOURCE, block)
}

/** The PostgreSQL client is generated next to the SQLite one; everything else is the same schema. */
export function postgresClientSchema(source: string): string {
	const out = schemaFor(source, 'postgres').replace(/output\s*=\s*"\.\.\/app\/generated\/prisma"/, 'output = "../app/generated/prisma-postgres"')
	if (!out.includes('app/generated/prisma-postgres')) throw new Error('the generator block has no output = "../app/generated/prisma" to redirect')
	return `// GENERATED from prisma/schema.prisma by scripts/db-schemas.ts — do not edit.\n${out}`
}

const ROOT = path.resolve(import.meta.dirname, '..')

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
	const [command, ...args] = process.argv.slice(2)
	if (command === 'postgres-client') {
		const source = fs.readFileSync(path.join(ROOT, 'prisma', 'schema.prisma'), 'utf8')
		// A folder at the same depth as prisma/ so the generator's relative output path still holds.
		const dir = path.join(ROOT, '.prisma-postgres')
		fs.mkdirSync(dir, { recursive: true })
		fs.writeFileSync(path.join(dir, 'schema.prisma'), postgresClientSchema(source))
		console.log(path.join(dir, 'schema.prisma'))
	} else if (command === 'for-diff') {
		const [engine, input, output] = args
		if ((engine !== 'sqlite' && engine !== 'postgres') || !input || !output) throw new Error('usage: for-diff <sqlite|postgres> <in> <out>')
		fs.writeFileSync(output, schemaFor(fs.readFileSync(input, 'utf8'), engine, { withUrl: true }))
	} else {
		console.error('usage: db-schemas.ts postgres-client | for-diff <sqlite|postgres> <in> <out>')
		process.exit(2)
	}
}
