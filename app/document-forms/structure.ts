import * as Y from 'yjs'

/**
 * Structured, co-edited forms on Yjs (plans, assessments, …). Pure: used by the browser
 * bindings, the server (projections, print) and tests alike.
 *
 * Conventions for a form's Y.Doc — exactly three roots, all Y.Maps (the collaboration server
 * refuses anything else, see STRUCTURED_FORM_SCHEMA in server/collab/document-schema.ts):
 *   fields  key → Y.Text            every free-text field, co-edited character by character
 *   meta    key → string | number   dates, selects: last writer wins
 *   rows    rowId → Y.Map           one table row:
 *             table   string        which table of the form the row belongs to
 *             order   number        fractional index: rows are reordered by changing numbers,
 *                                   never by moving Y types, so edits inside a row that
 *                                   happen concurrently with a reorder survive it
 *             <column key> Y.Text   one cell per column
 *             links   Y.Map<goalId, true>  links from this row to goal rows (e.g. ISP → plan)
 * Row ids are random and never change: other documents and versions may refer to them.
 */

export const FIELDS_ROOT = 'fields'
export const META_ROOT = 'meta'
export const ROWS_ROOT = 'rows'

/** Keys of a row map that are not cells. */
export const ROW_TABLE_KEY = 'table'
export const ROW_ORDER_KEY = 'order'
export const ROW_LINKS_KEY = 'links'
const RESERVED_ROW_KEYS: ReadonlySet<string> = new Set([ROW_TABLE_KEY, ROW_ORDER_KEY, ROW_LINKS_KEY])

/** Field, column and meta keys: what the server's schema guard accepts, and short. */
export const STRUCTURE_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/
const ROW_ID_PATTERN = /^r[A-Za-z0-9_-]{8,40}$/

export type MetaValue = string | number | boolean | null

export type RowSnapshot = {
	id: string
	table: string
	order: number
	cells: Record<string, string>
	/** ids of linked goal rows, sorted */
	links: string[]
}

export type DocumentSnapshot = {
	fields: Record<string, string>
	meta: Record<string, MetaValue>
	/** all rows, by table then order */
	rows: RowSnapshot[]
}

export function fieldsMap(doc: Y.Doc): Y.Map<Y.Text> {
	return doc.getMap<Y.Text>(FIELDS_ROOT)
}

export function metaMap(doc: Y.Doc): Y.Map<MetaValue> {
	return doc.getMap<MetaValue>(META_ROOT)
}

export function rowsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
	return doc.getMap<Y.Map<unknown>>(ROWS_ROOT)
}

function assertKey(key: string, what: string): void {
	if (!STRUCTURE_KEY_PATTERN.test(key) || RESERVED_ROW_KEYS.has(key)) throw new Error(`invalid ${what} key: ${key}`)
}

// A client id reserved for the deterministic template (see applyTemplate). Real clients pick
// random 32-bit ids; the chance of one picking this is negligible.
const TEMPLATE_CLIENT_ID = 0x5eed

/**
 * The empty Y.Text of every field of a form, created identically by every writer.
 *
 * Creating a field's Y.Text on first use would race: two writers typing into the same new
 * field at once would each `set` their own Y.Text and the map keeps only one (with its
 * text). Instead every writer applies the same update, produced by a fixed client id from a
 * sorted key list: identical struct ids, so Yjs integrates it once however many apply it.
 * The key list of a kind must therefore only ever grow by a new template (a later version
 * would use its own client id); it never changes in place.
 */
export function templateUpdate(fieldKeys: readonly string[], generation = 0): Uint8Array {
	const keys = [...new Set(fieldKeys)].sort()
	for (const key of keys) assertKey(key, 'field')
	if (!Number.isInteger(generation) || generation < 0 || generation > 255) throw new Error(`invalid template generation: ${generation}`)
	const template = new Y.Doc()
	// Each generation writes with its own fixed client id: a generation's struct ids never
	// collide with another's, so documents made before a field existed take the new one as is.
	template.clientID = TEMPLATE_CLIENT_ID + generation
	const fields = fieldsMap(template)
	template.transact(() => {
		for (const key of keys) fields.set(key, new Y.Text())
	})
	const update = Y.encodeStateAsUpdate(template)
	template.destroy()
	return update
}

/**
 * A kind's field keys in generations: generation 0 is the original key list, each later one
 * holds only the fields added since (never edited in place). Documents created before a
 * generation existed receive its fields when a writer opens them; older versions keep their
 * snapshot, which simply lacks the newer keys.
 */
export type FieldTemplate = readonly (readonly string[])[]

/** Every key of a template, generations flattened. */
export function templateKeys(template: FieldTemplate): string[] {
	return template.flat()
}

/**
 * The origin of writes the software makes on its own (template, prefills, defaults). A
 * person's undo (bindings/undo.ts) tracks only edits with no origin, so it never removes
 * these — undoing one's first keystroke must not take the form's fields away.
 */
export const TEMPLATE_ORIGIN = Object.freeze({ source: 'template' })

/**
 * Applies the template (a plain key list = generation 0, or every generation of a
 * FieldTemplate) unless the document already holds it. Returns whether it changed anything.
 */
export function applyTemplate(doc: Y.Doc, fieldKeys: readonly string[] | FieldTemplate, origin?: unknown): boolean {
	const fields = fieldsMap(doc)
	const generations: FieldTemplate = fieldKeys.length > 0 && Array.isArray(fieldKeys[0]) ? (fieldKeys as FieldTemplate) : [fieldKeys as readonly string[]]
	let changed = false
	generations.forEach((keys, generation) => {
		if (keys.every((key) => fields.get(key) instanceof Y.Text)) return
		Y.applyUpdate(doc, templateUpdate(keys, generation), origin ?? TEMPLATE_ORIGIN)
		changed = true
	})
	return changed
}

/** The Y.Text of a field, or null when the template has not been applied (read-only views). */
export function fieldText(doc: Y.Doc, key: string): Y.Text | null {
	const value = fieldsMap(doc).get(key)
	return value instanceof Y.Text ? value : null
}

export function readField(doc: Y.Doc, key: string): string {
	return fieldText(doc, key)?.toString() ?? ''
}

export function readMeta(doc: Y.Doc, key: string): MetaValue {
	const value = metaMap(doc).get(key)
	return isMetaValue(value) ? value : null
}

export function setMeta(doc: Y.Doc, key: string, value: MetaValue): void {
	assertKey(key, 'meta')
	if (readMeta(doc, key) === value) return
	metaMap(doc).set(key, value)
}

function isMetaValue(value: unknown): value is MetaValue {
	return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))
}

/** A new random row id: 'r' + 16 url-safe characters (96 bits). */
export function newRowId(): string {
	const bytes = new Uint8Array(12)
	globalThis.crypto.getRandomValues(bytes)
	let binary = ''
	for (const byte of bytes) binary += String.fromCharCode(byte)
	return `r${btoa(binary).replaceAll('+', '-').replaceAll('/', '_')}`
}

export function isRowId(value: string): boolean {
	return ROW_ID_PATTERN.test(value)
}

function rowOrder(row: Y.Map<unknown>): number {
	const order = row.get(ROW_ORDER_KEY)
	return typeof order === 'number' && Number.isFinite(order) ? order : 0
}

function rowTable(row: Y.Map<unknown>): string | null {
	const table = row.get(ROW_TABLE_KEY)
	return typeof table === 'string' ? table : null
}

export type OrderedRow = { id: string; order: number; row: Y.Map<unknown> }

/** Rows of one table in display order (ties, from concurrent moves, broken by id). */
export function orderedRows(doc: Y.Doc, table: string): OrderedRow[] {
	const result: OrderedRow[] = []
	for (const [id, row] of rowsMap(doc)) {
		if (!(row instanceof Y.Map) || rowTable(row) !== table) continue
		result.push({ id, order: rowOrder(row), row })
	}
	return result.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

/** A number strictly between the neighbours' orders (null = no neighbour on that side). */
export function orderBetween(before: number | null, after: number | null): number {
	if (before === null && after === null) return 1
	if (before === null) return (after as number) - 1
	if (after === null) return before + 1
	return before + (after - before) / 2
}

/**
 * Adds a row at the end of a table (or after `afterRowId`) with an empty Y.Text for every
 * column: cells exist from the start, so two people typing into a new row never race to
 * create the same cell. Returns the new row's id.
 */
export function createRow(
	doc: Y.Doc,
	table: string,
	columns: readonly string[],
	options: { afterRowId?: string; cells?: Record<string, string> } = {},
): string {
	assertKey(table, 'table')
	for (const column of columns) assertKey(column, 'column')
	const id = newRowId()
	doc.transact(() => {
		const rows = orderedRows(doc, table)
		const index = options.afterRowId ? rows.findIndex((r) => r.id === options.afterRowId) : -1
		const order =
			index === -1
				? orderBetween(rows.at(-1)?.order ?? null, null)
				: orderBetween(rows[index].order, rows[index + 1]?.order ?? null)
		const row = new Y.Map<unknown>()
		row.set(ROW_TABLE_KEY, table)
		row.set(ROW_ORDER_KEY, order)
		for (const column of columns) row.set(column, new Y.Text(options.cells?.[column] ?? ''))
		row.set(ROW_LINKS_KEY, new Y.Map<boolean>())
		rowsMap(doc).set(id, row)
		if (index !== -1 && order === rows[index].order) renumber(doc, table)
	})
	return id
}

export function deleteRow(doc: Y.Doc, rowId: string): boolean {
	const rows = rowsMap(doc)
	if (!rows.has(rowId)) return false
	rows.delete(rowId)
	return true
}

/** The Y.Text of one cell; null for a missing row or a column the row does not have. */
export function cellText(doc: Y.Doc, rowId: string, column: string): Y.Text | null {
	const row = rowsMap(doc).get(rowId)
	if (!(row instanceof Y.Map) || RESERVED_ROW_KEYS.has(column)) return null
	const cell = row.get(column)
	return cell instanceof Y.Text ? cell : null
}

/**
 * Moves a row one place up or down within its table by giving it an order between its new
 * neighbours. Only the row's `order` number changes. Returns false when it cannot move.
 */
export function moveRow(doc: Y.Doc, rowId: string, direction: 'up' | 'down'): boolean {
	const row = rowsMap(doc).get(rowId)
	const table = row instanceof Y.Map ? rowTable(row) : null
	if (!row || table === null) return false
	const rows = orderedRows(doc, table)
	const index = rows.findIndex((r) => r.id === rowId)
	const target = direction === 'up' ? index - 1 : index + 1
	if (index === -1 || target < 0 || target >= rows.length) return false
	// The neighbours the row lands between once it has passed `rows[target]`.
	const before = direction === 'up' ? (rows[target - 1]?.order ?? null) : rows[target].order
	const after = direction === 'up' ? rows[target].order : (rows[target + 1]?.order ?? null)
	doc.transact(() => {
		const order = orderBetween(before, after)
		// Halving a gap ~50 times exhausts a double; then spread the table out again.
		if ((before !== null && order <= before) || (after !== null && order >= after)) {
			const reordered = rows.filter((r) => r.id !== rowId)
			reordered.splice(target, 0, rows[index])
			reordered.forEach((r, i) => r.row.set(ROW_ORDER_KEY, i + 1))
		} else {
			row.set(ROW_ORDER_KEY, order)
		}
	})
	return true
}

/** Gives the rows of a table the orders 1, 2, 3… in their current display order. */
function renumber(doc: Y.Doc, table: string): void {
	orderedRows(doc, table).forEach((r, i) => {
		if (r.order !== i + 1) r.row.set(ROW_ORDER_KEY, i + 1)
	})
}

/** Links (or unlinks) a row to a goal row of another table or document. */
export function setRowLink(doc: Y.Doc, rowId: string, goalId: string, linked: boolean): void {
	const row = rowsMap(doc).get(rowId)
	if (!(row instanceof Y.Map)) return
	let links = row.get(ROW_LINKS_KEY)
	if (!(links instanceof Y.Map)) {
		links = new Y.Map<boolean>()
		row.set(ROW_LINKS_KEY, links)
	}
	const map = links as Y.Map<boolean>
	if (linked) map.set(goalId, true)
	else map.delete(goalId)
}

function readRow(id: string, row: Y.Map<unknown>): RowSnapshot | null {
	const table = rowTable(row)
	if (table === null) return null
	const cells: Record<string, string> = {}
	const links: string[] = []
	for (const [key, value] of row) {
		if (key === ROW_LINKS_KEY) {
			if (value instanceof Y.Map) for (const [goalId, linked] of value) if (linked === true) links.push(goalId)
		} else if (!RESERVED_ROW_KEYS.has(key) && value instanceof Y.Text) {
			cells[key] = value.toString()
		}
	}
	return { id, table, order: rowOrder(row), cells, links: links.sort() }
}

/**
 * The whole form as plain JSON: what the server projects and prints. Values of an
 * unexpected type (the schema guard allows any scalar or map anywhere) are skipped.
 */
export function readDocument(doc: Y.Doc): DocumentSnapshot {
	const fields: Record<string, string> = {}
	for (const [key, value] of fieldsMap(doc)) if (value instanceof Y.Text) fields[key] = value.toString()
	const meta: Record<string, MetaValue> = {}
	for (const [key, value] of metaMap(doc)) if (isMetaValue(value)) meta[key] = value
	const rows: RowSnapshot[] = []
	for (const [id, row] of rowsMap(doc)) {
		if (!(row instanceof Y.Map)) continue
		const snapshot = readRow(id, row)
		if (snapshot) rows.push(snapshot)
	}
	rows.sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
	return { fields, meta, rows }
}

/** Rows of one table from a snapshot, in display order. */
export function snapshotRows(snapshot: DocumentSnapshot, table: string): RowSnapshot[] {
	return snapshot.rows.filter((row) => row.table === table)
}

/** A single-range edit turning `from` into `to`: delete `remove` chars at `index`, insert `insert`. */
export type TextDiff = { index: number; remove: number; insert: string }

/** The minimal single-range diff (common prefix and suffix), never splitting a surrogate pair. */
export function diffText(from: string, to: string): TextDiff | null {
	if (from === to) return null
	let start = 0
	const max = Math.min(from.length, to.length)
	while (start < max && from.charCodeAt(start) === to.charCodeAt(start)) start++
	if (start > 0 && isHighSurrogate(from.charCodeAt(start - 1))) start--
	let end = 0
	while (end < max - start && from.charCodeAt(from.length - 1 - end) === to.charCodeAt(to.length - 1 - end)) end++
	if (end > 0 && isLowSurrogate(from.charCodeAt(from.length - end))) end--
	return { index: start, remove: from.length - start - end, insert: to.slice(start, to.length - end) }
}

function isHighSurrogate(code: number): boolean {
	return code >= 0xd800 && code <= 0xdbff
}

function isLowSurrogate(code: number): boolean {
	return code >= 0xdc00 && code <= 0xdfff
}

/**
 * Moves a local diff made against `base` so that it applies after `remote` (also made
 * against `base`): the local edit keeps its place relative to the text around it. Used when
 * remote changes arrived while the local input was being composed (IME).
 */
export function transformDiff(local: TextDiff, remote: TextDiff): TextDiff {
	const remoteEnd = remote.index + remote.remove
	const shift = remote.insert.length - remote.remove
	const localEnd = local.index + local.remove
	if (localEnd <= remote.index) return local
	if (local.index >= remoteEnd) return { ...local, index: local.index + shift }
	// Overlap (rare: both edited the same characters): keep the local insertion and delete only
	// the part of the local range the remote edit did not already replace.
	if (local.index < remote.index) return { index: local.index, remove: remote.index - local.index, insert: local.insert }
	const index = remote.index + remote.insert.length
	return { index, remove: Math.max(0, localEnd - remoteEnd), insert: local.insert }
}

/** Applies a diff to a Y.Text in one transaction. */
export function applyDiff(text: Y.Text, diff: TextDiff, origin?: unknown): void {
	const apply = () => {
		if (diff.remove > 0) text.delete(diff.index, diff.remove)
		if (diff.insert) text.insert(diff.index, diff.insert)
	}
	if (text.doc) text.doc.transact(apply, origin)
	else apply()
}

// FNV-1a: small, stable across runtimes (browser and server compute the same value).
function stableHash(text: string): number {
	let hash = 0x811c9dc5
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i)
		hash = Math.imul(hash, 0x01000193) >>> 0
	}
	return hash >>> 0
}

/**
 * A row id derived from what the row stands for (a meeting participant, a plan goal), so that
 * everyone who creates "the row of X" creates the same row. `prefix` is 'r' plus two letters.
 */
export function derivedRowId(prefix: string, sourceId: string): string {
	const id = `${prefix}${stableHash(sourceId).toString(36)}${stableHash(`${sourceId}#`).toString(36)}`
	return isRowId(id) ? id : `${prefix}${'0'.repeat(8)}`
}

export type PrefillRow = { id: string; cells: Record<string, string>; links?: readonly string[] }

/**
 * The update that adds a table's starting rows (one per participant, one per plan goal…),
 * generated by a client id derived from the rows' content. Like the field template
 * (templateUpdate) every writer who opens the document first produces the very same update —
 * identical struct ids — so Yjs integrates it once however many apply it at the same moment.
 * Writers holding different lists (the source changed in between) produce updates of different
 * client ids that both integrate without diverging; a row in both lists has one id, so the map
 * keeps a single row for it. `doneMetaKey` is set in the same update: the rows are offered once.
 */
export function prefillRowsUpdate(input: {
	purpose: string
	table: string
	columns: readonly string[]
	rows: readonly PrefillRow[]
	doneMetaKey: string
}): Uint8Array {
	const content = JSON.stringify(input.rows.map((row) => [row.id, input.columns.map((key) => row.cells[key] ?? ''), row.links ?? []]))
	let clientId = stableHash(`${input.purpose}:${content}`)
	if (clientId === TEMPLATE_CLIENT_ID) clientId++
	const template = new Y.Doc()
	template.clientID = clientId
	template.transact(() => {
		input.rows.forEach((prefill, index) => {
			const row = new Y.Map<unknown>()
			row.set(ROW_TABLE_KEY, input.table)
			row.set(ROW_ORDER_KEY, index + 1)
			for (const key of input.columns) row.set(key, new Y.Text(prefill.cells[key] ?? ''))
			const links = new Y.Map<boolean>()
			for (const goalId of prefill.links ?? []) links.set(goalId, true)
			row.set(ROW_LINKS_KEY, links)
			rowsMap(template).set(prefill.id, row)
		})
		metaMap(template).set(input.doneMetaKey, clientId)
	})
	const update = Y.encodeStateAsUpdate(template)
	template.destroy()
	return update
}

/** Applies a prefill unless a writer already did (its meta flag is set). Returns whether it applied. */
export function applyPrefillOnce(doc: Y.Doc, doneMetaKey: string, update: () => Uint8Array, origin?: unknown): boolean {
	if (readMeta(doc, doneMetaKey) !== null) return false
	Y.applyUpdate(doc, update(), origin ?? TEMPLATE_ORIGIN)
	return true
}
