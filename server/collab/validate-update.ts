import * as Y from 'yjs'
import { KEY_PATTERN, type DocumentSchema, type NestedType } from './document-schema.ts'

/**
 * Checks an incoming Yjs update before it is stored. Write-ahead means whatever passes here
 * is committed and then replayed on every load, so a malformed update must never get past:
 * Y.applyUpdate has hung on empty buffers (yjs#498) and thrown deep inside integration on
 * crafted ones (yjs#479, #599). Decoding alone (Y.decodeUpdate) reads the whole update and
 * throws on truncation without touching any document.
 */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>

export type UpdateCheck =
	| { ok: true; empty: boolean; decoded: DecodedUpdate }
	| { ok: false; reason: UpdateRejection }

export type UpdateRejection =
	| 'empty-bytes'
	| 'too-large'
	| 'malformed'
	| 'root-not-allowed'
	| 'root-shape'
	| 'subdocument'
	| 'binary-content'
	| 'embed-content'
	| 'json-content'
	| 'formatting-not-allowed'
	| 'mark-not-allowed'
	| 'type-not-allowed'
	| 'bad-key'
	| 'bad-node-name'

/** Validates bytes + structure + schema. Never throws. */
export function validateUpdate(update: Uint8Array, schema: DocumentSchema, maxBytes: number): UpdateCheck {
	if (update.byteLength === 0) return { ok: false, reason: 'empty-bytes' }
	if (update.byteLength > maxBytes) return { ok: false, reason: 'too-large' }
	let decoded: DecodedUpdate
	try {
		decoded = Y.decodeUpdate(update)
	} catch {
		return { ok: false, reason: 'malformed' }
	}
	for (const struct of decoded.structs) {
		if (!(struct instanceof Y.Item)) continue // GC and Skip carry no content
		const rejection = checkItem(struct, schema)
		if (rejection) return { ok: false, reason: rejection }
	}
	const empty = decoded.structs.length === 0 && decoded.ds.clients.size === 0
	return { ok: true, empty, decoded }
}

function checkItem(item: Y.Item, schema: DocumentSchema): UpdateRejection | null {
	// A string parent names a root type. Items that have an origin inherit parent and key from
	// their neighbour, so every root is introduced by at least one item checked here.
	const parent = item.parent as unknown
	if (typeof parent === 'string') {
		const shape = Object.hasOwn(schema.roots, parent) ? schema.roots[parent] : undefined
		if (!shape) return 'root-not-allowed'
		if (shape === 'xml-fragment' && item.parentSub !== null) return 'root-shape'
		if (shape === 'map' && item.parentSub === null) return 'root-shape'
	}
	if (item.parentSub !== null && !KEY_PATTERN.test(item.parentSub)) return 'bad-key'
	const content = item.content
	if (content instanceof Y.ContentString || content instanceof Y.ContentDeleted || content instanceof Y.ContentAny) {
		return null
	}
	if (content instanceof Y.ContentFormat) {
		if (schema.marks.size === 0) return 'formatting-not-allowed'
		if (!KEY_PATTERN.test(content.key)) return 'bad-key'
		// y-tiptap names a mark that may overlap itself "<name>--<hash>"; the name must be the editor's.
		return schema.marks.has(content.key.split('--')[0]) ? null : 'mark-not-allowed'
	}
	if (content instanceof Y.ContentType) {
		const kind = nestedTypeOf(content.type)
		if (!kind || !schema.nestedTypes.has(kind)) return 'type-not-allowed'
		if (kind === 'xml-element' && !schema.xmlNodes.has((content.type as Y.XmlElement).nodeName)) return 'bad-node-name'
		return null
	}
	if (content instanceof Y.ContentDoc) return 'subdocument'
	if (content instanceof Y.ContentBinary) return 'binary-content'
	if (content instanceof Y.ContentEmbed) return 'embed-content'
	if (content instanceof Y.ContentJSON) return 'json-content'
	return 'type-not-allowed'
}

// Exact constructors: XmlElement extends XmlFragment, XmlText extends Text, XmlHook extends Map.
function nestedTypeOf(type: Y.AbstractType<unknown>): NestedType | null {
	switch (type.constructor) {
		case Y.XmlElement:
			return 'xml-element'
		case Y.XmlText:
			return 'xml-text'
		case Y.Map:
			return 'map'
		case Y.Array:
			return 'array'
		case Y.Text:
			return 'text'
		default:
			return null // XmlFragment nested, XmlHook, unknown
	}
}

/**
 * True when applying the update would change nothing: every struct is already integrated and
 * every deletion already applied. A reconnecting client's SyncStep2 always repeats its whole
 * delete set; storing those would grow the log on every reconnect.
 */
export function isCoveredBy(decoded: DecodedUpdate, doc: Y.Doc): boolean {
	const store = doc.store
	for (const struct of decoded.structs) {
		if (struct instanceof Y.Skip) continue
		if (struct.id.clock + struct.length > Y.getState(store, struct.id.client)) return false
	}
	for (const [client, deletes] of decoded.ds.clients) {
		const structs = store.clients.get(client)
		if (!structs) return false
		const state = Y.getState(store, client)
		for (const range of deletes) {
			if (range.len === 0) continue
			const end = range.clock + range.len
			if (end > state) return false
			let index = Y.findIndexSS(structs, range.clock)
			for (; index < structs.length && structs[index].id.clock < end; index++) {
				if (!structs[index].deleted) return false
			}
		}
	}
	return true
}
