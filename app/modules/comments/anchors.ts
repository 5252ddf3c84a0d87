import * as Y from 'yjs'
import { STRUCTURE_KEY_PATTERN, cellText, fieldText, isRowId, rowsMap } from '#app/document-forms/structure.ts'

/**
 * Where a comment is attached inside a structured form (app/document-forms/structure.ts). Pure and
 * shared: the browser resolves anchors to highlight them, the server validates new ones against
 * the stored document and computes their quote, tests check both.
 *
 * A target is a field, a table cell or a whole table row. A passage inside a field or cell is
 * a pair of Yjs relative positions into that Y.Text: they follow the characters they were
 * created on while others edit around them, and — being ids of stored structs — survive a
 * reload and a server restart. The start sticks to the first character of the passage and
 * the end to the last one, so text typed just before or just after does not join it.
 */

export type AnchorTarget =
	| { kind: 'field'; key: string }
	| { kind: 'cell'; rowId: string; column: string }
	| { kind: 'row'; rowId: string }

/** A stored anchor: the target string and base64 relative positions ('' for whole field / row). */
export type StoredAnchor = { target: string; start: string; end: string }

export type ResolvedAnchor =
	/** whole field / row: from = to = 0, text = the field's text ('' for a row) */
	| { state: 'attached'; whole: boolean; from: number; to: number; text: string }
	/** the target or the passage's text is gone */
	| { state: 'detached' }
	/** made on text this copy of the document has not received yet */
	| { state: 'pending' }

/** Longest base64 relative position accepted (a real one is under 40 characters). */
export const MAX_RELPOS_LENGTH = 128
/** Longest quote kept with a comment. */
export const QUOTE_MAX_LENGTH = 200

const BASE64_PATTERN = /^[A-Za-z0-9+/]+={0,2}$/

export function parseTarget(value: unknown): AnchorTarget | null {
	if (typeof value !== 'string' || value.length > 200) return null
	const parts = value.split(':')
	if (parts[0] === 'field' && parts.length === 2 && STRUCTURE_KEY_PATTERN.test(parts[1])) return { kind: 'field', key: parts[1] }
	if (parts[0] === 'cell' && parts.length === 3 && isRowId(parts[1]) && STRUCTURE_KEY_PATTERN.test(parts[2])) {
		return { kind: 'cell', rowId: parts[1], column: parts[2] }
	}
	if (parts[0] === 'row' && parts.length === 2 && isRowId(parts[1])) return { kind: 'row', rowId: parts[1] }
	return null
}

export function formatTarget(target: AnchorTarget): string {
	switch (target.kind) {
		case 'field':
			return `field:${target.key}`
		case 'cell':
			return `cell:${target.rowId}:${target.column}`
		case 'row':
			return `row:${target.rowId}`
	}
}

/**
 * The comment target of a bound text field's presence key (CollabTextField's `fieldKey`):
 * "field:<key>" stays, a cell's "row:<rowId>:<column>" becomes "cell:<rowId>:<column>".
 */
export function targetOfFieldKey(fieldKey: string): string | null {
	const parts = fieldKey.split(':')
	const target = parts[0] === 'row' && parts.length === 3 ? `cell:${parts[1]}:${parts[2]}` : fieldKey
	return parseTarget(target) ? target : null
}

/** The Y.Text a field or cell target names; null for rows and missing targets. */
export function targetText(doc: Y.Doc, target: AnchorTarget): Y.Text | null {
	if (target.kind === 'field') return fieldText(doc, target.key)
	if (target.kind === 'cell') return cellText(doc, target.rowId, target.column)
	return null
}

/** Whether the target currently exists in the document. */
export function targetExists(doc: Y.Doc, target: AnchorTarget): boolean {
	if (target.kind === 'row') return rowsMap(doc).get(target.rowId) instanceof Y.Map
	return targetText(doc, target) !== null
}

export function encodeRelPos(position: Y.RelativePosition): string {
	let binary = ''
	for (const byte of Y.encodeRelativePosition(position)) binary += String.fromCharCode(byte)
	return btoa(binary)
}

/**
 * Decodes a base64 relative position; null for anything malformed. Positions naming a root
 * type (`tname`) are refused: form texts are never roots, and resolving one would create a
 * root of that name in the document.
 */
export function decodeRelPos(value: unknown): Y.RelativePosition | null {
	if (typeof value !== 'string' || value.length === 0 || value.length > MAX_RELPOS_LENGTH || !BASE64_PATTERN.test(value)) return null
	try {
		const binary = atob(value)
		const bytes = new Uint8Array(binary.length)
		for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
		const position = Y.decodeRelativePosition(bytes)
		if (position.tname !== null || (position.item === null && position.type === null)) return null
		return position
	} catch {
		return null
	}
}

/** Relative positions for the passage [from, to) of a text (from < to). */
export function createRangeAnchor(text: Y.Text, from: number, to: number): { start: string; end: string } {
	return {
		start: encodeRelPos(Y.createRelativePositionFromTypeIndex(text, from, 0)),
		end: encodeRelPos(Y.createRelativePositionFromTypeIndex(text, to, -1)),
	}
}

type Absolute = { type: Y.AbstractType<unknown>; index: number } | 'pending' | null

function absolute(position: Y.RelativePosition, doc: Y.Doc): Absolute {
	try {
		const result = Y.createAbsolutePositionFromRelativePosition(position, doc)
		if (result) return result
		// null: a struct this document has not seen yet (or one collected as garbage).
		const id = position.item ?? position.type
		return id && Y.getState(doc.store, id.client) <= id.clock ? 'pending' : null
	} catch {
		return null
	}
}

/**
 * Where an anchor is now. Detached when its target is gone, or when the passage it was made
 * on has been deleted (its range collapsed). A passage partly deleted stays attached to what
 * is left of it.
 */
export function resolveAnchor(doc: Y.Doc, anchor: StoredAnchor): ResolvedAnchor {
	const target = parseTarget(anchor.target)
	if (!target || !targetExists(doc, target)) return { state: 'detached' }
	const text = targetText(doc, target)
	if (!anchor.start && !anchor.end) return { state: 'attached', whole: true, from: 0, to: 0, text: text?.toString() ?? '' }
	if (!text) return { state: 'detached' }
	const start = decodeRelPos(anchor.start)
	const end = decodeRelPos(anchor.end)
	if (!start || !end) return { state: 'detached' }
	const a = absolute(start, doc)
	const b = absolute(end, doc)
	if (a === 'pending' || b === 'pending') return { state: 'pending' }
	if (!a || !b || a.type !== text || b.type !== text || a.index >= b.index) return { state: 'detached' }
	const value = text.toString()
	return { state: 'attached', whole: false, from: a.index, to: b.index, text: value.slice(a.index, b.index) }
}

/** One line of at most QUOTE_MAX_LENGTH characters. */
export function quoteOf(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim()
	const chars = Array.from(flat)
	return chars.length > QUOTE_MAX_LENGTH ? `${chars.slice(0, QUOTE_MAX_LENGTH - 1).join('')}…` : flat
}

/** The text a whole-target comment quotes: the field or cell, or a row's cells in column order. */
export function wholeTargetText(doc: Y.Doc, target: AnchorTarget, columns: readonly string[] = []): string {
	if (target.kind !== 'row') return targetText(doc, target)?.toString() ?? ''
	const row = rowsMap(doc).get(target.rowId)
	if (!(row instanceof Y.Map)) return ''
	const keys = columns.length > 0 ? columns : [...row.keys()].filter((k) => row.get(k) instanceof Y.Text).sort()
	return keys
		.map((key) => {
			const cell = row.get(key)
			return cell instanceof Y.Text ? cell.toString().trim() : ''
		})
		.filter(Boolean)
		.join(' / ')
}

export type AnchorCheck =
	| { ok: true; anchor: StoredAnchor; quote: string }
	| { ok: false; reason: 'target' | 'range' | 'pending' }

/**
 * Checks an anchor a client sent against the current document state and computes its quote
 * from that state (a client-sent quote is never trusted). A range must resolve to a non-empty
 * passage of the named target's own text.
 */
export function checkAnchor(doc: Y.Doc, input: { target: unknown; start: unknown; end: unknown }, rowColumns?: readonly string[]): AnchorCheck {
	const target = parseTarget(input.target)
	if (!target || !targetExists(doc, target)) return { ok: false, reason: 'target' }
	const canonical = formatTarget(target)
	const start = typeof input.start === 'string' ? input.start : ''
	const end = typeof input.end === 'string' ? input.end : ''
	if (!start && !end) {
		return { ok: true, anchor: { target: canonical, start: '', end: '' }, quote: quoteOf(wholeTargetText(doc, target, rowColumns)) }
	}
	if (target.kind === 'row') return { ok: false, reason: 'range' }
	const resolved = resolveAnchor(doc, { target: canonical, start, end })
	if (resolved.state === 'pending') return { ok: false, reason: 'pending' }
	if (resolved.state !== 'attached' || resolved.whole || !resolved.text.trim()) return { ok: false, reason: 'range' }
	return { ok: true, anchor: { target: canonical, start, end }, quote: quoteOf(resolved.text) }
}
