import type { DocumentKind } from '#app/policies/index.ts'

/**
 * What an update may contain, per document kind. Yjs updates are untrusted serialized data:
 * before an update is stored it is decoded and checked against this table (validate-update.ts).
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
	/** formatting attributes (marks on Y.XmlText / Y.Text) */
	allowFormatting: boolean
	/** element names allowed for Y.XmlElement (Tiptap node type names) */
	xmlNodeName: RegExp
}

/** Keys: attribute names, mark names (`comment--<base64 hash>` for overlapping marks), map keys. */
export const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_:.+/=-]{0,199}$/

/**
 * Structured forms (app/documents/structure.ts): three root maps — `fields` (key → Y.Text),
 * `meta` (key → scalar) and `rows` (row id → Y.Map of scalars, cell Y.Texts and a `links`
 * Y.Map). Plain text only: no XML, no arrays, no formatting marks.
 */
export const STRUCTURED_FORM_SCHEMA: DocumentSchema = {
	roots: { fields: 'map', meta: 'map', rows: 'map' },
	nestedTypes: new Set<NestedType>(['map', 'text']),
	allowFormatting: false,
	// No Y.XmlElement is ever allowed ('xml-element' is not in nestedTypes); never matches.
	xmlNodeName: /(?!)/,
}

export const DOCUMENT_SCHEMAS: Readonly<Record<DocumentKind, DocumentSchema>> = {
	// The team memo is one Tiptap editor. @tiptap/extension-collaboration binds the root
	// Y.XmlFragment named by its `field` option, whose default is 'default'.
	note: {
		roots: { default: 'xml-fragment' },
		nestedTypes: new Set<NestedType>(['xml-element', 'xml-text']),
		allowFormatting: true,
		xmlNodeName: /^[A-Za-z][A-Za-z0-9_]{0,63}$/,
	},
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
