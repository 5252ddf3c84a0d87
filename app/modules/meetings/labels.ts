/**
 * サービス担当者会議: the enumerations stored on Meeting / MeetingParticipant and their
 * Japanese labels. Pure: used by forms, pages, the print view and the server module.
 */

export const MEETING_PURPOSES = ['new', 'renewal', 'change', 'after_monitoring'] as const
export type MeetingPurpose = (typeof MEETING_PURPOSES)[number]
export const MEETING_PURPOSE_LABELS: Record<MeetingPurpose, string> = {
	new: '新規',
	renewal: '更新',
	change: '変更',
	after_monitoring: 'モニタリング後',
}

export const MEETING_FORMATS = ['in_person', 'online', 'hybrid'] as const
export type MeetingFormat = (typeof MEETING_FORMATS)[number]
export const MEETING_FORMAT_LABELS: Record<MeetingFormat, string> = {
	in_person: '対面',
	online: 'オンライン',
	hybrid: '併用（対面＋オンライン）',
}

export const MEETING_STATUSES = ['scheduled', 'in_progress', 'closed', 'cancelled'] as const
export type MeetingStatus = (typeof MEETING_STATUSES)[number]
export const MEETING_STATUS_LABELS: Record<MeetingStatus, string> = {
	scheduled: '予定',
	in_progress: '開催中',
	closed: '終了（記録確定）',
	cancelled: '中止',
}

export const CONSENT_METHODS = ['written', 'verbal'] as const
export type ConsentMethod = (typeof CONSENT_METHODS)[number]
export const CONSENT_METHOD_LABELS: Record<ConsentMethod, string> = { written: '書面', verbal: '口頭' }

export const ATTENDANCE_VALUES = ['present', 'absent'] as const
export type Attendance = (typeof ATTENDANCE_VALUES)[number]
export const ATTENDANCE_LABELS: Record<Attendance, string> = { present: '出席', absent: '欠席' }

/** 本人参加 (required since 2024): attended, or absent with the reason. */
export const SELF_ATTENDANCE_VALUES = ['attended', 'absent'] as const
export type SelfAttendance = (typeof SELF_ATTENDANCE_VALUES)[number]
export const SELF_ATTENDANCE_LABELS: Record<SelfAttendance, string> = { attended: '本人参加あり', absent: '本人不参加' }

/** How a flagged comment is settled at closing. */
export const SETTLEMENTS = ['resolve', 'carry_over'] as const
export type Settlement = (typeof SETTLEMENTS)[number]
export const SETTLEMENT_LABELS: Record<Settlement, string> = { resolve: '解決済みにする', carry_over: '次回へ持ち越す' }

/** "10:00〜11:30" (end time optional). */
export function timeRange(start: string, end: string): string {
	return end ? `${start}〜${end}` : `${start}〜`
}
