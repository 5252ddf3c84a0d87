/**
 * The FHIR export through its route and the real modules: a record built up by the plan
 * cycle, the collaboration server (plan, 個別支援計画, 週間計画表, クライシスプラン, Myライフプラン,
 * minutes, モニタリング報告書) and the meeting module; every Bundle validated against the official
 * R4 StructureDefinitions (tests/helpers/fhir-validate.ts) — zero errors, no dangling references,
 * stable ids; authorization per role without leaking existence; one audit row per export.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Bundle, CarePlan, Consent, Coverage, DocumentReference, Goal, Patient, Provenance, QuestionnaireResponse, Resource } from '@medplum/fhirtypes'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type * as Y from 'yjs'
import { CONTACTS_COLUMNS, CONTACTS_TABLE, FAMILY_ALL_COLUMNS, FAMILY_TABLE, FIELD_KEYS, WEEKLY_COLUMNS, WEEKLY_TABLE } from '#app/document-forms/forms/definitions.ts'
import { ISP_COLUMN_KEYS, ISP_FIELD_KEYS, ISP_SUPPORT_TABLE } from '#app/document-forms/isp.ts'
import { MINUTES_FIELD_KEYS } from '#app/document-forms/minutes.ts'
import { CHANGE_KINDS, MONITORING_FIELD_KEYS, MONITORING_META, applyGoalsPrefill, changeMetaKey, goalRowId } from '#app/document-forms/monitoring.ts'
import { PLAN_FIELD_KEYS, PLAN_GOAL_COLUMN_KEYS, PLAN_GOALS_TABLE, PLAN_META } from '#app/document-forms/plan.ts'
import { applyTemplate, cellText, createRow, fieldText, readDocument, setMeta, setRowLink } from '#app/document-forms/structure.ts'
import { loadClientScope } from '#app/modules/authz.server.ts'
import { startCycle, takeStep } from '#app/modules/cycle/cycle.server.ts'
import { ensureClientDocument } from '#app/modules/documents/client-documents.server.ts'
import { ensurePlanDocument } from '#app/modules/documents/documents.server.ts'
import { ensureIspDocument } from '#app/modules/documents/isp.server.ts'
import { loadStoredDocument } from '#app/modules/documents/stored-document.server.ts'
import { CODE_SYSTEMS, JP_PATIENT_PROFILE, LOCAL_CODE_SYSTEMS } from '#app/modules/fhir/codes.ts'
import { closeMeeting, recordAttendance, scheduleMeeting, startMeeting } from '#app/modules/meetings/meeting-changes.server.ts'
import { meetingFormSchema } from '#app/modules/meetings/schemas.ts'
import { completeMonitoringReport, createMonitoringReport } from '#app/modules/monitoring/monitoring.server.ts'
import { loader as fhirLoader } from '#app/routes/api.clients.$clientId.fhir.ts'
import { loader as codeSystemLoader } from '#app/routes/fhir.CodeSystem.$name.ts'
import { loader as clientPageLoader } from '#app/routes/clients.$clientId._index.tsx'
import { loader as versionLoader } from '#app/routes/clients.$clientId.versions.$versionId._index.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { todayJst } from '#app/utils/dates.ts'
import { parseForm } from '#app/utils/forms.ts'
import { auditRows, connectClient, startCollabServer, waitFor, type TestServer } from '#tests/helpers/collab.ts'
import { danglingReferences, validateFhir } from '#tests/helpers/fhir-validate.ts'
import { CLIENTS, USERS, actorFor, call, cookieFor } from './clients-helpers.ts'

const SATO = CLIENTS.sato
const YAMADA = CLIENTS.yamada
const META = { ipAddress: '127.0.0.1' }
const ORG_HIDAMARI = 'org-hidamari'

type Exported = { status: number; bundle: Bundle; response: Response }

function resources<T extends Resource>(bundle: Bundle, type: T['resourceType']): T[] {
	return (bundle.entry ?? []).map((e) => e.resource).filter((r): r is T => r?.resourceType === type)
}

/** Zero validation errors and every reference resolving inside the Bundle. */
function expectValid(bundle: Bundle) {
	expect(validateFhir(bundle)).toEqual([])
	expect(danglingReferences(bundle)).toEqual([])
}

describe('FHIR R4 export', () => {
	let server: TestServer
	const today = todayJst()
	const cookies: Record<string, string> = {}
	let planId = ''
	const goalIds: string[] = []

	async function exportAs(user: keyof typeof USERS, clientId: string, query = ''): Promise<Exported> {
		const response = await call(fhirLoader as never, { path: `/api/clients/${clientId}/fhir${query}`, params: { clientId }, cookie: cookies[user] })
		const bundle = (await response.clone().json()) as Bundle
		return { status: response.status, bundle, response }
	}

	/** Edits a co-edited document through the collaboration server as a browser would, and waits until it is stored. */
	async function edit(docName: string, user: keyof typeof USERS, change: (doc: Y.Doc) => void) {
		const client = connectClient(server, docName, { cookie: cookies[user], saved: true })
		try {
			await client.synced()
			await waitFor(() => client.access === 'write', { message: `write access to ${docName}` })
			change(client.doc)
			const expected = JSON.stringify(readDocument(client.doc))
			const id = docName.slice(docName.indexOf('.') + 1)
			await waitFor(
				() => {
					const stored = loadStoredDocument(id)
					const same = JSON.stringify(readDocument(stored)) === expected
					stored.destroy()
					return same
				},
				{ message: `${docName} stored` },
			)
		} finally {
			client.destroy()
		}
	}

	const scope = async (clientId: string = SATO) => (await loadClientScope(clientId))!
	const step = async (user: string, action: Parameters<typeof takeStep>[2], raw: Record<string, string>) => takeStep(await actorFor(user), await scope(), action, raw, today, META)

	beforeAll(async () => {
		server = await startCollabServer()
		for (const [key, id] of Object.entries(USERS)) cookies[key] = await cookieFor(id)
	})
	afterAll(async () => {
		await server?.close()
	})

	test('the validation can fail: bad codes, unknown elements, required bindings and dangling references are caught', () => {
		const broken: Bundle = {
			resourceType: 'Bundle',
			type: 'collection',
			entry: [
				{ fullUrl: 'urn:uuid:11111111-1111-5111-8111-111111111111', resource: { resourceType: 'Goal', lifecycleStatus: 'bogus', description: { text: 'x' }, subject: { reference: 'urn:uuid:nowhere' } } as unknown as Goal },
				{ fullUrl: 'urn:uuid:22222222-2222-5222-8222-222222222222', resource: { resourceType: 'Patient', name: [{ use: 'nickname-ish' }], colour: 'blue' } as unknown as Patient },
				{
					fullUrl: 'urn:uuid:33333333-3333-5333-8333-333333333333',
					resource: { resourceType: 'Goal', lifecycleStatus: 'active', description: { text: 'y' }, subject: { reference: 'urn:uuid:22222222-2222-5222-8222-222222222222' }, addresses: [{ reference: 'urn:uuid:22222222-2222-5222-8222-222222222222' }] },
				},
			],
		}
		const messages = validateFhir(broken).map((i) => i.message).join('\n')
		expect(messages).toContain('lifecycleStatus')
		expect(messages).toContain('name.use')
		expect(messages).toContain('colour')
		expect(messages).toContain('Goal.addresses: a Patient may not be referenced here')
		expect(danglingReferences(broken)).toEqual(['urn:uuid:nowhere'])
	})

	test('the demo client as seeded (no plan yet) exports a valid collection with JP_Patient, coverage, team and the scheduled meeting', async () => {
		const { status, bundle, response } = await exportAs('sodan', SATO, '?pdf=0')
		expect(status).toBe(200)
		expect(response.headers.get('content-type')).toContain('application/fhir+json')
		expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' })
		expectValid(bundle)
		const [patient] = resources<Patient>(bundle, 'Patient')
		expect(patient.meta?.profile).toEqual([JP_PATIENT_PROFILE])
		expect(patient.name?.map((n) => n.text)).toEqual(['佐藤 誠', expect.any(String)])
		const coverage = resources<Coverage>(bundle, 'Coverage')
		expect(coverage.length).toBe(await prisma.certificate.count({ where: { clientId: SATO } }))
		expect(coverage[0].type?.coding?.[0]).toMatchObject({ system: CODE_SYSTEMS.certificateKind })
		expect(coverage[0].costToBeneficiary?.[0].valueMoney?.currency).toBe('JPY')
		expect(resources(bundle, 'CareTeam')).toHaveLength(1)
		expect(resources(bundle, 'Encounter').length).toBeGreaterThan(0)
		expect(resources(bundle, 'CodeSystem').map((c) => (c as { url?: string }).url).sort()).toEqual(LOCAL_CODE_SYSTEMS.map((c) => c.url).sort())
	})

	test('the record built through the modules: plan (案 consented and submitted), ISP, weekly, crisis and life plans, a closed meeting, a completed monitoring', async () => {
		const started = await startCycle(await actorFor(USERS.sodan), await scope(), 'specialist', today, META)
		expect(started.ok).toBe(true)
		planId = (await prisma.planCycle.findFirstOrThrow({ where: { clientId: SATO } })).planDocumentId!
		await edit(`plan.${planId}`, 'sodan', (doc) => {
			applyTemplate(doc, PLAN_FIELD_KEYS)
			fieldText(doc, 'wishes')!.insert(0, '本人：日中は作業所に通いたい。\n母：安心して任せられる場所がほしい。')
			fieldText(doc, 'policy')!.insert(0, '生活リズムを整え、日中活動の場を確保する。')
			fieldText(doc, 'longTermGoal')!.insert(0, '地域で自分らしく暮らす')
			fieldText(doc, 'shortTermGoal')!.insert(0, '週5日通所する')
			goalIds.push(
				createRow(doc, PLAN_GOALS_TABLE, PLAN_GOAL_COLUMN_KEYS, {
					cells: { need: '日中の活動の場がほしい', goal: '生活介護に週5日通う', targetDate: '2027年3月', services: '生活介護 週5日（当該月の日数から8日を控除した日数）', provider: '生活介護事業所ひだまり', role: '朝7時に起きて送迎を待つ', evaluation: '3か月ごと', notes: '<送迎の時間に配慮>' },
				}),
				createRow(doc, PLAN_GOALS_TABLE, PLAN_GOAL_COLUMN_KEYS, { cells: { need: '母の介護負担を減らしたい', goal: '短期入所を月2回使う', targetDate: '6か月', services: '短期入所 月2回' } }),
			)
			setMeta(doc, PLAN_META.draftDate, today)
		})
		expect(await step(USERS.sodan, 'write_draft', { assessmentDate: today, assessmentMethod: 'home_visit', assessmentPlace: '自宅' })).toMatchObject({ ok: true })
		const consented = await step(USERS.sodan, 'consent_draft', {
			consenterType: 'proxy',
			consenterName: '佐藤 洋子',
			relationship: '母',
			proxyReason: '本人は内容の理解が難しいため',
			explainedOn: today,
			consentedOn: today,
		})
		expect(consented).toMatchObject({ ok: true, state: 'draft_consented' })

		// Before the plan is submitted the municipality may not export even the consented version.
		expect((await exportAs('city', SATO, '?version=1&pdf=0')).status).toBe(403)
		const submitted = await step(USERS.sodan, 'submit', { deliveredOn: today, submittedOn: today })
		expect(submitted.ok ? submitted : submitted.errors).toMatchObject({ ok: true, state: 'submitted' })

		const isp = await ensureIspDocument(await actorFor(USERS.sabikan), await scope(), ORG_HIDAMARI, today, META)
		if (!isp.ok) throw new Error('no ISP')
		await edit(`isp.${isp.id}`, 'sabikan', (doc) => {
			applyTemplate(doc, ISP_FIELD_KEYS)
			fieldText(doc, 'policy')!.insert(0, '日中の作業を通じて生活リズムを整える')
			const row = createRow(doc, ISP_SUPPORT_TABLE, ISP_COLUMN_KEYS, { cells: { target: '朝の会に毎日参加する', role: '時間までに準備する', content: '朝の会で1日の予定を確認する', staff: '渡辺', period: '6か月' } })
			setRowLink(doc, row, goalIds[0], true)
		})
		for (const kind of ['weekly', 'assessment', 'crisis_plan', 'life_plan'] as const) {
			const created = await ensureClientDocument(await actorFor(USERS.sodan), await scope(), kind, today, META)
			if (!created.ok) throw new Error(`no ${kind}`)
			await edit(`${kind}.${created.documentId}`, 'sodan', (doc) => {
				applyTemplate(doc, FIELD_KEYS[kind])
				if (kind === 'weekly') {
					for (const day of ['mon', 'tue', 'wed']) createRow(doc, WEEKLY_TABLE, WEEKLY_COLUMNS, { cells: { day, start: '09:30', end: '15:30', label: '生活介護事業所ひだまり', kind: 'service' } })
					createRow(doc, WEEKLY_TABLE, WEEKLY_COLUMNS, { cells: { day: 'sun', start: '10:00', end: '12:00', label: '家族と買い物', kind: 'home' } })
				} else if (kind === 'assessment') {
					fieldText(doc, 'personWishes')!.insert(0, '作業所に通いたい')
					createRow(doc, FAMILY_TABLE, FAMILY_ALL_COLUMNS, { cells: { name: '佐藤 洋子', relation: '母', age: '72', mainCaregiver: 'yes' } })
				} else if (kind === 'crisis_plan') {
					fieldText(doc, 'cautionSigns')!.insert(0, '眠れない日が続く')
					fieldText(doc, 'cautionFamily')!.insert(0, '相談支援専門員に連絡する')
					createRow(doc, CONTACTS_TABLE, CONTACTS_COLUMNS.map((c) => c.key), { cells: { name: '佐藤 洋子', relation: '母', phone: '090-0000-0000' } })
				} else {
					fieldText(doc, 'vision')!.insert(0, '親なき後もグループホームで暮らす')
					fieldText(doc, 'homeWish')!.insert(0, 'いつかグループホームで暮らしたい')
				}
			})
		}

		const data = parseForm(
			{ date: today, startTime: '10:00', endTime: '11:00', format: 'in_person', place: '相談支援センターきずな 相談室', purpose: 'new', memberIds: ['team-sato-2'], externalName: ['木村 正雄'], externalOrganization: [''], externalRole: ['民生委員'], consentBy: '佐藤 洋子', consentMethod: 'written', consentOn: today, consentNote: '' },
			meetingFormSchema(today),
		)
		if (!data.ok) throw new Error(JSON.stringify(data))
		const sodan = await actorFor(USERS.sodan)
		const scheduled = await scheduleMeeting(sodan, await scope(), data.data, today, META)
		if (!scheduled.ok) throw new Error('not scheduled')
		const meeting = await prisma.meeting.findUniqueOrThrow({ where: { id: scheduled.id }, include: { participants: true } })
		expect(await startMeeting(sodan, await scope(), meeting.id, today, META)).toMatchObject({ ok: true })
		await edit(`minutes.${meeting.minutesDocumentId}`, 'sodan', (doc) => {
			applyTemplate(doc, MINUTES_FIELD_KEYS)
			fieldText(doc, 'discussion')!.insert(0, '通所の頻度と送迎について検討した')
			fieldText(doc, 'conclusion')!.insert(0, '週5日の通所で進める')
		})
		expect(
			await recordAttendance(sodan, await scope(), meeting.id, { participants: meeting.participants.map((p) => ({ id: p.id, attendance: 'present', absenceReason: '' })), selfAttendance: 'attended', selfAbsenceReason: '' }, META),
		).toMatchObject({ ok: true })
		expect(await closeMeeting(sodan, await scope(), meeting.id, { decisions: '計画案のとおり進める', settlements: [] }, META)).toMatchObject({ ok: true })

		const report = await createMonitoringReport(sodan, await scope(), today.slice(0, 7), today, META)
		if (!report.ok) throw new Error(report.message)
		await edit(`monitoring.${report.documentId}`, 'sodan', (doc) => {
			applyTemplate(doc, MONITORING_FIELD_KEYS)
			applyGoalsPrefill(doc, goalIds.map((goalId, i) => ({ goalId, goal: i === 0 ? '生活介護に週5日通う' : '短期入所を月2回使う', targetDate: '' })))
			setMeta(doc, MONITORING_META.conductedOn, today)
			fieldText(doc, 'place')!.insert(0, 'ご自宅（居宅訪問）')
			fieldText(doc, 'overall')!.insert(0, '生活リズムが安定してきた')
			cellText(doc, goalRowId(goalIds[0]), 'achievement')!.insert(0, '通所日数が増え、改善している')
			for (const goalId of goalIds) for (const kind of CHANGE_KINDS) setMeta(doc, changeMetaKey(kind, goalRowId(goalId)), 'no')
		})
		expect(await completeMonitoringReport(sodan, await scope(), report.documentId, today, META)).toMatchObject({ ok: true })
	})

	test('the demo client’s full collection with the PDF: valid, every part mapped, ids stable between two exports, audited', async () => {
		const before = auditRows(server.sqlite, 'export').length
		const first = await exportAs('sodan', SATO)
		expect(first.status).toBe(200)
		const bundle = first.bundle
		expectValid(bundle)

		const plans = resources<CarePlan>(bundle, 'CarePlan')
		const overall = plans.find((p) => p.category?.[0].coding?.[0].code === 'service-use-plan')!
		expect(overall).toMatchObject({ intent: 'proposal', status: 'draft', title: 'サービス等利用計画（案）', description: '生活リズムを整え、日中活動の場を確保する。' })
		// activity per service (performer = the provider named), the person's own role, and the weekly timing
		const weekly = overall.activity!.find((a) => a.detail?.scheduledTiming)!
		expect(weekly.detail!.scheduledTiming!.repeat).toMatchObject({ dayOfWeek: ['mon', 'tue', 'wed'], timeOfDay: ['09:30:00'], duration: 360, durationUnit: 'min' })
		expect(overall.activity!.some((a) => a.detail?.code?.coding?.[0].code === 'daily-life-care' && a.detail.performer?.[0].display === '生活介護事業所ひだまり')).toBe(true)
		expect(overall.activity!.some((a) => a.detail?.description === '本人の役割：朝7時に起きて送迎を待つ' && a.detail.performer?.[0].type === 'Patient')).toBe(true)

		const isp = plans.find((p) => p.category?.[0].coding?.[0].code === 'individual-support-plan')!
		expect(isp.basedOn?.[0].reference).toBe(`urn:uuid:${overall.id}`)
		const goals = resources<Goal>(bundle, 'Goal')
		const ispGoal = goals.find((g) => g.description.text === '朝の会に毎日参加する')!
		const overallGoal = goals.find((g) => g.description.text === '生活介護に週5日通う')!
		const relation = (goal: Goal) => goal.extension?.find((e) => e.url === 'http://hl7.org/fhir/StructureDefinition/goal-relationship')
		expect(relation(ispGoal)?.extension?.find((e) => e.url === 'target')?.valueReference?.reference).toBe(`urn:uuid:${overallGoal.id}`)
		expect(relation(overallGoal)?.extension?.find((e) => e.url === 'type')?.valueCodeableConcept?.coding?.[0].code).toBe('milestone')
		// achievementStatus from the latest completed monitoring; 達成時期 as dueDate / dueDuration
		expect(overallGoal.achievementStatus).toMatchObject({ coding: [{ code: 'improving' }], text: '通所日数が増え、改善している' })
		expect(overallGoal.target?.[0].dueDate).toBe('2027-03')
		expect(goals.find((g) => g.description.text === '短期入所を月2回使う')!.target?.[0].dueDuration).toMatchObject({ value: 6, code: 'mo' })
		expect(plans.map((p) => p.category?.[0].coding?.[0].code).sort()).toEqual(['crisis-plan', 'individual-support-plan', 'life-plan', 'service-use-plan'])

		const encounters = resources(bundle, 'Encounter') as Array<{ type?: Array<{ coding?: Array<{ code?: string }> }>; status: string }>
		expect(encounters.filter((e) => e.type?.[0].coding?.[0].code === 'service-coordination-meeting' && e.status === 'finished')).toHaveLength(1)
		expect(encounters.filter((e) => e.type?.[0].coding?.[0].code === 'monitoring' && e.status === 'finished')).toHaveLength(1)
		expect(resources(bundle, 'Composition')).toHaveLength(1)
		const responses = resources<QuestionnaireResponse>(bundle, 'QuestionnaireResponse')
		expect(responses.map((r) => r.questionnaire?.split('/').at(-1)).sort()).toEqual(['assessment', 'monitoring-report'])
		const assessment = responses.find((r) => r.questionnaire?.endsWith('/assessment'))!
		expect(assessment.item?.find((i) => i.linkId === 'personWishes')?.answer?.[0].valueString).toBe('作業所に通いたい')
		expect(assessment.item?.find((i) => i.linkId === 'family-1')?.item?.map((i) => i.answer?.[0].valueString ?? i.answer?.[0].valueBoolean)).toEqual(['佐藤 洋子', '母', '72', true])
		expect(overall.supportingInfo?.map((r) => r.type)).toEqual(['QuestionnaireResponse', 'Encounter', 'Composition', 'Encounter', 'Encounter', 'QuestionnaireResponse', 'DocumentReference'])

		// The consented version: DocumentReference with the A4 PDF, Provenance with the SHA-256, the proxy's Consent
		const version = await prisma.documentVersion.findFirstOrThrow({ where: { documentId: planId, number: 1 } })
		const [docRef] = resources<DocumentReference>(bundle, 'DocumentReference')
		const pdf = Buffer.from(docRef.content[0].attachment.data!, 'base64')
		expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
		expect(docRef.content[0].attachment.size).toBe(pdf.byteLength)
		// The print page's sheet: the plan, the proxy's consent block and the version's hash, on A4.
		const pdfFile = path.join(os.tmpdir(), `fhir-export-${process.pid}.pdf`)
		fs.writeFileSync(pdfFile, pdf)
		const text = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' }).replace(/\s+/g, '')
		const info = execFileSync('pdfinfo', [pdfFile], { encoding: 'utf8' })
		fs.rmSync(pdfFile)
		for (const expected of ['サービス等利用計画（案）', '佐藤誠', '日中の活動の場がほしい', '代理人氏名', '佐藤洋子', '本人は内容の理解が難しいため', version.contentHash]) expect(text).toContain(expected)
		expect(info).toMatch(/Page size:\s+841\.\d+ x 59[45]\.\d+ pts \(A4\)/)
		const [provenance] = resources<Provenance>(bundle, 'Provenance')
		expect(provenance.extension?.[0].valueString).toBe(version.contentHash)
		const planConsent = resources<Consent>(bundle, 'Consent').find((c) => c.scope?.coding?.[0].code === 'treatment')!
		expect(planConsent.extension?.find((e) => e.url.endsWith('/proxy-reason'))?.valueString).toBe('本人は内容の理解が難しいため')
		expect(planConsent.performer?.[0].type).toBe('RelatedPerson')

		const second = await exportAs('sodan', SATO, '?pdf=0')
		const ids = (b: Bundle) => (b.entry ?? []).map((e) => e.fullUrl).sort()
		expect(ids(second.bundle)).toEqual(ids(bundle))

		const rows = auditRows(server.sqlite, 'export').slice(before)
		expect(rows).toHaveLength(2)
		expect(JSON.parse(rows[0].detail)).toMatchObject({ format: 'fhir-r4', bundleType: 'collection', resources: bundle.entry!.length, version: null, pdfs: 1 })
		expect(rows[0]).toMatchObject({ userId: USERS.sodan, clientId: SATO, outcome: 'ok' })
	})

	test('?version=1 exports the consented version exactly as frozen, as a document led by its Composition', async () => {
		// The live plan moves on after consent; the version must not.
		await edit(`plan.${planId}`, 'sodan', (doc) => fieldText(doc, 'policy')!.insert(0, '【改訂中】'))
		const { status, bundle } = await exportAs('sodan', SATO, '?version=1')
		expect(status).toBe(200)
		expectValid(bundle)
		expect(bundle.type).toBe('document')
		expect(bundle.entry![0].resource!.resourceType).toBe('Composition')
		const [carePlan] = resources<CarePlan>(bundle, 'CarePlan')
		expect(carePlan.description).toBe('生活リズムを整え、日中活動の場を確保する。')
		expect(resources(bundle, 'DocumentReference')).toHaveLength(1)
		expect(resources(bundle, 'Encounter')).toHaveLength(0)
		const rows = auditRows(server.sqlite, 'export')
		expect(JSON.parse(rows.at(-1)!.detail)).toMatchObject({ bundleType: 'document', version: 1, resources: bundle.entry!.length })
		// a version that does not exist, or a malformed query, changes nothing and says why
		expect((await exportAs('sodan', SATO, '?version=9&pdf=0')).status).toBe(404)
		expect((await exportAs('sodan', SATO, '?version=abc')).status).toBe(400)
		expect(auditRows(server.sqlite, 'export')).toHaveLength(rows.length)
	})

	test('who may export: office, family, provider’s サビ管 (its own part only), municipality (submitted version only); never staff, hub, admin or anyone off the team', async () => {
		const manager = await exportAs('kanri', SATO, '?pdf=0')
		expect(manager.status).toBe(200)
		expectValid(manager.bundle)

		const family = await exportAs('kazoku', SATO, '?pdf=0')
		expect(family.status).toBe(200)
		expectValid(family.bundle)

		// Another provider's 個別支援計画 (its record created directly: the seed has no account at that
		// provider to create it with): the consultation office reads it, the ひだまり サビ管 may not.
		await prisma.document.create({ data: { id: 'isp-aoba-export-test', clientId: SATO, kind: 'isp', title: '個別支援計画（ワークショップあおば）', organizationId: 'org-aoba' } })
		const ispTitles = (b: Bundle) => resources<CarePlan>(b, 'CarePlan').filter((p) => p.category?.[0].coding?.[0].code === 'individual-support-plan').map((p) => p.title).sort()
		const office = await exportAs('sodan', SATO, '?pdf=0')
		expect(ispTitles(office.bundle)).toEqual(['個別支援計画（ワークショップあおば）', '個別支援計画（生活介護事業所ひだまり）'])
		const sabikan = await exportAs('sabikan', SATO, '?pdf=0')
		expect(sabikan.status).toBe(200)
		expectValid(sabikan.bundle)
		expect(ispTitles(sabikan.bundle)).toEqual(['個別支援計画（生活介護事業所ひだまり）'])

		const city = await exportAs('city', SATO, '?version=1&pdf=0')
		expect(city.status).toBe(200)
		expectValid(city.bundle)
		const cityCurrent = await exportAs('city', SATO, '?pdf=0')
		expect(cityCurrent.status).toBe(403)
		expect(JSON.stringify(cityCurrent.bundle)).toContain('提出を受けた計画の版')

		for (const user of ['staff', 'kyoten'] as const) {
			const refused = await exportAs(user, SATO, '?pdf=0')
			expect(refused.status).toBe(403)
			expect(refused.bundle).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'forbidden' }] })
		}
		// Off the team, an administrator, and a client that does not exist: the same 404.
		const offTeam = await exportAs('sabikan', YAMADA, '?pdf=0')
		const admin = await exportAs('admin', SATO, '?pdf=0')
		const missing = await exportAs('sodan', 'client-does-not-exist', '?pdf=0')
		for (const refused of [offTeam, admin, missing]) {
			expect(refused.status).toBe(404)
			expect(refused.bundle).toEqual(missing.bundle)
		}
		const denied = auditRows(server.sqlite, 'authz.denied').filter((r) => r.detail.includes('fhir'))
		expect(denied.length).toBeGreaterThanOrEqual(3)
		// The pages offer the download to exactly these people.
		const offered = async (user: keyof typeof USERS) => ((await (await call(clientPageLoader as never, { path: `/clients/${SATO}`, params: { clientId: SATO }, cookie: cookies[user] })).json()) as { fhirExport: boolean }).fhirExport
		expect(await Promise.all((['sodan', 'kanri', 'sabikan', 'kazoku', 'staff', 'city', 'kyoten'] as const).map(offered))).toEqual([true, true, true, true, false, false, false])
		const versionId = (await prisma.documentVersion.findFirstOrThrow({ where: { documentId: planId, number: 1 } })).id
		const versionPage = await call(versionLoader as never, { path: `/clients/${SATO}/versions/${versionId}`, params: { clientId: SATO, versionId }, cookie: cookies.city })
		expect(((await versionPage.json()) as { fhirDownload: boolean }).fhirDownload).toBe(true)

		const anonymous = await call(fhirLoader as never, { path: `/api/clients/${SATO}/fhir`, params: { clientId: SATO } })
		expect(anonymous.status).toBe(401)
	})

	test('the local code systems are also served at a stable URL mirroring their canonical one, without login', async () => {
		for (const system of LOCAL_CODE_SYSTEMS) {
			const name = system.url.split('/').at(-1)!
			const response = await call(codeSystemLoader as never, { path: `/fhir/CodeSystem/${name}`, params: { name } })
			expect(response.status).toBe(200)
			const body = (await response.json()) as Resource
			expect(body).toMatchObject({ resourceType: 'CodeSystem', url: system.url, content: 'complete' })
			expect(validateFhir(body)).toEqual([])
		}
		expect((await call(codeSystemLoader as never, { path: '/fhir/CodeSystem/nothing', params: { name: 'nothing' } })).status).toBe(404)
	})

	test('a child client’s Bundle is valid: 障害児支援利用計画, 通所受給者証 kind, guardian', async () => {
		const plan = await ensurePlanDocument(await actorFor(USERS.sodan), await scope(YAMADA), today, META)
		if (!plan.ok) throw new Error('no plan')
		await edit(`plan.${plan.id}`, 'sodan', (doc) => {
			applyTemplate(doc, PLAN_FIELD_KEYS)
			fieldText(doc, 'policy')!.insert(0, '放課後の居場所を確保し、家族の負担を減らす')
			createRow(doc, PLAN_GOALS_TABLE, PLAN_GOAL_COLUMN_KEYS, { cells: { need: '友だちと過ごしたい', goal: '放課後等デイサービスに週3回通う', targetDate: '2027-03-31', services: '放課後等デイサービス 週3回' } })
		})
		const { status, bundle } = await exportAs('sodan', YAMADA, '?pdf=0')
		expect(status).toBe(200)
		expectValid(bundle)
		const coverage = resources<Coverage>(bundle, 'Coverage')
		const yamadaCertificates = await prisma.certificate.findMany({ where: { clientId: YAMADA } })
		expect(coverage).toHaveLength(yamadaCertificates.length)
		for (const row of yamadaCertificates) expect(coverage.some((c) => c.type?.coding?.[0].code === (row.kind || 'welfare'))).toBe(true)
		const client = await prisma.client.findUniqueOrThrow({ where: { id: YAMADA } })
		if (client.guardianName) expect(resources(bundle, 'RelatedPerson').length).toBeGreaterThan(0)
		const [carePlan] = resources<CarePlan>(bundle, 'CarePlan')
		expect(carePlan).toMatchObject({ title: '障害児支援利用計画（案）', category: [{ coding: [{ code: 'child-support-plan' }] }] })
		expect(resources<Goal>(bundle, 'Goal')[0].target?.[0].dueDate).toBe('2027-03-31')
	})
})
