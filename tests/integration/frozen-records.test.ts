/**
 * Issue #11 part A — records an inspector can trust, through the real modules, a real SQLite
 * file and the real collaboration server: every date-order refusal of the cycle (nothing
 * stored), the meeting step taking only a meeting held after the 支給決定, 案/本 following the
 * cycle, a consented version that reprints the same header facts and 週間計画表 after the
 * 受給者証, the 区分 and the specialist changed, old versions printing as before, and a
 * モニタリング報告書 that monitors the consented plan and alone records the モニタリング step.
 */
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { PlanHeaderTable } from '#app/components/cycle/plan-header.tsx'
import type * as Y from 'yjs'
import { WEEKLY_COLUMNS, WEEKLY_FIELDS, WEEKLY_TABLE } from '#app/document-forms/forms/definitions.ts'
import { MONITORING_FIELD_KEYS, MONITORING_META, applyGoalsPrefill, changeMetaKey, goalRowId } from '#app/document-forms/monitoring.ts'
import { PLAN_FIELD_KEYS, PLAN_GOAL_COLUMN_KEYS, PLAN_GOALS_TABLE, PLAN_META } from '#app/document-forms/plan.ts'
import { applyTemplate, cellText, createRow, fieldText, readDocument, setMeta, type DocumentSnapshot } from '#app/document-forms/structure.ts'
import { loadClientScope } from '#app/modules/authz.server.ts'
import { certificateFormSchema } from '#app/modules/clients/schemas.ts'
import { loadOpenCycle, recordDelivery, startCycle, takeStep } from '#app/modules/cycle/cycle.server.ts'
import { livePlanStage, loadCycleView } from '#app/modules/cycle/cycle-view.server.ts'
import { ensureClientDocument } from '#app/modules/documents/client-documents.server.ts'
import { loadStoredDocument } from '#app/modules/documents/stored-document.server.ts'
import { completeMonitoringReport, createMonitoringReport, loadGoalSeeds } from '#app/modules/monitoring/monitoring.server.ts'
import { loadHeaderFacts } from '#app/modules/versions/header-facts.server.ts'
import type { PlanHeaderFacts } from '#app/modules/versions/header-facts.ts'
import { freezeVersion, loadVersion } from '#app/modules/versions/versions.server.ts'
import type { Actor } from '#app/policies/index.ts'
import { loader as monitoringPrintLoader } from '#app/routes/clients.$clientId.monitoring.$documentId.print.tsx'
import { loader as versionPrintLoader } from '#app/routes/clients.$clientId.versions.$versionId.print.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { addDays, todayJst } from '#app/utils/dates.ts'
import { parseForm } from '#app/utils/forms.ts'
import { connectClient, startCollabServer, waitFor, type TestClient, type TestServer } from '#tests/helpers/collab.ts'
import { CLIENTS, USERS, actorFor, call, cookieFor, jsonOf } from './clients-helpers.ts'

const SATO = CLIENTS.sato
const META = { ipAddress: '127.0.0.1' }
const today = todayJst()
const day = (offset: number) => addDays(today, offset)
/** An instant on that JST day (10:00 JST). */
const onDay = (date: string) => new Date(`${date}T01:00:00.000Z`)

type PrintData = {
	header: Record<string, unknown>
	headerFrozen: boolean
	stage: string
	stageReason: string
	weekly: { rows: Array<{ cells: Record<string, string> }> } | null
	version: { snapshot: { fields: Record<string, string> } }
}

describe('records an inspector can trust (issue #11 part A)', () => {
	let server: TestServer
	const open: TestClient[] = []
	let plan: TestClient
	let planId = ''
	let finalVersionId = ''
	const actors: Record<string, Actor> = {}
	const cookies: Record<string, string> = {}
	const scope = async () => (await loadClientScope(SATO))!
	const state = async () => (await loadOpenCycle(SATO))?.state
	const step = async (who: string, action: Parameters<typeof takeStep>[2], raw: Record<string, string> = {}, options: Parameters<typeof takeStep>[6] = {}) =>
		takeStep(actors[who], await scope(), action, raw, today, META, options)
	const counts = async () => ({
		events: await prisma.planCycleEvent.count({ where: { clientId: SATO } }),
		versions: await prisma.documentVersion.count({ where: { clientId: SATO } }),
		consents: await prisma.planConsent.count({ where: { clientId: SATO } }),
		deliveries: await prisma.planDelivery.count({ where: { clientId: SATO } }),
		certificates: await prisma.certificate.count({ where: { clientId: SATO } }),
		state: await state(),
	})
	/** Refused with exactly these errors, and nothing stored. */
	async function expectRefused(result: Awaited<ReturnType<typeof takeStep>>, before: Awaited<ReturnType<typeof counts>>, ...messages: string[]) {
		expect(result.ok).toBe(false)
		const errors = result.ok ? [] : result.errors
		for (const message of messages) expect(errors.join('\n')).toContain(message)
		expect(await counts()).toEqual(before)
	}
	async function stored(client: TestClient, documentId: string) {
		const expected = JSON.stringify(readDocument(client.doc))
		await waitFor(
			() => {
				const doc = loadStoredDocument(documentId)
				const same = JSON.stringify(readDocument(doc)) === expected
				doc.destroy()
				return same
			},
			{ message: 'the edit to be stored' },
		)
	}
	async function editPlan(change: (doc: Y.Doc) => void) {
		change(plan.doc)
		await stored(plan, planId)
	}
	const goalRow = () => readDocument(plan.doc).rows.find((r) => r.table === PLAN_GOALS_TABLE)!.id

	beforeAll(async () => {
		server = await startCollabServer()
		for (const key of ['sodan', 'kazoku', 'city', 'kanri'] as const) {
			actors[key] = await actorFor(USERS[key])
			cookies[key] = await cookieFor(USERS[key])
		}
	})
	afterAll(async () => {
		for (const client of open) client.destroy()
		await server?.close()
	})

	test('アセスメント: 居宅訪問 or an exception with its reason, never in the future', async () => {
		expect(await startCycle(actors.sodan, await scope(), 'specialist', today, META)).toMatchObject({ ok: true })
		planId = (await loadOpenCycle(SATO))!.planDocumentId!
		plan = connectClient(server, `plan.${planId}`, { cookie: cookies.sodan, saved: true })
		open.push(plan)
		await plan.synced()
		const before = await counts()
		await expectRefused(
			await step('sodan', 'write_draft', { assessmentDate: day(1), assessmentMethod: 'home_visit', assessmentPlace: '自宅' }),
			before,
			`アセスメントの実施日（${day(1).replace(/^(\d+)-0?(\d+)-0?(\d+)$/, '$1年$2月$3日')}）に未来の日付は指定できません`,
		)
		await expectRefused(await step('sodan', 'write_draft', { assessmentDate: day(-20), assessmentMethod: 'facility', assessmentPlace: '施設' }), before, '居宅訪問で行わなかった理由')
		expect(await step('sodan', 'write_draft', { assessmentDate: day(-20), assessmentMethod: 'hospital', assessmentReason: '骨折で入院中のため病室で面接', assessmentPlace: '希望が丘病院 病室' })).toMatchObject({
			ok: true,
			state: 'draft',
		})
		const event = await prisma.planCycleEvent.findFirstOrThrow({ where: { clientId: SATO, action: 'write_draft' } })
		expect(event.note).toBe('アセスメント：入院中（病院で面接）（理由：骨折で入院中のため病室で面接）\nアセスメント実施場所：希望が丘病院 病室')
	})

	test('計画案作成日 before the アセスメント is refused; the 案 is the 案 until the meeting', async () => {
		await editPlan((doc) => {
			applyTemplate(doc, PLAN_FIELD_KEYS)
			fieldText(doc, 'policy')!.insert(0, '母の入院中も自宅で暮らし続ける')
			createRow(doc, PLAN_GOALS_TABLE, PLAN_GOAL_COLUMN_KEYS, { cells: { need: '日中活動', goal: '週4回通所する', targetDate: '6か月後' } })
			setMeta(doc, PLAN_META.draftDate, day(-25))
			setMeta(doc, PLAN_META.monitoringStart, today.slice(0, 7))
		})
		const consent = { consenterType: 'self', consenterName: '佐藤 誠', explainedOn: day(-15), consentedOn: day(-15) }
		const before = await counts()
		await expectRefused(await step('sodan', 'consent_draft', consent), before, '計画案作成日', 'がアセスメントの実施日', 'より前です')
		await editPlan((doc) => setMeta(doc, PLAN_META.draftDate, day(-15)))
		expect(await step('sodan', 'consent_draft', consent)).toMatchObject({ ok: true, state: 'draft_consented' })
		expect(await step('sodan', 'submit', { deliveredOn: day(-15), submittedOn: day(-14) })).toMatchObject({ ok: true, state: 'submitted' })
		expect(await livePlanStage(SATO)).toMatchObject({ stage: 'draft' })
	})

	test('支給決定 before the 計画案 is refused (no 受給者証 row written)', async () => {
		const decision = (issuedOn: string) => {
			const parsed = parseForm(
				{
					kind: 'welfare',
					number: '1234567890',
					issuedBy: '希望が丘市',
					issuedOn,
					effectiveFrom: day(-10),
					decisionStart: day(-10),
					decisionEnd: addDays(day(-10), 364),
					supportLevel: '3',
					copayCap: '9300',
					monitoringPeriod: 'monthly',
					monitoringMonths: '',
					serviceType: ['生活介護'],
					amount: ['当該月の日数から8日を控除した日数'],
					note: '',
				},
				certificateFormSchema(today),
			)
			if (!parsed.ok) throw new Error(JSON.stringify(parsed.fieldErrors))
			return parsed.data
		}
		const before = await counts()
		await expectRefused(await step('city', 'record_decision', {}, { decision: decision(day(-16)) }), before, '支給決定日（受給者証の交付年月日）', 'が計画案作成日', 'より前です')
		expect(await step('city', 'record_decision', {}, { decision: decision(day(-10)) })).toMatchObject({ ok: true, state: 'decided' })
	})

	test('the meeting step takes only a meeting of this cycle, held (started) on or after the 支給決定', async () => {
		const meeting = async (id: string, startedAt: Date | null) => {
			await prisma.document.create({ data: { id: `doc-${id}`, clientId: SATO, kind: 'minutes', title: '記録', createdById: USERS.sodan, frozenAt: new Date() } })
			await prisma.meeting.create({
				data: { id, clientId: SATO, purpose: 'new', date: day(-5), startTime: '10:00', format: 'in_person', status: 'closed', selfAttendance: 'attended', minutesDocumentId: `doc-${id}`, createdById: USERS.sodan, startedAt, closedAt: new Date() },
			})
		}
		await meeting('mtg-never-started', null)
		await meeting('mtg-before-decision', onDay(day(-12)))
		await meeting('mtg-held', onDay(day(-5)))
		// The step's form offers only the meeting it can take.
		const view = await loadCycleView(actors.sodan, await scope(), today)
		expect(view.meetings.map((m) => [m.id, m.heldOn, m.date])).toEqual([['mtg-held', day(-5), day(-5)]])
		const before = await counts()
		await expectRefused(await step('sodan', 'hold_meeting', { meetingId: 'mtg-never-started' }), before, '開始の記録がありません')
		await expectRefused(await step('sodan', 'hold_meeting', { meetingId: 'mtg-before-decision' }), before, 'サービス担当者会議の開催日', 'が支給決定日（受給者証の交付年月日）', 'より前です')
		await expectRefused(await step('sodan', 'hold_meeting', { meetingId: 'mtg-nope' }), before, '見つからないか、まだ終了していません')
		expect(await step('sodan', 'hold_meeting', { meetingId: 'mtg-held' })).toMatchObject({ ok: true, state: 'meeting' })
		const event = await prisma.planCycleEvent.findFirstOrThrow({ where: { clientId: SATO, action: 'hold_meeting' } })
		expect(event.occurredOn).toBe(day(-5))
		expect(JSON.parse(event.detail)).toMatchObject({ meetingId: 'mtg-held', meetingHeldOn: day(-5) })
		// After the meeting the plan is the 本計画 draft: the cycle says so, not a select.
		expect(await livePlanStage(SATO)).toEqual({ stage: 'final', stageReason: 'サービス担当者会議を開催したため本計画です。各行に提供事業者名を記入します。' })
	})

	test('本計画 made before the meeting is refused; consent freezes header facts, 本計画 and the 週間計画表', async () => {
		// The 週間計画表 belongs to the plan: it is frozen and printed with it.
		const weekly = await ensureClientDocument(actors.sodan, await scope(), 'weekly', today, META)
		expect(weekly.ok).toBe(true)
		const weeklyId = weekly.ok ? weekly.documentId : ''
		const weeklyClient = connectClient(server, `weekly.${weeklyId}`, { cookie: cookies.sodan, saved: true })
		open.push(weeklyClient)
		await weeklyClient.synced()
		applyTemplate(weeklyClient.doc, WEEKLY_FIELDS.map((f) => f.key))
		createRow(weeklyClient.doc, WEEKLY_TABLE, [...WEEKLY_COLUMNS], { cells: { day: 'mon', start: '09:00', end: '15:00', label: '生活介護ひだまり', kind: 'service' } })
		await stored(weeklyClient, weeklyId)

		const row = goalRow()
		await editPlan((doc) => {
			cellText(doc, row, 'provider')!.insert(0, '生活介護事業所ひだまり')
			setMeta(doc, PLAN_META.planDate, day(-6))
		})
		expect(await step('sodan', 'finalize')).toMatchObject({ ok: true, state: 'final' })
		const early = { consenterType: 'self', consenterName: '佐藤 誠', explainedOn: day(-6), consentedOn: day(-6), deliveredOn: day(-6) }
		const before = await counts()
		await expectRefused(await step('sodan', 'consent_final', early), before, '本計画の計画作成日（説明・同意日）', 'がサービス担当者会議の開催日', 'より前です')

		await editPlan((doc) => setMeta(doc, PLAN_META.planDate, day(-3)))
		const done = await step('sodan', 'consent_final', { ...early, explainedOn: day(-3), consentedOn: day(-3), deliveredOn: day(-3) })
		expect(done).toMatchObject({ ok: true, state: 'final_consented' })
		finalVersionId = done.ok ? done.versionId! : ''
		const version = (await loadVersion(finalVersionId))!
		expect(version.verified).toBe(true)
		expect(version.facts).toMatchObject({
			asOf: day(-3),
			stage: 'final',
			header: {
				clientName: '佐藤 誠',
				supportLevel: '3',
				certificates: [{ kind: 'welfare', kindLabel: '障害福祉サービス受給者証', number: '1234567890' }],
				copayCapLabel: '9,300円',
				monitoringPeriodLabel: '毎月',
				monitoringStart: today.slice(0, 7),
			},
		})
		expect(version.facts!.weekly!.rows.map((r) => r.cells.label)).toEqual(['生活介護ひだまり'])

		// The 週間計画表 goes on being edited live; the version keeps what was consented.
		cellText(weeklyClient.doc, readDocument(weeklyClient.doc).rows[0].id, 'label')!.insert(0, '（変更）')
		await stored(weeklyClient, weeklyId)
		expect((await loadVersion(finalVersionId))!.facts!.weekly!.rows[0].cells.label).toBe('生活介護ひだまり')
	})

	test('services starting before the 本計画 are refused', async () => {
		expect(await recordDelivery(actors.sodan, await scope(), { recipientType: 'provider', organizationId: 'org-hidamari', method: 'hand', deliveredOn: day(-3), versionId: finalVersionId }, today, META)).toMatchObject({ ok: true })
		const before = await counts()
		await expectRefused(await step('kanri', 'start_services', { submittedOn: day(-3), servicesStartOn: day(-4) }), before, 'サービス利用開始日', 'が本計画の計画作成日（説明・同意日）', 'より前です')
		await expectRefused(await step('kanri', 'start_services', { submittedOn: day(-3) }), before, 'サービス利用開始日がありません')
		expect(await step('kanri', 'start_services', { submittedOn: day(-3), servicesStartOn: day(-1) })).toMatchObject({ ok: true, state: 'active' })
	})

	test('a reprint after the 受給者証, the 区分 and the specialist changed has byte-identical header facts', async () => {
		const print = async () => {
			const response = await call(versionPrintLoader, { path: `/clients/${SATO}/versions/${finalVersionId}/print`, params: { clientId: SATO, versionId: finalVersionId }, cookie: cookies.sodan })
			expect(response.status).toBe(200)
			return jsonOf<PrintData>(response)
		}
		const first = await print()
		expect(first).toMatchObject({ headerFrozen: true, stage: 'final' })
		const liveBefore = await loadHeaderFacts(SATO, today)

		// A new 受給者証 (another number, 区分 4), and another 相談支援事業者名 / 計画作成担当者.
		await prisma.certificate.create({
			data: { id: 'cert-sato-later', clientId: SATO, kind: 'welfare', number: '9999999999', issuedBy: '希望が丘市', issuedOn: today, effectiveFrom: today, decisionStart: today, decisionEnd: addDays(today, 364), supportLevel: '4', copayCap: 0, monitoringPeriod: 'monthly' },
		})
		await prisma.client.update({ where: { id: SATO }, data: { supportLevel: '4' } })
		const specialist = await prisma.careTeamMember.findFirstOrThrow({ where: { clientId: SATO, role: 'specialist' }, select: { organizationId: true } })
		await prisma.organization.update({ where: { id: specialist.organizationId! }, data: { name: '相談支援センター新名称' } })
		await prisma.user.update({ where: { id: USERS.sodan }, data: { displayName: '交代後 の担当者' } })
		const liveAfter = await loadHeaderFacts(SATO, today)
		// The live header did change (so the comparison below can fail)…
		expect(liveAfter).toMatchObject({ supportLevel: '4', certificates: [{ number: '9999999999' }], agencyName: '相談支援センター新名称', authorName: '交代後 の担当者' })
		expect(JSON.stringify(liveAfter)).not.toBe(JSON.stringify(liveBefore))

		// …and the reprint is the same page: header facts, 案/本 and 週間計画表 byte for byte.
		const again = await print()
		expect(JSON.stringify(again.header)).toBe(JSON.stringify(first.header))
		expect(JSON.stringify([again.stage, again.stageReason, again.weekly])).toBe(JSON.stringify([first.stage, first.stageReason, first.weekly]))
		expect(again.header).toMatchObject({ supportLevelLabel: '区分3', certificates: [{ number: '1234567890' }] })
		// The printed header block itself, rendered by the print's component: the same bytes.
		const headerHtml = (data: PrintData) =>
			renderToStaticMarkup(createElement(PlanHeaderTable, { header: data.header as unknown as PlanHeaderFacts, snapshot: data.version.snapshot as unknown as DocumentSnapshot }))
		expect(headerHtml(again)).toBe(headerHtml(first))
		expect(headerHtml(first)).toContain('1234567890')
		expect(headerHtml(first)).not.toContain('9999999999')
		expect(again.weekly!.rows[0].cells.label).toBe('生活介護ひだまり')
	})

	test('a version frozen before its facts were kept prints what it always printed (today’s header)', async () => {
		const old = await freezeVersion({ documentId: planId, reason: 'manual', actorId: USERS.sodan, meta: META })
		const loaded = (await loadVersion(old.id))!
		expect(loaded).toMatchObject({ facts: null, verified: true })
		const response = await call(versionPrintLoader, { path: `/clients/${SATO}/versions/${old.id}/print`, params: { clientId: SATO, versionId: old.id }, cookie: cookies.sodan })
		const data = await jsonOf<PrintData>(response)
		expect(data).toMatchObject({ headerFrozen: false, weekly: null, stageReason: '' })
		expect(JSON.stringify(data.header)).toBe(JSON.stringify(await loadHeaderFacts(SATO, today, today.slice(0, 7))))
	})

	test('the モニタリング step: never on its own, never from a draft; a report monitors the consented plan', async () => {
		const before = await counts()
		await expectRefused(await step('sodan', 'start_monitoring', { monitoringDate: today, monitoringPlace: '自宅', changeNeeded: 'no' }), before, 'モニタリング報告書を完了すると記録されます')

		const month = today.slice(0, 7)
		const created = await createMonitoringReport(actors.sodan, await scope(), month, today, META)
		expect(created, JSON.stringify(created)).toMatchObject({ ok: true })
		const reportDoc = created.ok ? created.documentId : ''
		const report = await prisma.monitoringReport.findUniqueOrThrow({ where: { documentId: reportDoc } })
		expect(report.planVersionId).toBe(finalVersionId)
		// A draft report does not record the step either.
		await expectRefused(await step('sodan', 'start_monitoring', { monitoringPlace: '自宅' }, { monitoringReportId: report.id }), before, 'モニタリング報告書を完了すると記録されます')

		// The live plan moves on after consent; the report keeps to what was agreed.
		await editPlan((doc) => {
			fieldText(doc, 'policy')!.insert(0, '【改訂中】')
			const goal = cellText(doc, goalRow(), 'goal')!
			goal.delete(0, goal.length)
			goal.insert(0, '毎日通所する（検討中）')
		})
		const seeds = await loadGoalSeeds(SATO, report.planVersionId)
		expect(seeds.map((s) => s.goal)).toEqual(['週4回通所する'])

		const writer = connectClient(server, `monitoring.${reportDoc}`, { cookie: cookies.sodan, saved: true })
		open.push(writer)
		await writer.synced()
		applyTemplate(writer.doc, MONITORING_FIELD_KEYS)
		applyGoalsPrefill(writer.doc, seeds)
		setMeta(writer.doc, MONITORING_META.conductedOn, today)
		fieldText(writer.doc, 'place')!.insert(0, '自宅')
		fieldText(writer.doc, 'overall')!.insert(0, '母の入院中も通所が続いている')
		for (const kind of ['kind', 'amount', 'weekly'] as const) setMeta(writer.doc, changeMetaKey(kind, goalRowId(seeds[0].goalId)), 'no')
		await stored(writer, reportDoc)

		const printed = await jsonOf<{ policy: string; planVersion: { id: string; number: number }; header: { certificates: Array<{ number: string }>; supportLevelLabel: string }; content: { rows: Array<{ cells: Record<string, string> }> } }>(
			await call(monitoringPrintLoader, { path: `/clients/${SATO}/monitoring/${reportDoc}/print`, params: { clientId: SATO, documentId: reportDoc }, cookie: cookies.kazoku }),
		)
		expect(printed.policy).toBe('母の入院中も自宅で暮らし続ける')
		expect(printed.content.rows.map((r) => [r.cells.goal, r.cells.targetDate])).toEqual([['週4回通所する', '6か月後']])
		expect(printed.planVersion.id).toBe(finalVersionId)
		// The header is the consented version's, not today's certificate.
		expect(printed.header).toMatchObject({ supportLevelLabel: '区分3', certificates: [{ number: '1234567890' }] })

		// Completing the report is what records the step, with the report's facts.
		const completed = await completeMonitoringReport(actors.sodan, await scope(), reportDoc, today, META)
		expect(completed).toMatchObject({ ok: true, cycleAdvanced: true })
		expect(await state()).toBe('monitoring')
		const event = await prisma.planCycleEvent.findFirstOrThrow({ where: { clientId: SATO, action: 'start_monitoring' } })
		expect(event.occurredOn).toBe(today)
		expect(JSON.parse(event.detail)).toMatchObject({ monitoringDate: today, changeNeeded: false, monitoringReportId: report.id })
	})
})
