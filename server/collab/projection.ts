import type Database from 'better-sqlite3'
import type * as Y from 'yjs'
import { ISP_META } from '#app/document-forms/isp.ts'
import { projectPlanGoals, projectSupportRows } from '#app/document-forms/projection.ts'
import { readMeta } from '#app/document-forms/structure.ts'
import type { CollabStorage } from '#app/modules/documents/collab-storage.server.ts'
import { toDbDateTime } from '#app/modules/documents/collab-storage.server.ts'

/**
 * Keeps the plan-goal / ISP-row projection (PlanGoal, SupportRow, SupportRowLink) in step with
 * the stored 'plan' and 'isp' documents. After a commit the hub calls schedule(); 300 ms after
 * a document's last commit its state is read (the open room's Y.Doc, or a load from storage
 * once the room is gone) and its projection rows are replaced in one transaction on the shared
 * connection. Like the write queue, it never writes inside someone else's transaction.
 * rebuild() recomputes from DocSnapshot + DocUpdate (start-up, on demand).
 */

export const PROJECTED_KINDS: ReadonlySet<string> = new Set(['plan', 'isp'])
const DEBOUNCE_MS = 300
const BUSY_RETRY_MS = 50

type DocumentInfo = { id: string; clientId: string; kind: string; organizationId: string | null }

export class PlanProjector {
	private readonly timers = new Map<string, NodeJS.Timeout>()
	private readonly selectDocument: Database.Statement
	private readonly selectProjected: Database.Statement
	private readonly upsertGoal: Database.Statement
	private readonly markDeletedGoals: Database.Statement
	private readonly deleteRows: Database.Statement
	private readonly deleteLinks: Database.Statement
	private readonly insertRow: Database.Statement
	private readonly insertLink: Database.Statement
	private readonly upsertReview: Database.Statement

	constructor(
		private readonly storage: CollabStorage,
		/** the open room's document, if any (its state includes everything committed) */
		private readonly openDoc: (documentId: string) => Y.Doc | null,
	) {
		const prepare = (sql: string) => storage.db.prepare(sql).safeIntegers(false)
		this.selectDocument = prepare('SELECT "id", "clientId", "kind", "organizationId" FROM "Document" WHERE "id" = ?')
		this.selectProjected = prepare(`SELECT "id" FROM "Document" WHERE "kind" IN ('plan', 'isp') ORDER BY "id"`)
		this.upsertGoal = prepare(
			'INSERT INTO "PlanGoal" ("clientId", "documentId", "goalId", "priority", "need", "goal", "dueText", "deletedAt") VALUES (?, ?, ?, ?, ?, ?, ?, NULL) ' +
				'ON CONFLICT ("documentId", "goalId") DO UPDATE SET "priority" = excluded."priority", "need" = excluded."need", ' +
				'"goal" = excluded."goal", "dueText" = excluded."dueText", "deletedAt" = NULL',
		)
		// Goals gone from the plan keep their last text: ISP rows still linking to them say what it was.
		this.markDeletedGoals = prepare(
			'UPDATE "PlanGoal" SET "deletedAt" = ? WHERE "documentId" = ? AND "deletedAt" IS NULL AND "goalId" NOT IN (SELECT value FROM json_each(?))',
		)
		this.deleteRows = prepare('DELETE FROM "SupportRow" WHERE "ispDocumentId" = ?')
		this.deleteLinks = prepare('DELETE FROM "SupportRowLink" WHERE "ispDocumentId" = ?')
		this.insertRow = prepare(
			'INSERT INTO "SupportRow" ("clientId", "ispDocumentId", "organizationId", "rowId", "priority", "summary", "category") VALUES (?, ?, ?, ?, ?, ?, ?)',
		)
		this.insertLink = prepare(
			'INSERT INTO "SupportRowLink" ("clientId", "ispDocumentId", "organizationId", "rowId", "rowSummary", "goalId") VALUES (?, ?, ?, ?, ?, ?)',
		)
		// The dashboard's 見直し予定日 (decision 0024): one row per ISP instead of a decode per view.
		this.upsertReview = prepare(
			'INSERT INTO "IspReview" ("documentId", "clientId", "reviewBy", "updatedAt") VALUES (?, ?, ?, ?) ' +
				'ON CONFLICT ("documentId") DO UPDATE SET "clientId" = excluded."clientId", "reviewBy" = excluded."reviewBy", "updatedAt" = excluded."updatedAt"',
		)
	}

	/** Projects the document DEBOUNCE_MS after its last commit. */
	schedule(documentId: string, kind: string): void {
		if (!PROJECTED_KINDS.has(kind)) return
		this.defer(documentId, DEBOUNCE_MS)
	}

	private defer(documentId: string, ms: number): void {
		const previous = this.timers.get(documentId)
		if (previous) clearTimeout(previous)
		const timer = setTimeout(() => {
			this.timers.delete(documentId)
			this.runOrRetry(documentId)
		}, ms)
		timer.unref()
		this.timers.set(documentId, timer)
	}

	private runOrRetry(documentId: string): void {
		if (this.storage.busy) return this.defer(documentId, BUSY_RETRY_MS)
		try {
			this.project(documentId)
		} catch (error) {
			// The next commit (or the start-up rebuild) tries again.
			console.error(`[collab] projecting ${documentId} failed`, error)
		}
	}

	/** Graceful close: projects everything still waiting, now. */
	flushAll(): void {
		const pending = Array.from(this.timers.keys())
		for (const timer of this.timers.values()) clearTimeout(timer)
		this.timers.clear()
		for (const documentId of pending) {
			if (this.storage.busy) {
				console.warn(`[collab] projection of ${documentId} skipped at shutdown (database busy); rebuilt at next start`)
				continue
			}
			try {
				this.project(documentId)
			} catch (error) {
				console.error(`[collab] projecting ${documentId} failed`, error)
			}
		}
	}

	dispose(): void {
		for (const timer of this.timers.values()) clearTimeout(timer)
		this.timers.clear()
	}

	/** Recomputes the projection of every plan and ISP from stored state (start-up). */
	rebuildAll(): number {
		const ids = (this.selectProjected.all() as Array<{ id: string }>).map((r) => r.id)
		for (const id of ids) this.project(id)
		return ids.length
	}

	/** Reads the document (open room, else storage) and replaces its projection. Synchronous. */
	project(documentId: string): void {
		const info = this.selectDocument.get(documentId) as DocumentInfo | undefined
		if (!info || !PROJECTED_KINDS.has(info.kind)) return
		const open = this.openDoc(documentId)
		const doc = open ?? this.storage.load(documentId).doc
		try {
			if (info.kind === 'plan') this.writePlan(info, doc)
			else if (info.organizationId) this.writeIsp(info, info.organizationId, doc)
		} finally {
			if (!open) doc.destroy()
		}
	}

	private writePlan(info: DocumentInfo, doc: Y.Doc): void {
		const goals = projectPlanGoals(doc)
		this.storage.transaction(() => {
			for (const g of goals) this.upsertGoal.run(info.clientId, info.id, g.goalId, g.priority, g.need, g.goal, g.dueText)
			this.markDeletedGoals.run(toDbDateTime(new Date()), info.id, JSON.stringify(goals.map((g) => g.goalId)))
		})
	}

	private writeIsp(info: DocumentInfo, organizationId: string, doc: Y.Doc): void {
		const rows = projectSupportRows(doc)
		const reviewBy = readMeta(doc, ISP_META.reviewBy)
		this.storage.transaction(() => {
			this.upsertReview.run(info.id, info.clientId, typeof reviewBy === 'string' ? reviewBy : '', toDbDateTime(new Date()))
			this.deleteRows.run(info.id)
			this.deleteLinks.run(info.id)
			for (const r of rows) {
				this.insertRow.run(info.clientId, info.id, organizationId, r.rowId, r.priority, r.summary, r.category)
				for (const goalId of r.links) this.insertLink.run(info.clientId, info.id, organizationId, r.rowId, r.summary, goalId)
			}
		})
	}
}
