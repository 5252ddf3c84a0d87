import type { CarePlan, CarePlanActivity, CodeableConcept, Condition, Extension, Goal, Timing } from '@medplum/fhirtypes'
import { CRISIS_STAGES, CRISIS_STAGE_ASPECTS, CONTACTS_TABLE, LIFE_PLAN_ASPECTS, LIFE_PLAN_SECTIONS, RESOURCES_TABLE, SCENARIOS_TABLE, WEEKLY_TABLE, crisisFieldKey, lifePlanFieldKey } from '#app/document-forms/forms/definitions.ts'
import { WEEK_DAYS, parseSheetTime } from '#app/document-forms/forms/weekly-grid.ts'
import { ISP_META, ISP_SUPPORT_TABLE } from '#app/document-forms/isp.ts'
import { MONITORING_GOALS_TABLE } from '#app/document-forms/monitoring.ts'
import { PLAN_GOALS_TABLE, PLAN_META, planTitle } from '#app/document-forms/plan.ts'
import { snapshotRows, type DocumentSnapshot, type RowSnapshot } from '#app/document-forms/structure.ts'
import { CODE_SYSTEMS, EXTENSIONS, GOAL_RELATIONSHIP_EXTENSION, IDENTIFIER_SYSTEMS, localConcept, serviceTypeIn, type PlanCategory } from './codes.ts'
import { fhirId, ref, type Ref } from './ids.ts'
import { officeAuthor, organizationRef, patientRef, practitionerRoleRef } from './people.ts'
import type { ExportSource, SourceAnnex, SourceIsp, SourceMonitoring, SourceOrganization, SourcePlan } from './source.ts'

/**
 * The plans (docs/fhir-export.md): 解決すべき課題 → Condition, 支援目標 → Goal, the overall plan →
 * CarePlan (案: intent proposal, 本: plan), each 個別支援計画 → CarePlan basedOn the overall
 * one with its goals tied to the overall goals (goal-relationship), クライシスプラン and
 * Myライフプラン → CarePlans of a local category.
 */

const text = (value: string | undefined) => (value ?? '').trim()

/** A meta value that is a calendar date (YYYY-MM-DD), else ''. Meta is last-writer-wins data from the browser. */
export function isoDate(value: unknown): string {
	return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : ''
}

/** What keys the resources of one plan: the live plan, or a frozen version of it. */
export function planScope(plan: SourcePlan): string {
	return plan.version ? `version:${plan.version.id}` : `live:${plan.documentId}`
}

export const carePlanRef = (plan: SourcePlan): Ref => ref('CarePlan', `plan:${planScope(plan)}`)
export const goalRef = (plan: SourcePlan, rowId: string): Ref => ref('Goal', `${planScope(plan)}:${rowId}`)
const conditionRef = (plan: SourcePlan, rowId: string): Ref => ref('Condition', `${planScope(plan)}:${rowId}`)

export function planGoalRows(plan: SourcePlan): RowSnapshot[] {
	return snapshotRows(plan.snapshot, PLAN_GOALS_TABLE)
}

/** The plan's rows that become a Goal (a row with neither goal nor need is an empty line of the form). */
export function goalRowsWithGoal(plan: SourcePlan): RowSnapshot[] {
	return planGoalRows(plan).filter((row) => text(row.cells.goal) || text(row.cells.need))
}

/** An ISP's rows that become a Goal. */
export function ispGoalRows(isp: SourceIsp): RowSnapshot[] {
	return snapshotRows(isp.snapshot, ISP_SUPPORT_TABLE).filter((row) => text(row.cells.target) || text(row.cells.content))
}

export function planCategoryCode(category: 'adult' | 'child'): PlanCategory {
	return category === 'child' ? 'child-support-plan' : 'service-use-plan'
}

/** CarePlan.status from the plan cycle: being written → draft, in force → active, ended → completed. */
export function carePlanStatus(plan: SourcePlan, clientClosed: boolean): CarePlan['status'] {
	if (plan.version) return 'active'
	if (clientClosed) return 'completed'
	const cycle = plan.cycle
	if (!cycle) return 'draft'
	if (cycle.ended || cycle.state === 'revision' || cycle.state === 'closed') return 'completed'
	if (cycle.state === 'final_consented' || cycle.state === 'active' || cycle.state === 'monitoring') return 'active'
	return 'draft'
}

const ACHIEVEMENT_SYSTEM = 'http://terminology.hl7.org/CodeSystem/goal-achievement'
const ACHIEVEMENT_DISPLAY: Record<string, string> = {
	'in-progress': 'In Progress',
	improving: 'Improving',
	worsening: 'Worsening',
	'no-change': 'No Change',
	achieved: 'Achieved',
	sustaining: 'Sustaining',
	'not-achieved': 'Not Achieved',
	'no-progress': 'No Progress',
	'not-attainable': 'Not Attainable',
}

/**
 * 支援目標の達成度 is free text in the モニタリング報告書; the code is read from the words the
 * office uses (most specific first). The text itself always travels along.
 */
export function achievementCode(answer: string): string {
	const t = answer.replace(/\s/g, '')
	if (/達成困難|達成不可|困難/.test(t)) return 'not-attainable'
	if (/未達成|達成していない|達成できなかった/.test(t)) return 'not-achieved'
	if (/悪化|後退|低下/.test(t)) return 'worsening'
	if (/進展なし|進展がない|進んでいない/.test(t)) return 'no-progress'
	if (/変化なし|変化がない|変わらない|横ばい/.test(t)) return 'no-change'
	if (/維持|継続できている|定着/.test(t)) return 'sustaining'
	if (/達成/.test(t)) return 'achieved'
	if (/改善|向上|できるようになっ|増え/.test(t)) return 'improving'
	return 'in-progress'
}

/** The latest completed monitoring's answer for a plan goal (its row links back to the goal). */
export function latestAchievement(goalId: string, monitorings: readonly SourceMonitoring[]): { text: string; date: string } | null {
	const completed = monitorings.filter((m) => m.status === 'completed').sort((a, b) => (a.conductedOn < b.conductedOn ? 1 : a.conductedOn > b.conductedOn ? -1 : 0))
	for (const report of completed) {
		const row = snapshotRows(report.snapshot, MONITORING_GOALS_TABLE).find((r) => r.links.includes(goalId))
		const answer = text(row?.cells.achievement)
		if (answer) return { text: answer, date: report.conductedOn }
	}
	return null
}

/** 達成時期 as the Goal's target: a date (YYYY-MM-DD / YYYY-MM), a number of months, or nothing. */
export function goalTarget(due: string): Goal['target'] {
	const t = due.trim().replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
	let match = /^(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})日?$/.exec(t)
	if (match) return [{ dueDate: `${match[1]}-${match[2].padStart(2, '0')}-${match[3].padStart(2, '0')}` }]
	match = /^(\d{4})[-/年](\d{1,2})月?(末|頃|ごろ)?$/.exec(t)
	if (match) return [{ dueDate: `${match[1]}-${match[2].padStart(2, '0')}` }]
	match = /^(\d{1,2})\s*[かヶケカ箇]?月(後|間)?$/.exec(t)
	if (match) return [{ dueDuration: { value: Number(match[1]), unit: '月', system: 'http://unitsofmeasure.org', code: 'mo' } }]
	match = /^(\d{1,2})\s*年(後|間)?$/.exec(t)
	if (match) return [{ dueDuration: { value: Number(match[1]), unit: '年', system: 'http://unitsofmeasure.org', code: 'a' } }]
	return undefined
}

function priorityRank(rank: number): Extension {
	return { url: EXTENSIONS.priorityRank, valuePositiveInt: rank }
}

export function mapNeeds(plan: SourcePlan, source: ExportSource): Condition[] {
	return planGoalRows(plan)
		.filter((row) => text(row.cells.need))
		.map((row) => ({
			resourceType: 'Condition',
			id: fhirId('Condition', `${planScope(plan)}:${row.id}`),
			clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
			category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item', display: 'Problem List Item' }], text: '解決すべき課題（本人のニーズ）' }],
			code: { text: text(row.cells.need) },
			subject: patientRef(source.client),
		}))
}

/** ISP goals that name an overall goal, by overall goal row id. */
function ispLinks(source: ExportSource): Map<string, Array<{ isp: SourceIsp; row: RowSnapshot }>> {
	const links = new Map<string, Array<{ isp: SourceIsp; row: RowSnapshot }>>()
	for (const isp of source.isps) {
		for (const row of ispGoalRows(isp)) {
			for (const goalId of row.links) links.set(goalId, [...(links.get(goalId) ?? []), { isp, row }])
		}
	}
	return links
}

function goalRelationship(type: 'milestone' | 'other', target: Ref, description?: string): Extension {
	return {
		url: GOAL_RELATIONSHIP_EXTENSION,
		extension: [
			{ url: 'type', valueCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/goal-relationship-type', code: type }], ...(description ? { text: description } : {}) } },
			{ url: 'target', valueReference: target },
		],
	}
}

const ispGoalRef = (isp: SourceIsp, rowId: string): Ref => ref('Goal', `isp:${isp.documentId}:${rowId}`)

export function mapGoals(plan: SourcePlan, source: ExportSource): Goal[] {
	const stage = plan.stage
	const status = carePlanStatus(plan, source.client.closed)
	// ISPs are exported with the live plan only: a frozen version stands alone.
	const links = plan.version ? new Map() : ispLinks(source)
	return goalRowsWithGoal(plan).map((row, index): Goal => {
		const achievement = latestAchievement(row.id, source.monitorings)
		const target = goalTarget(text(row.cells.targetDate))
		const notes = [
			text(row.cells.notes) ? `その他留意事項：${text(row.cells.notes)}` : '',
			text(row.cells.evaluation) ? `評価時期：${text(row.cells.evaluation)}` : '',
			text(row.cells.targetDate) && !target ? `達成時期：${text(row.cells.targetDate)}` : '',
		].filter(Boolean)
		const extension = [
			priorityRank(index + 1),
			...(links.get(row.id) ?? []).map(({ isp, row: ispRow }: { isp: SourceIsp; row: RowSnapshot }) =>
				goalRelationship('milestone', ispGoalRef(isp, ispRow.id), '個別支援計画の目標（この目標を達成するための一部）'),
			),
		]
		return {
			resourceType: 'Goal',
			id: fhirId('Goal', `${planScope(plan)}:${row.id}`),
			extension,
			lifecycleStatus: status === 'completed' ? 'completed' : stage === 'final' && status === 'active' ? 'active' : 'proposed',
			...(achievement
				? { achievementStatus: { coding: [{ system: ACHIEVEMENT_SYSTEM, code: achievementCode(achievement.text), display: ACHIEVEMENT_DISPLAY[achievementCode(achievement.text)] }], text: achievement.text } }
				: {}),
			priority: { text: `優先順位 ${index + 1}` },
			description: { text: text(row.cells.goal) || text(row.cells.need) },
			subject: patientRef(source.client),
			...(target ? { target } : {}),
			...(achievement?.date ? { statusDate: achievement.date } : {}),
			...(text(row.cells.need) ? { addresses: [conditionRef(plan, row.id)] } : {}),
			...(notes.length ? { note: notes.map((t) => ({ text: t })) } : {}),
		}
	})
}

/** Team organisations named in a text (提供事業者名 column, a weekly entry's label). */
function organizationsNamed(value: string, organizations: readonly SourceOrganization[]): SourceOrganization[] {
	return organizations.filter((org) => org.kind === 'provider' && org.name && value.includes(org.name))
}

const DAY_CODES: Record<string, NonNullable<NonNullable<Timing['repeat']>['dayOfWeek']>[number]> = { mon: 'mon', tue: 'tue', wed: 'wed', thu: 'thu', fri: 'fri', sat: 'sat', sun: 'sun' }

/** 週間計画表 service entries → activities with their weekly timing (same label and hours = one activity). */
export function weeklyActivities(weekly: DocumentSnapshot | null, organizations: readonly SourceOrganization[], status: CarePlanActivityStatus): CarePlanActivity[] {
	if (!weekly) return []
	const groups = new Map<string, { label: string; start: string; end: string; days: string[] }>()
	for (const row of snapshotRows(weekly, WEEKLY_TABLE)) {
		const label = text(row.cells.label)
		const day = text(row.cells.day)
		const start = parseSheetTime(text(row.cells.start))
		const end = parseSheetTime(text(row.cells.end))
		if (text(row.cells.kind) !== 'service' || !label || !DAY_CODES[day] || start === null || end === null || end <= start) continue
		const key = `${label}\n${row.cells.start}\n${row.cells.end}`
		const group = groups.get(key) ?? { label, start: text(row.cells.start), end: text(row.cells.end), days: [] }
		if (!group.days.includes(day)) group.days.push(day)
		groups.set(key, group)
	}
	const dayOrder = WEEK_DAYS.map((d) => d.key as string)
	return [...groups.values()].map((group) => {
		const duration = (parseSheetTime(group.end) as number) - (parseSheetTime(group.start) as number)
		const performers = organizationsNamed(group.label, organizations)
		const code = serviceTypeIn(group.label)
		return {
			detail: {
				kind: 'ServiceRequest',
				...(code ? { code } : {}),
				status,
				description: `${group.label}（週間計画表）`,
				scheduledTiming: {
					repeat: {
						dayOfWeek: group.days.sort((a, b) => dayOrder.indexOf(a) - dayOrder.indexOf(b)).map((d) => DAY_CODES[d]),
						timeOfDay: [`${group.start.padStart(5, '0')}:00`],
						duration,
						durationUnit: 'min',
					},
				},
				...(performers.length ? { performer: performers.map(organizationRef) } : {}),
			},
		}
	})
}

type CarePlanActivityStatus = NonNullable<CarePlanActivity['detail']>['status']

function activityStatus(status: CarePlan['status']): CarePlanActivityStatus {
	return status === 'active' ? 'in-progress' : status === 'completed' ? 'completed' : 'not-started'
}

/** The overall plan (サービス等利用計画 / 障害児支援利用計画). */
export function mapOverallCarePlan(plan: SourcePlan, source: ExportSource, supportingInfo: readonly Ref[]): CarePlan {
	const { snapshot, stage } = plan
	const status = carePlanStatus(plan, source.client.closed)
	const rows = planGoalRows(plan)
	const goals = mapGoals(plan, source)
	const planDate = isoDate(snapshot.meta[PLAN_META.planDate])
	const draftDate = isoDate(snapshot.meta[PLAN_META.draftDate])
	const monitoringStart = typeof snapshot.meta[PLAN_META.monitoringStart] === 'string' && /^\d{4}-\d{2}$/.test(snapshot.meta[PLAN_META.monitoringStart] as string) ? (snapshot.meta[PLAN_META.monitoringStart] as string) : ''
	const created = stage === 'final' ? planDate || draftDate : draftDate || planDate
	const author = officeAuthor(source)
	const aStatus = activityStatus(status)
	const goalIds = new Set(goals.map((g) => g.id))
	const activity: CarePlanActivity[] = []
	for (const row of rows) {
		const goal = goalRef(plan, row.id)
		const goalList = goalIds.has(fhirId('Goal', `${planScope(plan)}:${row.id}`)) ? [goal] : []
		const services = text(row.cells.services)
		if (services) {
			const performers = organizationsNamed(`${text(row.cells.provider)}\n${services}`, source.organizations)
			const code = serviceTypeIn(services)
			activity.push({
				detail: {
					kind: 'ServiceRequest',
					...(code ? { code } : {}),
					...(goalList.length ? { goal: goalList } : {}),
					status: aStatus,
					...(performers.length ? { performer: performers.map(organizationRef) } : {}),
					description: [services, text(row.cells.provider) ? `提供事業者：${text(row.cells.provider)}` : ''].filter(Boolean).join('\n'),
				},
			})
		}
		const role = text(row.cells.role)
		if (role) {
			activity.push({ detail: { ...(goalList.length ? { goal: goalList } : {}), status: aStatus, performer: [patientRef(source.client)], description: `本人の役割：${role}` } })
		}
	}
	if (!plan.version) activity.push(...weeklyActivities(source.weekly, source.organizations, aStatus))
	const longTerm = text(snapshot.fields.longTermGoal)
	const shortTerm = text(snapshot.fields.shortTermGoal)
	const wishes = text(snapshot.fields.wishes)
	const notes = [wishes ? `利用者及びその家族の生活に対する意向：${wishes}` : '', longTerm ? `長期目標：${longTerm}` : '', shortTerm ? `短期目標：${shortTerm}` : ''].filter(Boolean)
	const category = planCategoryCode(source.client.category)
	return {
		resourceType: 'CarePlan',
		id: fhirId('CarePlan', `plan:${planScope(plan)}`),
		...(plan.version ? { identifier: [{ system: IDENTIFIER_SYSTEMS.documentVersion, value: `${plan.documentId}/v${plan.version.number}` }] } : {}),
		status,
		intent: stage === 'final' ? 'plan' : 'proposal',
		category: [localConcept(CODE_SYSTEMS.planCategory, category)],
		title: planTitle(source.client.category, stage),
		...(text(snapshot.fields.policy) ? { description: text(snapshot.fields.policy) } : {}),
		subject: patientRef(source.client),
		...(created || monitoringStart ? { period: { start: created || `${monitoringStart}-01` } } : {}),
		...(created ? { created } : {}),
		...(author ? { author } : {}),
		...(source.members.length ? { careTeam: [ref('CareTeam', source.client.id)] } : {}),
		...(rows.some((r) => text(r.cells.need)) ? { addresses: rows.filter((r) => text(r.cells.need)).map((r) => conditionRef(plan, r.id)) } : {}),
		...(supportingInfo.length ? { supportingInfo: [...supportingInfo] } : {}),
		...(goals.length ? { goal: goals.map((g) => ({ reference: `urn:uuid:${g.id}`, type: 'Goal' })) } : {}),
		...(activity.length ? { activity } : {}),
		...(notes.length ? { note: notes.map((t) => ({ text: t })) } : {}),
	}
}

/** 個別支援計画: a CarePlan basedOn the overall plan, its goals tied to the overall goals. */
export function mapIsp(isp: SourceIsp, source: ExportSource): { carePlan: CarePlan; goals: Goal[] } {
	const plan = source.plan && !source.plan.version ? source.plan : null
	const overallGoalIds = new Set(plan ? goalRowsWithGoal(plan).map((r) => r.id) : [])
	const org = source.organizations.find((o) => o.id === isp.organizationId) ?? null
	const manager = source.members.find((m) => m.role === 'service_manager' && m.organizationId === isp.organizationId) ?? null
	const rows = snapshotRows(isp.snapshot, ISP_SUPPORT_TABLE)
	const status: CarePlan['status'] = source.client.closed ? 'completed' : 'active'
	const goals: Goal[] = ispGoalRows(isp).map((row, index) => {
		const linked = plan ? row.links.filter((id) => overallGoalIds.has(id)) : []
		const notes = [text(row.cells.role) ? `本人の役割：${text(row.cells.role)}` : '', text(row.cells.period) ? `支援期間：${text(row.cells.period)}` : ''].filter(Boolean)
		return {
			resourceType: 'Goal',
			id: fhirId('Goal', `isp:${isp.documentId}:${row.id}`),
			extension: [priorityRank(index + 1), ...linked.map((goalId) => goalRelationship('other', goalRef(plan as SourcePlan, goalId), 'サービス等利用計画の目標（この目標が支える全体の目標）'))],
			lifecycleStatus: status === 'completed' ? 'completed' : 'active',
			priority: { text: `優先順位 ${index + 1}` },
			description: { text: text(row.cells.target) || text(row.cells.content) },
			subject: patientRef(source.client),
			...(notes.length ? { note: notes.map((t) => ({ text: t })) } : {}),
		}
	})
	const goalIds = new Set(goals.map((g) => g.id))
	const activity: CarePlanActivity[] = rows
		.filter((row) => text(row.cells.content))
		.map((row) => {
			const own = fhirId('Goal', `isp:${isp.documentId}:${row.id}`)
			const linked = plan ? row.links.filter((id) => overallGoalIds.has(id)).map((id) => goalRef(plan, id)) : []
			return {
				detail: {
					kind: 'ServiceRequest',
					goal: [...(goalIds.has(own) ? [ispGoalRef(isp, row.id)] : []), ...linked],
					status: activityStatus(status),
					...(org ? { performer: [organizationRef(org)] } : {}),
					description: [text(row.cells.content), text(row.cells.staff) ? `担当者：${text(row.cells.staff)}` : ''].filter(Boolean).join('\n'),
					...(text(row.cells.period) ? { scheduledString: text(row.cells.period) } : {}),
				},
			}
		})
	const createdOn = isp.snapshot.meta[ISP_META.createdOn]
	const notes = [text(isp.snapshot.fields.wishes) ? `利用者及び家族の生活に対する意向：${text(isp.snapshot.fields.wishes)}` : '', text(isp.snapshot.fields.longTermGoal) ? `長期目標：${text(isp.snapshot.fields.longTermGoal)}` : '', text(isp.snapshot.fields.shortTermGoal) ? `短期目標：${text(isp.snapshot.fields.shortTermGoal)}` : ''].filter(Boolean)
	const author = manager ? practitionerRoleRef(manager) : org ? organizationRef(org) : null
	return {
		goals,
		carePlan: {
			resourceType: 'CarePlan',
			id: fhirId('CarePlan', `isp:${isp.documentId}`),
			...(plan ? { basedOn: [carePlanRef(plan)] } : {}),
			status,
			intent: 'plan',
			category: [localConcept(CODE_SYSTEMS.planCategory, 'individual-support-plan')],
			title: isp.title,
			...(text(isp.snapshot.fields.policy) ? { description: text(isp.snapshot.fields.policy) } : {}),
			subject: patientRef(source.client),
			...(typeof createdOn === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(createdOn) ? { created: createdOn, period: { start: createdOn } } : {}),
			...(author ? { author } : {}),
			...(source.members.length ? { careTeam: [ref('CareTeam', source.client.id)] } : {}),
			...(goals.length ? { goal: goals.map((g) => ({ reference: `urn:uuid:${g.id}`, type: 'Goal' })) } : {}),
			...(activity.length ? { activity } : {}),
			...(notes.length ? { note: notes.map((t) => ({ text: t })) } : {}),
		},
	}
}

function stageText(fields: Record<string, string>, stage: (typeof CRISIS_STAGES)[number]): string {
	return CRISIS_STAGE_ASPECTS.map((a) => (text(fields[crisisFieldKey(stage.key, a.key)]) ? `${a.label}：${text(fields[crisisFieldKey(stage.key, a.key)])}` : ''))
		.filter(Boolean)
		.join('\n')
}

/** クライシスプラン and Myライフプラン: CarePlans of a local category, one activity per stage / section. */
export function mapAnnex(annex: SourceAnnex, source: ExportSource): CarePlan {
	const { fields } = annex.snapshot
	const status: CarePlan['status'] = source.client.closed ? 'completed' : 'active'
	const activity: CarePlanActivity[] = []
	const notes: string[] = []
	let description = ''
	const detail = (value: string) => ({ detail: { status: 'not-started' as const, description: value } })
	if (annex.kind === 'crisis_plan') {
		description = 'クライシスプラン（安定・注意・要注意の段階ごとのサインと対応）'
		for (const stage of CRISIS_STAGES) {
			const body = stageText(fields, stage)
			if (body) activity.push(detail(`【${stage.label}（${stage.color}）】\n${body}`))
		}
		for (const row of snapshotRows(annex.snapshot, SCENARIOS_TABLE)) {
			const body = [text(row.cells.scenario), text(row.cells.situation), text(row.cells.response)].filter(Boolean).join(' ／ ')
			if (body) activity.push(detail(`【想定する事態】${body}`))
		}
		for (const key of ['shortStay', 'evacuation', 'needMedication', 'needMeals', 'needCommunication', 'needConsiderations']) {
			if (text(fields[key])) notes.push(`${CRISIS_NOTE_LABELS[key]}：${text(fields[key])}`)
		}
		const contacts = snapshotRows(annex.snapshot, CONTACTS_TABLE)
			.map((row, i) => [`${i + 1}. ${text(row.cells.name)}`, text(row.cells.relation), text(row.cells.phone), text(row.cells.notes)].filter(Boolean).join(' '))
			.filter((line) => line.length > 3)
		if (contacts.length) notes.push(`連絡先（順位順）\n${contacts.join('\n')}`)
	} else {
		description = text(fields.vision) || 'Myライフプラン'
		for (const section of LIFE_PLAN_SECTIONS) {
			const body = LIFE_PLAN_ASPECTS.map((a) => (text(fields[lifePlanFieldKey(section.key, a.key)]) ? `${a.label}：${text(fields[lifePlanFieldKey(section.key, a.key)])}` : ''))
				.filter(Boolean)
				.join('\n')
			if (body) activity.push(detail(`【${section.label}】\n${body}`))
		}
		for (const row of snapshotRows(annex.snapshot, RESOURCES_TABLE)) {
			const body = [text(row.cells.name), text(row.cells.content), text(row.cells.memo)].filter(Boolean).join(' ／ ')
			if (body) activity.push(detail(`【地域の資源】${body}`))
		}
	}
	const createdOn = annex.snapshot.meta.createdOn
	const author = officeAuthor(source)
	const category: CodeableConcept = localConcept(CODE_SYSTEMS.planCategory, annex.kind === 'crisis_plan' ? 'crisis-plan' : 'life-plan')
	return {
		resourceType: 'CarePlan',
		id: fhirId('CarePlan', `annex:${annex.documentId}`),
		...(source.plan && !source.plan.version ? { partOf: [carePlanRef(source.plan)] } : {}),
		status,
		intent: 'plan',
		category: [category],
		title: annex.title,
		description,
		subject: patientRef(source.client),
		...(typeof createdOn === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(createdOn) ? { created: createdOn } : {}),
		...(author ? { author } : {}),
		...(activity.length ? { activity } : {}),
		...(notes.length ? { note: notes.map((t) => ({ text: t })) } : {}),
	}
}

const CRISIS_NOTE_LABELS: Record<string, string> = {
	shortStay: '短期入所の事前調整先',
	evacuation: '避難場所',
	needMedication: '服薬',
	needMeals: '食事',
	needCommunication: 'コミュニケーション',
	needConsiderations: '配慮事項',
}
