/**
 * The agenda of a サービス担当者会議, built from the plan: its goals (the PlanGoal projection,
 * in priority order) and the threads flagged 会議で検討. Pure: the server module loads rows and
 * decides who may see which thread; this shapes them.
 */

export type AgendaGoal = { goalId: string; priority: number; need: string; goal: string; dueText: string }

export type AgendaComment = {
	id: string
	documentId: string
	documentTitle: string
	/** "field:<key>" | "cell:<rowId>:<column>" | "row:<rowId>" */
	anchorTarget: string
	/** where in the document, in words (e.g. 「利用者及びその家族の生活に対する意向」) */
	anchorLabel: string
	quote: string
	body: string
	authorName: string
	createdAt: string
	/** the meeting that last carried it over, if any */
	carriedOver: boolean
}

export type Agenda = { goals: AgendaGoal[]; comments: AgendaComment[] }

const MENTION = /@\[([^\]\n]{1,80})\]\(([A-Za-z0-9_-]{1,64})\)/g

/** Comment bodies carry mentions as "@[name](userId)": readers see "@name". */
export function renderMentions(body: string): string {
	return body.replace(MENTION, (_match, name: string) => `@${name}`)
}

/** Goals in priority order; deleted goals are not discussed. */
export function agendaGoals(rows: ReadonlyArray<AgendaGoal & { deletedAt: Date | string | null }>): AgendaGoal[] {
	return rows
		.filter((row) => row.deletedAt === null)
		.sort((a, b) => a.priority - b.priority || (a.goalId < b.goalId ? -1 : 1))
		.map(({ goalId, priority, need, goal, dueText }) => ({ goalId, priority, need, goal, dueText }))
}

/** What an anchor points at, in words, given the document's field labels and goal rows. */
export function anchorLabel(
	anchorTarget: string,
	fieldLabels: Readonly<Record<string, string>>,
	columnLabels: Readonly<Record<string, string>>,
	goals: readonly AgendaGoal[],
): string {
	const [kind, first, second] = anchorTarget.split(':')
	if (kind === 'field' && first) return fieldLabels[first] ?? '文書の項目'
	if ((kind === 'row' || kind === 'cell') && first) {
		const goal = goals.find((g) => g.goalId === first)
		const where = goal ? `優先順位${goal.priority}の課題` : '表の行'
		return kind === 'cell' && second ? `${where}：${columnLabels[second] ?? second}` : where
	}
	return '文書全体'
}
