/**
 * The dashboard's 見直し予定日 comes from the IspReview projection (decision 0024): the
 * collaboration server's projector writes it when an ISP is stored, and the start-up rebuild
 * fills it for ISPs stored before the table existed.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { ISP_META } from '#app/document-forms/isp.ts'
import { setMeta } from '#app/document-forms/structure.ts'
import { CollabStorage } from '#app/modules/documents/collab-storage.server.ts'
import type { DashboardRow } from '#app/modules/dashboard/dashboard.ts'
import { loader as dashboardLoader } from '#app/routes/dashboard.tsx'
import { closeDb, prisma } from '#app/utils/db.server.ts'
import { addDays, todayJst } from '#app/utils/dates.ts'
import { PlanProjector } from '#server/collab/projection.ts'
import { useFreshDatabase } from '#tests/helpers/db.ts'
import { CLIENTS, USERS, call, cookieFor, jsonOf } from './clients-helpers.ts'

const ISP = 'isp-review-test'

describe('ISP review projection', () => {
	let storage: CollabStorage
	let projector: PlanProjector
	let cookie: string

	beforeAll(async () => {
		const db = await useFreshDatabase('seeded')
		storage = new CollabStorage(db.sqlite)
		projector = new PlanProjector(storage, () => null)
		cookie = await cookieFor(USERS.sodan)
		await prisma.document.create({ data: { id: ISP, clientId: CLIENTS.sato, kind: 'isp', title: '個別支援計画（生活介護事業所ひだまり）', organizationId: 'org-hidamari' } })
	})
	afterAll(async () => {
		projector.dispose()
		await closeDb()
	})

	/** The provider's editor: each write is stored as the update it makes. */
	const editor = new Y.Doc()
	function storeReviewBy(date: string): void {
		const before = Y.encodeStateVector(editor)
		setMeta(editor, ISP_META.reviewBy, date)
		storage.appendUpdate(ISP, Y.encodeStateAsUpdate(editor, before), USERS.sabikan, new Date())
	}
	const reviewRows = async () =>
		(await jsonOf<{ rows: DashboardRow[] }>(await call(dashboardLoader, { path: '/dashboard', cookie }))).rows.filter((r) => r.clientId === CLIENTS.sato && r.category === 'isp_review')

	test('a stored ISP shows its 見直し予定日 once projected, and the next write moves it', async () => {
		const soon = addDays(todayJst(), 10)
		storeReviewBy(soon)
		expect(await reviewRows()).toHaveLength(0) // not projected yet: nothing is decoded per view
		projector.project(ISP)
		expect(await prisma.ispReview.findUnique({ where: { documentId: ISP } })).toMatchObject({ clientId: CLIENTS.sato, reviewBy: soon })
		const rows = await reviewRows()
		expect(rows).toHaveLength(1)
		expect(rows[0].label).toContain('あと10日')
		const later = addDays(todayJst(), 20)
		storeReviewBy(later)
		projector.project(ISP)
		expect((await reviewRows())[0].label).toContain('あと20日')
	})

	test('the start-up rebuild fills the projection of ISPs stored before it existed', async () => {
		await prisma.ispReview.deleteMany({})
		expect(await reviewRows()).toHaveLength(0)
		projector.rebuildAll()
		expect(await reviewRows()).toHaveLength(1)
	})
})
