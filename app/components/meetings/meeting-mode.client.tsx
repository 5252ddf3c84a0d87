import { useRevalidator } from '@remix-run/react'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { CommentsTarget } from '#app/components/comments/document-comments.client.tsx'
import { MinutesDocument } from '#app/document-forms/minutes-document.client.tsx'
import type { OpinionSeed } from '#app/document-forms/minutes.ts'
import { PlanDocument, type PlanHeaderData } from '#app/document-forms/plan-document.client.tsx'
import type { CollabSession } from '#app/editor/use-collaboration.client.ts'

/**
 * Meeting mode: the plan being discussed and the live minutes side by side (stacked on narrow
 * screens), with a "follow" toggle that keeps a participant's plan view on the goal or field
 * the person running the meeting is on. Browser only: render inside <ClientOnly>.
 */

/** Awareness key the meeting leader publishes when they bring a goal up (agenda button). */
export const MEETING_GOAL_AWARENESS_KEY = 'meetingGoal'

type User = { id: string; name: string; role: string }

export type MeetingModeProps = {
	user: User
	minutes: { docName: string; access: 'read' | 'write' }
	/** the plan discussed, with its comment margin (family comments are answered in the meeting) */
	plan: { docName: string; access: 'read' | 'write'; header: PlanHeaderData; comments: CommentsTarget } | null
	opinionSeeds: readonly OpinionSeed[]
	leaderIds: readonly string[]
	/** set by the agenda: a goal the user asked to see (and, for leaders, to show everyone) */
	requestedGoal: { goalId: string; at: number } | null
	showPlan: boolean
}

type LeaderFocus = { name: string; target: string; kind: 'field' | 'goal' } | null

/** Where the first leader (other than us) is: their `focus` field key or the goal they brought up. */
function useLeaderFocus(session: CollabSession | null, leaderIds: readonly string[], selfId: string): LeaderFocus {
	const [focus, setFocus] = useState<LeaderFocus>(null)
	useEffect(() => {
		if (!session) return
		const awareness = session.provider.awareness
		// The latest of the two signals wins, so remember what each leader state said before.
		const previous = new Map<number, { focus: unknown; goal: unknown }>()
		const update = () => {
			for (const [clientId, state] of awareness.getStates()) {
				if (clientId === awareness.clientID || !state || typeof state !== 'object') continue
				const user = (state as { user?: { id?: unknown; name?: unknown } }).user
				if (!user || typeof user.id !== 'string' || user.id === selfId || !leaderIds.includes(user.id)) continue
				const { focus: fieldKey, [MEETING_GOAL_AWARENESS_KEY]: goal } = state as Record<string, unknown>
				const before = previous.get(clientId)
				previous.set(clientId, { focus: fieldKey, goal })
				const name = typeof user.name === 'string' ? user.name.slice(0, 80) : ''
				if (typeof goal === 'string' && goal !== before?.goal) return setFocus({ name, target: goal, kind: 'goal' })
				if (typeof fieldKey === 'string' && fieldKey !== before?.focus) return setFocus({ name, target: fieldKey, kind: 'field' })
			}
		}
		update()
		awareness.on('change', update)
		return () => awareness.off('change', update)
	}, [session, leaderIds, selfId])
	return focus
}

/** Scrolls the plan pane to a goal row or a field and highlights it. */
function reveal(container: HTMLElement | null, target: { kind: 'field' | 'goal'; key: string }): boolean {
	if (!container) return false
	const element =
		target.kind === 'goal'
			? container.querySelector<HTMLElement>(`[data-row-id="${CSS.escape(target.key)}"]`)
			: (container.querySelector<HTMLElement>(`[data-field="${CSS.escape(target.key)}"]`)?.closest<HTMLElement>('tr, .plan-field') ?? null)
	if (!element) return false
	element.scrollIntoView({ behavior: 'smooth', block: 'center' })
	for (const old of container.querySelectorAll('.follow-highlight')) old.classList.remove('follow-highlight')
	// Stays until the next target: a follower sees where the meeting is, not just a flash.
	element.classList.add('follow-highlight')
	return true
}

export function MeetingMode({ user, minutes, plan, opinionSeeds, leaderIds, requestedGoal, showPlan }: MeetingModeProps) {
	const revalidator = useRevalidator()
	const [planSession, setPlanSession] = useState<CollabSession | null>(null)
	const [follow, setFollow] = useState(false)
	const planPane = useRef<HTMLDivElement>(null)
	const isLeader = leaderIds.includes(user.id)
	const leaderFocus = useLeaderFocus(planSession, leaderIds, user.id)
	const onMeetingTopic = useCallback(() => revalidator.revalidate(), [revalidator])

	useEffect(() => {
		if (!follow || !leaderFocus) return
		reveal(planPane.current, { kind: leaderFocus.kind, key: leaderFocus.target })
	}, [follow, leaderFocus])

	useEffect(() => {
		if (!requestedGoal) return
		reveal(planPane.current, { kind: 'goal', key: requestedGoal.goalId })
		// The person running the meeting brings the goal up for everyone who follows.
		if (isLeader && planSession) planSession.provider.awareness.setLocalStateField(MEETING_GOAL_AWARENESS_KEY, requestedGoal.goalId)
	}, [requestedGoal, isLeader, planSession])

	return (
		<div className={`meeting-mode${showPlan && plan ? '' : ' meeting-mode--single'}`} data-testid="meeting-mode">
			{showPlan ? (
				<section className="meeting-mode__pane meeting-mode__plan" aria-labelledby="meeting-plan-title">
					<div className="meeting-mode__pane-header">
						<h2 id="meeting-plan-title">検討する計画</h2>
						{plan && !isLeader ? (
							<label className="follow-toggle">
								<input type="checkbox" checked={follow} onChange={(event) => setFollow(event.currentTarget.checked)} data-testid="follow-toggle" />
								<span>進行役に合わせて移動</span>
							</label>
						) : null}
					</div>
					{plan && follow ? (
						<p className="follow-status muted" role="status" data-testid="follow-status">
							{leaderFocus ? `${leaderFocus.name}さんの表示に合わせています` : '進行役が項目を選ぶと、その位置へ移動します'}
						</p>
					) : null}
					<div ref={planPane} className="meeting-mode__scroll">
						{plan ? (
							<PlanDocument key={plan.docName} docName={plan.docName} access={plan.access} user={user} header={plan.header} onSession={setPlanSession} comments={plan.comments} />
						) : (
							<div className="empty-state">
								<p>この利用者の計画はまだ作成されていません。</p>
							</div>
						)}
					</div>
				</section>
			) : null}
			<section className="meeting-mode__pane meeting-mode__minutes" aria-labelledby="meeting-minutes-title">
				<div className="meeting-mode__pane-header">
					<h2 id="meeting-minutes-title">会議の記録</h2>
				</div>
				<MinutesDocument key={minutes.docName} docName={minutes.docName} access={minutes.access} user={user} opinionSeeds={opinionSeeds} onMeetingTopic={onMeetingTopic} />
			</section>
		</div>
	)
}
