import type * as Y from 'yjs'
import { applyPrefillOnce, derivedRowId, prefillRowsUpdate, type DocumentSnapshot } from './structure.ts'

/**
 * サービス担当者会議の記録 (minutes, document kind 'minutes'): the structured-form definition.
 * Pure data plus the deterministic opinion-row prefill: the meeting page, the print view and
 * tests read the same keys. Keys only ever grow (a field's Y.Text comes from a shared template).
 */

export type MinutesFieldDefinition = { key: string; label: string; hint?: string; rows?: number }

export const MINUTES_FIELDS = [
	{ key: 'items', label: '検討した項目', hint: '議題にした計画の目標や、会議で検討するコメントを書き出します。', rows: 4 },
	{ key: 'discussion', label: '検討内容', rows: 6 },
	{ key: 'conclusion', label: '結論', rows: 4 },
	{ key: 'remaining', label: '残された課題', rows: 3 },
] as const satisfies readonly MinutesFieldDefinition[]

export const MINUTES_FIELD_KEYS: readonly string[] = MINUTES_FIELDS.map((f) => f.key)

/** Each provider's 専門的見地からの意見: one row per organisation / person. */
export const MINUTES_OPINIONS_TABLE = 'opinions'

export const MINUTES_OPINION_COLUMNS = [
	{ key: 'organization', label: '事業所・機関' },
	{ key: 'person', label: '氏名・職種' },
	{ key: 'opinion', label: '専門的見地からの意見' },
] as const

export const MINUTES_OPINION_COLUMN_KEYS: readonly string[] = MINUTES_OPINION_COLUMNS.map((c) => c.key)

export const MINUTES_META = {
	/** set by the opinion prefill (its template's client id): the rows were offered once */
	opinionsPrefilled: 'opinionsPrefilled',
} as const

/** A provider invited to the meeting, as its opinion row starts. */
export type OpinionSeed = {
	/** the MeetingParticipant id: stable, so the row of one participant has one id everywhere */
	participantId: string
	organization: string
	person: string
}

/** The row id of a participant's opinion row: derived, so concurrent first-openers agree. */
export function opinionRowId(participantId: string): string {
	return derivedRowId('rop', participantId)
}

/** One opinion row per invited provider, added once and identically by every writer (structure.ts). */
export function opinionsPrefillUpdate(seeds: readonly OpinionSeed[]): Uint8Array {
	return prefillRowsUpdate({
		purpose: 'minutes-opinions',
		table: MINUTES_OPINIONS_TABLE,
		columns: MINUTES_OPINION_COLUMN_KEYS,
		rows: seeds.map((seed) => ({ id: opinionRowId(seed.participantId), cells: { organization: seed.organization, person: seed.person, opinion: '' } })),
		doneMetaKey: MINUTES_META.opinionsPrefilled,
	})
}

/**
 * Offers the opinion rows once per document: unless a writer already did (the meta flag
 * travels in the same update), applies the deterministic prefill. Returns whether it applied.
 */
export function applyOpinionsPrefill(doc: Y.Doc, seeds: readonly OpinionSeed[], origin?: unknown): boolean {
	if (seeds.length === 0) return false
	return applyPrefillOnce(doc, MINUTES_META.opinionsPrefilled, () => opinionsPrefillUpdate(seeds), origin)
}

/** The minutes as plain data for the print view. */
export type MinutesContent = {
	fields: Record<(typeof MINUTES_FIELDS)[number]['key'], string>
	opinions: Array<{ id: string; organization: string; person: string; opinion: string }>
}

export function minutesContent(snapshot: DocumentSnapshot): MinutesContent {
	const fields = Object.fromEntries(MINUTES_FIELDS.map((f) => [f.key, snapshot.fields[f.key] ?? ''])) as MinutesContent['fields']
	const opinions = snapshot.rows
		.filter((row) => row.table === MINUTES_OPINIONS_TABLE)
		.map((row) => ({
			id: row.id,
			organization: row.cells.organization ?? '',
			person: row.cells.person ?? '',
			opinion: row.cells.opinion ?? '',
		}))
	return { fields, opinions }
}
