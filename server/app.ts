import http from 'node:http'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import express from 'express'
import { getDb } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { runWithQueryCounter, type QueryCounter } from '#app/utils/query-count.server.ts'
import { isPostgresUrl, PgCollabStore } from '#app/modules/documents/collab-storage-pg.server.ts'
import { RedisBus } from './collab/cluster/redis-bus.ts'
import { attachCollab, type CollabServer } from './collab/index.ts'
import { bodyGuard, errorGuard, installFormDataGuard, pathGuard } from './request-guard.ts'
import { originCheck, parseOriginList, securityHeaders } from './security.ts'

export type AppServer = {
	httpServer: http.Server
	collab: CollabServer
	/** Flushes collaboration state and stops accepting connections. */
	close(): Promise<void>
}

declare module '@remix-run/node' {
	interface AppLoadContext {
		cspNonce: string
	}
}

/** Where remix.config.js put the bundles (KIZUNA_BUILD_DIR, or build/ + public/build/). */
function buildPaths(): { server: string; assets: string } {
	const dir = process.env.KIZUNA_BUILD_DIR
	return dir
		? { server: path.resolve(dir, 'server', 'index.js'), assets: path.resolve(dir, 'client') }
		: { server: path.resolve('build', 'index.js'), assets: path.resolve('public', 'build') }
}

async function loadRemixBuild(): Promise<ServerBuild> {
	const buildPath = buildPaths().server
	try {
		return (await import(pathToFileURL(buildPath).href)) as ServerBuild
	} catch (error) {
		throw new Error(`The Remix build is missing (${buildPath}); run "npm run build" first. ${String(error)}`)
	}
}

/**
 * One query counter per request (app/utils/query-count.server.ts). bench:pages starts the server
 * with KIZUNA_QUERY_COUNT_HEADER=1 to read each page's count from an X-Kizuna-Queries header;
 * without it no request is counted (tests count with countQueries).
 */
function queryCountScope(): express.RequestHandler {
	return (_req, res, next) => {
		const counter: QueryCounter = { queries: 0, statements: [] }
		const writeHead = res.writeHead
		res.writeHead = function (this: typeof res, ...args: Parameters<typeof writeHead>) {
			if (!res.headersSent) res.setHeader('X-Kizuna-Queries', String(counter.queries))
			return writeHead.apply(this, args)
		} as typeof writeHead
		runWithQueryCounter(counter, next)
	}
}

/** The composition root: Express + Remix for HTTP, and the collaboration endpoint on the same port. */
export async function createAppServer(): Promise<AppServer> {
	const env = getEnv()
	// Both copies of the cookie module (Remix bundle and this process) read this.
	process.env.KIZUNA_SECURE_COOKIES ??= env.NODE_ENV === 'production' ? '1' : '0'
	const extraOrigins = parseOriginList(env.ALLOWED_ORIGINS)
	const build = await loadRemixBuild()
	installFormDataGuard()
	const app = express()
	app.disable('x-powered-by')
	app.set('trust proxy', env.TRUST_PROXY)
	app.use(securityHeaders)
	app.use(pathGuard)
	// redirect: false — a path that names a directory is not a page; never answer it with a 301.
	app.use('/build', express.static(buildPaths().assets, { immutable: true, maxAge: '1y', redirect: false }))
	app.use(express.static(path.resolve('public'), { maxAge: '1h', redirect: false }))
	app.use(originCheck(extraOrigins))
	app.use(bodyGuard)
	// Only bench:pages reads the per-request count; other servers keep this off their hot path.
	if (process.env.KIZUNA_QUERY_COUNT_HEADER === '1') app.use(queryCountScope())
	app.use((_req, res, next) => {
		// Pages and API answers carry personal data: never cache them.
		res.setHeader('Cache-Control', 'no-store')
		next()
	})
	app.all(
		'*',
		createRequestHandler({
			build,
			mode: env.NODE_ENV,
			getLoadContext: (_req, res) => ({ cspNonce: String(res.locals.cspNonce ?? '') }),
		}),
	)
	app.use(errorGuard)
	const httpServer = http.createServer(app)
	httpServer.headersTimeout = 20_000
	httpServer.requestTimeout = 60_000
	// Several instances behind one proxy: Redis carries committed-update announcements, awareness
	// and authorization events between them (docs/decisions/0023). Without REDIS_URL, one process.
	const bus = env.REDIS_URL ? new RedisBus(env.REDIS_URL) : undefined
	if (bus) await bus.ready()
	// On PostgreSQL the collaboration rows go through their own pool (same statements as SQLite).
	const store = isPostgresUrl(env.DATABASE_URL) ? new PgCollabStore(env.DATABASE_URL) : undefined
	await store?.verifyDurability()
	const collab = attachCollab(httpServer, { db: getDb().sqlite, allowedOrigins: extraOrigins, bus, store })
	return {
		httpServer,
		collab,
		async close() {
			await collab.close()
			await bus?.close()
			await new Promise<void>((resolve) => httpServer.close(() => resolve()))
		},
	}
}
