import { addDays } from '#app/utils/dates.ts'
import { DEMO_IDS } from './demo.ts'

/**
 * The demo サービス担当者会議 of 佐藤 誠: scheduled a few days after the day the database is
 * seeded (JST), so it is always upcoming on a fresh demo, plus one thread his mother flagged
 * 会議で検討 on his plan. The plan's id is derived from the client's (documents.server.ts
 * planDocumentId): the comment waits there for the plan the specialist creates.
 */

export const SEED_MEETING_IDS = {
	meeting: 'mtg-sato-1',
	minutes: 'minutes-mtg-sato-1',
	flaggedComment: 'comment-sato-flagged-1',
	satoPlan: `plan-${DEMO_IDS.clients.sato}`,
} as const

/** Days after the seeding day on which the demo meeting takes place. */
export const SEED_MEETING_OFFSET_DAYS = 5

export function satoMeeting(today: string) {
	const { users, clients } = DEMO_IDS
	const date = addDays(today, SEED_MEETING_OFFSET_DAYS)
	return {
		document: {
			id: SEED_MEETING_IDS.minutes,
			clientId: clients.sato,
			kind: 'minutes',
			title: `サービス担当者会議の記録（${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日）`,
			createdById: users.specialist,
		},
		meeting: {
			id: SEED_MEETING_IDS.meeting,
			clientId: clients.sato,
			purpose: 'new',
			date,
			startTime: '14:00',
			endTime: '15:00',
			format: 'in_person',
			place: '相談支援センターきずな 相談室',
			status: 'scheduled',
			consentBy: '本人（佐藤 誠）、母（佐藤 洋子）',
			consentMethod: 'written',
			consentOn: today,
			consentNote: 'サービス担当者会議で支援に必要な情報を共有することに同意（同意書 署名済み）',
			planDocumentId: null,
			minutesDocumentId: SEED_MEETING_IDS.minutes,
			createdById: users.specialist,
		},
		participants: [
			{ id: 'mtp-sato-1-1', userId: users.specialist, name: '田中 陽子', organizationName: '相談支援センターきずな', roleLabel: '相談支援専門員' },
			{ id: 'mtp-sato-1-2', userId: users.serviceManager, name: '伊藤 直樹', organizationName: '生活介護事業所ひだまり', roleLabel: 'サービス管理責任者' },
			{ id: 'mtp-sato-1-3', userId: users.city, name: '中村 大輔', organizationName: '希望が丘市 障害福祉課', roleLabel: '市町村職員' },
			{ id: 'mtp-sato-1-4', userId: null, name: '木村 正雄', organizationName: '', roleLabel: '民生委員' },
		].map((p, sortOrder) => ({ ...p, sortOrder })),
		comment: {
			id: SEED_MEETING_IDS.flaggedComment,
			clientId: clients.sato,
			documentId: SEED_MEETING_IDS.satoPlan,
			threadId: SEED_MEETING_IDS.flaggedComment,
			authorId: users.family,
			body: '私が入院している間、誠が短期入所に慣れられるか心配です。会議で相談させてください。',
			// On the whole 意向 field (no text range yet: the plan is still empty).
			anchorTarget: 'field:wishes',
			anchorStart: '',
			anchorEnd: '',
			quote: '',
			status: 'open',
			meetingFlag: true,
		},
	}
}
