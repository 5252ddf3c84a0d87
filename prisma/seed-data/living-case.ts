/**
 * The living demo case (README「デモの事例」): 佐藤 誠 mid-cycle, 山田 はると's 障害児支援利用計画 in
 * 案, 鈴木 花子 as a new user. Built through the real module functions — the plan cycle's steps
 * (with their checks and version freezing), the meeting's schedule/start/attendance/close, the
 * monitoring report's create/complete, the 個別支援計画, the comments module — and documents
 * written as Yjs state into the collaboration server's own storage, each step on its own day.
 *
 * Deterministic: every date and every text is fixed (the story runs from September to November
 * 2026; the next monitoring is due in December); only the record ids the modules generate vary.
 * A step refused by a module stops the seed with its Japanese message: the demo never holds a
 * record the app itself would not have written.
 *
 * Date order of 佐藤 誠's cycle: アセスメント 9/20 ≤ 計画案 9/28 ≤ 支給決定 10/20 ≤ 会議 10/27 ≤
 * 本計画・説明・同意 10/30 ≤ サービス開始 11/1; モニタリング 11/25 (done), 12月 (due).
 */
import * as Y from 'yjs'
import { ASSESSMENT_META, FAMILY_ALL_COLUMNS, FAMILY_TABLE, FIELD_KEYS, FIELD_TEMPLATES, RELATIONS_ALL_COLUMNS, RELATIONS_TABLE, CONTACTS_COLUMN_KEYS, CONTACTS_TABLE, SCENARIOS_COLUMN_KEYS, SCENARIOS_TABLE, WEEKLY_META, WEEKLY_TABLE, WEEKLY_COLUMNS, LIFE_PLAN_META, CRISIS_META } from '#app/document-forms/forms/definitions.ts'
import { ISP_COLUMN_KEYS, ISP_FIELD_TEMPLATE, ISP_META, ISP_SUPPORT_TABLE } from '#app/document-forms/isp.ts'
import { MINUTES_FIELD_KEYS } from '#app/document-forms/minutes.ts'
import { CHANGE_KINDS, MONITORING_FIELD_KEYS, MONITORING_META, applyGoalsPrefill, changeMetaKey } from '#app/document-forms/monitoring.ts'
import { PLAN_FIELD_TEMPLATE, PLAN_GOAL_COLUMN_KEYS, PLAN_GOALS_TABLE, PLAN_META } from '#app/document-forms/plan.ts'
import { applyTemplate, cellText, createRow, fieldText, orderedRows, setMeta, setRowLink } from '#app/document-forms/structure.ts'
import { loadActor } from '#app/modules/auth/auth.server.ts'
import { loadClientScope, loadDocumentScope } from '#app/modules/authz.server.ts'
import { createCertificateVersion } from '#app/modules/clients/certificates.server.ts'
import { certificateFormSchema, type CertificateFormData } from '#app/modules/clients/schemas.ts'
import { changeComments } from '#app/modules/comments/comments.server.ts'
import { recordDelivery, recordIspDelivery, startCycle, takeStep } from '#app/modules/cycle/cycle.server.ts'
import { ensureClientDocument } from '#app/modules/documents/client-documents.server.ts'
import { ensureIspDocument } from '#app/modules/documents/isp.server.ts'
import { closeMeeting, recordAttendance, scheduleMeeting, startMeeting } from '#app/modules/meetings/meeting-changes.server.ts'
import { meetingFormSchema } from '#app/modules/meetings/schemas.ts'
import { completeMonitoringReport, createMonitoringReport, loadGoalSeeds } from '#app/modules/monitoring/monitoring.server.ts'
import type { Actor, ClientScope } from '#app/policies/index.ts'
import { getDb, prisma } from '#app/utils/db.server.ts'
import { parseForm } from '#app/utils/forms.ts'
import { PlanProjector } from '#server/collab/projection.ts'
import { CollabStorage } from '#app/modules/documents/collab-storage.server.ts'
import { DEMO_IDS } from './demo.ts'

const { users, clients, orgs } = DEMO_IDS
const META = { ipAddress: 'seed' }

/**
 * Yjs client ids of the seed's edits: fixed and never reused (a client id seen again in a loaded
 * document makes Yjs pick a random one), so the seed writes the same bytes on every run.
 */
let nextClientId = 7001

class SeedError extends Error {}

function must<T extends { ok: boolean }>(what: string, result: T): T & { ok: true } {
	if (!result.ok) {
		const detail = 'errors' in result ? (result as { errors?: unknown }).errors : 'message' in result ? (result as { message?: unknown }).message : result
		throw new SeedError(`デモの事例（${what}）を作れませんでした: ${JSON.stringify(detail)}`)
	}
	return result as T & { ok: true }
}

async function actorOf(userId: string): Promise<Actor> {
	const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, role: true, disabledAt: true } })
	return loadActor(user)
}

async function scopeOf(clientId: string): Promise<ClientScope> {
	const scope = await loadClientScope(clientId)
	if (!scope) throw new SeedError(`client ${clientId} missing`)
	return scope
}

/**
 * Edits a stored document as one author on one day: loads its state from the collaboration
 * storage, applies the edit, appends the resulting update (exactly what the server stores for a
 * browser's edit) and re-projects plan goals / ISP rows.
 */
function writeDocument(documentId: string, authorId: string, day: string, edit: (doc: Y.Doc) => void): void {
	const storage = new CollabStorage(getDb().sqlite)
	const { doc } = storage.load(documentId)
	try {
		doc.clientID = nextClientId++
		const updates: Uint8Array[] = []
		doc.on('update', (update: Uint8Array) => updates.push(update))
		doc.transact(() => edit(doc))
		if (updates.length > 0) storage.appendUpdate(documentId, Y.mergeUpdates(updates), authorId, new Date(`${day}T10:00:00+09:00`))
		new PlanProjector(storage, () => null).project(documentId)
	} finally {
		doc.destroy()
	}
}

function fill(doc: Y.Doc, values: Record<string, string>): void {
	for (const [key, value] of Object.entries(values)) {
		const text = fieldText(doc, key)
		if (!text) throw new SeedError(`field ${key} missing`)
		text.delete(0, text.length)
		text.insert(0, value)
	}
}

function addRows(doc: Y.Doc, table: string, columns: readonly string[], rows: ReadonlyArray<Record<string, string>>): string[] {
	return rows.map((cells) => createRow(doc, table, columns, { cells }))
}

function certificateData(input: Record<string, string | string[]>, today: string): CertificateFormData {
	return must('受給者証の内容', parseForm(input, certificateFormSchema(today)) as { ok: boolean; data: CertificateFormData }).data
}

// ---------------------------------------------------------------------------------------------
// 佐藤 誠

const SATO_GOALS = [
	{
		need: '母が入院しても、家で落ち着いて暮らし続けたい',
		goal: '短期入所を定期的に使い、母の不在時も安心して過ごせる場所を持つ',
		targetDate: '令和9年3月',
		services: '短期入所（ひだまり）月7日まで。母の通院日に合わせて月2回から始める',
		provider: '生活介護事業所ひだまり（伊藤 直樹・0120-000-201）',
		role: '短期入所の前日に持ち物を母と一緒に準備する',
		evaluation: '令和8年12月（モニタリング時）',
		notes: '初めての場所では緊張が強い。事前に見学と日帰り体験をする',
	},
	{
		need: '日中は仲間と作業をして過ごしたい',
		goal: 'ひだまりに週5日通い、作業と昼食を仲間と楽しむ',
		targetDate: '令和9年6月',
		services: '生活介護（ひだまり）週5日 9:30〜16:00、送迎あり',
		provider: '生活介護事業所ひだまり（伊藤 直樹・0120-000-201）',
		role: '朝8:40の送迎に間に合うよう準備する',
		evaluation: '令和9年3月',
		notes: '体調不良時は母から事業所へ連絡',
	},
	{
		need: '緊急のときに誰に連絡すればよいか、家族も本人も分かるようにしたい',
		goal: '拠点に事前登録し、緊急時の連絡先と対応をクライシスプランにまとめる',
		targetDate: '令和8年12月',
		services: '地域生活支援拠点（事前登録・緊急時の短期入所調整）、民生委員の見守り',
		provider: '希望が丘市地域生活支援拠点（小林 美穂）',
		role: 'クライシスプランを冷蔵庫に貼り、家族と確認する',
		evaluation: '令和9年3月',
		notes: '',
	},
] as const

/**
 * 佐藤 誠's cycle up to December's monitoring. Exported for the browser tests, which give a file
 * its own mid-cycle 佐藤 誠 (tests/e2e/fresh-client.ts) instead of changing the demo one.
 */
export async function seedSato(clientId: string = clients.sato, teamMemberId = (n: number) => `team-sato-${n}`): Promise<void> {
	const sodan = await actorOf(users.specialist)
	const sabikan = await actorOf(users.serviceManager)
	const kazoku = await actorOf(users.family)

	// The 障害支援区分 with its 認定有効期間 (区分3, 3 years).
	await prisma.client.update({ where: { id: clientId }, data: { supportLevelFrom: '2024-04-01', supportLevelUntil: '2027-03-31' } })

	// 9/15 — the cycle opens (the plan document is created with it).
	const cycle = must('計画の進行の開始', await startCycle(sodan, await scopeOf(clientId), 'specialist', '2026-09-15', META))
	const planId = (await prisma.planCycle.findUniqueOrThrow({ where: { id: cycle.cycleId }, select: { planDocumentId: true } })).planDocumentId
	if (!planId) throw new SeedError('plan document missing')

	// 9/20 — アセスメント at home (居宅訪問), the 利用者の状況 as recorded.
	const assessment = must('アセスメントの作成', await ensureClientDocument(sodan, await scopeOf(clientId), 'assessment', '2026-09-20', META))
	writeDocument(assessment.documentId, users.specialist, '2026-09-20', (doc) => {
		applyTemplate(doc, FIELD_KEYS.assessment)
		setMeta(doc, ASSESSMENT_META.createdOn, '2026-09-20')
		fill(doc, {
			overview:
				'両親と3人暮らし。特別支援学校卒業後、在宅で過ごしてきた。母（主たる介護者）が手術のため近く入院することになり、母の不在時の生活と日中活動の場が必要になった。父は就労しており日中不在。',
			lifeHistory: '特別支援学校高等部卒業。卒業後は家業の手伝いをしていたが、現在は自宅中心。小児期より同じ小児科・精神科に通院。',
			medical: '知的障害（療育手帳B1）。てんかんの既往あり、服薬（朝・夕）で発作なし。主治医：希望が丘クリニック。',
			personWishes: '「ひだまりで、みんなと作業をしたい」「お母さんが病院のときも、家にいたい」',
			familyWishes: '母：私が入院している間も、誠が困らずに過ごせるようにしたい。将来のことも少しずつ考えたい。',
		})
		addRows(doc, FAMILY_TABLE, FAMILY_ALL_COLUMNS, [
			{ name: '佐藤 洋子', relation: '母', age: '58', occupation: '主婦（近く入院予定）', mainCaregiver: 'yes' },
			{ name: '佐藤 隆', relation: '父', age: '61', occupation: '会社員', mainCaregiver: '' },
		])
		addRows(doc, RELATIONS_TABLE, RELATIONS_ALL_COLUMNS, [
			{ name: '希望が丘クリニック', role: '主治医（てんかん）', contact: '0120-000-701', type: 'formal' },
			{ name: '木村 正雄', role: '民生委員・見守り', contact: '', type: 'informal' },
		])
	})

	// 9/28 — 計画案 written from the assessment.
	must('計画案の作成', await takeStep(sodan, await scopeOf(clientId), 'write_draft', { assessmentDate: '2026-09-20', assessmentMethod: 'home_visit', assessmentPlace: '自宅' }, '2026-09-28', META))
	let goalIds: string[] = []
	writeDocument(planId, users.specialist, '2026-09-28', (doc) => {
		applyTemplate(doc, PLAN_FIELD_TEMPLATE)
		setMeta(doc, PLAN_META.stage, 'draft')
		setMeta(doc, PLAN_META.draftDate, '2026-09-28')
		setMeta(doc, PLAN_META.monitoringStart, '2026-11')
		fill(doc, {
			personWishes: 'ひだまりで、みんなと作業をしたい。お母さんが病院のときも、家にいたい。',
			familyWishes: '母：私の入院中も誠が困らずに過ごせるようにしたい。父：仕事を続けながら支えたい。',
			policy:
				'母の入院に備え、日中活動（生活介護）と短期入所を組み合わせて、本人が家での暮らしを続けられるよう支援する。緊急時に備えて地域生活支援拠点に事前登録し、家族・事業所・拠点で対応を共有する。',
			longTermGoal: '家族の状況が変わっても、本人が望む地域での暮らしを続ける',
			shortTermGoal: 'ひだまりに慣れ、短期入所を安心して使えるようになる',
		})
		goalIds = addRows(
			doc,
			PLAN_GOALS_TABLE,
			PLAN_GOAL_COLUMN_KEYS,
			SATO_GOALS.map(({ provider: _provider, ...cells }) => cells),
		)
	})

	// 9/30 — the 案 explained and consented (paper); 10/1 handed over and submitted.
	const consentDraft = { consenterType: 'self', consenterName: '佐藤 誠', explainedOn: '2026-09-30', consentedOn: '2026-09-30' }
	must('計画案の同意', await takeStep(sodan, await scopeOf(clientId), 'consent_draft', consentDraft, '2026-09-30', META))
	must('計画案の提出', await takeStep(sodan, await scopeOf(clientId), 'submit', { deliveredOn: '2026-10-01', deliveryMethod: 'hand', submittedOn: '2026-10-01' }, '2026-10-01', META))

	// 10/20 — 支給決定, transcribed from the 受給者証 (it becomes the certificate register's version).
	const decision = certificateData(
		{
			kind: 'welfare',
			number: '1234567890',
			issuedBy: '希望が丘市',
			issuedOn: '2026-10-20',
			effectiveFrom: '2026-11-01',
			decisionStart: '2026-11-01',
			decisionEnd: '2027-06-30',
			supportLevel: '3',
			copayCap: '9300',
			monitoringPeriod: 'every6',
			monitoringMonths: '',
			newUserMonthlyFrom: '2026-11',
			serviceType: ['生活介護', '短期入所'],
			amount: ['当該月の日数から8日を控除した日数', '7日/月'],
			note: '新規利用のため利用開始から3か月間は毎月モニタリング、その後6か月ごと',
		},
		'2026-10-20',
	)
	must('支給決定の記録', await takeStep(sodan, await scopeOf(clientId), 'record_decision', {}, '2026-10-20', META, { decision }))

	// 10/27 — サービス担当者会議: scheduled 10/26 (ひだまり joined the team on 10/25), held with 本人, minutes written, closed.
	const meetingForm = must(
		'会議の予定',
		parseForm(
			{
				date: '2026-10-27',
				startTime: '14:00',
				endTime: '15:00',
				format: 'in_person',
				place: '相談支援センターきずな 相談室',
				purpose: 'new',
				memberIds: [1, 2, 4, 7].map(teamMemberId),
				externalName: [],
				externalOrganization: [],
				externalRole: [],
				consentBy: '本人（佐藤 誠）、母（佐藤 洋子）',
				consentMethod: 'written',
				consentOn: '2026-10-26',
				consentNote: 'サービス担当者会議で支援に必要な情報を共有することに同意（同意書 署名済み）',
			},
			meetingFormSchema('2026-10-26'),
		) as { ok: boolean; data: Parameters<typeof scheduleMeeting>[2] },
	).data
	const meeting = must('会議の予定', await scheduleMeeting(sodan, await scopeOf(clientId), meetingForm, '2026-10-26', META))
	must('会議の開始', await startMeeting(sodan, await scopeOf(clientId), meeting.id, '2026-10-27', META))
	const participants = await prisma.meetingParticipant.findMany({ where: { meetingId: meeting.id }, select: { id: true } })
	must(
		'会議の出欠',
		await recordAttendance(
			sodan,
			await scopeOf(clientId),
			meeting.id,
			{ selfAttendance: 'attended', selfAbsenceReason: '', participants: participants.map((p) => ({ id: p.id, attendance: 'present', absenceReason: '' })) },
			META,
		),
	)
	const minutesId = (await prisma.meeting.findUniqueOrThrow({ where: { id: meeting.id }, select: { minutesDocumentId: true } })).minutesDocumentId
	writeDocument(minutesId, users.specialist, '2026-10-27', (doc) => {
		applyTemplate(doc, MINUTES_FIELD_KEYS)
		fill(doc, {
			items: '計画案（9月30日同意）の目標1〜3、母からの相談（入院中の短期入所）',
			discussion:
				'本人は「ひだまりに行きたい」と発言。ひだまり：11月1日から週5日の通所と、母の通院日に合わせた短期入所（月2回から）を受け入れる。民生委員：母の入院中は週1回の見守り訪問を行う。',
			conclusion: '生活介護と短期入所で本計画を作成する。緊急時に備えてクライシスプランを11月中に作成する。',
			remaining: '母の入院時期（12月中旬予定）に合わせた短期入所の日程調整。',
		})
	})
	must('会議の終了', await closeMeeting(sodan, await scopeOf(clientId), meeting.id, { decisions: '生活介護と短期入所で本計画を作成する。クライシスプランを11月中に作成する。', settlements: [] }, META))
	await prisma.meeting.update({ where: { id: meeting.id }, data: { startedAt: new Date('2026-10-27T05:00:00Z'), closedAt: new Date('2026-10-27T06:05:00Z') } })
	must('会議の記録', await takeStep(sodan, await scopeOf(clientId), 'hold_meeting', { meetingId: meeting.id }, '2026-10-27', META))

	// 10/30 — the 本計画: provider names added, explained, consented and delivered the same day.
	writeDocument(planId, users.specialist, '2026-10-30', (doc) => {
		applyTemplate(doc, PLAN_FIELD_TEMPLATE)
		setMeta(doc, PLAN_META.stage, 'final')
		setMeta(doc, PLAN_META.planDate, '2026-10-30')
		for (const [i, row] of orderedRows(doc, PLAN_GOALS_TABLE).entries()) {
			const provider = cellText(doc, row.id, 'provider')
			provider?.insert(0, SATO_GOALS[i]?.provider ?? '')
		}
		fill(doc, { fees: '利用者負担上限月額 9,300円の範囲内。短期入所の食費・光熱水費は実費（1泊 1,200円程度）。' })
	})
	must('本計画の作成', await takeStep(sodan, await scopeOf(clientId), 'finalize', {}, '2026-10-30', META))
	must(
		'本計画の同意',
		await takeStep(
			sodan,
			await scopeOf(clientId),
			'consent_final',
			{ consenterType: 'self', consenterName: '佐藤 誠', explainedOn: '2026-10-30', consentedOn: '2026-10-30', deliveredOn: '2026-10-30', deliveryMethod: 'hand' },
			'2026-10-30',
			META,
		),
	)
	const finalVersion = await prisma.planConsent.findFirstOrThrow({ where: { cycleId: cycle.cycleId, stage: 'final' }, select: { versionId: true } })
	// 10/30 — delivered to ひだまり; 11/1 services start (submitted to the city).
	must(
		'事業所への交付',
		await recordDelivery(
			sodan,
			await scopeOf(clientId),
			{ recipientType: 'provider', organizationId: orgs.lifeCare, method: 'hand', deliveredOn: '2026-10-30', versionId: finalVersion.versionId ?? undefined },
			'2026-10-30',
			META,
		),
	)
	must('サービス利用開始', await takeStep(sodan, await scopeOf(clientId), 'start_services', { submittedOn: '2026-11-01', servicesStartOn: '2026-11-01' }, '2026-11-01', META))

	// 週間計画表 (様式2-2).
	const weekly = must('週間計画表の作成', await ensureClientDocument(sodan, await scopeOf(clientId), 'weekly', '2026-10-30', META))
	writeDocument(weekly.documentId, users.specialist, '2026-10-30', (doc) => {
		applyTemplate(doc, FIELD_KEYS.weekly)
		setMeta(doc, WEEKLY_META.startMonth, '2026-11')
		setMeta(doc, WEEKLY_META.createdOn, '2026-10-30')
		fill(doc, {
			dailyActivities: '7:00 起床・朝食、8:40 送迎、16:30 帰宅、夕食後は家族とテレビ。22:00 就寝。',
			nonWeeklyServices: '短期入所（ひだまり）月2回〜7日まで、母の通院・入院に合わせて。通院（希望が丘クリニック）月1回。',
			overallPicture: '平日はひだまりで仲間と作業し、母の入院中も短期入所と父の支えで家での生活を続ける。',
		})
		const rows: Array<Record<string, string>> = []
		for (const day of ['mon', 'tue', 'wed', 'thu', 'fri']) rows.push({ day, start: '09:30', end: '16:00', label: '生活介護（ひだまり）', kind: 'service' })
		rows.push({ day: 'sat', start: '10:00', end: '12:00', label: '父と買い物', kind: 'home' })
		addRows(doc, WEEKLY_TABLE, WEEKLY_COLUMNS, rows)
	})

	// クライシスプラン (one A4 sheet) and Myライフプラン, revised in November.
	const crisis = must('クライシスプランの作成', await ensureClientDocument(sodan, await scopeOf(clientId), 'crisis_plan', '2026-11-10', META))
	writeDocument(crisis.documentId, users.specialist, '2026-11-10', (doc) => {
		applyTemplate(doc, FIELD_KEYS.crisis_plan)
		setMeta(doc, CRISIS_META.createdOn, '2026-11-10')
		fill(doc, {
			stableSigns: '朝の支度を自分でする。作業の話をよくする。',
			stableSelf: 'いつもどおりひだまりに通う。',
			cautionSigns: '夜眠れない、同じ質問を何度もする。',
			cautionFamily: '事業所と相談支援専門員に連絡する。',
			alertSigns: '発作（てんかん）、外へ飛び出す。',
			alertSupporters: '救急要請（発作が5分以上）。拠点コーディネーターが短期入所を調整する。',
			shortStay: '生活介護事業所ひだまり 短期入所（0120-000-201）',
			evacuation: '希望が丘小学校（徒歩8分）',
			needMedication: '抗てんかん薬（朝・夕食後）。お薬手帳は玄関の棚。',
			needCommunication: '短い言葉で、一つずつ伝える。写真カードがあると分かりやすい。',
		})
		addRows(doc, SCENARIOS_TABLE, SCENARIOS_COLUMN_KEYS, [
			{ scenario: '介護者の急病・入院（8050）', situation: '母が急に入院し、父の帰宅まで一人になる', response: '父→相談支援専門員→拠点の順に連絡。ひだまりの短期入所を当日利用。' },
		])
		addRows(doc, CONTACTS_TABLE, CONTACTS_COLUMN_KEYS, [
			{ name: '佐藤 隆', relation: '父', phone: '0120-000-903', notes: '平日日中は勤務' },
			{ name: '田中 陽子（相談支援センターきずな）', relation: '相談支援専門員', phone: '0120-000-101', notes: '' },
			{ name: '小林 美穂（地域生活支援拠点）', relation: '拠点コーディネーター', phone: '0120-000-601', notes: '24時間' },
		])
	})
	const life = must('Myライフプランの作成', await ensureClientDocument(sodan, await scopeOf(clientId), 'life_plan', '2026-11-10', META))
	writeDocument(life.documentId, users.specialist, '2026-11-10', (doc) => {
		applyTemplate(doc, FIELD_TEMPLATES.life_plan)
		setMeta(doc, LIFE_PLAN_META.createdOn, '2026-11-10')
		setMeta(doc, LIFE_PLAN_META.reviewOn, '2027-05-10')
		fill(doc, {
			vision: '今は家族と暮らし、ひだまりに通う。親が支えられなくなったら、ひだまりの近くのグループホームで暮らしたい。',
			homeWish: '今の家で暮らしたい。',
			homePrep: 'グループホームの見学と体験（令和9年度）。',
			peopleWish: '父・母、ひだまりの仲間。',
			parentsSituation: '母（58）は12月に手術・入院予定。父（61）は就労中。後継者は未定で、叔父（佐藤 健）が相談相手。成年後見の情報提供を予定。',
			parentsWishes: '母：誠が自分の好きなことを続けながら、安心できる人たちに囲まれて暮らしてほしい。',
		})
	})

	// ひだまり's 個別支援計画, linked to the plan's goals, delivered to the specialist.
	const isp = must('個別支援計画の作成', await ensureIspDocument(sabikan, await scopeOf(clientId), orgs.lifeCare, '2026-11-05', META))
	writeDocument(isp.id, users.serviceManager, '2026-11-05', (doc) => {
		applyTemplate(doc, ISP_FIELD_TEMPLATE)
		setMeta(doc, ISP_META.createdOn, '2026-11-05')
		setMeta(doc, ISP_META.planReceivedOn, '2026-10-30')
		setMeta(doc, ISP_META.meetingOn, '2026-11-05')
		setMeta(doc, ISP_META.explainedOn, '2026-11-06')
		setMeta(doc, ISP_META.consentOn, '2026-11-06')
		setMeta(doc, ISP_META.consenter, '佐藤 誠')
		setMeta(doc, ISP_META.deliveredOn, '2026-11-06')
		setMeta(doc, ISP_META.reviewBy, '2027-05-05')
		fill(doc, {
			wishes: '本人：みんなと作業がしたい。母：入院中も安心して通わせたい。',
			policy: 'サービス等利用計画の方針に沿い、日中活動と短期入所を一体で支援する。',
			longTermGoal: '母の不在時も落ち着いて過ごせる',
			shortTermGoal: '作業に毎日参加し、短期入所を月2回利用する',
			lifeIssues: '母の入院に備え、家族以外の場所でも安心して過ごす経験を増やす',
			standardHours: '月〜金 9:30〜16:00（送迎 8:40・16:10）。短期入所は月2回から',
		})
		const rows = addRows(doc, ISP_SUPPORT_TABLE, ISP_COLUMN_KEYS, [
			{ target: '短期入所で一晩落ち着いて過ごす', role: '持ち物を準備する', content: '初回は日帰り体験、次に1泊。夜は職員が声かけ', staff: '伊藤', period: '令和8年11月〜令和9年4月', targetDate: '令和9年3月', notes: '初めての場所では緊張が強い' },
			{ target: '作業（袋詰め）を午前中続ける', role: '作業の準備と片付け', content: '写真カードで手順を示す', staff: '渡辺', period: '令和8年11月〜令和9年4月', targetDate: '令和9年4月', notes: '' },
		])
		setRowLink(doc, rows[0], goalIds[0], true)
		setRowLink(doc, rows[1], goalIds[1], true)
	})
	must('個別支援計画の交付', await recordIspDelivery(sabikan, await scopeOf(clientId), { documentId: isp.id, method: 'hand', deliveredOn: '2026-11-06' }, '2026-11-06', META))

	// 11/25 — the November monitoring at home, completed; the cycle goes on unchanged.
	const report = must('モニタリング報告書の作成', await createMonitoringReport(sodan, await scopeOf(clientId), '2026-11', '2026-11-25', META))
	const seeds = await loadGoalSeeds(clientId)
	writeDocument(report.documentId, users.specialist, '2026-11-25', (doc) => {
		applyTemplate(doc, MONITORING_FIELD_KEYS)
		applyGoalsPrefill(doc, seeds)
		setMeta(doc, MONITORING_META.conductedOn, '2026-11-25')
		fill(doc, {
			place: 'ご自宅（居宅訪問）',
			overall: 'ひだまりに毎日通えている。11月中旬に短期入所を日帰りで体験し、表情よく過ごせた。母の入院は12月中旬の予定。',
		})
		for (const row of orderedRows(doc, 'goals')) {
			cellText(doc, row.id, 'satisfaction')?.insert(0, '「ひだまり、楽しい」')
			cellText(doc, row.id, 'achievement')?.insert(0, '順調（一部達成）')
			for (const kind of CHANGE_KINDS) setMeta(doc, changeMetaKey(kind, row.id), 'no')
		}
	})
	must('モニタリング報告書の完了', await completeMonitoringReport(sodan, await scopeOf(clientId), report.documentId, '2026-11-25', META))
	const open = await prisma.planCycle.findUniqueOrThrow({ where: { id: cycle.cycleId }, select: { state: true } })
	if (open.state === 'monitoring') must('計画の継続', await takeStep(sodan, await scopeOf(clientId), 'continue_plan', { changeNeeded: 'no' }, '2026-11-25', META))

	// Comments on the plan, one from his mother.
	const loaded = await loadDocumentScope(planId)
	if (!loaded) throw new SeedError('plan scope missing')
	must(
		'コメント（母）',
		await changeComments({ actor: kazoku, ipAddress: 'seed', today: '2026-11-26' }, loaded, {
			intent: 'create',
			body: '12月の入院中、短期入所の日を増やせるか相談したいです。',
			target: 'field:familyWishes',
			start: '',
			end: '',
		}),
	)
	must(
		'コメント（サビ管）',
		await changeComments({ actor: sabikan, ipAddress: 'seed', today: '2026-11-27' }, loaded, {
			intent: 'create',
			body: '短期入所は12月に最大7日まで受け入れ可能です。日程を調整しましょう。',
			target: 'field:policy',
			start: '',
			end: '',
		}),
	)
}

// ---------------------------------------------------------------------------------------------
// 山田 はると: a child with 通所 and 障害福祉サービス certificates, his plan in 案.

async function seedYamada(): Promise<void> {
	const clientId = clients.yamada
	const sodan = await actorOf(users.specialist)
	// A second certificate kind beside the 通所受給者証: 居宅介護 (障害福祉サービス) for bathing help.
	const welfare = certificateData(
		{
			kind: 'welfare',
			number: '5234567890',
			issuedBy: '小平市',
			issuedOn: '2026-09-15',
			effectiveFrom: '2026-10-01',
			decisionStart: '2026-10-01',
			decisionEnd: '2027-03-31',
			supportLevel: '',
			copayCap: '4600',
			monitoringPeriod: 'every3',
			monitoringMonths: '',
			newUserMonthlyFrom: '',
			serviceType: ['居宅介護（身体介護）'],
			amount: ['8時間/月'],
			note: '入浴介助',
		},
		'2026-09-15',
	)
	must('受給者証（障害福祉サービス）', await createCertificateVersion(sodan, clientId, welfare, '2026-09-15', META))

	const cycle = must('計画の進行の開始', await startCycle(sodan, await scopeOf(clientId), 'specialist', '2026-11-20', META))
	const planId = (await prisma.planCycle.findUniqueOrThrow({ where: { id: cycle.cycleId }, select: { planDocumentId: true } })).planDocumentId
	if (!planId) throw new SeedError('plan document missing')
	const assessment = must('アセスメントの作成', await ensureClientDocument(sodan, await scopeOf(clientId), 'assessment', '2026-11-24', META))
	writeDocument(assessment.documentId, users.specialist, '2026-11-24', (doc) => {
		applyTemplate(doc, FIELD_KEYS.assessment)
		setMeta(doc, ASSESSMENT_META.createdOn, '2026-11-24')
		fill(doc, {
			overview: '小学2年生。放課後等デイサービスを利用中。来年度の更新に向け、入浴介助（居宅介護）も含めて計画を見直す。',
			personWishes: '「そらで、ともだちとあそびたい」',
			familyWishes: '母：学校が長い休みの時も安心して預けたい。',
		})
	})
	must('計画案の作成', await takeStep(sodan, await scopeOf(clientId), 'write_draft', { assessmentDate: '2026-11-24', assessmentMethod: 'home_visit', assessmentPlace: '自宅' }, '2026-11-30', META))
	writeDocument(planId, users.specialist, '2026-11-30', (doc) => {
		applyTemplate(doc, PLAN_FIELD_TEMPLATE)
		setMeta(doc, PLAN_META.stage, 'draft')
		setMeta(doc, PLAN_META.draftDate, '2026-11-30')
		setMeta(doc, PLAN_META.monitoringStart, '2027-04')
		fill(doc, {
			personWishes: 'そらで、ともだちとあそびたい。',
			familyWishes: '学校が長い休みの時も安心して預けたい。',
			policy: '放課後等デイサービスで友達との関わりを広げ、家庭での入浴は居宅介護で母の負担を減らす。',
			longTermGoal: '友達と一緒に楽しく過ごせる',
			shortTermGoal: '順番を待って遊べる',
		})
		addRows(doc, PLAN_GOALS_TABLE, PLAN_GOAL_COLUMN_KEYS, [
			{ need: '友達と遊びたい', goal: '順番を待って遊べる', targetDate: '令和9年9月', services: '放課後等デイサービス（そら）23日/月', role: '「かして」と言う', evaluation: '令和9年6月', notes: '' },
			{ need: 'お風呂に安心して入りたい', goal: '週2回の入浴介助で清潔を保つ', targetDate: '令和9年3月', services: '居宅介護（身体介護）8時間/月', role: '着替えを用意する', evaluation: '令和9年3月', notes: '' },
		])
	})
}

// ---------------------------------------------------------------------------------------------
// 鈴木 花子: a new user, 毎月 monitoring for three months.

async function seedSuzuki(): Promise<void> {
	const sodan = await actorOf(users.specialist)
	const data = certificateData(
		{
			kind: 'welfare',
			number: '2345678901',
			issuedBy: '希望が丘市',
			issuedOn: '2026-10-25',
			effectiveFrom: '2026-11-01',
			decisionStart: '2026-11-01',
			decisionEnd: '2027-10-31',
			supportLevel: '2',
			copayCap: '0',
			monitoringPeriod: 'every6',
			monitoringMonths: '',
			newUserMonthlyFrom: '2026-11',
			serviceType: ['就労継続支援B型'],
			amount: ['当該月の日数から8日を控除した日数'],
			note: '新規利用（B型を11月から利用開始）',
		},
		'2026-10-25',
	)
	must('受給者証（鈴木 花子）', await createCertificateVersion(sodan, clients.suzuki, data, '2026-10-25', META))
	await prisma.client.update({ where: { id: clients.suzuki }, data: { supportLevelFrom: '2024-02-01', supportLevelUntil: '2027-01-31' } })
}

/** Seeds the living case; call once on a freshly seeded database (seed.ts). */
export async function seedLivingCase(): Promise<void> {
	nextClientId = 7001
	await seedSato()
	await seedYamada()
	await seedSuzuki()
}
