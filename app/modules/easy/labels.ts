/**
 * Headings and help texts of the easy view (わかりやすい表示): short sentences, one idea each,
 * with the official name beside them so the person can find the same place on paper. The plan's
 * own texts are shown as written (never rewritten by a machine); these labels are ours.
 */
import { PLAN_FIELDS, type PlanFieldKey } from '#app/document-forms/plan.ts'

export type EasyField = { key: string; easy: string; official: string; help: string }

export const EASY_PLAN_FIELDS: Record<PlanFieldKey, { easy: string; help: string }> = {
	personWishes: {
		easy: 'どんな 暮らしを したいか（本人）',
		help: 'これからの 暮らしで したいこと、大切にしたいことを 自分の 言葉で 書きます。',
	},
	familyWishes: {
		easy: '家族の 思い',
		help: '家族が 本人の 暮らしに ついて 願っていることを 書きます。',
	},
	fees: {
		easy: 'サービスを 使うときに はらう お金',
		help: 'サービスの 利用料と、ひと月に はらう お金の 上限です。',
	},
	wishes: {
		easy: 'どんな 暮らしを したいか',
		help: 'これからの 暮らしで したいこと、大切にしたいことを 自分の 言葉で 書きます。家族の 思いは 分けて 書きます。',
	},
	policy: {
		easy: '支援の 方針（みんなで 大切にすること）',
		help: '本人と 家族と 支援する人が、いっしょに 大切にすることを 書きます。',
	},
	longTermGoal: { easy: '長い 目標（1年くらい 先）', help: '1年くらい 先に こうなっていたい、という 目標です。' },
	shortTermGoal: { easy: '短い 目標（3か月〜半年）', help: 'まず 3か月から 半年で めざすことです。' },
}

export const EASY_GOAL_COLUMNS: Record<string, { easy: string; help: string }> = {
	need: { easy: 'こまっていること・したいこと', help: '解決したいことや、やってみたいことを 書きます。' },
	goal: { easy: '目標', help: 'どうなったら いいか を 書きます。' },
	targetDate: { easy: 'いつまでに', help: '例：6か月後、来年の 3月' },
	services: { easy: '使う サービス（回数・時間）', help: '例：生活介護 週5日、短期入所 月2日' },
	provider: { easy: 'サービスの 事業所', help: '事業所の 名前と 電話番号' },
	role: { easy: '自分が すること', help: '目標の ために 自分で がんばることです。' },
	evaluation: { easy: 'ふりかえる 時期', help: '例：3か月ごと' },
	notes: { easy: 'そのほか 気をつけること', help: '' },
}

export function officialPlanLabel(key: string): string {
	return PLAN_FIELDS.find((f) => f.key === key)?.label ?? key
}

export const EASY_SECTION_TITLES = {
	plan: 'わたしの 計画',
	selfPlan: 'セルフプラン（自分で つくる 計画）',
	weekly: '1週間の 予定（週間計画表）',
	crisis: 'こまったときの 計画（クライシスプラン）',
	lifePlan: 'これからの 暮らし（Myライフプラン）',
	monitoring: 'ふりかえり（モニタリング報告書）',
	meeting: '話し合い（サービス担当者会議）',
	consent: '同意を お願いしている 計画',
} as const
