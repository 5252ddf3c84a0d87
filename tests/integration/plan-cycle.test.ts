import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { PLAN_FIELD_KEYS, PLAN_GOAL_COLUMN_KEYS, PLAN_GOALS_TABLE, PLAN_META } from '#app/document-forms/plan.ts'
import { applyTemplate, cellText, createRow, fieldText, readDocument, setMeta } from '#app/document-forms/structure.ts'
import { loadActor } from '#app/modules/auth/auth.server.ts'
import { loadClientScope } from '#app/modules/authz.server.ts'
import { certificateFormSchema } from '#app/modules/clients/schemas.ts'
import { agreeToElectronicConsent, loadOpenCycle, recordDelivery, recordIspDelivery, startCycle, takeStep } from '#app/modules/cycle/cycle.server.ts'
import { ensureIspDocument } from '#app/modules/documents/isp.server.ts'
import { loadStoredDocument } from '#app/modules/documents/stored-document.server.ts'
import { compareVersions } from '#app/modules/versions/compare.ts'
import { PLAN_LAYOUT } from '#app/modules/versions/layouts.ts'
import { loadVersion, snapshotDigest, versionHash } from '#app/modules/versions/versions.server.ts'
import { documentAccess, type Actor } from '#app/policies/index.ts'
import { prisma } from '#app/utils/db.server.ts'
import { addDays, todayJst } from '#app/utils/dates.ts'
import { parseForm } from '#app/utils/forms.ts'
import { auditRows, connectClient, sessionCookie, startCollabServer, waitFor, type TestClient, type TestServer } from '#tests/helpers/collab.ts'

const SATO = 'client-sato-makoto'
const META = { ipAddress: '127.0.0.1' }

async function actorOf(id: string): Promise<Actor> {
	const user = await prisma.user.findUniqueOrThrow({ where: { id }, select: { id: true, role: true, disabledAt: true } })
	return loadActor(user)
}

describe('the plan cycle of 佐藤 誠: steps, versions, consent, decision, セルフプラン', () => {
	let server: TestServer
	let writer: TestClient | null = null
	let planId = ''
	const today = todayJst()
	const actors: Record<string, Actor> = {}
	const scope = async () => (await loadClientScope(SATO))!
	const state = async () => (await loadOpenCycle(SATO))?.state
	const counts = async () => ({
		events: await prisma.planCycleEvent.count({ where: { clientId: SATO } }),
		versions: await prisma.documentVersion.count({ where: { clientId: SATO } }),
		consents: await prisma.planConsent.count({ where: { clientId: SATO } }),
		deliveries: await prisma.planDelivery.count({ where: { clientId: SATO } }),
		certificates: await prisma.certificate.count({ where: { clientId: SATO } }),
	})
	const step = async (who: string, action: Parameters<typeof takeStep>[2], raw: Record<string, string> = {}, options: Parameters<typeof takeStep>[6] = {}) =>
		takeStep(actors[who], await scope(), action, raw, today, META, options)

	async function edit(change: (doc: Y.Doc) => void) {
		change(writer!.doc)
		const expected = JSON.stringify(readDocument(writer!.doc))
		await waitFor(
			() => {
				const stored = loadStoredDocument(planId)
				const same = JSON.stringify(readDocument(stored)) === expected
				stored.destroy()
				return same
			},
			{ message: 'the edit to be stored' },
		)
	}

	beforeAll(async () => {
		server = await startCollabServer()
		for (const id of ['user-sodan', 'user-kazoku', 'user-city', 'user-sabikan', 'user-kanri']) actors[id.slice(5)] = await actorOf(id)
	})
	afterAll(async () => {
		writer?.destroy()
		await server?.close()
	})

	test('starting: the office starts an agency cycle (with the plan document), providers may not', async () => {
		const refused = await startCycle(actors.sabikan, await scope(), 'specialist', today, META)
		expect(refused).toMatchObject({ ok: false, status: 403 })
		expect(await loadOpenCycle(SATO)).toBeNull()
		const started = await startCycle(actors.sodan, await scope(), 'specialist', today, META)
		expect(started).toMatchObject({ ok: true, state: 'assessment' })
		const cycle = (await loadOpenCycle(SATO))!
		expect(cycle.planDocumentId).toBeTruthy()
		planId = cycle.planDocumentId!
		expect(await startCycle(actors.sodan, await scope(), 'specialist', today, META)).toMatchObject({ ok: false, status: 409 })
		writer = connectClient(server, `plan.${planId}`, { cookie: (await sessionCookie('user-sodan')).cookie, saved: true })
		await writer.synced()
	})

	test('refused steps change nothing: wrong role, wrong state, missing facts', async () => {
		const before = await counts()
		const wrongRole = await step('kazoku', 'write_draft', { assessmentDate: today, assessmentMethod: 'home_visit', assessmentPlace: '自宅' })
		expect(wrongRole.ok).toBe(false)
		expect(wrongRole.ok ? [] : wrongRole.errors.join()).toContain('相談支援専門員が行います')
		const wrongState = await step('sodan', 'submit', { submittedOn: today })
		expect(wrongState.ok ? [] : wrongState.errors.join()).toContain('の段階で行います')
		const missing = await step('sodan', 'write_draft', {})
		expect(missing.ok ? [] : missing.errors).toEqual(['アセスメントの記録がありません（実施日・居宅訪問か例外か・実施場所）'])
		// Inspectors require the 居宅訪問: an exception is recorded with its reason.
		const noReason = await step('sodan', 'write_draft', { assessmentDate: today, assessmentMethod: 'hospital', assessmentPlace: '希望が丘病院' })
		expect(noReason.ok ? [] : noReason.errors).toEqual(['居宅訪問で行わなかった理由を記録してください（例：入院中のため病院で面接）'])
		expect(await counts()).toEqual(before)
		expect(await state()).toBe('assessment')

		expect(await step('sodan', 'write_draft', { assessmentDate: today, assessmentMethod: 'home_visit', assessmentPlace: '自宅' })).toMatchObject({ ok: true, state: 'draft' })
		const event = await prisma.planCycleEvent.findFirstOrThrow({ where: { clientId: SATO, action: 'write_draft' } })
		expect(event).toMatchObject({ fromState: 'assessment', toState: 'draft', actorId: 'user-sodan', occurredOn: today })
		expect(event.note).toBe('アセスメント：居宅訪問\nアセスメント実施場所：自宅')
		expect(JSON.parse(event.detail)).toMatchObject({ assessmentDate: today, assessmentMethod: 'home_visit' })
	})

	test('electronic consent needs the account’s prior agreement; then it freezes the exact stored plan', async () => {
		await edit((doc) => {
			applyTemplate(doc, PLAN_FIELD_KEYS)
			fieldText(doc, 'wishes')!.insert(0, '日中は作業所に通いたい')
			createRow(doc, PLAN_GOALS_TABLE, PLAN_GOAL_COLUMN_KEYS, { cells: { need: '日中活動', goal: '週3回通所する' } })
			setMeta(doc, PLAN_META.draftDate, today)
		})
		const consent = { consenterType: 'proxy', consenterName: '佐藤 洋子', relationship: '母', proxyReason: '本人は内容の理解が難しいため', explainedOn: today, consentedOn: today }
		// Staff cannot consent electronically on someone's behalf, and family cannot file a paper record.
		expect(await step('sodan', 'consent_draft', consent, { channel: 'electronic' })).toMatchObject({ ok: false, status: 403 })
		expect(await step('kazoku', 'consent_draft', consent)).toMatchObject({ ok: false, status: 403 })

		const before = await counts()
		const refused = await step('kazoku', 'consent_draft', consent, { channel: 'electronic' })
		expect(refused.ok ? [] : refused.errors).toContain('電磁的方法による同意には、電磁的方法によることについて事前に得た承諾の記録が必要です')
		expect(await counts()).toEqual(before)
		expect(await state()).toBe('draft')

		await agreeToElectronicConsent(actors.kazoku, META)
		// What she read must be what is frozen: a plan changed since she opened the page is refused.
		const stale = await step('kazoku', 'consent_draft', consent, { channel: 'electronic', shownDigest: 'what-she-read-before-an-edit' })
		expect(stale).toMatchObject({ ok: false, status: 409 })
		expect(await counts()).toEqual(before)
		const shown = loadStoredDocument(planId)
		const shownDigest = snapshotDigest(readDocument(shown))
		shown.destroy()
		const done = await step('kazoku', 'consent_draft', consent, { channel: 'electronic', shownDigest })
		expect(done).toMatchObject({ ok: true, state: 'draft_consented' })
		const versionId = done.ok ? done.versionId! : ''
		const version = (await loadVersion(versionId))!
		expect(version.verified).toBe(true)
		expect(version.reason).toBe('draft_consented')
		// Exactly the stored document at that moment: its Yjs state replays to the same rendering.
		const row = await prisma.documentVersion.findUniqueOrThrow({ where: { id: versionId } })
		const stored = loadStoredDocument(planId)
		expect(readDocument(stored)).toEqual(version.snapshot)
		stored.destroy()
		const replay = new Y.Doc()
		Y.applyUpdate(replay, new Uint8Array(row.state))
		expect(readDocument(replay)).toEqual(version.snapshot)
		// The hash covers what the printout shows beside the plan too (header facts, 案/本, 週間計画表).
		expect(row.frozenFacts).not.toBeNull()
		expect(versionHash(new Uint8Array(row.state), row.rendered, row.frozenFacts)).toBe(row.contentHash)
		expect(version.facts).toMatchObject({ stage: 'draft', header: { clientName: '佐藤 誠' } })

		const recorded = await prisma.planConsent.findFirstOrThrow({ where: { versionId } })
		expect(recorded).toMatchObject({ stage: 'draft', consenterType: 'proxy', relationship: '母', method: 'electronic', consentUserId: 'user-kazoku', consentedOn: today })
		// Further editing goes on in the live plan and never touches the frozen version.
		await edit((doc) => fieldText(doc, 'wishes')!.insert(7, '毎日'))
		expect((await loadVersion(versionId))!.snapshot.fields.wishes).toBe('日中は作業所に通いたい')
	})

	test('submission hands over the consented version; the municipality sends it back with a note', async () => {
		const submitted = await step('sodan', 'submit', { deliveredOn: today, deliveryMethod: 'hand', deliveredTo: 'family', submittedOn: today })
		expect(submitted).toMatchObject({ ok: true, state: 'submitted' })
		const consented = await prisma.planConsent.findFirstOrThrow({ where: { clientId: SATO, stage: 'draft' } })
		expect(submitted.ok && submitted.versionId).toBe(consented.versionId)
		expect(await prisma.planDelivery.count({ where: { clientId: SATO, recipientType: 'municipality' } })).toBe(1)

		// The municipality reads the submitted version like any reader of the plan.
		const cityAccess = documentAccess(actors.city, { kind: 'plan', organizationId: null, frozen: false, client: await scope() }, today)
		expect(cityAccess).toBe('read')

		const before = await counts()
		const noNote = await step('city', 'send_back', {})
		expect(noNote.ok ? [] : noNote.errors).toEqual(['差し戻しの理由（直してほしい点）を記入してください'])
		expect(await counts()).toEqual(before)
		expect(await step('sodan', 'send_back', { note: '直してください' })).toMatchObject({ ok: false, status: 403 })
		expect(await step('city', 'send_back', { note: '短期入所の利用目的を書き加えてください' })).toMatchObject({ ok: true, state: 'draft' })
		const event = await prisma.planCycleEvent.findFirstOrThrow({ where: { clientId: SATO, action: 'send_back' } })
		expect(event.note).toBe('短期入所の利用目的を書き加えてください')

		// Corrected, consented again on paper (recorded by the specialist), submitted again.
		const paper = await step('sodan', 'consent_draft', { consenterType: 'self', consenterName: '佐藤 誠', explainedOn: today, consentedOn: today })
		expect(paper).toMatchObject({ ok: true, state: 'draft_consented' })
		expect(await prisma.planConsent.count({ where: { clientId: SATO, method: 'paper' } })).toBe(1)
		expect(await step('sodan', 'submit', { deliveredOn: today, submittedOn: today })).toMatchObject({ ok: true, state: 'submitted' })
	})

	test('the municipality records the 支給決定: a new effective-dated 受給者証 row, in one step', async () => {
		const form = (effectiveFrom: string) =>
			parseForm(
				{
					kind: 'welfare',
					number: '1234567890',
					issuedBy: '希望が丘市',
					issuedOn: today,
					effectiveFrom,
					decisionStart: today,
					decisionEnd: addDays(today, 364),
					supportLevel: '3',
					copayCap: '9300',
					monitoringPeriod: 'every3',
					monitoringMonths: '',
					serviceType: ['生活介護', '短期入所'],
					amount: ['当該月の日数から8日を控除した日数', '7日/月'],
					note: '',
				},
				certificateFormSchema(today),
			)
		const early = form('2026-01-01')
		const before = await counts()
		if (early.ok) {
			const refused = await step('city', 'record_decision', {}, { decision: early.data })
			expect(refused.ok).toBe(false)
			expect(await counts()).toEqual(before)
		}
		const parsed = form(today)
		expect(parsed.ok).toBe(true)
		if (!parsed.ok) return
		expect(await step('sabikan', 'record_decision', {}, { decision: parsed.data })).toMatchObject({ ok: false, status: 403 })
		const decided = await step('city', 'record_decision', {}, { decision: parsed.data })
		expect(decided).toMatchObject({ ok: true, state: 'decided' })
		expect(await prisma.certificate.count({ where: { clientId: SATO } })).toBe(before.certificates + 1)
		const certificate = await prisma.certificate.findFirstOrThrow({ where: { clientId: SATO, effectiveFrom: today, createdById: 'user-city' }, include: { services: true } })
		expect(certificate.services.map((s) => s.serviceType)).toEqual(['生活介護', '短期入所'])
		expect(certificate.monitoringPeriod).toBe('every3')
		expect(auditRows(server.sqlite, 'decision.record')).toHaveLength(1)
		expect(auditRows(server.sqlite, 'certificate.create').at(-1)?.target).toBe(`certificate:${certificate.id}`)
	})

	test('meeting, 本計画 naming providers, consent on the day of the 計画作成日, delivery, services', async () => {
		// A closed サービス担当者会議 the person attended.
		await prisma.document.create({ data: { id: 'doc-min-cycle', clientId: SATO, kind: 'minutes', title: '記録', createdById: 'user-sodan', frozenAt: new Date() } })
		await prisma.meeting.create({
			data: { id: 'mtg-cycle', clientId: SATO, purpose: 'new', date: today, startTime: '10:00', format: 'in_person', status: 'closed', selfAttendance: 'attended', minutesDocumentId: 'doc-min-cycle', createdById: 'user-sodan', startedAt: new Date(), closedAt: new Date() },
		})
		expect(await step('sodan', 'hold_meeting', { meetingId: 'nope' })).toMatchObject({ ok: false })
		expect(await step('sodan', 'hold_meeting', { meetingId: 'mtg-cycle' })).toMatchObject({ ok: true, state: 'meeting' })

		const noProvider = await step('sodan', 'finalize')
		expect(noProvider.ok ? [] : noProvider.errors).toEqual(['本計画の1行目（日中活動）に提供事業者名がありません'])
		const row = readDocument(writer!.doc).rows.find((r) => r.table === PLAN_GOALS_TABLE)!
		await edit((doc) => {
			setMeta(doc, PLAN_META.stage, 'final')
			cellText(doc, row.id, 'provider')!.insert(0, '生活介護事業所ひだまり')
			cellText(doc, row.id, 'goal')!.delete(1, 1)
			cellText(doc, row.id, 'goal')!.insert(1, '4')
			setMeta(doc, PLAN_META.planDate, addDays(today, -1))
		})
		expect(await step('sodan', 'finalize')).toMatchObject({ ok: true, state: 'final' })

		const consent = { consenterType: 'proxy', consenterName: '佐藤 洋子', relationship: '母', proxyReason: '本人は内容の理解が難しいため', explainedOn: today, consentedOn: today, deliveredOn: today }
		const before = await counts()
		const wrongDate = await step('kazoku', 'consent_final', consent, { channel: 'electronic' })
		expect(wrongDate.ok ? [] : wrongDate.errors.join()).toContain('計画作成日は説明・同意を得た日（署名日）にしてください')
		expect(await counts()).toEqual(before)
		await edit((doc) => setMeta(doc, PLAN_META.planDate, today))
		const done = await step('kazoku', 'consent_final', consent, { channel: 'electronic' })
		expect(done).toMatchObject({ ok: true, state: 'final_consented' })
		const finalId = done.ok ? done.versionId! : ''
		expect(await prisma.planDelivery.count({ where: { versionId: finalId, recipientType: 'family', method: 'electronic' } })).toBe(1)

		// Compare the first consented 案 with the consented 本計画, per field and goal row.
		const first = await prisma.planConsent.findFirstOrThrow({ where: { clientId: SATO, stage: 'draft' }, orderBy: { createdAt: 'asc' } })
		const comparison = compareVersions((await loadVersion(first.versionId))!.snapshot, (await loadVersion(finalId))!.snapshot, PLAN_LAYOUT)
		expect(comparison.fields.find((f) => f.key === 'wishes')!.segments).toEqual([
			{ type: 'same', text: '日中は作業所に' },
			{ type: 'added', text: '毎日' },
			{ type: 'same', text: '通いたい' },
		])
		const goalRow = comparison.tables[0].rows.find((r) => r.rowId === row.id)!
		expect(goalRow.status).toBe('changed')
		expect(goalRow.cells.find((c) => c.key === 'provider')!.segments).toEqual([{ type: 'added', text: '生活介護事業所ひだまり' }])
		expect(comparison.meta.find((m) => m.key === 'stage')!.changed).toBe(true)

		// Services start only once every provider on the team has the 本計画.
		const early = await step('sodan', 'start_services', { submittedOn: today, servicesStartOn: today })
		expect(early.ok ? [] : early.errors).toEqual(['本計画を各事業所に交付した日がありません'])
		expect(await recordDelivery(actors.sabikan, await scope(), { recipientType: 'provider', organizationId: 'org-hidamari', method: 'hand', deliveredOn: today, versionId: finalId }, today, META)).toMatchObject({ ok: false, status: 403 })
		expect(await recordDelivery(actors.sodan, await scope(), { recipientType: 'provider', organizationId: 'org-elsewhere', method: 'hand', deliveredOn: today, versionId: finalId }, today, META)).toMatchObject({ ok: false, status: 400 })
		expect(await recordDelivery(actors.sodan, await scope(), { recipientType: 'provider', organizationId: 'org-hidamari', method: 'hand', deliveredOn: today, versionId: finalId }, today, META)).toMatchObject({ ok: true })
		expect(await step('kanri', 'start_services', { submittedOn: today, servicesStartOn: today })).toMatchObject({ ok: true, state: 'active' })

		const transitions = auditRows(server.sqlite, 'cycle.transition')
		expect(transitions.map((r) => JSON.parse(r.detail).step)).toEqual([
			'write_draft',
			'consent_draft',
			'submit',
			'send_back',
			'consent_draft',
			'submit',
			'record_decision',
			'hold_meeting',
			'finalize',
			'consent_final',
			'start_services',
		])
		expect(auditRows(server.sqlite, 'consent.record')).toHaveLength(3)
		expect(auditRows(server.sqlite, 'delivery.record').length).toBeGreaterThanOrEqual(6)
		expect(auditRows(server.sqlite, 'consent.electronic_agreement')).toHaveLength(1)
		// Facts only: no plan content in the audit trail.
		expect(JSON.stringify(auditRows(server.sqlite))).not.toContain('作業所')
	})

	test('見直し into a セルフプラン is refused while the specialist is under contract (issue #13; see self-plan.test.ts)', async () => {
		const before = await counts()
		const refused = await step('sodan', 'revise', { note: '本人・家族が自分たちで計画を作ることを希望', nextVariant: 'self' })
		expect(refused).toMatchObject({ ok: false, status: 400 })
		expect(refused.ok ? [] : refused.errors[0]).toMatch(/相談支援専門員と契約中のため/)
		expect(await counts()).toEqual(before)
		const cycles = await prisma.planCycle.findMany({ where: { clientId: SATO }, orderBy: { number: 'asc' } })
		expect(cycles.map((c) => [c.number, c.variant, c.endedAt !== null])).toEqual([[1, 'specialist', false]])
		// The family still reads the agency plan only.
		expect(documentAccess(actors.kazoku, { kind: 'plan', organizationId: null, frozen: false, client: await scope() }, today)).toBe('read')
	})

	test('a provider hands its 個別支援計画 back to the specialist; others may not record it for them', async () => {
		const isp = await ensureIspDocument(actors.sabikan, await scope(), 'org-hidamari', today, META)
		expect(isp.ok).toBe(true)
		const ispId = isp.ok ? isp.id : ''
		const before = await counts()

		// The specialist reads the ISP but cannot write it: handing it over is the provider's act.
		expect(await recordIspDelivery(actors.sodan, await scope(), { documentId: ispId, method: 'hand', deliveredOn: today }, today, META)).toMatchObject({ ok: false, status: 403 })
		const invalid = await recordIspDelivery(actors.sabikan, await scope(), { documentId: ispId, method: 'pigeon', deliveredOn: addDays(today, 1) }, today, META)
		expect(invalid).toMatchObject({ ok: false, status: 400 })
		expect(invalid.ok ? [] : invalid.errors).toEqual(['交付の方法を選んでください', '交付日に未来の日付は指定できません'])
		expect(await counts()).toEqual(before)

		expect(await recordIspDelivery(actors.sabikan, await scope(), { documentId: ispId, method: 'hand', deliveredOn: today }, today, META)).toMatchObject({ ok: true })
		const delivery = await prisma.planDelivery.findFirstOrThrow({ where: { clientId: SATO, documentId: ispId } })
		expect(delivery).toMatchObject({ recipientType: 'specialist', recipientName: '田中 陽子', organizationId: 'org-hidamari', method: 'hand', deliveredOn: today, recordedById: 'user-sabikan' })
		expect(auditRows(server.sqlite, 'delivery.record').some((row) => row.target === `delivery:${delivery.id}` && row.userId === 'user-sabikan')).toBe(true)
	})
})
