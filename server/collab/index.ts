import type http from 'node:http'
import type Database from 'better-sqlite3'

export type CollabServer = { close(): Promise<void> }

export function attachCollab(_httpServer: http.Server, _options: { db: Database.Database; allowedOrigins: string[] }): CollabServer {
	return { close: async () => {} }
}
