import crypto from 'node:crypto'
import pg from 'pg'

/**
 * A throw-away PostgreSQL database for one test file, created next to TEST_POSTGRES_URL's and
 * dropped afterwards. `collabTables` creates the collaboration tables with the column types
 * Prisma maps the schema's DocUpdate / DocSnapshot / AuditLog to on PostgreSQL; once the
 * committed PostgreSQL migrations (s10-db) are merged, apply those instead.
 */
export async function createScratchDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
	const name = `kizuna_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`
	const admin = new pg.Client({ connectionString: adminUrl })
	await admin.connect()
	await admin.query(`CREATE DATABASE ${name}`)
	await admin.end()
	const url = new URL(adminUrl)
	url.pathname = `/${name}`
	return {
		url: url.toString(),
		async drop() {
			const again = new pg.Client({ connectionString: adminUrl })
			await again.connect()
			await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
			await again.end()
		},
	}
}

export const COLLAB_TABLES_SQL = `
CREATE TABLE "DocUpdate" (
  "id" SERIAL PRIMARY KEY,
  "documentId" TEXT NOT NULL,
  "data" BYTEA NOT NULL,
  "userId" TEXT,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX "DocUpdate_documentId_id_idx" ON "DocUpdate"("documentId", "id");
CREATE TABLE "DocSnapshot" (
  "documentId" TEXT PRIMARY KEY,
  "data" BYTEA NOT NULL,
  "throughUpdateId" INTEGER NOT NULL,
  "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE "AuditLog" (
  "id" SERIAL PRIMARY KEY,
  "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "userId" TEXT,
  "clientId" TEXT,
  "action" TEXT NOT NULL,
  "outcome" TEXT NOT NULL DEFAULT 'ok',
  "target" TEXT NOT NULL DEFAULT '',
  "ipAddress" TEXT NOT NULL DEFAULT '',
  "detail" TEXT NOT NULL DEFAULT '',
  "prevHash" TEXT NOT NULL DEFAULT '',
  "hash" TEXT NOT NULL DEFAULT ''
);
`

export async function collabTables(url: string): Promise<void> {
	const client = new pg.Client({ connectionString: url })
	await client.connect()
	await client.query(COLLAB_TABLES_SQL)
	await client.end()
}
