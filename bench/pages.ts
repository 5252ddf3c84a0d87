/**
 * npm run bench:pages — page throughput of the real server with 1,000 clients in the database.
 *
 * - Database: its own file under bench/.tmp: migrations, the demo seed, then 1,000 copies of the
 *   demo's fullest case (bench/pages-seed.ts). The seeded template is cached by the content of the
 *   migrations, the seed and the copier, so a rerun only copies a file.
 * - App: built into bench/.tmp (so the figures are of the code in the working tree), served by
 *   server/main.ts in production mode, one process, not pinned (it may use both cores).
 * - Load: autocannon, 10 connections, SECONDS per page, pinned to the last core with taskset.
 * - Per page: req/s, latency p50 / p99, non-2xx answers, the SQL statements the page sends
 *   (X-Kizuna-Queries, counted per request at the driver adapter) and the gzip size of the
 *   scripts its HTML loads (the modules it names and their static imports), each beside the
 *   issue's reference figure and the goal.
 *
 * `npm run bench:bundle` prints only the script sizes (no load). Prints figures; asserts nothing.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import Database from 'better-sqlite3'
import { chromium, type Browser } from 'playwright-core'
import { addBenchClients, benchClientId, BENCH_CLIENTS, BENCH_SPECIALISTS } from './pages-seed.ts'
import { migrateDatabase } from '../scripts/migrate-lib.ts'

const args = process.argv.slice(2)
const BUNDLE_ONLY = args.includes('--bundle-only')
const SECONDS = Number(args.find((a) => a.startsWith('--seconds='))?.split('=')[1] ?? 6)
const CONNECTIONS = 10
const root = process.cwd()
const tmpRoot = path.join(root, 'bench', '.tmp')
const runDir = path.join(tmpRoot, `pages-${process.pid}`)
const log = (message: string) => console.log(`[bench:pages] ${message}`)

/** A client of 田中 陽子 (user-sodan): every 25th copy is hers. */
const CLIENT = benchClientId(BENCH_SPECIALISTS * 5)
const SUFFIX = CLIENT.slice('client-sato-makoto'.length)

type Page = {
	name: string
	path: string
	signedIn: boolean
	reference?: { rps: number; p50: number }
	goal: { rps?: number; p50?: number; scriptKb?: number }
}
const PAGES: Page[] = [
	{ name: 'client page /clients/:id', path: `/clients/${CLIENT}`, signedIn: true, reference: { rps: 56, p50: 162 }, goal: { rps: 400, p50: 25 } },
	{ name: 'dashboard', path: '/dashboard', signedIn: true, reference: { rps: 89, p50: 107 }, goal: { rps: 400, p50: 25 } },
	{ name: 'document page (アセスメント)', path: `/clients/${CLIENT}/documents/assessment-client-sato-makoto${SUFFIX}`, signedIn: true, reference: { rps: 106, p50: 91 }, goal: { rps: 400, p50: 25, scriptKb: 250 } },
	{ name: 'plan page', path: `/clients/${CLIENT}/documents/plan-client-sato-makoto${SUFFIX}`, signedIn: true, goal: { rps: 400, p50: 25, scriptKb: 250 } },
	{ name: 'client list /', path: '/', signedIn: true, goal: {} },
	{ name: 'login page (no database)', path: '/login', signedIn: false, reference: { rps: 279, p50: 35 }, goal: {} },
]

function prismaEnv(databaseFile: string): NodeJS.ProcessEnv {
	return {
		...process.env,
		DATABASE_URL: `file:${databaseFile}`,
		PRISMA_QUERY_ENGINE_LIBRARY: path.resolve('scripts/no-native-engine'),
		PRISMA_SCHEMA_ENGINE_BINARY: path.resolve('scripts/no-native-engine'),
		PRISMA_HIDE_UPDATE_MESSAGE: '1',
	}
}

/** Hash of everything that shapes the seeded database. */
function templateKey(): string {
	const hash = crypto.createHash('sha256')
	const files = (dir: string): string[] =>
		fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]))
	for (const file of [...files('prisma'), 'bench/pages-seed.ts'].sort()) hash.update(file).update(fs.readFileSync(file))
	return hash.digest('hex').slice(0, 16)
}

function prepareDatabase(): string {
	fs.mkdirSync(runDir, { recursive: true })
	const template = path.join(tmpRoot, `pages-template-${templateKey()}.db`)
	if (!fs.existsSync(template)) {
		const building = path.join(runDir, 'template.db')
		log('seeding the template database (migrations, demo seed, 1,000 clients) — cached for later runs')
		migrateDatabase(`file:${building}`)
		execFileSync('npx', ['tsx', 'prisma/seed.ts'], { env: prismaEnv(building), stdio: 'pipe' })
		const { rows } = addBenchClients(building)
		log(`added ${BENCH_CLIENTS} clients (${rows} rows)`)
		const db = new Database(building)
		db.pragma('wal_checkpoint(TRUNCATE)')
		db.close()
		fs.copyFileSync(building, template)
	}
	const file = path.join(runDir, 'bench.db')
	fs.copyFileSync(template, file)
	return file
}

function build(): string {
	const dir = path.join(runDir, 'build')
	log('building the app (remix build)')
	execFileSync('npx', ['remix', 'build'], { env: { ...process.env, KIZUNA_BUILD_DIR: dir, NODE_ENV: 'production' }, stdio: 'pipe' })
	return dir
}

async function sessionToken(databaseFile: string, userId: string): Promise<string> {
	process.env.DATABASE_URL = `file:${databaseFile}`
	const { initDb, closeDb } = await import('#app/utils/db.server.ts')
	const { createSession } = await import('#app/modules/auth/session.server.ts')
	await initDb()
	const { token } = await createSession(userId, { ipAddress: '127.0.0.1', userAgent: 'bench:pages' })
	await closeDb()
	return token
}

async function startServer(databaseFile: string, buildDir: string): Promise<{ child: ChildProcess; origin: string }> {
	const port = 20000 + (process.pid % 20000)
	const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
		env: { ...prismaEnv(databaseFile), NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', KIZUNA_BUILD_DIR: buildDir, KIZUNA_QUERY_COUNT_HEADER: '1' },
		stdio: ['ignore', 'pipe', 'pipe'],
	})
	let output = ''
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`the server did not start: ${output}`)), 300_000)
		const onData = (chunk: Buffer) => {
			output += chunk.toString()
			if (output.includes('listening on')) {
				clearTimeout(timer)
				resolve()
			}
		}
		child.stdout?.on('data', onData)
		child.stderr?.on('data', onData)
		child.on('exit', (code) => reject(new Error(`the server exited (${code}): ${output}`)))
	})
	return { child, origin: `http://127.0.0.1:${port}` }
}

async function get(origin: string, page: Page, cookie: string, retry = true): Promise<{ status: number; html: string; queries: number }> {
	let response: Response
	try {
		response = await fetch(origin + page.path, { headers: page.signedIn ? { cookie } : {}, redirect: 'manual' })
	} catch (error) {
		// A kept-alive socket the server closed while autocannon ran (keepAliveTimeout): once more.
		if (retry) return get(origin, page, cookie, false)
		throw error
	}
	const html = await response.text()
	return { status: response.status, html, queries: Number(response.headers.get('x-kizuna-queries') ?? NaN) }
}

/**
 * The scripts a real browser loads for the page until the network is idle — what the HTML names,
 * their static imports, and the chunks loaded lazily for the document's kind — gzip bytes each
 * (the files as built, compressed at the default level).
 */
async function scriptsOf(browser: Browser, origin: string, page: Page, token: string): Promise<{ count: number; gzipBytes: number }> {
	const context = await browser.newContext()
	const tab = await context.newPage()
	const scripts = new Map<string, number>()
	tab.on('response', (response) => {
		const url = new URL(response.url())
		if (response.request().resourceType() !== 'script' || !url.pathname.startsWith('/build/')) return
		void response.body().then((body) => scripts.set(url.pathname, zlib.gzipSync(body).length)).catch(() => undefined)
	})
	// The production cookie is __Host- (Secure): send it on plain http through a header instead.
	if (page.signedIn) await tab.setExtraHTTPHeaders({ cookie: `__Host-kizuna_session=${token}` })
	await tab.goto(origin + page.path, { waitUntil: 'networkidle' })
	await tab.waitForTimeout(500)
	await context.close()
	return { count: scripts.size, gzipBytes: [...scripts.values()].reduce((a, b) => a + b, 0) }
}

type Load = { rps: number; p50: number; p99: number; non2xx: number; errors: number }
function loadTest(origin: string, page: Page, cookie: string): Load {
	const autocannon = path.join(root, 'node_modules', 'autocannon', 'autocannon.js')
	const lastCore = String(os.cpus().length - 1)
	const command = [process.execPath, autocannon, '-c', String(CONNECTIONS), '-d', String(SECONDS), '-j', ...(page.signedIn ? ['-H', `Cookie=${cookie}`] : []), origin + page.path]
	const hasTaskset = fs.existsSync('/usr/bin/taskset')
	const out = execFileSync(hasTaskset ? 'taskset' : command[0], hasTaskset ? ['-c', lastCore, ...command] : command.slice(1), { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 })
	const result = JSON.parse(out) as { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number }
	return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors }
}

function versionOf(pkg: string): string {
	return (JSON.parse(fs.readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version
}

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - [...s].reduce((w, c) => w + (c.charCodeAt(0) > 0xff ? 2 : 1), 0)))

async function main() {
	const cpus = os.cpus()
	log(`machine: ${cpus.length} cores (${cpus[0]?.model.trim()}), Node ${process.version}, Prisma ${versionOf('@prisma/client')}, autocannon ${versionOf('autocannon')}${fs.existsSync('/usr/bin/taskset') ? `, load pinned to core ${cpus.length - 1}` : ', taskset missing: load not pinned'}`)
	const databaseFile = prepareDatabase()
	const buildDir = build()
	const token = await sessionToken(databaseFile, 'user-sodan')
	// The production server sends the __Host- cookie (secure cookies); autocannon just echoes it.
	const cookie = `__Host-kizuna_session=${token}`
	const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' })
	const { child, origin } = await startServer(databaseFile, buildDir)
	const rows: string[] = []
	try {
		log(`database: ${BENCH_CLIENTS + 5} clients; signed in as 田中 陽子 (相談支援専門員, ${BENCH_CLIENTS / BENCH_SPECIALISTS + 3} clients); ${CONNECTIONS} connections × ${SECONDS} s per page`)
		for (const page of PAGES) {
			// Warm-up: module caches, prepared statements, the JIT.
			let first = await get(origin, page, cookie)
			if (!BUNDLE_ONLY) for (let i = 0; i < 20; i++) first = await get(origin, page, cookie)
			if (first.status !== 200) throw new Error(`${page.path} answered ${first.status}`)
			const scripts = await scriptsOf(browser, origin, page, token)
			const kb = scripts.gzipBytes / 1000
			const scriptGoal = page.goal.scriptKb ? ` (goal ≤ ${page.goal.scriptKb} KB ${kb <= page.goal.scriptKb ? '✓' : '✗'})` : ''
			const scriptsText = `${scripts.count} scripts, ${kb.toFixed(0)} KB gzip${scriptGoal}`
			const queriesText = `${Number.isNaN(first.queries) ? '?' : first.queries} queries`
			if (BUNDLE_ONLY) {
				rows.push(`${pad(page.name, 30)} ${scriptsText}`)
				continue
			}
			const load = loadTest(origin, page, cookie)
			// Statements of the last request alone (under load, concurrent requests share Prisma's batches).
			const after = await get(origin, page, cookie)
			if (after.queries !== first.queries) log(`${page.name}: ${first.queries} queries before the load, ${after.queries} after`)
			const ref = page.reference ? `ref ${page.reference.rps} req/s, p50 ${page.reference.p50} ms` : 'no reference'
			const goalParts = [page.goal.rps ? `≥ ${page.goal.rps} req/s` : '', page.goal.p50 ? `p50 < ${page.goal.p50} ms` : ''].filter(Boolean)
			const met = page.goal.rps ? (load.rps >= page.goal.rps && load.p50 < (page.goal.p50 ?? Infinity) ? ' ✓' : ' ✗') : ''
			const failures = load.non2xx + load.errors ? `  !! ${load.non2xx} non-2xx, ${load.errors} errors` : ''
			rows.push(
				`${pad(page.name, 30)} ${load.rps.toFixed(0).padStart(5)} req/s  p50 ${String(load.p50).padStart(4)} ms  p99 ${String(load.p99).padStart(4)} ms  ${queriesText.padEnd(11)} | ${ref}${goalParts.length ? ` | goal ${goalParts.join(', ')}${met}` : ''} | ${scriptsText}${failures}`,
			)
			log(rows.at(-1)!)
		}
	} finally {
		await browser.close()
		child.kill('SIGTERM')
		await new Promise((resolve) => child.once('exit', resolve))
		fs.rmSync(runDir, { recursive: true, force: true })
	}
	console.log('')
	console.log(
		`bench:pages — ${new Date().toISOString()} — ${cpus.length} cores, Node ${process.version}, Prisma ${versionOf('@prisma/client')}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (other work on the machine skews req/s; query counts and script sizes do not move)`,
	)
	for (const row of rows) console.log(row)
}

main().catch((error) => {
	console.error(error)
	process.exit(1)
})
