import * as Y from 'yjs'
import { safeColor } from '#app/editor/presence.ts'

/**
 * Other people's carets and selections inside a plain text field.
 *
 * Each writer publishes in awareness `cursor`: the field's presence key and the selection as
 * two Yjs relative positions (anchor = where the selection started, head = where the caret
 * is). Relative positions point at characters, not offsets, so a caret stays on the same
 * character while anyone types before it — the receiver turns them back into offsets in its
 * own copy of the text. Nothing about carets is stored in the document.
 */

/** What a writer publishes as awareness `cursor` (relative positions in their JSON form). */
export type FieldCursor = { field: string; anchor: unknown; head: unknown }

export type RemoteCaret = {
	clientId: number
	name: string
	color: string
	/** offsets in the text as this browser has it now */
	anchor: number
	head: number
}

/** The awareness `cursor` for a selection in a field bound to `text`. */
export function fieldCursor(text: Y.Text, field: string, anchor: number, head: number): FieldCursor {
	return {
		field,
		anchor: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, anchor)),
		head: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, head)),
	}
}

function absoluteIndex(json: unknown, text: Y.Text): number | null {
	const doc = text.doc
	if (!doc || !json || typeof json !== 'object') return null
	try {
		const position = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(json), doc)
		if (!position || position.type !== text) return null
		return Math.max(0, Math.min(text.length, position.index))
	} catch {
		// a malformed position from another client draws nothing
		return null
	}
}

/** The carets of other people in this field, as offsets in `text`, from awareness states. */
export function remoteCaretsIn(states: ReadonlyMap<number, unknown>, selfClientId: number, field: string, text: Y.Text): RemoteCaret[] {
	const carets: RemoteCaret[] = []
	for (const [clientId, state] of states) {
		if (clientId === selfClientId || !state || typeof state !== 'object') continue
		const { cursor, user } = state as { cursor?: unknown; user?: unknown }
		if (!cursor || typeof cursor !== 'object' || (cursor as FieldCursor).field !== field) continue
		if (!user || typeof user !== 'object') continue
		const { name, color } = user as { name?: unknown; color?: unknown }
		if (typeof name !== 'string' || !name.trim()) continue
		const head = absoluteIndex((cursor as FieldCursor).head, text)
		if (head === null) continue
		const anchor = absoluteIndex((cursor as FieldCursor).anchor, text) ?? head
		carets.push({ clientId, name: name.slice(0, 80), color: safeColor(color), anchor, head })
	}
	return carets.sort((a, b) => a.clientId - b.clientId)
}

export type CaretPiece =
	| { kind: 'text'; text: string; selectedBy: RemoteCaret[] }
	| { kind: 'caret'; caret: RemoteCaret }

/**
 * The field's text cut into pieces for the overlay mirror: runs of text with the people whose
 * selection covers them, and a zero-width caret piece at each person's head. The pieces'
 * texts joined give back `value` exactly, so the mirror wraps lines where the field does.
 */
export function caretPieces(value: string, carets: readonly RemoteCaret[]): CaretPiece[] {
	const clamp = (n: number) => Math.max(0, Math.min(value.length, n))
	const cuts = new Set([0, value.length])
	for (const c of carets) {
		cuts.add(clamp(c.anchor))
		cuts.add(clamp(c.head))
	}
	const points = [...cuts].sort((a, b) => a - b)
	const pieces: CaretPiece[] = []
	const caretsAt = (offset: number) => {
		for (const c of carets) if (clamp(c.head) === offset) pieces.push({ kind: 'caret', caret: c })
	}
	for (let i = 0; i < points.length - 1; i++) {
		const [from, to] = [points[i], points[i + 1]]
		caretsAt(from)
		const selectedBy = carets.filter((c) => Math.min(clamp(c.anchor), clamp(c.head)) <= from && Math.max(clamp(c.anchor), clamp(c.head)) >= to && c.anchor !== c.head)
		pieces.push({ kind: 'text', text: value.slice(from, to), selectedBy })
	}
	caretsAt(value.length)
	return pieces
}

/** A selection's background: the person's colour, translucent so the text stays readable. */
export function selectionBackground(color: string): string {
	return `${safeColor(color)}40`
}
