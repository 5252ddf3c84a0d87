import { PLAN_GOALS_TABLE, PLAN_META, planFieldsToShow, planGoalColumns, planTitle, type PlanFieldKey } from '#app/document-forms/plan.ts'
import { livePlanStage } from '#app/modules/cycle/cycle-view.server.ts'
import { CONTACTS_COLUMNS, CONTACTS_TABLE, CRISIS_NEEDS_FIELDS, CRISIS_PLACE_FIELDS, CRISIS_STAGES, CRISIS_STAGE_ASPECTS, LIFE_PLAN_ASPECTS, LIFE_PLAN_SECTIONS, WEEKLY_FIELDS, WEEKLY_TABLE, crisisFieldKey, lifePlanFieldKey } from '#app/document-forms/forms/definitions.ts'
import { dayLabel, entriesInReadingOrder, entryKindLabel, formatSheetTime, parseSheetTime } from '#app/document-forms/forms/weekly-grid.ts'
import { MONITORING_GOALS_TABLE, MONITORING_ROW_COLUMNS } from '#app/document-forms/monitoring.ts'
import { readDocument, snapshotRows, type DocumentSnapshot } from '#app/document-forms/structure.ts'
import { audit } from '#app/modules/audit/audit.server.ts'
import { listThreads } from '#app/modules/comments/comments.server.ts'
import { toCycleRow, type CycleRow } from '#app/modules/cycle/cycle.server.ts'
import { CYCLE_STATE_LABELS } from '#app/modules/cycle/plan-cycle.ts'
import { loadStoredDocument } from '#app/modules/documents/stored-document.server.ts'
import { newId, type RequestMeta } from '#app/modules/clients/ids.server.ts'
import { MEETING_PURPOSE_LABELS, timeRange } from '#app/modules/meetings/labels.ts'
import { nextMeeting } from '#app/modules/meetings/meeting-views.server.ts'
import { planAuthor, type LatestCycleFacts, type PlanAuthor } from '#app/modules/self-plan/header-author.server.ts'
import { selfPlanSteps } from '#app/modules/self-plan/self-plan.server.ts'
import {
	canConsentInApp,
	canComment,
	canWriteEasyExplanation,
	documentAccess,
	easyViewIsDefault,
	teamRoleFor,
	type Actor,
	type ClientScope,
	type DocumentKind,
	type DocumentScope,
} from '#app/policies/index.ts'
import { prisma } from '#app/utils/db.server.ts'
import { formatJpDate, formatJpMonth } from '#app/utils/dates.ts'
import { furigana } from './furigana.server.ts'
import { EASY_GOAL_COLUMNS, EASY_PLAN_FIELDS } from './labels.ts'
import { DEFAULT_PREFERENCES, applyPreferenceChange, isTextSize, type EasyPreferences } from './preferences.ts'
import type { EasyComment, EasyGoal, EasyItem, EasyThread, Ruby } from './types.ts'

/**
 * わかりやすい表示 (issue #13): what the person and the family read — the plan, 週間計画表,
 * クライシスプラン, Myライフプラン, the latest モニタリング報告書, the next meeting and the last one's
 * outcomes, a plan waiting for their consent — each text with server-side furigana. Every
 * document passes documentAccess, so the view shows exactly what the pages would.
 */

export type { EasyComment, EasyGoal, EasyItem, EasyThread, Ruby } from './types.ts'

type Loaded = { document: { id: string; clientId: string; kind: DocumentKind; title: string; organizationId: string | null }; scope: DocumentScope }

type DocumentRow = { id: string; clientId: string; kind: string; title: string; organizationId: string | null; frozenAt: Date | null; createdAt: Date }

/** All documents of the client in one query (the view reads up to five of them). */
async function clientDocuments(clientId: string): Promise<DocumentRow[]> {
	return prisma.document.findMany({
		where: { clientId, kind: { in: ['plan', 'weekly', 'crisis_plan', 'life_plan', 'monitoring'] } },
		orderBy: { createdAt: 'asc' },
		select: { id: true, clientId: true, kind: true, title: true, organizationId: true, frozenAt: true, createdAt: true },
	})
}

function pickDocument(actor: Actor, scope: ClientScope, documents: readonly DocumentRow[], kind: DocumentKind, today: string): (Loaded & { access: 'read' | 'write' }) | null {
	const row = documents.find((d) => d.kind === kind)
	if (!row) return null
	const docScope: DocumentScope = { kind, organizationId: row.organizationId, frozen: row.frozenAt !== null, client: scope }
	const access = documentAccess(actor, docScope, today)
	if (access === 'none') return null
	return { document: { id: row.id, clientId: row.clientId, kind, title: row.title, organizationId: row.organizationId }, scope: docScope, access }
}

async function findDocument(actor: Actor, scope: ClientScope, kind: DocumentKind, today: string): Promise<(Loaded & { access: 'read' | 'write' }) | null> {
	return pickDocument(actor, scope, await clientDocuments(scope.id), kind, today)
}

function snapshotOf(documentId: string): DocumentSnapshot {
	const doc = loadStoredDocument(documentId)
	try {
		return readDocument(doc)
	} finally {
		doc.destroy()
	}
}

async function threadsByTarget(actor: Actor, loaded: Loaded, today: string): Promise<Map<string, EasyThread[]>> {
	const { threads } = await listThreads({ actor, ipAddress: '', today }, loaded)
	const byTarget = new Map<string, EasyThread[]>()
	for (const thread of threads) {
		// Cell comments belong to their row in this view ("cell:<rowId>:<column>" → "row:<rowId>").
		const target = thread.target.startsWith('cell:') ? `row:${thread.target.split(':')[1]}` : thread.target
		const comments: EasyComment[] = []
		for (const c of thread.comments) {
			if (c.deleted) continue
			comments.push({ id: c.id, author: c.authorName, when: c.createdAt, body: await furigana(c.body.replace(/@\[([^\]]+)\]\([^)]+\)/g, '@$1')) })
		}
		if (comments.length === 0) continue
		byTarget.set(target, [...(byTarget.get(target) ?? []), { id: thread.id, comments }])
	}
	return byTarget
}

async function item(key: string, heading: string, official: string, help: string, text: string, target: string | null, threads: Map<string, EasyThread[]> | null, explanation?: string): Promise<EasyItem> {
	return {
		key,
		heading: await furigana(heading),
		official,
		help,
		text: await furigana(text),
		target,
		threads: target && threads ? (threads.get(target) ?? []) : [],
		explanation: explanation ? await furigana(explanation) : null,
		explanationText: explanation ?? '',
	}
}

export async function loadPreferences(userId: string): Promise<EasyPreferences> {
	const row = await prisma.accountPreference.findUnique({ where: { userId } })
	if (!row) return DEFAULT_PREFERENCES
	return { furigana: row.furigana, textSize: isTextSize(row.textSize) ? row.textSize : 'medium', highContrast: row.highContrast }
}

export async function savePreference(actor: Actor, setting: unknown, value: unknown, meta: RequestMeta): Promise<{ ok: true; preferences: EasyPreferences } | { ok: false; error: string }> {
	const changed = applyPreferenceChange(await loadPreferences(actor.id), setting, value)
	if (!changed.ok) return changed
	const p = changed.preferences
	await prisma.accountPreference.upsert({ where: { userId: actor.id }, create: { userId: actor.id, ...p }, update: p })
	await audit({ action: 'preference.update', userId: actor.id, target: `user:${actor.id}`, ipAddress: meta.ipAddress, detail: { setting: String(setting) } })
	return changed
}

async function loadPlanSection(actor: Actor, scope: ClientScope, today: string, category: string, documents: readonly DocumentRow[], latest: LatestCycleFacts) {
	const loaded = pickDocument(actor, scope, documents, 'plan', today)
	if (!loaded) return null
	const snapshot = snapshotOf(loaded.document.id)
	const threads = await threadsByTarget(actor, loaded, today)
	const explanations = new Map(
		(await prisma.easyExplanation.findMany({ where: { documentId: loaded.document.id }, select: { target: true, text: true } })).map((e) => [e.target, e.text]),
	)
	// 案 or 本計画 as the cycle decides it; the fields the plan has (an older plan its one 意向 field).
	const { stage } = await livePlanStage(scope.id)
	const fields: EasyItem[] = []
	for (const f of planFieldsToShow(snapshot.fields, stage)) {
		const easy = EASY_PLAN_FIELDS[f.key as PlanFieldKey] ?? { easy: f.label, help: '' }
		const target = `field:${f.key}`
		fields.push(await item(f.key, easy.easy, f.label, easy.help, snapshot.fields[f.key] ?? '', target, threads, f.key === 'policy' ? explanations.get(target) : undefined))
	}
	const goals: EasyGoal[] = []
	const rows = snapshotRows(snapshot, PLAN_GOALS_TABLE)
	for (const [i, row] of rows.entries()) {
		const target = `row:${row.id}`
		const items: EasyItem[] = []
		for (const c of planGoalColumns(stage)) {
			const easy = EASY_GOAL_COLUMNS[c.key] ?? { easy: c.label, help: '' }
			items.push(await item(c.key, easy.easy, c.label, easy.help, row.cells[c.key] ?? '', null, null))
		}
		const explanation = explanations.get(target)
		goals.push({ rowId: row.id, number: i + 1, items, target, threads: threads.get(target) ?? [], explanation: explanation ? await furigana(explanation) : null, explanationText: explanation ?? '' })
	}
	const role = teamRoleFor(actor, scope, today)
	const author = await planAuthor(scope.id, today, latest)
	return {
		documentId: loaded.document.id,
		access: loaded.access,
		title: await furigana(scope.selfPlan ? 'セルフプラン' : planTitle(category, stage)),
		officialTitle: planTitle(category, stage),
		author: author ? { ...author, label: await authorRuby(author) } : null,
		dates: { draftDate: formatJpDate(String(snapshot.meta[PLAN_META.draftDate] ?? '')), planDate: formatJpDate(String(snapshot.meta[PLAN_META.planDate] ?? '')) },
		fields,
		goals,
		canComment: canComment(actor, 'comment.create', loaded.scope, null, today),
		canExplain: canWriteEasyExplanation(role, loaded.access),
	}
}

/**
 * The author line with furigana on the words but not on the person's name: the analyzer only
 * guesses readings of names (the client record's kana are the reliable ones).
 */
async function authorRuby(author: PlanAuthor): Promise<Ruby> {
	const [, name = author.authorName, role = ''] = /^(.*?)(（[^（）]*）)?$/.exec(author.authorName) ?? []
	if (author.selfPlan) return [...(await furigana('セルフプラン ・ 作成：')), { text: name }, ...(await furigana(role))]
	return [...(await furigana('作成：相談支援専門員 ')), { text: name }, ...(author.agencyName ? await furigana(`（${author.agencyName}）`) : [])]
}

async function loadWeekly(actor: Actor, scope: ClientScope, today: string, documents: readonly DocumentRow[]) {
	const loaded = pickDocument(actor, scope, documents, 'weekly', today)
	if (!loaded) return null
	const snapshot = snapshotOf(loaded.document.id)
	const entries = entriesInReadingOrder(
		snapshotRows(snapshot, WEEKLY_TABLE).map((r) => ({ id: r.id, day: r.cells.day ?? '', start: r.cells.start ?? '', end: r.cells.end ?? '', label: r.cells.label ?? '', kind: r.cells.kind ?? '' })),
	)
	const time = (t: string) => {
		const m = parseSheetTime(t)
		return m === null ? '' : formatSheetTime(m)
	}
	const days: Array<{ day: string; label: Ruby; entries: Array<{ id: string; time: string; label: Ruby; kind: string }> }> = []
	for (const e of entries) {
		if (e.label.trim() === '') continue
		const label = dayLabel(e.day)
		let day = days.find((d) => d.day === e.day)
		if (!day) {
			day = { day: e.day, label: await furigana(`${label}曜日`.replace('日・祝曜日', '日曜日・祝日')), entries: [] }
			days.push(day)
		}
		day.entries.push({ id: e.id, time: [time(e.start), time(e.end)].filter(Boolean).join('〜'), label: await furigana(e.label), kind: entryKindLabel(e.kind) })
	}
	const fields: EasyItem[] = []
	for (const f of WEEKLY_FIELDS) {
		const text = snapshot.fields[f.key] ?? ''
		if (text.trim()) fields.push(await item(f.key, f.label, f.label, '', text, null, null))
	}
	return { documentId: loaded.document.id, days, fields }
}

async function loadCrisis(actor: Actor, scope: ClientScope, today: string, documents: readonly DocumentRow[]) {
	const loaded = pickDocument(actor, scope, documents, 'crisis_plan', today)
	if (!loaded) return null
	const snapshot = snapshotOf(loaded.document.id)
	const stages = []
	for (const s of CRISIS_STAGES) {
		const items: EasyItem[] = []
		for (const a of CRISIS_STAGE_ASPECTS) {
			const text = snapshot.fields[crisisFieldKey(s.key, a.key)] ?? ''
			if (text.trim()) items.push(await item(a.key, a.label, `${s.label}：${a.label}`, '', text, null, null))
		}
		stages.push({ key: s.key, tone: s.tone, label: await furigana(`${s.label}（${s.color}）`), items })
	}
	const places: EasyItem[] = []
	for (const f of [...CRISIS_PLACE_FIELDS, ...CRISIS_NEEDS_FIELDS]) {
		const text = snapshot.fields[f.key] ?? ''
		if (text.trim()) places.push(await item(f.key, f.label, f.label, '', text, null, null))
	}
	const contacts = []
	for (const row of snapshotRows(snapshot, CONTACTS_TABLE)) {
		const cells = CONTACTS_COLUMNS.map((c) => row.cells[c.key] ?? '')
		if (cells.every((c) => c.trim() === '')) continue
		contacts.push({ id: row.id, name: await furigana(cells[0]), relation: await furigana(cells[1]), phone: cells[2], notes: await furigana(cells[3]) })
	}
	return { documentId: loaded.document.id, stages, places, contacts }
}

async function loadLifePlan(actor: Actor, scope: ClientScope, today: string, documents: readonly DocumentRow[]) {
	const loaded = pickDocument(actor, scope, documents, 'life_plan', today)
	if (!loaded) return null
	const snapshot = snapshotOf(loaded.document.id)
	const items: EasyItem[] = []
	const vision = snapshot.fields.vision ?? ''
	if (vision.trim()) items.push(await item('vision', '望む 暮らし（今と、これから）', '望む暮らし（今と、親なき後）', '', vision, null, null))
	for (const s of LIFE_PLAN_SECTIONS) {
		for (const a of LIFE_PLAN_ASPECTS) {
			const key = lifePlanFieldKey(s.key, a.key)
			const text = snapshot.fields[key] ?? ''
			if (text.trim()) items.push(await item(key, `${s.label}：${a.label}`, `${s.label}：${a.label}`, '', text, null, null))
		}
	}
	return { documentId: loaded.document.id, items }
}

async function loadMonitoring(actor: Actor, scope: ClientScope, today: string, documents: readonly DocumentRow[]) {
	const reports = await prisma.monitoringReport.findMany({ where: { clientId: scope.id }, orderBy: [{ status: 'asc' }, { month: 'desc' }], select: { documentId: true, month: true, status: true, conductedOn: true } })
	// The latest completed report; a draft only when none is completed yet.
	const report = reports.filter((r) => r.status === 'completed').sort((a, b) => b.month.localeCompare(a.month))[0] ?? null
	if (!report) return null
	const row = documents.find((d) => d.id === report.documentId)
	if (!row || documentAccess(actor, { kind: 'monitoring', organizationId: row.organizationId, frozen: row.frozenAt !== null, client: scope }, today) === 'none') return null
	const snapshot = snapshotOf(report.documentId)
	const overall = await item('overall', '全体の ようす', '全体の状況', '', snapshot.fields.overall ?? '', null, null)
	const goals = []
	for (const r of snapshotRows(snapshot, MONITORING_GOALS_TABLE)) {
		const items: EasyItem[] = []
		for (const c of MONITORING_ROW_COLUMNS) {
			if (c.key === 'provision') continue
			const text = r.cells[c.key] ?? ''
			if (text.trim()) items.push(await item(c.key, c.label, c.label, '', text, null, null))
		}
		goals.push({ rowId: r.id, goal: await furigana(r.cells.goal ?? ''), items })
	}
	return { documentId: report.documentId, month: formatJpMonth(report.month), conductedOn: formatJpDate(report.conductedOn), overall, goals }
}

async function loadMeetings(scope: ClientScope, today: string) {
	const next = await nextMeeting(scope.id, today)
	const last = await prisma.meeting.findFirst({ where: { clientId: scope.id, status: 'closed' }, orderBy: [{ date: 'desc' }, { startTime: 'desc' }], select: { id: true, date: true, decisions: true, purpose: true } })
	return {
		next: next
			? { id: next.id, date: formatJpDate(next.date), time: timeRange(next.startTime, next.endTime), place: await furigana(next.place), purpose: await furigana(MEETING_PURPOSE_LABELS[next.purpose as keyof typeof MEETING_PURPOSE_LABELS] ?? '') }
			: null,
		last: last ? { id: last.id, date: formatJpDate(last.date), decisions: await furigana(last.decisions) } : null,
	}
}

/** Everything the easy view shows for this actor (null sections are hidden or empty). */
export async function loadEasyView(actor: Actor, scope: ClientScope, today: string) {
	const client = await prisma.client.findUniqueOrThrow({ where: { id: scope.id }, select: { id: true, familyName: true, givenName: true, familyNameKana: true, givenNameKana: true, category: true } })
	const role = teamRoleFor(actor, scope, today)
	// One read of the newest cycle serves the open-cycle checks, the セルフプラン status and its author
	// (the open cycle, when there is one, is always the newest).
	const latest = await prisma.planCycle.findFirst({
		where: { clientId: scope.id },
		orderBy: { number: 'desc' },
		select: { id: true, clientId: true, number: true, variant: true, state: true, planDocumentId: true, endedAt: true, createdAt: true, createdById: true },
	})
	const latestCycle: CycleRow | null = latest ? toCycleRow(latest) : null
	const cycle = latestCycle && latestCycle.endedAt === null ? latestCycle : null
	const documents = await clientDocuments(scope.id)
	const [preferences, plan, weekly, crisis, lifePlan, monitoring, meetings, selfPlan] = await Promise.all([
		loadPreferences(actor.id),
		loadPlanSection(actor, scope, today, client.category, documents, latest ? { variant: latest.variant, createdById: latest.createdById } : null),
		loadWeekly(actor, scope, today, documents),
		loadCrisis(actor, scope, today, documents),
		loadLifePlan(actor, scope, today, documents),
		loadMonitoring(actor, scope, today, documents),
		loadMeetings(scope, today),
		selfPlanSteps(actor, scope, today, latestCycle),
	])
	const consentStage = cycle && cycle.variant === 'specialist' && canConsentInApp(actor, scope, today) ? (cycle.state === 'draft' ? 'draft' : cycle.state === 'final' ? 'final' : null) : null
	return {
		client: { id: client.id, name: `${client.familyName} ${client.givenName}`, kana: `${client.familyNameKana} ${client.givenNameKana}` },
		role,
		isDefault: easyViewIsDefault(actor.role),
		preferences,
		cycle: cycle ? { variant: cycle.variant, state: cycle.state, stateLabel: await furigana(CYCLE_STATE_LABELS[cycle.state]) } : null,
		consent: consentStage ? { stage: consentStage, label: await furigana(consentStage === 'draft' ? '計画案に 同意を お願いしています' : '計画に 同意を お願いしています') } : null,
		plan,
		weekly,
		crisis,
		lifePlan,
		monitoring,
		meetings,
		selfPlan,
	}
}
export type EasyView = Awaited<ReturnType<typeof loadEasyView>>

export const EXPLANATION_MAX = 1000

/**
 * Saves (or, when empty, removes) the やさしい説明 for the 方針 or one goal row of the plan.
 * The consultation office writes them while it writes the plan (policies/self-plan.ts).
 */
export async function saveExplanation(actor: Actor, scope: ClientScope, input: { target: unknown; text: unknown }, today: string, meta: RequestMeta): Promise<{ ok: true } | { ok: false; status: 400 | 403 | 404; error: string }> {
	const loaded = await findDocument(actor, scope, 'plan', today)
	if (!loaded) return { ok: false, status: 404, error: '計画がありません' }
	if (!canWriteEasyExplanation(teamRoleFor(actor, scope, today), loaded.access)) return { ok: false, status: 403, error: 'やさしい説明は相談支援専門員が書きます' }
	const target = typeof input.target === 'string' ? input.target : ''
	const text = typeof input.text === 'string' ? input.text.replace(/\r\n/g, '\n').trim() : ''
	if (text.length > EXPLANATION_MAX) return { ok: false, status: 400, error: `やさしい説明は${EXPLANATION_MAX}文字以内で書いてください` }
	const snapshot = snapshotOf(loaded.document.id)
	const valid = target === 'field:policy' || (target.startsWith('row:') && snapshotRows(snapshot, PLAN_GOALS_TABLE).some((r) => `row:${r.id}` === target))
	if (!valid) return { ok: false, status: 400, error: '説明をつける場所が見つかりません（方針か目標の行を選んでください）' }
	if (text === '') {
		await prisma.easyExplanation.deleteMany({ where: { documentId: loaded.document.id, target } })
	} else {
		await prisma.easyExplanation.upsert({
			where: { documentId_target: { documentId: loaded.document.id, target } },
			create: { id: newId('exp'), clientId: scope.id, documentId: loaded.document.id, target, text, updatedById: actor.id },
			update: { text, updatedById: actor.id },
		})
	}
	await audit({ action: 'explanation.write', userId: actor.id, clientId: scope.id, target: `document:${loaded.document.id}`, ipAddress: meta.ipAddress, detail: { anchor: target.split(':')[0], removed: text === '' } })
	return { ok: true }
}
