import * as Y from 'yjs'
import type { PrismaClient } from '#app/generated/prisma/client.ts'
import { PLAN_FIELD_KEYS, PLAN_GOAL_COLUMN_KEYS, PLAN_GOALS_TABLE, PLAN_META } from '#app/document-forms/plan.ts'
import { ROW_ORDER_KEY, ROW_TABLE_KEY, applyTemplate, fieldText, metaMap, rowsMap } from '#app/document-forms/structure.ts'
import { DEMO_IDS } from './demo.ts'
import { addDays } from '#app/utils/dates.ts'

/**
 * Demo data of issue #13 (accounts by invitation, わかりやすい表示, セルフプラン):
 *  - 佐藤 誠 himself: a 本人 account (honnin@example.jp) on his own care team — his home page is
 *    his plan in the easy view with furigana;
 *  - 木村 陽向 (10, 放課後等デイサービス): a family-led セルフプラン with no specialist under contract.
 *    His mother 木村 恵 (kimura@example.jp) started it and is writing the draft; the 放課後等デイ
 *    provider is on the team (recorded without an account). The city's demo account is left off
 *    this team so the existing demo roles keep seeing exactly the clients the README lists.
 *    Nothing here depends on 佐藤 誠's plan documents.
 * Deterministic: fixed ids, fixed Yjs client id, dates relative to the seeding day.
 */

export const EASY_DEMO_IDS = {
	users: { honnin: 'user-honnin', kimura: 'user-kimura' },
	clients: { kimura: 'client-kimura-hinata' },
	documents: { kimuraPlan: 'plan-client-kimura-hinata' },
	cycles: { kimura: 'cyc-kimura-1' },
} as const

export const EASY_DEMO_ACCOUNTS = [
	{ id: EASY_DEMO_IDS.users.honnin, email: 'honnin@example.jp', displayName: '佐藤 誠', displayNameKana: 'さとう まこと', role: 'client_self', clientId: DEMO_IDS.clients.sato },
	{ id: EASY_DEMO_IDS.users.kimura, email: 'kimura@example.jp', displayName: '木村 恵', displayNameKana: 'きむら めぐみ', role: 'family', clientId: null },
] as const

/** The draft the family has written so far (Yjs state of the plan document). */
export function kimuraDraftState(today: string): Uint8Array {
	const doc = new Y.Doc()
	doc.clientID = 0x6b696d // fixed: the same bytes on every seed
	applyTemplate(doc, PLAN_FIELD_KEYS)
	doc.transact(() => {
		fieldText(doc, 'wishes')!.insert(0, '本人：放課後等デイサービスで友だちとあそびたい。サッカーがしたい。\n家族：学校のあと、安心してすごせる場所がほしい。母は週3日パートで働いています。')
		fieldText(doc, 'policy')!.insert(0, '学校のあとの時間を、友だちと楽しくすごせるようにする。')
		metaMap(doc).set(PLAN_META.stage, 'draft')
		metaMap(doc).set(PLAN_META.draftDate, today)
		const goals: Array<Record<string, string>> = [
			{ need: '学校のあと、家で一人になる日がある', goal: '週3日、放課後等デイサービスに通う', targetDate: '6か月後', services: '放課後等デイサービス 週3日', role: '送迎の時間に準備する', evaluation: '6か月ごと', notes: '' },
			{ need: '友だちと遊ぶのが苦手なときがある', goal: 'みんなで遊ぶ活動に参加できる', targetDate: '1年後', services: '放課後等デイサービス（集団活動）', role: 'こまったら先生に言う', evaluation: '6か月ごと', notes: '大きな音が苦手' },
		]
		goals.forEach((cells, i) => {
			const row = new Y.Map<unknown>()
			rowsMap(doc).set(`rKimuraGoal0${i + 1}`, row)
			row.set(ROW_TABLE_KEY, PLAN_GOALS_TABLE)
			row.set(ROW_ORDER_KEY, i + 1)
			for (const key of PLAN_GOAL_COLUMN_KEYS) {
				const text = new Y.Text()
				row.set(key, text)
				if (cells[key]) text.insert(0, cells[key])
			}
		})
	})
	const state = Y.encodeStateAsUpdate(doc)
	doc.destroy()
	return state
}

export async function seedEasyDemo(prisma: PrismaClient, passwordHash: string, today: string): Promise<void> {
	const { orgs, clients } = DEMO_IDS
	for (const u of EASY_DEMO_ACCOUNTS) {
		await prisma.user.create({ data: { id: u.id, email: u.email, displayName: u.displayName, displayNameKana: u.displayNameKana, role: u.role, clientId: u.clientId, passwordHash } })
	}
	// 佐藤 誠 on his own team (the 本人 account; his mother's row is the demo's existing one).
	await prisma.careTeamMember.create({
		data: { id: 'team-sato-honnin', clientId: clients.sato, userId: EASY_DEMO_IDS.users.honnin, role: 'client_self', relationship: '本人', startsOn: addDays(today, -30), consentBasis: 'self', note: '招待コードで参加' },
	})

	const kimura = EASY_DEMO_IDS.clients.kimura
	await prisma.client.create({
		data: {
			id: kimura,
			familyName: '木村',
			givenName: '陽向',
			familyNameKana: 'きむら',
			givenNameKana: 'ひなた',
			birthDate: '2016-06-18',
			gender: '男',
			category: 'child',
			guardianName: '木村 恵',
			disabilityCategories: 'developmental',
			supportLevel: 'none',
			address: '希望が丘市緑町3-4-5',
			municipalityId: orgs.city,
		},
	})
	const since = addDays(today, -14)
	const team = [
		{ id: 'team-kimura-mother', userId: EASY_DEMO_IDS.users.kimura, organizationId: null, role: 'family', relationship: '母', consentBasis: 'self' },
	]
	for (const row of team) {
		await prisma.careTeamMember.create({ data: { ...row, clientId: kimura, startsOn: since, consentOn: row.consentBasis === 'self' ? since : '' } })
	}
	await prisma.careTeamMember.create({
		data: { id: 'team-kimura-sora', clientId: kimura, externalName: '放課後等デイサービスそら 担当者', organizationId: orgs.afterSchool, role: 'service_manager', startsOn: since, consentBasis: 'written_consent', consentOn: since },
	})
	const planId = EASY_DEMO_IDS.documents.kimuraPlan
	await prisma.document.create({ data: { id: planId, clientId: kimura, kind: 'plan', title: '障害児支援利用計画', createdById: EASY_DEMO_IDS.users.kimura } })
	await prisma.docSnapshot.create({ data: { documentId: planId, data: Buffer.from(kimuraDraftState(today)), throughUpdateId: 0 } })
	await prisma.planCycle.create({ data: { id: EASY_DEMO_IDS.cycles.kimura, clientId: kimura, number: 1, variant: 'self', state: 'draft', planDocumentId: planId, createdById: EASY_DEMO_IDS.users.kimura } })
}
