/**
 * Password checks per NIST SP 800-63B §3.1.1.2: at least 12 characters, no composition rules,
 * and refused when common or guessable. Guessability comes from zxcvbn-ts with its common-password
 * and English dictionaries (shipped in the npm packages, offline). Plain module: the server
 * decides with it, and the settings form loads it lazily to show strength while typing.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import * as common from '@zxcvbn-ts/language-common'
import * as en from '@zxcvbn-ts/language-en'

export const PASSWORD_MIN_LENGTH = 12
export const PASSWORD_MAX_LENGTH = 128
/** zxcvbn score 3 ≈ 10^8 guesses: "safely unguessable" against throttled online guessing and more. */
export const MINIMUM_SCORE = 3

let factory: ZxcvbnFactory | undefined
function estimator(): ZxcvbnFactory {
	factory ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary, ...en.dictionary }, graphs: common.adjacencyGraphs })
	return factory
}

const REASONS: Record<string, string> = {
	straightRow: 'キーボードの並び（qwerty など）は推測されやすいため使えません。',
	keyPattern: 'キーボード上の並びは推測されやすいため使えません。',
	simpleRepeat: '同じ文字の繰り返し（aaaa など）は推測されやすいため使えません。',
	extendedRepeat: '同じ並びの繰り返し（abcabc など）は推測されやすいため使えません。',
	sequences: '連続した文字や数字（abcd、1234 など）は推測されやすいため使えません。',
	recentYears: '最近の年（2026 など）は推測されやすいため使えません。',
	dates: '日付は推測されやすいため使えません。',
	topTen: '非常によく使われているパスワードのため使えません。',
	topHundred: '非常によく使われているパスワードのため使えません。',
	common: 'よく使われているパスワードのため使えません。',
	similarToCommon: 'よく使われているパスワードに似ているため使えません。',
	wordByItself: '単語ひとつだけでは推測されやすいため使えません。',
	namesByThemselves: '名前だけでは推測されやすいため使えません。',
	commonNames: 'よくある名前や名字は推測されやすいため使えません。',
	userInputs: 'メールアドレスや氏名など、ご自身の情報を含むパスワードは使えません。',
}
const GENERIC_REASON = '推測されやすいパスワードのため使えません。'
export const PASSWORD_ADVICE = '長めの文（ことばを4つ以上つなげる など）にすると、覚えやすく安全です。記号や数字を必ず入れる必要はありません。'

export type StrengthLevel = 'too_short' | 'weak' | 'fair' | 'good' | 'strong'

export const STRENGTH_LABELS: Record<StrengthLevel, string> = {
	too_short: '短すぎます',
	weak: '弱い（使えません）',
	fair: 'やや弱い（使えません）',
	good: '十分',
	strong: '強い',
}

export type PasswordAssessment = { acceptable: boolean; level: StrengthLevel; score: number; reason: string | null }

/**
 * Judges a new password. `userInputs` are the person's own facts (email, name): a password built
 * from them is refused.
 */
export function assessPassword(password: string, userInputs: readonly string[] = []): PasswordAssessment {
	const length = [...password].length
	if (length < PASSWORD_MIN_LENGTH) {
		return { acceptable: false, level: 'too_short', score: 0, reason: `パスワードは${PASSWORD_MIN_LENGTH}文字以上にしてください。` }
	}
	if (length > PASSWORD_MAX_LENGTH) {
		return { acceptable: false, level: 'too_short', score: 0, reason: `パスワードは${PASSWORD_MAX_LENGTH}文字以内にしてください。` }
	}
	const inputs = userInputs.flatMap((v) => [v, ...v.split(/[@.\s_-]+/)]).filter((v) => v.length >= 3)
	const result = estimator().check(password.slice(0, 100), inputs)
	const score = result.score
	const level: StrengthLevel = score >= 4 ? 'strong' : score === 3 ? 'good' : score === 2 ? 'fair' : 'weak'
	if (score >= MINIMUM_SCORE) return { acceptable: true, level, score, reason: null }
	const warning = result.feedback.warning ?? ''
	return { acceptable: false, level, score, reason: REASONS[warning] ?? GENERIC_REASON }
}
