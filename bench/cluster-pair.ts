/**
 * `npm run bench:collab -- --cluster`: two collaboration "instances" (two hubs, each with its own
 * HTTP port and its own Redis connection pair) on one database, in one child process. They
 * share no memory state: B learns of A's commits only through Redis (the committed id) and the
 * database (the rows) — the cluster path of decision 0023. Prints "listening <portA>" after
 * writing B's port to BENCH_PAIR_PORT_FILE.
 */
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { getDb, initDb } from '#app/utils/db.server.ts'
import { RedisBus } from '#server/collab/cluster/redis-bus.ts'
import { attachCollab } from '#server/collab/index.ts'

const redisUrl = process.env.REDIS_URL
if (!redisUrl) throw new Error('REDIS_URL is required')
await initDb()
const prefix = `kizuna-bench-${process.pid}:`
const ports: number[] = []
for (let i = 0; i < 2; i++) {
	const bus = new RedisBus(redisUrl, prefix)
	await bus.ready()
	const server = http.createServer((_req, res) => {
		res.statusCode = 404
		res.end()
	})
	attachCollab(server, { db: getDb().sqlite, allowedOrigins: [], bus })
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
	ports.push((server.address() as AddressInfo).port)
}
fs.writeFileSync(process.env.BENCH_PAIR_PORT_FILE ?? '/dev/null', String(ports[1]))
console.log(`listening ${ports[0]}`)
