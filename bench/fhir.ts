/**
 * Benchmark: the FHIR export of the demo client (佐藤 誠) — time and size, with and without the
 * A4 PDFs. `npm run bench:fhir`.
 *
 * A fresh database is migrated and seeded in bench/.tmp, then the demo client's plan is written
 * (6 goals), consented (版1, paper, by proxy) and submitted. Each export goes through the module the route calls
 * (exportClientFhir: policy, loader, mappers, Chromium, audit); the first run is reported apart
 * (Chromium cold start), then the median of the following runs.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { migrateDatabase } from '../scripts/migrate-lib.ts'
import * as Y from 'yjs'
import { PLAN_FIELD_KEYS, PLAN_GOAL_COLUMN_KEYS, PLAN_GOALS_TABLE, PLAN_META } from '#app/document-forms/plan.ts'
import { applyTemplate, createRow, fieldText, setMeta } from '#app/document-forms/structure.ts'
import { loadActor } from '#app/modules/auth/auth.server.ts'
import { loadClientScope } from '#app/modules/authz.server.ts'
import { startCycle, takeStep } from '#app/modules/cycle/cycle.server.ts'
import { loadStoredDocument } from '#app/modules/documents/stored-document.server.ts'
import { exportClientFhir } from '#app/modules/fhir/export.server.ts'
import { closeDb, getDb, initDb, prisma } from '#app/utils/db.server.ts'
import { todayJst } from '#app/utils/dates.ts'
import { CollabStorage } from '#app/modules/documents/collab-storage.server.ts'

const CLIENT = 'client-sato-makoto'
const USER = 'user-sodan'
const RUNS = 5
const META = { ipAddress: '127.0.0.1' }
const log = (message: string) => console.log(`[bench:fhir] ${message}`)

const root = process.cwd()
const tmp = path.join(root, 'bench', '.tmp', `fhir-${process.pid}`)

function prepareDatabase(): string {
	fs.mkdirSync(tmp, { recursive: true })
	const file = path.join(tmp, 'bench.db')
	const env = { ...process.env, DATABASE_URL: `file:${file}`, PRISMA_QUERY_ENGINE_LIBRARY: path.resolve('scripts/no-native-engine'), PRISMA_SCHEMA_ENGINE_BINARY: path.resolve('scripts/no-native-engine'), PRISMA_HIDE_UPDATE_MESSAGE: '1' }
	migrateDatabase(env.DATABASE_URL)
	execFileSync('npx', ['tsx', 'prisma/seed.ts'], { env, stdio: 'pipe' })
	return file
}

/** Writes into a stored document the way the collaboration server stores an accepted update. */
function write(documentId: string, change: (doc: Y.Doc) => void) {
	const doc = loadStoredDocument(documentId)
	const before = Y.encodeStateVector(doc)
	change(doc)
	const update = Y.encodeStateAsUpdate(doc, before)
	doc.destroy()
	const storage = new CollabStorage(getDb().sqlite)
	storage.transaction(() => storage.appendUpdate(documentId, update, USER, new Date()))
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b)
	return sorted[Math.floor(sorted.length / 2)]
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`

async function main() {
	const file = prepareDatabase()
	process.env.DATABASE_URL = `file:${file}`
	await initDb()
	const today = todayJst()
	const actor = await loadActor(await prisma.user.findUniqueOrThrow({ where: { id: USER }, select: { id: true, role: true, disabledAt: true } }))
	const scope = async () => (await loadClientScope(CLIENT))!

	const started = await startCycle(actor, await scope(), 'specialist', today, META)
	if (!started.ok) throw new Error(started.errors.join())
	const planId = (await prisma.planCycle.findFirstOrThrow({ where: { clientId: CLIENT } })).planDocumentId!
	write(planId, (doc) => {
		applyTemplate(doc, PLAN_FIELD_KEYS)
		fieldText(doc, 'wishes')!.insert(0, '本人：日中は作業所に通いたい。友だちと出かけたい。\n母：安心して任せられる場所がほしい。')
		fieldText(doc, 'policy')!.insert(0, '生活リズムを整え、日中活動の場を確保し、家族の介護負担を減らす。'.repeat(3))
		fieldText(doc, 'longTermGoal')!.insert(0, '地域で自分らしく暮らす')
		fieldText(doc, 'shortTermGoal')!.insert(0, '週5日通所する')
		for (let i = 1; i <= 6; i++) {
			createRow(doc, PLAN_GOALS_TABLE, PLAN_GOAL_COLUMN_KEYS, {
				cells: { need: `課題${i}：日中の活動の場がほしい`, goal: `目標${i}：生活介護に週5日通う`, targetDate: '2027年3月', services: '生活介護 週5日（当該月の日数から8日を控除した日数）', provider: '生活介護事業所ひだまり', role: '朝7時に起きる', evaluation: '3か月ごと', notes: '送迎の時間に配慮' },
			})
		}
		setMeta(doc, PLAN_META.draftDate, today)
	})
	const consent = { consenterType: 'proxy', consenterName: '佐藤 洋子', relationship: '母', proxyReason: '本人は内容の理解が難しいため', explainedOn: today, consentedOn: today }
	for (const [action, raw] of [
		['write_draft', { assessmentDate: today, assessmentPlace: '自宅（居宅訪問）' }],
		['consent_draft', consent],
		['submit', { deliveredOn: today, submittedOn: today }],
	] as const) {
		const result = await takeStep(actor, await scope(), action, raw, today, META)
		if (!result.ok) throw new Error(`${action}: ${result.errors.join()}`)
	}

	const run = async (pdf: boolean, version: number | null) => {
		const t0 = performance.now()
		const result = await exportClientFhir(actor, await scope(), { version, pdf }, today, META)
		const ms = performance.now() - t0
		if (!result.ok) throw new Error(result.message)
		const bytes = Buffer.byteLength(JSON.stringify(result.bundle))
		const pdfBytes = (result.bundle.entry ?? []).reduce((sum, e) => sum + (e.resource?.resourceType === 'DocumentReference' ? ((e.resource as { content: Array<{ attachment: { size?: number } }> }).content[0].attachment.size ?? 0) : 0), 0)
		return { ms, bytes, resources: result.resourceCount, pdfs: result.pdfs, pdfBytes, failed: result.pdfFailed }
	}

	for (const [label, pdf, version] of [
		['collection with PDFs', true, null],
		['collection without PDFs', false, null],
		['version 1 document with PDF', true, 1],
	] as const) {
		const first = await run(pdf, version)
		const rest = []
		for (let i = 0; i < RUNS; i++) rest.push(await run(pdf, version))
		const last = rest.at(-1)!
		if (last.failed) log('PDF rendering FAILED (Chromium): figures are without PDFs')
		log(
			`${label}: first ${first.ms.toFixed(0)} ms, median of ${RUNS} ${median(rest.map((r) => r.ms)).toFixed(0)} ms (min ${Math.min(...rest.map((r) => r.ms)).toFixed(0)}, max ${Math.max(...rest.map((r) => r.ms)).toFixed(0)}); ` +
				`${last.resources} resources, ${kib(last.bytes)} JSON, ${last.pdfs} PDF (${kib(last.pdfBytes)})`,
		)
	}
	await closeDb()
	fs.rmSync(tmp, { recursive: true, force: true })
}

main().catch((error) => {
	console.error(error)
	fs.rmSync(tmp, { recursive: true, force: true })
	process.exit(1)
})
