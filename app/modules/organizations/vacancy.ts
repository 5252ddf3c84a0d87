import { z } from 'zod'
import { isValidIsoDate } from '#app/utils/dates.ts'
import { VACANCY_STATUSES } from '#app/modules/organizations/labels.ts'

export const VACANCY_NOTE_MAX = 500

// A vacancy reported for a date before the app existed is a typo, not information.
const EARLIEST_AS_OF = '2000-01-01'

/**
 * The vacancy form. `today` is the date in Japan (todayJst) — passed in so tests can pin it.
 * A known status needs the date it was true on; 不明 may go without one.
 */
export function vacancyUpdateSchema(today: string) {
	return z
		.object({
			vacancyStatus: z.enum(VACANCY_STATUSES, { errorMap: () => ({ message: '空き状況を選んでください' }) }),
			vacancyAsOf: z.string().trim().optional().default(''),
			note: z
				.string()
				.trim()
				.max(VACANCY_NOTE_MAX, `メモは${VACANCY_NOTE_MAX}文字以内で入力してください`)
				.optional()
				.default(''),
		})
		.superRefine((value, ctx) => {
			const asOf = value.vacancyAsOf
			if (asOf === '') {
				if (value.vacancyStatus !== 'unknown') {
					ctx.addIssue({ code: 'custom', path: ['vacancyAsOf'], message: '基準日（いつ時点の空き状況か）を入力してください' })
				}
				return
			}
			if (!isValidIsoDate(asOf)) {
				ctx.addIssue({ code: 'custom', path: ['vacancyAsOf'], message: '基準日は正しい日付を入力してください（例: 2026-11-01）' })
			} else if (asOf > today) {
				ctx.addIssue({ code: 'custom', path: ['vacancyAsOf'], message: '基準日に未来の日付は指定できません' })
			} else if (asOf < EARLIEST_AS_OF) {
				ctx.addIssue({ code: 'custom', path: ['vacancyAsOf'], message: '基準日が古すぎます。日付を確認してください' })
			}
		})
}

export type VacancyUpdate = z.output<ReturnType<typeof vacancyUpdateSchema>>
