/**
 * Demo data of the 地域生活支援拠点 (issue #12): an on-call account of the hub, 佐藤 誠's
 * 事前の利用登録 with prior arrangements and a trial stay, one emergency he had, a 調整会議, and
 * 森 拓海 — a client of another consultation office (あおぞら, with its specialist and manager)
 * who is not registered with the hub, with his クライシスプラン, to break the glass on. Depends only on the demo clients,
 * users and organisations existing (seed.ts). Deterministic: fixed ids, dates and Yjs client ids.
 */
import * as Y from 'yjs'
import { CONTACTS_COLUMN_KEYS, CONTACTS_TABLE, FIELD_KEYS } from '#app/document-forms/forms/definitions.ts'
import { applyTemplate, fieldText, ROW_LINKS_KEY, ROW_ORDER_KEY, ROW_TABLE_KEY, rowsMap } from '#app/document-forms/structure.ts'
import type { PrismaClient } from '#app/generated/prisma/client.ts'
import { DEMO_IDS } from './demo.ts'

const { orgs, users, clients } = DEMO_IDS

export const HUB_DEMO_IDS = {
	oncall: 'user-oncall',
	otherOffice: 'org-aozora-sodan',
	otherSpecialist: 'user-aozora-sodan',
	otherManager: 'user-aozora-kanri',
	mori: 'client-mori-takumi',
	satoRegistration: 'hreg-sato-1',
	satoEmergency: 'emr-sato-1',
	hubMeeting: 'hmt-kibougaoka-1',
} as const

type CrisisContent = { fields: Record<string, string>; contacts: Array<Record<(typeof CONTACTS_COLUMN_KEYS)[number], string>> }

/** A クライシスプラン's stored state: template, fields and contact rows with fixed ids. */
function crisisState(clientId: number, content: CrisisContent): Uint8Array {
	const doc = new Y.Doc()
	doc.clientID = clientId
	applyTemplate(doc, FIELD_KEYS.crisis_plan)
	doc.transact(() => {
		for (const [key, value] of Object.entries(content.fields)) fieldText(doc, key)?.insert(0, value)
		content.contacts.forEach((cells, i) => {
			const row = new Y.Map<unknown>()
			row.set(ROW_TABLE_KEY, CONTACTS_TABLE)
			row.set(ROW_ORDER_KEY, i + 1)
			for (const column of CONTACTS_COLUMN_KEYS) row.set(column, new Y.Text(cells[column] ?? ''))
			row.set(ROW_LINKS_KEY, new Y.Map<boolean>())
			rowsMap(doc).set(`rseedcontact${clientId}x${i + 1}`, row)
		})
	})
	const state = Y.encodeStateAsUpdate(doc)
	doc.destroy()
	return state
}

async function createCrisisPlan(prisma: PrismaClient, clientId: string, yjsClientId: number, content: CrisisContent): Promise<void> {
	const id = `crisis-plan-${clientId}`
	await prisma.document.create({ data: { id, clientId, kind: 'crisis_plan', title: 'クライシスプラン', createdById: HUB_DEMO_IDS.otherSpecialist } })
	await prisma.docSnapshot.create({ data: { documentId: id, data: new Uint8Array(crisisState(yjsClientId, content)), throughUpdateId: 0 } })
}

export async function seedHub(prisma: PrismaClient, passwordHash: string): Promise<void> {
	// 緊急対応職員 of the hub (seed 003: staff other than the coordinator answer at night).
	await prisma.user.create({
		data: { id: HUB_DEMO_IDS.oncall, email: 'oncall@example.jp', displayName: '松本 亮', displayNameKana: 'まつもと りょう', role: 'hub_oncall', passwordHash },
	})
	await prisma.organizationMembership.create({
		data: { id: `${HUB_DEMO_IDS.oncall}-m1`, userId: HUB_DEMO_IDS.oncall, organizationId: orgs.hub, title: '緊急対応職員（夜間・休日）', startsOn: '2020-04-01' },
	})

	// 佐藤 誠: registered with the hub in September (his mother's illness, seed 002).
	await prisma.hubRegistration.create({
		data: {
			id: HUB_DEMO_IDS.satoRegistration,
			clientId: clients.sato,
			hubOrganizationId: orgs.hub,
			coordinatorId: users.hub,
			registeredOn: '2026-09-15',
			reasons: '8050,carer_health',
			consentBy: '佐藤 洋子',
			consentRelation: '母',
			consentMethod: 'written',
			consentOn: '2026-09-15',
			specialistId: users.specialist,
			reviewOn: '2027-03-31',
			createdById: users.specialist,
			arrangements: {
				create: [
					{
						id: 'harr-sato-1',
						serviceType: '短期入所',
						providerOrganizationId: orgs.lifeCare,
						providerName: '生活介護事業所ひだまり',
						conditions: '夜間・休日も受入可（4床のうち1床を緊急用に確保）。服薬（朝・夕）は持参。初日は顔なじみの職員が対応',
						agreedOn: '2026-09-20',
						sortOrder: 0,
					},
					{ id: 'harr-sato-2', serviceType: '居宅介護', providerName: 'ヘルパーステーション希望が丘', conditions: '母の入院中、朝夕の身支度と服薬確認に入る（事前に顔合わせ済み）', agreedOn: '2026-09-25', sortOrder: 1 },
				],
			},
			trialStays: { create: [{ id: 'htrl-sato-1', serviceType: '短期入所', providerName: '生活介護事業所ひだまり', fromDate: '2026-10-10', toDate: '2026-10-11', note: '1泊の体験。夜間もよく眠れた' }] },
		},
	})

	// His emergency in November: his mother was taken to hospital at night.
	await prisma.emergencyResponse.create({
		data: {
			id: HUB_DEMO_IDS.satoEmergency,
			clientId: clients.sato,
			hubOrganizationId: orgs.hub,
			occurredAt: new Date('2026-11-20T13:40:00Z'), // 22:40 JST
			callerName: '佐藤 洋子',
			callerRelation: '母',
			category: 'carer_illness',
			situation: '母が自宅で発熱・意識もうろうとなり救急搬送（入院）。父は遠方に出張中で本人が自宅に一人になる',
			actionsTaken: '事前調整どおり生活介護事業所ひだまりの短期入所に緊急受入を依頼し、23:30に拠点職員が付き添って入所',
			contacted: '生活介護事業所ひだまり（短期入所）\n父（携帯）',
			handoffNote: '翌朝、田中さんに電話で報告済み。母の退院見込みは1週間。計画の見直しが必要',
			recordedById: users.hub,
			services: {
				create: [{ id: 'esv-sato-1', serviceType: '緊急短期入所', providerOrganizationId: orgs.lifeCare, providerName: '生活介護事業所ひだまり', fromDate: '2026-11-20', toDate: '2026-11-26', note: '母の退院まで' }],
			},
		},
	})

	await prisma.hubMeeting.create({
		data: {
			id: HUB_DEMO_IDS.hubMeeting,
			hubOrganizationId: orgs.hub,
			date: '2026-11-27',
			title: '11月 調整会議',
			participants: '小林 美穂（拠点コーディネーター）\n田中 陽子（相談支援センターきずな）\n伊藤 直樹（生活介護事業所ひだまり）\n中村 大輔（希望が丘市 障害福祉課）',
			outcomes: '佐藤 誠さんの緊急受入（11/20〜26）を振り返り。夜間の付き添い体制は有効だった。母の退院後の再発に備え、短期入所の定期利用を計画に位置づける方向で見直す',
			createdById: users.hub,
			clients: { create: [{ clientId: clients.sato, note: '緊急受入の振り返り' }] },
		},
	})

	// 森 拓海: a client of another consultation office (あおぞら), not registered with the hub.
	await prisma.organization.create({
		data: {
			id: HUB_DEMO_IDS.otherOffice,
			kind: 'consultation',
			name: '相談支援事業所あおぞら',
			corporation: '（特非）あおぞら',
			city: '希望が丘市',
			address: '希望が丘市桜町1-1-1',
			phone: '0120-000-701',
			businessHours: '月～金 9:00～18:00',
			openDays: '月火水木金',
		},
	})
	for (const u of [
		{ id: HUB_DEMO_IDS.otherSpecialist, email: 'sodan2@example.jp', displayName: '山本 恵', displayNameKana: 'やまもと めぐみ', role: 'specialist', title: '相談支援専門員' },
		{ id: HUB_DEMO_IDS.otherManager, email: 'kanri2@example.jp', displayName: '井上 修', displayNameKana: 'いのうえ おさむ', role: 'office_manager', title: '管理者' },
	]) {
		await prisma.user.create({ data: { id: u.id, email: u.email, displayName: u.displayName, displayNameKana: u.displayNameKana, role: u.role, passwordHash } })
		await prisma.organizationMembership.create({ data: { id: `${u.id}-m1`, userId: u.id, organizationId: HUB_DEMO_IDS.otherOffice, title: u.title, startsOn: '2020-04-01' } })
	}
	await prisma.client.create({
		data: {
			id: HUB_DEMO_IDS.mori,
			familyName: '森',
			givenName: '拓海',
			familyNameKana: 'もり',
			givenNameKana: 'たくみ',
			birthDate: '1990-08-03',
			gender: '男',
			category: 'adult',
			disabilityCategories: 'mental',
			supportLevel: '2',
			handbook: '精神障害者保健福祉手帳 2級',
			postalCode: '100-0003',
			address: '希望が丘市桜町2-8-4',
			phone: '0120-000-903',
			municipalityId: orgs.city,
		},
	})
	await prisma.careTeamMember.create({
		data: { id: 'team-mori-1', clientId: HUB_DEMO_IDS.mori, userId: HUB_DEMO_IDS.otherSpecialist, organizationId: HUB_DEMO_IDS.otherOffice, role: 'specialist', startsOn: '2026-06-01', consentBasis: 'contract', consentOn: '2026-06-01', note: '計画作成担当者' },
	})
	await createCrisisPlan(prisma, HUB_DEMO_IDS.mori, 120002, {
		fields: {
			alertSigns: '数日眠れていない。服薬をやめる。家族と連絡が取れなくなる',
			alertSupporters: '主治医（希望が丘メンタルクリニック）に連絡し受診調整。必要なら救急相談',
			needMedication: '就寝前の服薬（主治医：希望が丘メンタルクリニック）',
		},
		contacts: [
			{ name: '森 恵子', relation: '姉', phone: '0120-000-921', notes: '市外在住' },
			{ name: '希望が丘メンタルクリニック', relation: '主治医', phone: '0120-000-931', notes: '平日 9:00〜18:00' },
			{ name: '相談支援事業所あおぞら 山本 恵', relation: '相談支援専門員', phone: '0120-000-701', notes: '' },
		],
	})
}
