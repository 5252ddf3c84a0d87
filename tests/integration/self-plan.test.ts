/**
 * セルフプラン end to end (issue #13), on a client of its own (not the demo cases): refused while
 * a specialist is under contract (with the reason), possible once the specialist ends the
 * contract; the header names the 本人/家族 author and never the office; staff read it and the
 * socket agrees; the family writes it through the collaboration server, submits it from the
 * easy view, and sees the municipality's decision; no monitoring is due for it on the dashboard.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { PLAN_FIELD_KEYS, PLAN_META } from '#app/document-forms/plan.ts'
import { applyTemplate, fieldText, readDocument, setMeta } from '#app/document-forms/structure.ts'
import { loadClientScope } from '#app/modules/authz.server.ts'
import { certificateFormSchema } from '#app/modules/clients/schemas.ts'
import { loadOpenCycle, startCycle, takeStep } from '#app/modules/cycle/cycle.server.ts'
import { loadDashboard } from '#app/modules/dashboard/dashboard.server.ts'
import { loadPlanHeader } from '#app/modules/documents/documents.server.ts'
import { loadStoredDocument } from '#app/modules/documents/stored-document.server.ts'
import { endContract } from '#app/modules/self-plan/contract.server.ts'
import { documentAccess } from '#app/policies/index.ts'
import { action as easyAction, loader as easyLoader } from '#app/routes/clients.$clientId.easy.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { addDays, todayJst } from '#app/utils/dates.ts'
import { parseForm } from '#app/utils/forms.ts'
import { connectClient, sessionCookie, startCollabServer, waitFor, type TestServer } from '#tests/helpers/collab.ts'
import { actorFor, call, jsonOf } from './clients-helpers.ts'

const CLIENT = 'client-selfplan-test'
const FAMILY = 'user-selfplan-mother'
const META = { ipAddress: '127.0.0.1' }

describe('セルフプラン on a case of its own', () => {
	let server: TestServer
	const today = todayJst()
	const yesterday = addDays(today, -1)
	const scope = async () => (await loadClientScope(CLIENT))!

	beforeAll(async () => {
		server = await startCollabServer()
		await prisma.client.create({
			data: { id: CLIENT, familyName: '木村', givenName: '陽向', familyNameKana: 'きむら', givenNameKana: 'ひなた', birthDate: '2014-05-10', category: 'child', municipalityId: 'org-kibougaoka-city' },
		})
		await prisma.user.create({ data: { id: FAMILY, email: 'kimura-mother@example.jp', displayName: '木村 恵', passwordHash: 'x', role: 'family' } })
		const row = (id: string, userId: string, role: string, organizationId: string | null = null) => ({ id, clientId: CLIENT, userId, role, organizationId, startsOn: addDays(today, -30), consentBasis: 'written_consent', consentOn: addDays(today, -30) })
		await prisma.careTeamMember.createMany({
			data: [
				row('t-sp-family', FAMILY, 'family'),
				row('t-sp-specialist', 'user-sodan', 'specialist', 'org-kizuna-sodan'),
				row('t-sp-sabikan', 'user-sabikan', 'service_manager', 'org-hidamari'),
				row('t-sp-city', 'user-city', 'municipal', 'org-kibougaoka-city'),
			],
		})
	})
	afterAll(async () => {
		await server?.close()
	})

	test('refused with the reason while the specialist is under contract; nothing is created', async () => {
		const refused = await startCycle(await actorFor(FAMILY), await scope(), 'self', today, META)
		expect(refused).toMatchObject({ ok: false, status: 409 })
		expect(refused.ok ? '' : refused.errors[0]).toMatch(/相談支援専門員と契約中のため、セルフプランは始められません/)
		// The easy view's button says the same and changes nothing.
		const cookie = (await sessionCookie(FAMILY)).cookie
		const viaPage = await call(easyAction, { path: `/clients/${CLIENT}/easy`, params: { clientId: CLIENT }, cookie, form: { intent: 'start-self-plan' } })
		expect(viaPage.status).toBe(409)
		expect((await jsonOf<{ error: string }>(viaPage)).error).toMatch(/契約を終了する/)
		const view = await jsonOf<{ view: { selfPlan: { canStart: boolean; refusal: Array<{ text: string }> } } }>(await call(easyLoader, { path: `/clients/${CLIENT}/easy`, params: { clientId: CLIENT }, cookie }))
		expect(view.view.selfPlan.canStart).toBe(false)
		expect(view.view.selfPlan.refusal.map((s) => s.text).join('')).toMatch(/契約中/)
		expect(await prisma.planCycle.count({ where: { clientId: CLIENT } })).toBe(0)
		// Nor may the specialist (or a provider) start one for them.
		expect(await startCycle(await actorFor('user-sodan'), await scope(), 'self', today, META)).toMatchObject({ ok: false, status: 403 })
	})

	test('the specialist ends the contract: the agency cycle is closed and the specialist leaves the team', async () => {
		expect(await startCycle(await actorFor('user-sodan'), await scope(), 'specialist', today, META)).toMatchObject({ ok: true })
		expect(await endContract(await actorFor('user-sabikan'), await scope(), { reason: '本人・家族がセルフプランを作成するため' }, today, META)).toMatchObject({ ok: false, status: 403 })
		expect(await endContract(await actorFor('user-sodan'), await scope(), { reason: '  ' }, today, META)).toMatchObject({ ok: false, status: 400 })
		const ended = await endContract(await actorFor('user-sodan'), await scope(), { reason: '本人・家族がセルフプランを作成するため' }, today, META)
		expect(ended).toMatchObject({ ok: true })
		const cycle = await prisma.planCycle.findFirstOrThrow({ where: { clientId: CLIENT }, include: { events: true } })
		expect(cycle).toMatchObject({ variant: 'specialist', state: 'closed' })
		expect(cycle.events.map((e) => [e.action, e.note])).toEqual([['close', '契約終了：本人・家族がセルフプランを作成するため']])
		expect((await prisma.careTeamMember.findUniqueOrThrow({ where: { id: 't-sp-specialist' } })).endsOn).toBe(yesterday)
	})

	test('the family starts the セルフプラン; the header names them, never the office; staff read it', async () => {
		const started = await startCycle(await actorFor(FAMILY), await scope(), 'self', today, META)
		expect(started).toMatchObject({ ok: true, state: 'draft' })
		const header = (await loadPlanHeader(CLIENT, today))!
		expect(header.agencyName).toBe('セルフプラン')
		expect(header.authorName).toBe('木村 恵（家族）')
		expect(JSON.stringify(header)).not.toMatch(/相談支援センターきずな|田中 陽子/)

		const plan = { kind: 'plan' as const, organizationId: null, frozen: false, client: await scope() }
		expect(documentAccess(await actorFor(FAMILY), plan, today)).toBe('write')
		expect(documentAccess(await actorFor('user-sabikan'), plan, today)).toBe('read')
		expect(documentAccess(await actorFor('user-city'), plan, today)).toBe('read')
		// The former specialist and their manager are off the team: not even read.
		expect(documentAccess(await actorFor('user-sodan'), plan, today)).toBe('none')
		expect(documentAccess(await actorFor('user-kanri'), plan, today)).toBe('none')
	})

	test('the family writes it live, a provider stays read-only, and it is submitted from the easy view', async () => {
		const planId = (await loadOpenCycle(CLIENT))!.planDocumentId!
		const family = connectClient(server, `plan.${planId}`, { cookie: (await sessionCookie(FAMILY)).cookie, saved: true })
		const provider = connectClient(server, `plan.${planId}`, { cookie: (await sessionCookie('user-sabikan')).cookie, saved: true })
		try {
			await Promise.all([family.synced(), provider.synced()])
			await waitFor(() => family.access === 'write' && provider.access === 'read', { message: 'write for the family, read for the provider' })
			// The easy editor's first step is submitting without a 作成日: refused, nothing frozen.
			const cookie = (await sessionCookie(FAMILY)).cookie
			const early = await call(easyAction, { path: `/clients/${CLIENT}/easy`, params: { clientId: CLIENT }, cookie, form: { intent: 'submit-self-plan' } })
			expect(early.status).toBe(400)
			expect((await jsonOf<{ error: string }>(early)).error).toMatch(/セルフプランの作成日/)

			applyTemplate(family.doc, PLAN_FIELD_KEYS)
			fieldText(family.doc, 'wishes')!.insert(0, '放課後等デイサービスで友だちと遊びたい')
			setMeta(family.doc, PLAN_META.draftDate, today)
			// The provider's socket is read-only: its typing never reaches the stored plan.
			fieldText(provider.doc, 'policy')?.insert(0, '事業所が書き換え')
			await waitFor(() => {
				const stored = loadStoredDocument(planId)
				const snapshot = readDocument(stored)
				stored.destroy()
				return snapshot.fields.wishes?.includes('友だち') && snapshot.meta[PLAN_META.draftDate] === today
			}, { message: 'the family edit to be stored' })
			const stored = loadStoredDocument(planId)
			expect(readDocument(stored).fields.policy ?? '').not.toContain('事業所が書き換え')
			stored.destroy()

			const submitted = await call(easyAction, { path: `/clients/${CLIENT}/easy`, params: { clientId: CLIENT }, cookie, form: { intent: 'submit-self-plan' } })
			expect(submitted.status).toBe(302)
			expect((await loadOpenCycle(CLIENT))!.state).toBe('submitted')
			const version = await prisma.documentVersion.findFirstOrThrow({ where: { clientId: CLIENT }, orderBy: { number: 'desc' } })
			expect(version.reason).toBe('submitted')
			expect(version.rendered).toContain('放課後等デイサービス')
			// Submitted: the family no longer writes it (the plan waits for the municipality).
			const view = await jsonOf<{ view: { selfPlan: { state: string; canWrite: boolean; submittedOn: string }; plan: { author: { label: Array<{ text: string }> } } } }>(
				await call(easyLoader, { path: `/clients/${CLIENT}/easy`, params: { clientId: CLIENT }, cookie }),
			)
			expect(view.view.selfPlan).toMatchObject({ state: 'submitted', canWrite: false })
			expect(view.view.plan.author.label.map((s) => s.text).join('')).toBe('セルフプラン ・ 作成：木村 恵（家族）')
		} finally {
			family.destroy()
			provider.destroy()
		}
	})

	test('the municipality decides; the family sees the decision; no monitoring of it is due on any dashboard', async () => {
		const form = parseForm(
			{
				kind: 'child_day',
				number: '9876543210',
				issuedBy: '希望が丘市',
				issuedOn: today,
				effectiveFrom: today,
				decisionStart: today,
				decisionEnd: addDays(today, 364),
				supportLevel: 'none',
				copayCap: '4600',
				monitoringPeriod: 'monthly',
				monitoringMonths: '',
				serviceType: ['放課後等デイサービス'],
				amount: ['23日/月'],
				note: '',
			},
			certificateFormSchema(today),
		)
		expect(form.ok).toBe(true)
		if (!form.ok) return
		expect(await takeStep(await actorFor('user-city'), await scope(), 'record_decision', {}, today, META, { decision: form.data })).toMatchObject({ ok: true, state: 'decided' })
		const cookie = (await sessionCookie(FAMILY)).cookie
		const view = await jsonOf<{ view: { selfPlan: { decision: { services: Array<Array<{ text: string }>> } | null } } }>(await call(easyLoader, { path: `/clients/${CLIENT}/easy`, params: { clientId: CLIENT }, cookie }))
		expect(view.view.selfPlan.decision?.services.map((s) => s.map((x) => x.text).join(''))).toEqual(['放課後等デイサービス 23日/月'])

		// Legacy data: a specialist row still on the team of a セルフプラン case. Its monthly
		// monitoring would be due now, but a セルフプラン has no 相談支援 monitoring.
		await prisma.careTeamMember.update({ where: { id: 't-sp-specialist' }, data: { endsOn: null } })
		const dashboard = (await loadDashboard(await actorFor('user-sodan'), today))!
		const rows = dashboard.rows.filter((r) => JSON.stringify(r).includes(CLIENT))
		expect(JSON.stringify(rows)).not.toMatch(/monitoring/)
	})
})
