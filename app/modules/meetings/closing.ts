/**
 * When a サービス担当者会議 may be closed — pure, shared by the meeting page (what is still
 * missing) and closeMeeting (which refuses while anything is).
 */

/** What still blocks closing: every participant's 出欠 (欠席 with its reason) and 本人参加. */
export function closingProblems(meeting: {
	selfAttendance: string
	selfAbsenceReason: string
	participants: ReadonlyArray<{ name: string; attendance: string; absenceReason: string }>
}): string[] {
	const problems: string[] = []
	for (const p of meeting.participants) {
		if (p.attendance !== 'present' && p.attendance !== 'absent') problems.push(`${p.name}さんの出欠が記録されていません`)
		else if (p.attendance === 'absent' && p.absenceReason.trim() === '') problems.push(`${p.name}さんの欠席の理由が記録されていません`)
	}
	if (meeting.selfAttendance !== 'attended' && meeting.selfAttendance !== 'absent') {
		problems.push('本人参加の有無が記録されていません（2024年度から本人参加が原則です）')
	} else if (meeting.selfAttendance === 'absent' && meeting.selfAbsenceReason.trim() === '') {
		problems.push('本人が参加しなかった理由が記録されていません')
	}
	return problems
}
