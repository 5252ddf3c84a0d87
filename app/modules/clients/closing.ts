/**
 * Closing a case (終了): reasons, the form's validation and the retention date. Pure.
 * Records of a closed case stay read-only (policy module) until at least retainUntil: 計画相談支援
 * 基準第30条 keeps them 5 years from 完結 (docs/domain/records-and-consent.md); an office may keep them longer.
 */
import { z } from 'zod'
import { isValidIsoDate } from '#app/utils/dates.ts'

export const CLOSE_REASONS = ['service_end', 'moved', 'transfer', 'care_insurance', 'death', 'self_plan', 'other'] as const
export type CloseReason = (typeof CLOSE_REASONS)[number]
export const CLOSE_REASON_LABELS: Record<CloseReason, string> = {
	service_end: 'サービス利用の終了',
	moved: '転居（他市町村へ）',
	transfer: '他の相談支援事業所へ移行',
	care_insurance: '介護保険への移行',
	death: '死亡',
	self_plan: 'セルフプランへの移行',
	other: 'その他',
}

export const MIN_RETENTION_YEARS = 5
export const DEFAULT_RETENTION_YEARS = 5

/**
 * Years to keep a closed case's records: KIZUNA_RETENTION_YEARS when it is a whole number of at
 * least 5 (a shorter period would break the 5-year rule, so it is raised to 5), otherwise 5.
 */
export function retentionYears(value: string | undefined = process.env.KIZUNA_RETENTION_YEARS): number {
	if (value === undefined || value.trim() === '') return DEFAULT_RETENTION_YEARS
	const years = Number(value)
	if (!Number.isInteger(years)) return DEFAULT_RETENTION_YEARS
	return Math.min(Math.max(years, MIN_RETENTION_YEARS), 100)
}

/** The closing date plus whole years; 2月29日 becomes 2月28日 in a common year. */
export function retainUntil(closedOn: string, years: number): string {
	const [y, m, d] = closedOn.split('-').map(Number)
	const year = y + years
	const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate()
	return `${year}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`
}

/** closeReason as stored: the code, and the free text after a colon when given. */
export function encodeCloseReason(reason: CloseReason, detail: string): string {
	return detail ? `${reason}:${detail}` : reason
}

export function decodeCloseReason(stored: string): { reason: CloseReason | null; label: string; detail: string } {
	const [code, ...rest] = stored.split(':')
	const reason = (CLOSE_REASONS as readonly string[]).includes(code) ? (code as CloseReason) : null
	return { reason, label: reason ? CLOSE_REASON_LABELS[reason] : stored, detail: reason ? rest.join(':') : '' }
}

export const CloseFormSchema = z.object({
	closedOn: z
		.string({ required_error: '終了日を入力してください' })
		.trim()
		.min(1, '終了日を入力してください')
		.refine((v) => isValidIsoDate(v), '終了日が正しい日付ではありません'),
	reason: z.enum(CLOSE_REASONS, { errorMap: () => ({ message: '終了の理由を選んでください' }) }),
	reasonDetail: z.string().trim().max(500, '理由の詳細は500文字以内で入力してください').default(''),
	evaluation: z
		.string({ required_error: '事後評価を入力してください' })
		.trim()
		.min(1, '事後評価を入力してください')
		.max(4000, '事後評価は4000文字以内で入力してください'),
	confirm: z.literal('yes', { errorMap: () => ({ message: '終了後は記録が閲覧のみになることを確認してください' }) }),
})
export type CloseFormData = z.infer<typeof CloseFormSchema>

/** Form fields to validated data, or Japanese messages per field. The date may not lie in the future. */
export function parseCloseForm(
	form: Record<string, unknown>,
	today: string,
): { ok: true; data: CloseFormData } | { ok: false; fieldErrors: Record<string, string[]> } {
	const parsed = CloseFormSchema.safeParse(form)
	const fieldErrors: Record<string, string[]> = parsed.success ? {} : (parsed.error.flatten().fieldErrors as Record<string, string[]>)
	if (parsed.success && parsed.data.closedOn > today) fieldErrors.closedOn = ['終了日に未来の日付は指定できません']
	if (parsed.success && parsed.data.reason === 'other' && !parsed.data.reasonDetail) fieldErrors.reasonDetail = ['「その他」の場合は理由を入力してください']
	if (!parsed.success || Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors }
	return { ok: true, data: parsed.data }
}
