import { Form } from '@remix-run/react'
import { labelOf } from '#app/modules/clients/labels.ts'
import { useState } from 'react'
import { ErrorList, FormErrorSummary, SubmitButton, TextAreaField } from '#app/components/forms.tsx'
import {
	ATTENDANCE_LABELS,
	CONSENT_METHOD_LABELS,
	MEETING_FORMAT_LABELS,
	MEETING_PURPOSE_LABELS,
	SELF_ATTENDANCE_LABELS,
	SETTLEMENT_LABELS,
	SETTLEMENTS,
	timeRange,
} from '#app/modules/meetings/labels.ts'
import { LIMITS } from '#app/modules/meetings/schemas.ts'
import type { ActionData, MeetingPageData } from '#app/modules/meetings/page-data.ts'
import { formatJpDate, formatJstDateTime } from '#app/utils/dates.ts'

/**
 * The sections of one サービス担当者会議's page (app/routes/clients.$clientId.meetings.$meetingId._index.tsx):
 * overview, agenda, attendance and 本人参加, closing, cancelling, and the closed summary.
 */

export function Overview({ data }: { data: MeetingPageData }) {
	const m = data.meeting
	return (
		<section className="card" aria-labelledby="overview-title" data-testid="meeting-overview">
			<h2 id="overview-title">会議の概要</h2>
			<div className="grid-2">
				<dl className="facts">
					<dt>開催日時</dt>
					<dd data-testid="meeting-when">
						{formatJpDate(m.date)} {timeRange(m.startTime, m.endTime)}
					</dd>
					{m.originalDate ? (
						<>
							<dt>当初の予定日</dt>
							<dd data-testid="meeting-original-date">{formatJpDate(m.originalDate)}（日程を変更）</dd>
						</>
					) : null}
					<dt>開催方法</dt>
					<dd>{labelOf(MEETING_FORMAT_LABELS, m.format)}</dd>
					<dt>{m.format === 'online' ? '参加URL・方法' : '開催場所'}</dt>
					<dd className="pre-wrap">{m.place || '—'}</dd>
					<dt>目的</dt>
					<dd data-testid="meeting-purpose">{labelOf(MEETING_PURPOSE_LABELS, m.purpose)}</dd>
				</dl>
				<dl className="facts">
					<dt>情報共有の同意</dt>
					<dd data-testid="meeting-consent">
						{m.consentBy}（{labelOf(CONSENT_METHOD_LABELS, m.consentMethod)}・{formatJpDate(m.consentOn)}）
						{m.consentNote ? <span className="sub pre-wrap">{m.consentNote}</span> : null}
					</dd>
					<dt>招集</dt>
					<dd>{m.createdByName || '—'}</dd>
					{m.startedAt ? (
						<>
							<dt>開始（開催の記録）</dt>
							<dd>{formatJstDateTime(m.startedAt)}</dd>
						</>
					) : null}
					{m.status === 'closed' ? (
						<>
							<dt>記録確定</dt>
							<dd data-testid="meeting-closed-by">
								{m.closedByName}（{formatJstDateTime(m.closedAt)}）
							</dd>
						</>
					) : null}
					{m.status === 'cancelled' ? (
						<>
							<dt>中止の理由</dt>
							<dd className="pre-wrap">{m.cancelReason}</dd>
						</>
					) : null}
				</dl>
			</div>
		</section>
	)
}

export function AgendaSection({ data, onShowGoal }: { data: MeetingPageData; onShowGoal: (goalId: string) => void }) {
	const { goals, comments } = data.agenda
	const live = data.meeting.status === 'scheduled' || data.meeting.status === 'in_progress'
	return (
		<section className="card" aria-labelledby="agenda-title" data-testid="agenda">
			<h2 id="agenda-title">議題</h2>
			<h3>計画の目標（優先順位順）</h3>
			{goals.length === 0 ? (
				<p className="muted" data-testid="agenda-goals-empty">
					{data.plan ? '計画にはまだ目標（解決すべき課題）がありません。' : '計画はまだ作成されていません。'}
				</p>
			) : (
				<ol className="agenda-goals" data-testid="agenda-goals">
					{goals.map((g) => (
						<li key={g.goalId} data-testid="agenda-goal">
							<span className="agenda-goal__need">{g.need || '（課題未記入）'}</span>
							{g.goal ? <span className="sub">支援目標：{g.goal}</span> : null}
							{g.dueText ? <span className="sub">達成時期：{g.dueText}</span> : null}
							{live && data.plan ? (
								<button type="button" className="button small no-print" onClick={() => onShowGoal(g.goalId)}>
									計画で表示
								</button>
							) : null}
						</li>
					))}
				</ol>
			)}
			<h3>会議で検討するコメント</h3>
			{comments.length === 0 ? (
				<p className="muted" data-testid="agenda-comments-empty">
					会議で検討するコメントはありません。
				</p>
			) : (
				<ul className="agenda-comments" data-testid="agenda-comments">
					{comments.map((c) => (
						<li key={c.id} data-testid="agenda-comment">
							<p className="agenda-comment__where">
								{c.documentTitle}：{c.anchorLabel}
								{c.carriedOver ? <span className="badge info">前回から持ち越し</span> : null}
							</p>
							{c.quote ? <blockquote className="agenda-comment__quote">{c.quote}</blockquote> : null}
							<p className="agenda-comment__body pre-wrap">{c.body}</p>
							<p className="sub">
								{c.authorName}（{formatJstDateTime(c.createdAt)}）
							</p>
						</li>
					))}
				</ul>
			)}
		</section>
	)
}

export function AttendanceSection({ data, actionData }: { data: MeetingPageData; actionData: ActionData | undefined }) {
	const editable = data.abilities.attendance
	const errors = actionData?.intent === 'attendance' ? actionData.fieldErrors : null
	const values = actionData?.intent === 'attendance' ? actionData.values : null
	const m = data.meeting
	const initial = (key: string, fallback: string) => {
		const v = values?.[key]
		return typeof v === 'string' ? v : fallback
	}
	const [selfAttendance, setSelfAttendance] = useState(initial('selfAttendance', m.selfAttendance))
	const [attendance, setAttendance] = useState<Record<string, string>>(() =>
		Object.fromEntries(data.participants.map((p) => [p.id, initial(`attendance.${p.id}`, p.attendance)])),
	)
	const table = (
		<div className="table-wrap">
			<table className="data attendance-table" data-testid="attendance-table">
				<caption className="visually-hidden">参加者と出欠</caption>
				<thead>
					<tr>
						<th scope="col">氏名</th>
						<th scope="col">所属・役割</th>
						<th scope="col">出欠</th>
						<th scope="col">欠席の理由</th>
					</tr>
				</thead>
				<tbody>
					{data.participants.map((p) => (
						<tr key={p.id} data-testid="participant-row" data-participant={p.name}>
							<th scope="row">
								{p.name}
								{p.userId ? null : <span className="sub">アカウントなし</span>}
							</th>
							<td>
								{p.organizationName}
								{p.organizationName && p.roleLabel ? '・' : ''}
								{p.roleLabel}
							</td>
							<td>
								{editable ? (
									<fieldset className="radio-group">
										<legend className="visually-hidden">{p.name}さんの出欠</legend>
										{(['present', 'absent'] as const).map((value) => (
											<label key={value}>
												<input
													type="radio"
													name={`attendance.${p.id}`}
													value={value}
													checked={attendance[p.id] === value}
													onChange={() => setAttendance((a) => ({ ...a, [p.id]: value }))}
												/>
												{ATTENDANCE_LABELS[value]}
											</label>
										))}
									</fieldset>
								) : (
									<span data-testid="attendance-value">{p.attendance ? ATTENDANCE_LABELS[p.attendance] : '未記録'}</span>
								)}
								<ErrorList errors={errors?.[`attendance.${p.id}`]} />
							</td>
							<td>
								{editable ? (
									<>
										<input
											type="text"
											name={`reason.${p.id}`}
											aria-label={`${p.name}さんの欠席の理由`}
											maxLength={LIMITS.reason}
											defaultValue={initial(`reason.${p.id}`, p.absenceReason)}
											disabled={attendance[p.id] !== 'absent'}
											aria-invalid={errors?.[`reason.${p.id}`] ? true : undefined}
										/>
										<ErrorList errors={errors?.[`reason.${p.id}`]} />
									</>
								) : (
									<span className="pre-wrap">{p.absenceReason || (p.attendance === 'absent' ? '—' : '')}</span>
								)}
							</td>
						</tr>
					))}
				</tbody>
			</table>
		</div>
	)
	const self = (
		<fieldset className="self-attendance" data-testid="self-attendance">
			<legend>本人参加（2024年度から原則必須）</legend>
			{editable ? (
				<>
					<div className="radio-group">
						{(['attended', 'absent'] as const).map((value) => (
							<label key={value}>
								<input type="radio" name="selfAttendance" value={value} checked={selfAttendance === value} onChange={() => setSelfAttendance(value)} />
								{SELF_ATTENDANCE_LABELS[value]}
							</label>
						))}
					</div>
					<ErrorList errors={errors?.selfAttendance} />
					<label className="field">
						<span>本人が参加しない理由（面会謝絶、参加により状態が悪化するおそれ など）</span>
						<input
							type="text"
							name="selfAbsenceReason"
							maxLength={LIMITS.reason}
							defaultValue={initial('selfAbsenceReason', m.selfAbsenceReason)}
							disabled={selfAttendance !== 'absent'}
							aria-invalid={errors?.selfAbsenceReason ? true : undefined}
						/>
					</label>
					<ErrorList errors={errors?.selfAbsenceReason} />
				</>
			) : (
				<p data-testid="self-attendance-value">
					{m.selfAttendance === 'attended' || m.selfAttendance === 'absent' ? SELF_ATTENDANCE_LABELS[m.selfAttendance] : '未記録'}
					{m.selfAttendance === 'absent' && m.selfAbsenceReason ? `（理由：${m.selfAbsenceReason}）` : ''}
				</p>
			)}
		</fieldset>
	)
	return (
		<section className="card" aria-labelledby="attendance-title" data-testid="attendance">
			<h2 id="attendance-title">参加者と出欠</h2>
			{editable ? (
				<Form method="post" replace preventScrollReset>
					<input type="hidden" name="intent" value="attendance" />
					<FormErrorSummary errors={errors ? ['出欠の入力内容を確認してください。'] : null} />
					{table}
					{self}
					<p className="button-row">
						<SubmitButton name="intent" value="attendance" pendingText="記録中…" className="button">
							出欠を記録
						</SubmitButton>
					</p>
				</Form>
			) : (
				<>
					{table}
					{self}
				</>
			)}
		</section>
	)
}

export function CloseSection({ data, actionData }: { data: MeetingPageData; actionData: ActionData | undefined }) {
	const errors = actionData?.intent === 'close' ? actionData : null
	const value = (key: string, fallback: string) => {
		const v = errors?.values?.[key]
		return typeof v === 'string' ? v : fallback
	}
	return (
		<section className="card close-card" aria-labelledby="close-title" data-testid="close-meeting">
			<h2 id="close-title">会議を終了して記録を確定</h2>
			<p className="field-hint">終了すると会議の記録は確定し、誰も編集できなくなります（閲覧・印刷はできます）。</p>
			{data.closingProblems.length > 0 ? (
				<div className="alert warning" data-testid="closing-problems">
					<p>終了する前に記録が必要です：</p>
					<ul>
						{data.closingProblems.map((p) => (
							<li key={p}>{p}</li>
						))}
					</ul>
				</div>
			) : null}
			<Form
				method="post"
				preventScrollReset
				onSubmit={(event) => {
					if (!window.confirm('会議を終了して記録を確定しますか？確定後は記録を編集できません。')) event.preventDefault()
				}}
			>
				<input type="hidden" name="intent" value="close" />
				<FormErrorSummary errors={errors && errors.formErrors.length > 0 ? errors.formErrors : null} />
				<TextAreaField
					label="決定事項"
					name="decisions"
					rows={4}
					required
					maxLength={LIMITS.decisions}
					defaultValue={value('decisions', '')}
					hint="会議で決まったこと（計画の変更、役割分担、次回の予定など）"
					errors={errors?.fieldErrors.decisions}
				/>
				{data.agenda.comments.length > 0 ? (
					<fieldset>
						<legend>会議で検討したコメントの扱い</legend>
						<ul className="settle-list">
							{data.agenda.comments.map((c) => (
								<li key={c.id} data-testid="settle-comment">
									<p>
										<strong>{c.documentTitle}：{c.anchorLabel}</strong> — {c.body}
									</p>
									<div className="radio-group">
										{SETTLEMENTS.map((s) => (
											<label key={s}>
												<input type="radio" name={`settle.${c.id}`} value={s} defaultChecked={value(`settle.${c.id}`, 'carry_over') === s} />
												{SETTLEMENT_LABELS[s]}
											</label>
										))}
									</div>
									<ErrorList errors={errors?.fieldErrors[`settle.${c.id}`]} />
								</li>
							))}
						</ul>
					</fieldset>
				) : null}
				<p className="button-row">
					<SubmitButton name="intent" value="close" pendingText="確定中…" className="button primary">
						会議を終了して記録を確定
					</SubmitButton>
				</p>
			</Form>
		</section>
	)
}

export function CancelSection({ actionData }: { actionData: ActionData | undefined }) {
	const errors = actionData?.intent === 'cancel' ? actionData : null
	return (
		<details className="card cancel-card no-print" open={Boolean(errors)}>
			<summary>会議を中止する</summary>
			<Form method="post" preventScrollReset>
				<input type="hidden" name="intent" value="cancel" />
				<FormErrorSummary errors={errors && errors.formErrors.length > 0 ? errors.formErrors : null} />
				<TextAreaField label="中止の理由" name="cancelReason" rows={2} required maxLength={LIMITS.cancelReason} errors={errors?.fieldErrors.cancelReason} />
				<p className="button-row">
					<SubmitButton name="intent" value="cancel" pendingText="中止中…" className="button danger">
						会議を中止
					</SubmitButton>
				</p>
			</Form>
		</details>
	)
}

export function ClosedSummary({ data }: { data: MeetingPageData }) {
	return (
		<section className="card" aria-labelledby="decisions-title" data-testid="meeting-decisions">
			<h2 id="decisions-title">決定事項</h2>
			<p className="pre-wrap">{data.meeting.decisions}</p>
			{data.settled.length > 0 ? (
				<>
					<h3>検討したコメント</h3>
					<ul className="agenda-comments" data-testid="settled-comments">
						{data.settled.map((c) => (
							<li key={c.id}>
								<span className={`badge ${c.status === 'resolved' ? 'ok' : 'info'}`}>{c.status === 'resolved' ? '解決済み' : '持ち越し'}</span> {c.documentTitle}：
								{c.body}
								<span className="sub">{c.authorName}</span>
							</li>
						))}
					</ul>
				</>
			) : null}
		</section>
	)
}
