/**
 * Form schemas of the サービス担当者会議 pages with the Japanese messages the forms show.
 * Pure (no I/O): whether an invited team member is really on the team, and the state rules
 * (close needs complete attendance), are checked in meeting-changes.server.ts.
 */
import { z } from 'zod'
import { addDays, isValidIsoDate } from '#app/utils/dates.ts'
import { formValue, formValues, type FormResult } from '#app/utils/forms.ts'
import { ATTENDANCE_VALUES, CONSENT_METHODS, MEETING_FORMATS, MEETING_PURPOSES, SELF_ATTENDANCE_VALUES, SETTLEMENTS, type Attendance, type SelfAttendance, type Settlement } from './labels.ts'

export const LIMITS = {
	place: 200,
	personName: 60,
	organization: 100,
	role: 60,
	consentBy: 60,
	consentNote: 500,
	reason: 200,
	decisions: 4000,
	cancelReason: 500,
	/** invited people in all (team members and others) */
	participants: 30,
} as const

/** How far ahead a meeting may be scheduled (days). Past dates are allowed: meetings are also recorded afterwards. */
export const MAX_DAYS_AHEAD = 366


const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/

function choice<const T extends readonly string[]>(values: T, message: string) {
	return z.preprocess(formValue, z.string().refine((v): v is T[number] => (values as readonly string[]).includes(v), message))
}

function requiredText(label: string, max: number) {
	return z.preprocess(formValue, z.string().min(1, `${label}を入力してください`).max(max, `${label}は${max}文字以内で入力してください`))
}

function optionalText(label: string, max: number) {
	return z.preprocess(formValue, z.string().max(max, `${label}は${max}文字以内で入力してください`))
}

export type ExternalParticipant = { name: string; organization: string; role: string }

/** Scheduling (and editing) a meeting. `today` is the JST date. */
export function meetingFormSchema(today: string) {
	return z
		.object({
			date: z.preprocess(formValue, z.string()),
			startTime: z.preprocess(formValue, z.string()),
			endTime: z.preprocess(formValue, z.string()),
			format: choice(MEETING_FORMATS, '開催方法を選んでください'),
			place: z.preprocess(formValue, z.string()),
			purpose: choice(MEETING_PURPOSES, '会議の目的を選んでください'),
			memberIds: z.preprocess(formValues, z.array(z.string())),
			externalName: z.preprocess(formValues, z.array(z.string())),
			externalOrganization: z.preprocess(formValues, z.array(z.string())),
			externalRole: z.preprocess(formValues, z.array(z.string())),
			consentBy: requiredText('同意した人', LIMITS.consentBy),
			consentMethod: choice(CONSENT_METHODS, '同意の方法（書面・口頭）を選んでください'),
			consentOn: z.preprocess(formValue, z.string()),
			consentNote: optionalText('同意の備考', LIMITS.consentNote),
		})
		.superRefine((data, ctx) => {
			const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
			if (data.date === '') issue('date', '開催日を入力してください')
			else if (!isValidIsoDate(data.date)) issue('date', '開催日は YYYY-MM-DD の形式で正しい日付を入力してください')
			else if (data.date > addDays(today, MAX_DAYS_AHEAD)) issue('date', '開催日は1年以内の日付を入力してください')
			if (data.startTime === '') issue('startTime', '開始時刻を入力してください')
			else if (!TIME_PATTERN.test(data.startTime)) issue('startTime', '開始時刻は HH:MM の形式で入力してください')
			if (data.endTime !== '') {
				if (!TIME_PATTERN.test(data.endTime)) issue('endTime', '終了時刻は HH:MM の形式で入力してください')
				else if (TIME_PATTERN.test(data.startTime) && data.endTime <= data.startTime) issue('endTime', '終了時刻は開始時刻より後にしてください')
			}
			const placeLabel = data.format === 'online' ? '参加URL・方法' : '開催場所'
			if (data.place === '') issue('place', `${placeLabel}を入力してください`)
			else if (data.place.length > LIMITS.place) issue('place', `${placeLabel}は${LIMITS.place}文字以内で入力してください`)
			if (data.consentOn === '') issue('consentOn', '同意日を入力してください')
			else if (!isValidIsoDate(data.consentOn)) issue('consentOn', '同意日は YYYY-MM-DD の形式で正しい日付を入力してください')
			else if (data.consentOn > today) issue('consentOn', '同意日は今日以前の日付を入力してください')
			else if (isValidIsoDate(data.date) && data.consentOn > data.date) issue('consentOn', '同意日は開催日以前の日付にしてください（会議で情報を共有する前の同意が必要です）')

			const rows = Math.max(data.externalName.length, data.externalOrganization.length, data.externalRole.length)
			let externals = 0
			for (let i = 0; i < rows; i++) {
				const name = data.externalName[i] ?? ''
				const organization = data.externalOrganization[i] ?? ''
				const role = data.externalRole[i] ?? ''
				if (name === '' && organization === '' && role === '') continue
				externals++
				if (name === '') issue('externalName', `その他の参加者 ${i + 1}行目：氏名を入力してください`)
				else if (name.length > LIMITS.personName) issue('externalName', `その他の参加者 ${i + 1}行目：氏名は${LIMITS.personName}文字以内で入力してください`)
				if (organization.length > LIMITS.organization) issue('externalOrganization', `その他の参加者 ${i + 1}行目：所属は${LIMITS.organization}文字以内で入力してください`)
				if (role.length > LIMITS.role) issue('externalRole', `その他の参加者 ${i + 1}行目：役割は${LIMITS.role}文字以内で入力してください`)
			}
			const members = new Set(data.memberIds.filter((id) => id !== '')).size
			if (members + externals === 0) issue('participants', '参加者を1人以上選ぶか入力してください')
			else if (members + externals > LIMITS.participants) issue('participants', `参加者は${LIMITS.participants}人以内にしてください`)
		})
		.transform((data) => {
			const externals: ExternalParticipant[] = []
			const rows = Math.max(data.externalName.length, data.externalOrganization.length, data.externalRole.length)
			for (let i = 0; i < rows; i++) {
				const row = { name: data.externalName[i] ?? '', organization: data.externalOrganization[i] ?? '', role: data.externalRole[i] ?? '' }
				if (row.name !== '') externals.push(row)
			}
			return {
				date: data.date,
				startTime: data.startTime,
				endTime: data.endTime,
				format: data.format,
				place: data.place,
				purpose: data.purpose,
				memberIds: [...new Set(data.memberIds.filter((id) => id !== ''))],
				externals,
				consentBy: data.consentBy,
				consentMethod: data.consentMethod,
				consentOn: data.consentOn,
				consentNote: data.consentNote,
			}
		})
}

export type MeetingFormData = z.output<ReturnType<typeof meetingFormSchema>>

export type AttendanceData = {
	participants: Array<{ id: string; attendance: Attendance | ''; absenceReason: string }>
	selfAttendance: SelfAttendance | ''
	selfAbsenceReason: string
}

/**
 * Attendance of the listed participants and the 本人参加 record. Fields are named
 * `attendance.<participantId>` / `reason.<participantId>`. Blank means not recorded yet; 欠席
 * and 本人不参加 need the reason.
 */
export function parseAttendance(input: Record<string, unknown>, participants: ReadonlyArray<{ id: string; name: string }>): FormResult<AttendanceData> {
	const fieldErrors: Record<string, string[]> = {}
	const add = (key: string, message: string) => (fieldErrors[key] ??= []).push(message)
	const result: AttendanceData = { participants: [], selfAttendance: '', selfAbsenceReason: '' }
	for (const p of participants) {
		const value = formValue(input[`attendance.${p.id}`])
		const reason = formValue(input[`reason.${p.id}`])
		if (value !== '' && !(ATTENDANCE_VALUES as readonly string[]).includes(value)) {
			add(`attendance.${p.id}`, `${p.name}さんの出欠を正しく選んでください`)
			continue
		}
		if (value === 'absent' && reason === '') add(`reason.${p.id}`, `${p.name}さんの欠席の理由を入力してください`)
		if (reason.length > LIMITS.reason) add(`reason.${p.id}`, `${p.name}さんの欠席の理由は${LIMITS.reason}文字以内で入力してください`)
		result.participants.push({ id: p.id, attendance: value as Attendance | '', absenceReason: value === 'absent' ? reason : '' })
	}
	const self = formValue(input.selfAttendance)
	const selfReason = formValue(input.selfAbsenceReason)
	if (self !== '' && !(SELF_ATTENDANCE_VALUES as readonly string[]).includes(self)) add('selfAttendance', '本人参加の有無を正しく選んでください')
	else if (self === 'absent' && selfReason === '') add('selfAbsenceReason', '本人が参加しない理由を入力してください（2024年度から本人参加が原則です）')
	if (selfReason.length > LIMITS.reason) add('selfAbsenceReason', `本人が参加しない理由は${LIMITS.reason}文字以内で入力してください`)
	result.selfAttendance = self as SelfAttendance | ''
	result.selfAbsenceReason = self === 'absent' ? selfReason : ''
	if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors, formErrors: [] }
	return { ok: true, data: result }
}

export type CloseData = { decisions: string; settlements: Array<{ commentId: string; settlement: Settlement }> }

/** The close form: decisions and how each flagged thread is settled (`settle.<commentId>`). */
export function parseClose(input: Record<string, unknown>, flaggedCommentIds: readonly string[]): FormResult<CloseData> {
	const fieldErrors: Record<string, string[]> = {}
	const decisions = formValue(input.decisions)
	if (decisions === '') fieldErrors.decisions = ['会議で決まったことを入力してください']
	else if (decisions.length > LIMITS.decisions) fieldErrors.decisions = [`決定事項は${LIMITS.decisions}文字以内で入力してください`]
	const settlements: CloseData['settlements'] = []
	for (const commentId of flaggedCommentIds) {
		const value = formValue(input[`settle.${commentId}`])
		if (!(SETTLEMENTS as readonly string[]).includes(value)) (fieldErrors[`settle.${commentId}`] ??= []).push('コメントを解決済みにするか、次回へ持ち越すかを選んでください')
		else settlements.push({ commentId, settlement: value as Settlement })
	}
	if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors, formErrors: [] }
	return { ok: true, data: { decisions, settlements } }
}

export const cancelSchema = z.object({
	cancelReason: requiredText('中止の理由', LIMITS.cancelReason),
})
