import type { SeedOrganization, TargetLevel } from './types.ts'

/**
 * Public directory data, transcribed from two public leaflets:
 *
 * - seed 001: 小平市「市内特定相談支援事業所一覧」(令和6年10月現在, 19 offices). The leaflet has no
 *   vacancy column, so every office's vacancy stays 'unknown' with no as-of date: inventing one
 *   would mislead families choosing an office. Offices update it themselves in the app.
 * - seed 000: 金沢市「かなざわ安心プラン」leaflet — the five 委託相談支援事業所, the 基幹相談支援
 *   センター and the 障害福祉課. The leaflet prints local numbers (e.g. 229-3033); the 076 area
 *   code is added. It gives no addresses, target groups or hours, so those stay empty.
 *
 * Addresses: the leaflet's PDF text has stray spaces ("2 階", "1-19-13"); they are dropped where
 * they split a number from its unit, and one space separates the lot number from the building.
 */

const KODAIRA_NOTE = '令和6年10月現在の情報（小平市「市内特定相談支援事業所一覧」より）'

const KODAIRA_SERVICE_ADULT = '計画相談支援'
const KODAIRA_SERVICE_CHILD = '障害児相談支援'

/** The leaflet's mark columns: ◆ main, ○ available, — unavailable. */
const MARK: Record<'◆' | '○' | '—', TargetLevel> = { '◆': 'main', '○': 'available', '—': 'unavailable' }
type Mark = keyof typeof MARK

type KodairaRow = {
	corporation: string
	name: string
	/** 所在地 as printed, without the city */
	address: string
	phone: string
	fax: string
	/** 身 知 精 児 難 */
	marks: [Mark, Mark, Mark, Mark, Mark]
	/** ♠ 医療的ケア ♡ 行動障害 ♣ 精神障害者 */
	training: string
	businessHours: string
	openDays: string
	extraNote?: string
}

// In the leaflet's order; the index gives the id (org-kodaira-01 … org-kodaira-19).
const KODAIRA_ROWS: KodairaRow[] = [
	{
		corporation: '（福）小平市社会福祉協議会',
		name: '小平市障がい者地域自立生活支援センター ひびき',
		address: '学園東町1-19-13 小平市福祉会館2階',
		phone: '042-341-6555',
		fax: '042-402-0251',
		marks: ['○', '○', '○', '○', '○'],
		training: '♡♣',
		businessHours: '月～金 9:00～17:00',
		openDays: '月火水木金',
	},
	{
		corporation: '（福）小平市社会福祉協議会',
		name: '小平市立あおぞら福祉センター',
		address: '鈴木町1-472',
		phone: '042-326-4980',
		fax: '042-326-4976',
		marks: ['○', '○', '○', '○', '○'],
		training: '',
		businessHours: '月～金 9:00～17:00',
		openDays: '月火水木金',
	},
	{
		corporation: '（福）小平市社会福祉協議会',
		name: '小平市立たいよう福祉センター',
		address: '小川西町5-25-15',
		phone: '042-343-4976',
		fax: '042-344-3244',
		marks: ['○', '○', '○', '○', '○'],
		training: '♠♡♣',
		businessHours: '月～金 9:00～17:00',
		openDays: '月火水木金',
	},
	{
		corporation: '（福）ときわ会',
		name: '地域生活支援センター あさやけ',
		address: '小川東町4-2-1 小平元気村おがわ東1階',
		phone: '042-345-1741',
		fax: '042-345-1734',
		marks: ['○', '○', '◆', '○', '○'],
		training: '♠♡♣',
		businessHours: '月～金 10:00～18:00 土：12:00～18:00',
		openDays: '月火水木金土',
	},
	{
		corporation: '（福）未来',
		name: 'サポートみらい',
		address: '大沼町2-1-3',
		phone: '042-349-2587',
		fax: '042-349-2587',
		marks: ['○', '○', '○', '—', '—'],
		training: '',
		businessHours: '月～金 10:00～17:00',
		openDays: '月火水木金',
	},
	{
		corporation: '（福）あいの樹',
		name: 'あい',
		address: '小川西町5-22-12',
		phone: '042-349-2191',
		fax: '042-349-2192',
		marks: ['○', '○', '○', '○', '○'],
		training: '',
		businessHours: '月～金 9:00～18:00',
		openDays: '月火水木金',
	},
	{
		corporation: '（NPO）だれもがともに小平ネットワーク',
		name: 'なんでも相談いるおーる',
		address: '仲町269-1 サンハイム小山102',
		phone: '042-403-0873',
		fax: '042-308-3749',
		marks: ['○', '○', '○', '○', '○'],
		training: '♡',
		businessHours: '月～金 10:00～18:00',
		openDays: '月火水木金',
	},
	{
		corporation: '（NPO）自立生活センター小平',
		name: '障がい者相談支援センター ぴありす',
		address: '花小金井南町1-18-45-10 1F',
		phone: '042-461-7001',
		fax: '042-461-7001',
		marks: ['◆', '◆', '○', '○', '○'],
		training: '',
		businessHours: '火・木 11:00～16:00',
		openDays: '火木',
	},
	{
		corporation: '（福）全国入浴の会',
		name: '曙光園 特定相談支援事業所',
		address: '小川町1-590',
		phone: '042-345-2811',
		fax: '042-345-2815',
		marks: ['◆', '○', '○', '—', '○'],
		training: '',
		businessHours: '月～日 9:00～18:00',
		openDays: '月火水木金土日',
	},
	{
		corporation: '（福）黎明会',
		name: '地域生活支援センター 澄水',
		address: '小川町1-485',
		phone: '042-346-7412',
		fax: '042-341-8891',
		marks: ['○', '○', '○', '○', '○'],
		training: '♠♡♣',
		businessHours: '月～金 9:00～17:00',
		openDays: '月火水木金',
	},
	{
		corporation: '（福）六三四',
		name: 'スカイサポートセンター',
		address: '仲町355-4',
		phone: '042-343-1020',
		fax: '042-312-1989',
		marks: ['○', '○', '○', '○', '○'],
		training: '♠♣',
		businessHours: '月～金 10:00～17:00',
		openDays: '月火水木金',
	},
	{
		corporation: '（福）武蔵野会',
		name: 'テラスこだいら',
		address: '花小金井8-1-10 小平福祉園内',
		phone: '042-433-9330',
		fax: '042-345-3590',
		marks: ['○', '○', '○', '○', '○'],
		training: '',
		businessHours: '月～金 8:30～17:00',
		openDays: '月火水木金',
	},
	{
		corporation: '（株）フローレンス',
		name: '相談支援センターくれよん',
		address: '小川町2-1346 コーポアライ1階',
		phone: '042-341-7588',
		fax: '042-341-7599',
		marks: ['○', '○', '—', '○', '—'],
		training: '♠',
		businessHours: '月～水・金 10:00～16:00',
		openDays: '月火水金',
	},
	{
		corporation: '（福）小平晴風会',
		name: '相談支援室 かすみそう',
		address: '小川町1-390-2 第一宮寺ビル102号室',
		phone: '042-313-2505',
		fax: '042-313-2515',
		marks: ['○', '○', '○', '○', '○'],
		training: '♠♡♣',
		businessHours: '月～金 8:30～17:30',
		openDays: '月火水木金',
	},
	{
		corporation: '（福）あいの樹',
		name: 'あいの実小平',
		address: '小川町1-3014-7',
		phone: '042-313-6341',
		fax: '042-313-6342',
		marks: ['○', '○', '○', '◆', '○'],
		training: '',
		businessHours: '月～金 13:00～17:00',
		openDays: '月火水木金',
	},
	{
		corporation: 'こどもサポート（株）',
		name: '相談支援センター・こどもサポート小平',
		address: '小川町1-447 みなみ台コーポラス1階',
		phone: '042-349-7480',
		fax: '042-349-7481',
		marks: ['—', '○', '○', '○', '—'],
		training: '',
		businessHours: '火～金 10:00～13:00 14:00～17:00',
		openDays: '火水木金',
	},
	{
		corporation: '（NPO）地域アサボート研究所',
		name: '相談支援事業所 れんげ草',
		address: '学園東町1-22-6',
		phone: '042-302-2325',
		fax: '042-405-1779',
		marks: ['○', '○', '—', '◆', '○'],
		training: '♠',
		businessHours: '月～金 10:00～16:00',
		openDays: '月火水木金',
	},
	{
		corporation: '（株）ジンバ',
		name: '相談支援センターあゆみ',
		address: '小川町1-404-2 ハピテ小平105',
		phone: '042-312-3039',
		fax: '042-312-3037',
		marks: ['○', '○', '○', '○', '○'],
		training: '',
		businessHours: '月～土のうち5日間 9:00～18:00',
		// Which five days is not published: every day it may be open counts for the day filter.
		openDays: '月火水木金土',
		extraNote: '営業日は月～土のうち5日間（曜日は事業所にご確認ください）',
	},
	{
		corporation: '愉和（株）',
		name: 'とうわ相談支援 小平',
		address: '小川東町5-2-27 K&I小川東201号',
		phone: '042-404-2911',
		fax: '042-404-2912',
		marks: ['○', '○', '○', '—', '○'],
		training: '',
		businessHours: '月～金 12:00～17:00',
		openDays: '月火水木金',
	},
]

function kodairaOrganization(row: KodairaRow, index: number): SeedOrganization {
	const [physical, intellectual, mental, child, intractable] = row.marks.map((m) => MARK[m])
	return {
		id: `org-kodaira-${String(index + 1).padStart(2, '0')}`,
		kind: 'consultation',
		name: row.name,
		corporation: row.corporation,
		city: '小平市',
		address: `小平市${row.address}`,
		phone: row.phone,
		fax: row.fax,
		targets: { physical, intellectual, mental, child, intractable },
		training: {
			medicalCare: row.training.includes('♠'),
			behavior: row.training.includes('♡'),
			mental: row.training.includes('♣'),
		},
		businessHours: row.businessHours,
		openDays: row.openDays,
		vacancyStatus: 'unknown',
		vacancyAsOf: '',
		note: row.extraNote ? `${KODAIRA_NOTE}。${row.extraNote}` : KODAIRA_NOTE,
		// A 指定特定相談支援事業所 writes サービス等利用計画; those that take children (児 not —)
		// are also 指定障害児相談支援事業所 and write 障害児支援利用計画.
		services:
			child === 'unavailable'
				? [{ serviceType: KODAIRA_SERVICE_ADULT }]
				: [{ serviceType: KODAIRA_SERVICE_ADULT }, { serviceType: KODAIRA_SERVICE_CHILD }],
	}
}

export const kodairaOrganizations: SeedOrganization[] = KODAIRA_ROWS.map(kodairaOrganization)

// The leaflet does not break 委託相談支援 down by target group; it says they take 幅広い相談
// regardless of service use, which is what the default (○ for every group) expresses.
const KANAZAWA_ENTRUSTED: Array<{ slug: string; name: string; phone: string }> = [
	{ slug: '01', name: '石川療育センター', phone: '076-229-3033' },
	{ slug: '02', name: 'オープンセサミ城南', phone: '076-232-0100' },
	{ slug: '03', name: '相談支援事業所あるふあ', phone: '076-280-9147' },
	{ slug: '04', name: 'ピアサポートいしひき', phone: '076-231-3371' },
	{ slug: '05', name: '金沢健康福祉財団', phone: '076-222-0032' },
]

export const kanazawaOrganizations: SeedOrganization[] = [
	...KANAZAWA_ENTRUSTED.map(
		(o): SeedOrganization => ({
			id: `org-kanazawa-${o.slug}`,
			kind: 'consultation',
			name: o.name,
			city: '金沢市',
			phone: o.phone,
			vacancyStatus: 'unknown',
			note: '金沢市委託相談支援事業所',
			services: [{ serviceType: '委託相談支援' }],
		}),
	),
	{
		id: 'org-kanazawa-core',
		kind: 'core_center',
		name: '金沢市障害者基幹相談支援センター',
		city: '金沢市',
		phone: '076-254-5656',
		fax: '076-254-5858',
		vacancyStatus: 'unknown',
		note: '金沢市の相談支援の中核的な役割を担う基幹相談支援センター（社会福祉士・精神保健福祉士などの国家資格をもつ相談支援専門員を配置）',
		services: [{ serviceType: '基幹相談支援' }],
	},
	{
		id: 'org-kanazawa-city',
		kind: 'municipality',
		name: '金沢市障害福祉課',
		city: '金沢市',
		phone: '076-220-2289',
		fax: '076-232-0294',
		vacancyStatus: 'unknown',
		note: '障害福祉サービスの利用申請・支給決定の窓口。市のホームページに市内の相談支援事業所の一覧と空き状況が掲載されています。',
	},
]

/** Public directory data (filled in from seeds 000 and 001). */
export const directoryOrganizations: SeedOrganization[] = [...kodairaOrganizations, ...kanazawaOrganizations]
