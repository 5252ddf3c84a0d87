import { FIELDS_ROOT, META_ROOT, ROWS_ROOT } from '#app/document-forms/structure.ts'
import { ALLOWED_MARKS, ALLOWED_NODES, DOCUMENT_ROOTS } from '#app/editor/extensions.ts'
import type { DocumentKind } from '#app/policies/index.ts'

/**
 * What an update may contain, per document kind. Yjs updates are untrusted serialized data:
 * before an update is stored it is decoded and checked against this table (validate-update.ts).
 * The table is derived from the definitions the editor and the renderer are built from —
 * DOCUMENT_ROOTS / ALLOWED_NODES / ALLOWED_MARKS (app/editor/extensions.ts, checked against the
 * Tiptap schema in app/editor/extensions.test.ts) and the structured forms' root names
 * (app/document-forms/structure.ts) — so the guard accepts exactly what an editor can produce.
 *
 * Adding a document kind to DOCUMENT_KINDS in the policy module fails to compile until it has
 * an entry here, so no kind is ever accepted without a schema.
 */
export type RootShape =
	/** a Y.XmlFragment (Tiptap / y-prosemirror); children only, no attributes */
	| 'xml-fragment'
	/** a Y.Map: every root item carries a key */
	| 'map'

/** Nested shared types an update may create (ContentType). */
export type NestedType = 'xml-element' | 'xml-text' | 'map' | 'array' | 'text'

export type DocumentSchema = {
	/** root type names → shape; any other root name is refused */
	roots: Readonly<Record<string, RootShape>>
	nestedTypes: ReadonlySet<NestedType>
	/**
	 * mark names allowed as formatting attributes on Y.XmlText (y-tiptap stores a mark that may
	 * overlap itself as `<name>--<hash>`); empty: no formatting at all
	 */
	marks: ReadonlySet<string>
	/** element names allowed for Y.XmlElement (Tiptap node type names) */
	xmlNodes: ReadonlySet<string>
}

/** Keys: attribute names, mark names (`<name>--<base64 hash>` for overlapping marks), map keys. */
export const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_:.+/=-]{0,199}$/

/**
 * Structured forms (app/document-forms/structure.ts): three root maps — `fields` (key → Y.Text),
 * `meta` (key → scalar) and `rows` (row id → Y.Map of scalars, cell Y.Texts and a `links`
 * Y.Map). Plain text only: no XML, no arrays, no formatting marks.
 */
export const STRUCTURED_FORM_SCHEMA: DocumentSchema = {
	roots: { [FIELDS_ROOT]: 'map', [META_ROOT]: 'map', [ROWS_ROOT]: 'map' },
	nestedTypes: new Set<NestedType>(['map', 'text']),
	marks: new Set(),
	// No Y.XmlElement is ever allowed ('xml-element' is not in nestedTypes).
	xmlNodes: new Set(),
}

/**
 * A rich-text document as the Tiptap editor stores it through y-tiptap: the roots the editor
 * binds, one Y.XmlElement per node (named by its type) except the document itself (the root
 * fragment) and text (Y.XmlText), and the editor's marks as formatting.
 */
function richTextSchema(roots: readonly string[]): DocumentSchema {
	return {
		roots: Object.fromEntries(roots.map((name) => [name, 'xml-fragment' as const])),
		nestedTypes: new Set<NestedType>(['xml-element', 'xml-text']),
		marks: new Set<string>(ALLOWED_MARKS),
		xmlNodes: new Set<string>(ALLOWED_NODES.filter((node) => node !== 'doc' && node !== 'text')),
	}
}

export const DOCUMENT_SCHEMAS: Readonly<Record<DocumentKind, DocumentSchema>> = {
	// The team memo is one Tiptap editor bound to the root Y.XmlFragment DOCUMENT_FIELD.
	note: richTextSchema(DOCUMENT_ROOTS.note),
	// サービス等利用計画 / 障害児支援利用計画
	plan: STRUCTURED_FORM_SCHEMA,
	// 週間計画表, アセスメント, Myライフプラン, クライシスプラン: the same structured-form layout
	weekly: STRUCTURED_FORM_SCHEMA,
	assessment: STRUCTURED_FORM_SCHEMA,
	life_plan: STRUCTURED_FORM_SCHEMA,
	crisis_plan: STRUCTURED_FORM_SCHEMA,
	// 個別支援計画 (one per provider organisation): the same layout, rows link to plan goals
	isp: STRUCTURED_FORM_SCHEMA,
	// サービス担当者会議の記録 (minutes): the same layout, one row per provider's opinion
	minutes: STRUCTURED_FORM_SCHEMA,
	// モニタリング報告書: the same layout, one row per goal of the plan being monitored
	monitoring: STRUCTURED_FORM_SCHEMA,
}

/** The schema for a kind, or null for kinds the collaboration server does not serve. */
export function schemaFor(kind: string): DocumentSchema | null {
	return Object.hasOwn(DOCUMENT_SCHEMAS, kind) ? DOCUMENT_SCHEMAS[kind as DocumentKind] : null
}
