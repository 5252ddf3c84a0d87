/**
 * The audit trail through the real server (needs a fresh `npx remix build`): reads of client
 * content — comments included — are audited in batches; the log is a hash chain that
 * `npm run audit:verify` checks; the administrator's view speaks Japanese, finds rows by client
 * name and person, answers "what did this person see", and exports CSV (itself audited).
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditWriter, flushAuditLog } from '#app/modules/audit/audit-writer.server.ts'
import { parseCsv } from '#app/modules/dashboard/csv.ts'
import { closeDb, prisma } from '#app/utils/db.server.ts'
import { useFreshDatabase } from '#tests/helpers/db.ts'
import { signIn, startTestServer } from '#tests/helpers/server.ts'
import { verifyAuditChain } from '../../scripts/audit-verify.ts'

let app: Awaited<ReturnType<typeof startTestServer>>
let file: string
let sodan: string
let admin: string

beforeAll(async () => {
	// A long batch interval, so the test can see reads waiting in the queue; flushed explicitly.
	process.env.KIZUNA_AUDIT_FLUSH_MS = '60000'
	file = (await useFreshDatabase('seeded')).file
	app = await startTestServer()
	sodan = await signIn(app.origin, 'sodan@example.jp')
	admin = await signIn(app.origin, 'admin@example.jp')
})
afterAll(async () => {
	delete process.env.KIZUNA_AUDIT_FLUSH_MS
	await app.stop()
	await closeDb()
})

const SATO = 'client-sato-makoto'

describe('reads are audited, in batches', () => {
	it('a client page and its comments are each recorded — after the batch, not with a write of their own', async () => {
		await flushAuditLog()
		const before = await prisma.auditLog.count({ where: { userId: 'user-sodan', action: { in: ['client.view', 'comment.view'] } } })
		expect((await fetch(`${app.origin}/clients/${SATO}`, { headers: { cookie: sodan } })).status).toBe(200)
		const doc = await prisma.document.findFirstOrThrow({ where: { clientId: SATO, kind: 'note' } })
		const comments = await fetch(`${app.origin}/clients/${SATO}/documents/${doc.id}/comments`, { headers: { cookie: sodan } })
		expect(comments.status).toBe(200)
		// Queued, not yet written: the page view cost no disk sync of its own.
		expect(auditWriter().queued).toBeGreaterThanOrEqual(2)
		expect(await prisma.auditLog.count({ where: { userId: 'user-sodan', action: { in: ['client.view', 'comment.view'] } } })).toBe(before)
		await flushAuditLog()
		const rows = await prisma.auditLog.findMany({ where: { userId: 'user-sodan', action: { in: ['client.view', 'comment.view'] } }, orderBy: { id: 'asc' } })
		expect(rows.length).toBe(before + 2)
		expect(rows.at(-1)).toMatchObject({ action: 'comment.view', clientId: SATO, target: `document:${doc.id}` })
		expect(rows.at(-1)?.hash).toMatch(/^[0-9a-f]{64}$/)
	})
})

describe('hash chain', () => {
	it('every row is sealed and the chain verifies', async () => {
		await flushAuditLog()
		expect(await prisma.auditLog.count({ where: { hash: '' } })).toBe(0)
		expect(verifyAuditChain(file)).toMatchObject({ ok: true })
	})

	it('the database itself refuses edits and deletes', async () => {
		const row = await prisma.auditLog.findFirstOrThrow({ where: { hash: { not: '' } } })
		await expect(prisma.auditLog.update({ where: { id: row.id }, data: { detail: 'x' } })).rejects.toThrow()
		await expect(prisma.auditLog.update({ where: { id: row.id }, data: { hash: 'f'.repeat(64) } })).rejects.toThrow()
		await expect(prisma.auditLog.delete({ where: { id: row.id } })).rejects.toThrow()
	})

	it('an edited row (triggers dropped by someone with the file) is reported as the first broken row', async () => {
		await flushAuditLog()
		const target = await prisma.auditLog.findFirstOrThrow({ where: { action: 'auth.login', userId: 'user-sodan' } })
		const copy = `${file}.tampered.db`
		const live = new Database(file)
		await live.backup(copy)
		live.close()
		const tamper = new Database(copy)
		tamper.exec('DROP TRIGGER "AuditLog_no_update"')
		tamper.prepare('UPDATE "AuditLog" SET "userId" = ? WHERE "id" = ?').run('user-staff', target.id)
		tamper.close()
		const report = verifyAuditChain(copy)
		expect(report).toMatchObject({ ok: false, brokenId: target.id })

		const run = promisify(execFile)
		const failed = await run('npx', ['tsx', 'scripts/audit-verify.ts', copy]).catch((error: { code: number; stderr: string }) => error)
		expect((failed as { code: number }).code).toBe(1)
		expect((failed as { stderr: string }).stderr).toContain(`BROKEN at row ${target.id}`)
		const intact = await run('npx', ['tsx', 'scripts/audit-verify.ts', file])
		expect(intact.stdout).toContain('OK')
	}, 60_000)

	it('a deleted row breaks the chain at the row after it', async () => {
		const rows = await prisma.auditLog.findMany({ orderBy: { id: 'asc' }, take: 3, select: { id: true } })
		const copy = `${file}.deleted.db`
		const live = new Database(file)
		await live.backup(copy)
		live.close()
		const tamper = new Database(copy)
		tamper.exec('DROP TRIGGER "AuditLog_no_delete"')
		tamper.prepare('DELETE FROM "AuditLog" WHERE "id" = ?').run(rows[1].id)
		tamper.close()
		expect(verifyAuditChain(copy)).toMatchObject({ ok: false, brokenId: rows[2].id })
	})
})

describe('the administrator’s view', () => {
	async function auditPage(query: string) {
		const res = await fetch(`${app.origin}/admin/audit?${query}&_data=routes%2Fadmin.audit`, { headers: { cookie: admin } })
		expect(res.status).toBe(200)
		return (await res.json()) as {
			result: { rows: Array<{ action: string; actionLabel: string; clientName: string; userName: string; target: string | null; targetLabel: string }> }
			seen: Array<{ clientId: string; clientName: string; count: number; actions: string[] }> | null
		}
	}

	it('shows Japanese action names and finds rows by client name and person', async () => {
		const page = await auditPage(`clientName=${encodeURIComponent('佐藤')}&userId=user-sodan`)
		expect(page.result.rows.length).toBeGreaterThan(0)
		expect(page.result.rows.every((r) => r.clientName === '佐藤 誠' && r.userName === '田中 陽子')).toBe(true)
		expect(page.result.rows.map((r) => r.actionLabel)).toContain('利用者情報の閲覧')
		const byKana = await auditPage(`clientName=${encodeURIComponent('さとう まこと')}`)
		expect(byKana.result.rows.length).toBeGreaterThan(0)
		const nobody = await auditPage(`clientName=${encodeURIComponent('存在しない人')}`)
		expect(nobody.result.rows).toHaveLength(0)
	})

	it('names targets in Japanese, the code beside them', async () => {
		const page = await auditPage(`clientName=${encodeURIComponent('佐藤')}&userId=user-sodan`)
		const viewed = page.result.rows.find((r) => r.action === 'client.view')
		expect(viewed).toMatchObject({ target: `client:${SATO}`, targetLabel: `利用者 ${SATO}` })
		expect(page.result.rows.every((r) => !r.target || !/^[a-z-]+:/.test(r.targetLabel))).toBe(true)
	})

	it('answers what a person saw between two dates', async () => {
		const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10)
		const page = await auditPage(`userId=user-sodan&seen=1&from=${today}&to=${today}`)
		expect(page.seen?.map((s) => s.clientName)).toEqual(['佐藤 誠'])
		expect(page.seen?.[0].actions).toEqual(expect.arrayContaining(['利用者情報の閲覧', 'コメントの閲覧']))
		const past = await auditPage('userId=user-sodan&seen=1&from=2020-01-01&to=2020-01-31')
		expect(past.seen).toEqual([])
		await flushAuditLog()
		expect(await prisma.auditLog.count({ where: { action: 'audit.view', userId: 'user-admin' } })).toBeGreaterThanOrEqual(3)
	})

	it('exports CSV for Excel (BOM, Japanese header), and the export is audited', async () => {
		const res = await fetch(`${app.origin}/admin/audit.csv?userId=user-sodan`, { headers: { cookie: admin } })
		expect(res.status).toBe(200)
		expect(res.headers.get('content-type')).toContain('text/csv')
		const bytes = new Uint8Array(await res.arrayBuffer())
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
		const rows = parseCsv(new TextDecoder().decode(bytes))
		expect(rows[0].slice(0, 5)).toEqual(['番号', '日時（日本時間）', '操作した人', '操作した人のID', '操作'])
		expect(rows.slice(1).every((r) => r[3] === 'user-sodan')).toBe(true)
		expect(rows.slice(1).map((r) => r[4])).toContain('ログイン')
		// 対象 in Japanese, then its stored code.
		expect(rows[0].slice(9, 11)).toEqual(['対象', '対象コード'])
		const clientRow = rows.find((r) => r[10] === `client:${SATO}`)
		expect(clientRow?.[9]).toBe(`利用者 ${SATO}`)
		expect(await prisma.auditLog.count({ where: { action: 'audit.export', userId: 'user-admin' } })).toBe(1)
		// Only the administrator's role may read or export the trail.
		expect((await fetch(`${app.origin}/admin/audit.csv`, { headers: { cookie: sodan } })).status).toBe(403)
	})
})
