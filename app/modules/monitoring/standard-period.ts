/**
 * The モニタリング標準期間 (障害者総合支援法施行規則 第6条の16; docs/domain/monitoring.md's table) the
 * certificate form suggests from the services and the person. Only a suggestion with its
 * one-line reason: the municipality sets the period on the 受給者証, and that decision wins
 * (it may set a shorter one, R3 Q&A 問38).
 */
import { ageOn, isValidIsoDate } from '#app/utils/dates.ts'

export type StandardPeriod = 'monthly' | 'every3' | 'every6'

export type StandardPeriodInput = {
	/** the 支給決定 services (CertificateService.serviceType), free text allowed */
	serviceTypes: readonly string[]
	/** YYYY-MM-DD */
	birthDate: string
	/** adult | child */
	category: string
	/** the day the period applies from (支給決定期間の開始日), YYYY-MM-DD */
	on: string
	/** 集中的支援が必要 (after leaving a 障害者支援施設, single household without coordination…) */
	intensive?: boolean
	/** receives 介護保険 care management (then age 65+ is no reason for 3ヶ月) */
	careInsurance?: boolean
	/** 新規利用者 or services changed markedly: 毎月 for the first 3 months, then this period */
	newUser?: boolean
}

export type StandardPeriodSuggestion = {
	period: StandardPeriod
	/** one line, Japanese, why */
	reason: string
	/** the new-user rule applies on top of the period */
	newUserMonthly: boolean
}

/** 3ヶ月ごと services of the standard-period table (docs/domain/monitoring.md) (自立訓練 covers 機能訓練 and 生活訓練). */
const THREE_MONTH_SERVICES = [
	'居宅介護',
	'行動援護',
	'同行援護',
	'重度訪問介護',
	'短期入所',
	'就労移行支援',
	'自立訓練',
	'就労定着支援',
	'自立生活援助',
	'日中サービス支援型共同生活援助',
] as const

/** 障害児通所支援 (児童福祉法): 3ヶ月ごと since H30. */
const CHILD_DAY_SERVICES = ['児童発達支援', '放課後等デイサービス', '保育所等訪問支援', '居宅訪問型児童発達支援', '医療型児童発達支援'] as const

function normalise(value: string): string {
	return value.normalize('NFKC').replace(/\s+/g, '')
}

function matches(serviceType: string, names: readonly string[]): string | null {
	const text = normalise(serviceType)
	// Substring match: 自立訓練（生活訓練） is 自立訓練; plain 共同生活援助 is in no list (6ヶ月).
	return names.find((name) => text.includes(name)) ?? null
}

/**
 * The standard period for these services and this person, or null when there is nothing to go
 * on (no services entered). The shortest applicable period wins: a person using 生活介護 and
 * 短期入所 is suggested 3ヶ月ごと because of the 短期入所.
 */
export function suggestStandardPeriod(input: StandardPeriodInput): StandardPeriodSuggestion | null {
	const services = input.serviceTypes.map((s) => s.trim()).filter(Boolean)
	const newUserMonthly = Boolean(input.newUser)
	const withNewUser = (reason: string) => (newUserMonthly ? `${reason}。新規利用のため最初の3か月は毎月` : reason)

	if (input.intensive) {
		return { period: 'monthly', reason: withNewUser('集中的な支援が必要なため毎月（施設退所直後・単身で調整が難しい等）'), newUserMonthly }
	}
	if (services.length === 0) return null

	const threeMonth = services.map((s) => matches(s, THREE_MONTH_SERVICES)).find((m): m is string => m !== null)
	if (threeMonth) return { period: 'every3', reason: withNewUser(`${threeMonth}を利用するため3ヶ月ごと`), newUserMonthly }

	const childDay = services.map((s) => matches(s, CHILD_DAY_SERVICES)).find((m): m is string => m !== null)
	if (childDay) return { period: 'every3', reason: withNewUser(`障害児通所支援（${childDay}）の利用は3ヶ月ごと`), newUserMonthly }

	if (input.category !== 'child' && isValidIsoDate(input.birthDate) && isValidIsoDate(input.on) && !input.careInsurance) {
		const age = ageOn(input.birthDate, input.on)
		if (age >= 65) {
			return { period: 'every3', reason: withNewUser(`65歳以上（${age}歳）で介護保険のケアマネジメントを受けていないため3ヶ月ごと`), newUserMonthly }
		}
	}

	return { period: 'every6', reason: withNewUser(`${services.join('・')}の利用は6ヶ月ごと`), newUserMonthly }
}
