import { getSchema } from '@tiptap/core'
import { Fragment, type DOMOutputSpec, type Mark, type Node as PMNode, type NodeType, type Schema } from '@tiptap/pm/model'
import * as Y from 'yjs'
import { buildExtensions, DOCUMENT_FIELD, HEADING_LEVELS, LINK_REL } from './extensions.ts'
import { isAllowedHref } from './links.ts'

/**
 * Turns a stored co-edited document into ProseMirror JSON, plain text and HTML.
 *
 * Stored Yjs content is untrusted: any client with write access can put any XML element,
 * attribute or text format into it. So nothing here copies stored strings into markup.
 * The Yjs tree is read into plain JSON, rebuilt node by node against the editor's schema
 * (unknown nodes, marks and attributes dropped, link targets checked), and HTML is generated
 * from that schema's own `toDOM` specs with every text and attribute escaped.
 */

export type ProseMirrorMarkJSON = { type: string; attrs?: Record<string, unknown> }
export type ProseMirrorJSON = {
	type: string
	attrs?: Record<string, unknown>
	content?: ProseMirrorJSON[]
	marks?: ProseMirrorMarkJSON[]
	text?: string
}

export type RenderedDocument = { json: ProseMirrorJSON; text: string; html: string }

// Bounds for hostile documents: deep nesting would overflow the stack, huge ones the memory.
const MAX_DEPTH = 40
const MAX_NODES = 200_000

let schemaCache: Schema | null = null

/** The schema of the shared extension list (built once). */
export function documentSchema(): Schema {
	schemaCache ??= getSchema(buildExtensions())
	return schemaCache
}

/** Loads stored update(s) into a throwaway Y.Doc, so rendering never touches a live document. */
export function docFromUpdates(updates: Uint8Array | readonly Uint8Array[]): Y.Doc {
	const doc = new Y.Doc()
	const list = updates instanceof Uint8Array ? [updates] : updates
	// One transaction: replaying a long log update by update is several times slower.
	doc.transact(() => {
		for (const update of list) Y.applyUpdate(doc, update)
	})
	return doc
}

/** Reads a document body from Yjs into plain, not yet trusted, ProseMirror-shaped JSON. */
export function yDocToRawJSON(doc: Y.Doc, field: string = DOCUMENT_FIELD): ProseMirrorJSON {
	const fragment = doc.getXmlFragment(field)
	const budget = { nodes: 0 }
	return { type: 'doc', content: readChildren(fragment, 1, budget) }
}

function readChildren(parent: Y.XmlFragment | Y.XmlElement, depth: number, budget: { nodes: number }): ProseMirrorJSON[] {
	if (depth > MAX_DEPTH) return []
	const out: ProseMirrorJSON[] = []
	for (const child of parent.toArray()) {
		if (budget.nodes++ > MAX_NODES) break
		if (child instanceof Y.XmlText) {
			for (const op of child.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>) {
				if (typeof op.insert !== 'string' || op.insert.length === 0) continue
				const text: ProseMirrorJSON = { type: 'text', text: op.insert }
				if (op.attributes) {
					text.marks = Object.entries(op.attributes).map(([name, attrs]) => ({
						// y-tiptap stores marks that may overlap (excludes: '') as "<name>--<hash>".
						type: name.split('--')[0],
						attrs: isPlainObject(attrs) ? attrs : undefined,
					}))
				}
				out.push(text)
			}
		} else if (child instanceof Y.XmlElement) {
			out.push({ type: child.nodeName, attrs: child.getAttributes(), content: readChildren(child, depth + 1, budget) })
		}
		// Y.XmlHook and anything else has no place in a document: dropped.
	}
	return out
}

/**
 * Rebuilds untrusted JSON as a valid document of our schema. Unknown nodes and marks are
 * dropped with their content, attributes are reduced to what the schema declares and checked,
 * links whose target is not allowed lose the link (the text stays), and content that does not
 * fit where it stands is wrapped when ProseMirror knows how or dropped.
 */
export function sanitizeDocument(json: unknown, schema: Schema = documentSchema()): PMNode {
	const budget = { nodes: 0 }
	const children = isPlainObject(json) && Array.isArray(json.content) ? json.content : []
	const built = children.flatMap((child) => buildNode(child, schema, 1, budget))
	const content = fitContent(schema.topNodeType, built)
	return schema.topNodeType.create(null, content ?? schema.topNodeType.contentMatch.fillBefore(Fragment.empty, true) ?? Fragment.empty)
}

function buildNode(json: unknown, schema: Schema, depth: number, budget: { nodes: number }): PMNode[] {
	if (depth > MAX_DEPTH || budget.nodes++ > MAX_NODES) return []
	if (!isPlainObject(json) || typeof json.type !== 'string') return []
	if (json.type === 'text') {
		if (typeof json.text !== 'string' || json.text.length === 0) return []
		return [schema.text(json.text, buildMarks(json.marks, schema))]
	}
	if (!Object.hasOwn(schema.nodes, json.type)) return []
	const type = schema.nodes[json.type]
	if (type === schema.topNodeType || type.isText) return []
	const rawChildren = Array.isArray(json.content) ? json.content : []
	const children = rawChildren
		.flatMap((child) => buildNode(child, schema, depth + 1, budget))
		.map((child) => (child.isText ? child.mark(type.allowedMarks(child.marks)) : child))
	const content = fitContent(type, children)
	if (!content) return []
	return [type.create(nodeAttrs(type, json.attrs), content)]
}

/** Places children into a node's content expression: fitting, wrapping or dropping each. */
function fitContent(type: NodeType, children: PMNode[]): Fragment | null {
	let match = type.contentMatch
	const accepted: PMNode[] = []
	for (const child of children) {
		const next = match.matchType(child.type)
		if (next) {
			accepted.push(child)
			match = next
			continue
		}
		const wrapping = match.findWrapping(child.type)
		if (wrapping && wrapping.length > 0) {
			let wrapped: PMNode | null = child
			for (let i = wrapping.length - 1; i >= 0 && wrapped; i--) wrapped = wrapping[i].createAndFill(null, wrapped)
			const afterWrap = wrapped ? match.matchType(wrapped.type) : null
			if (wrapped && afterWrap) {
				accepted.push(wrapped)
				match = afterWrap
			}
		}
	}
	const fill = match.fillBefore(Fragment.empty, true)
	if (!fill) return null
	return Fragment.from(accepted).append(fill)
}

function nodeAttrs(type: NodeType, raw: unknown): Record<string, unknown> | null {
	const attrs = isPlainObject(raw) ? raw : {}
	switch (type.name) {
		case 'heading': {
			const level = Number(attrs.level)
			const allowed: readonly number[] = HEADING_LEVELS
			return { level: allowed.includes(level) ? level : level > allowed[allowed.length - 1] ? allowed[allowed.length - 1] : allowed[0] }
		}
		case 'orderedList': {
			const start = Number(attrs.start)
			const listType = typeof attrs.type === 'string' && ['1', 'a', 'A', 'i', 'I'].includes(attrs.type) ? attrs.type : null
			return { start: Number.isInteger(start) && start >= 0 && start <= 100_000 ? start : 1, type: listType }
		}
		default:
			// Every other allowed node has no attributes worth keeping.
			return null
	}
}

function buildMarks(raw: unknown, schema: Schema): readonly Mark[] {
	if (!Array.isArray(raw)) return []
	let marks: readonly Mark[] = []
	for (const item of raw) {
		if (!isPlainObject(item) || typeof item.type !== 'string' || !Object.hasOwn(schema.marks, item.type)) continue
		const type = schema.marks[item.type]
		const attrs = isPlainObject(item.attrs) ? item.attrs : {}
		if (type.name === 'link') {
			// A link to somewhere we do not allow is no link at all; its text stays.
			if (!isAllowedHref(attrs.href)) continue
			const title = typeof attrs.title === 'string' && attrs.title.length <= 500 ? attrs.title : null
			marks = type.create({ href: attrs.href, title, target: '_blank', rel: LINK_REL, class: null }).addToSet(marks)
		} else {
			marks = type.create().addToSet(marks)
		}
	}
	return marks
}

/**
 * Plain text of a document: paragraphs separated by a blank line, hard breaks as newlines,
 * list items one per line with "・" or "1." in front (nested lists indented).
 */
export function documentText(node: PMNode): string {
	return blocksText(node, '').trim()
}

function blocksText(parent: PMNode, indent: string): string {
	const parts: string[] = []
	parent.forEach((child) => {
		const part = blockText(child, indent)
		if (part !== null) parts.push(part)
	})
	return parts.join('\n\n')
}

function blockText(node: PMNode, indent: string): string | null {
	if (node.isTextblock) return indent + inlineText(node).replace(/\n/g, `\n${indent}`)
	if (node.type.name === 'bulletList' || node.type.name === 'orderedList') {
		const start = node.type.name === 'orderedList' ? Number(node.attrs.start ?? 1) : 0
		const lines: string[] = []
		node.forEach((item, _offset, index) => {
			const marker = node.type.name === 'orderedList' ? `${start + index}. ` : '・'
			const body = blocksText(item, `${indent}  `).replace(/\n\n/g, '\n').trimStart()
			lines.push(`${indent}${marker}${body}`)
		})
		return lines.join('\n')
	}
	if (node.isLeaf) return null
	return blocksText(node, indent)
}

function inlineText(node: PMNode): string {
	let out = ''
	node.forEach((child) => {
		if (child.isText) out += child.text ?? ''
		else if (child.type.name === 'hardBreak') out += '\n'
	})
	return out
}

/** HTML of a (sanitized) document, generated from the schema's toDOM specs. */
export function documentHTML(node: PMNode): string {
	return renderChildren(node)
}

export function renderDocument(source: Y.Doc | Uint8Array | readonly Uint8Array[]): RenderedDocument {
	const doc = source instanceof Y.Doc ? source : docFromUpdates(source)
	const schema = documentSchema()
	const node = sanitizeDocument(yDocToRawJSON(doc), schema)
	return { json: node.toJSON() as ProseMirrorJSON, text: documentText(node), html: documentHTML(node) }
}

// --- HTML generation -------------------------------------------------------------------

const VOID_ELEMENTS = new Set(['br', 'hr'])
const TAG_PATTERN = /^[a-z][a-z0-9]*$/
const ALLOWED_ATTRIBUTES = new Set(['href', 'title', 'target', 'rel', 'start', 'type'])

function renderChildren(parent: PMNode): string {
	if (parent.inlineContent) return renderInline(parent)
	let out = ''
	parent.forEach((child) => {
		out += renderNode(child)
	})
	return out
}

function renderNode(node: PMNode): string {
	if (node.isText) return escapeText(node.text ?? '')
	const toDOM = node.type.spec.toDOM
	if (!toDOM) return renderChildren(node)
	const { open, close, hole } = renderSpec(toDOM(node))
	return hole ? open + renderChildren(node) + close : open
}

/** Inline content with marks opened and closed like ProseMirror's DOMSerializer does. */
function renderInline(parent: PMNode): string {
	let out = ''
	const stack: Array<{ mark: Mark; close: string }> = []
	parent.forEach((child) => {
		let keep = 0
		while (keep < stack.length && keep < child.marks.length && stack[keep].mark.eq(child.marks[keep])) keep++
		while (stack.length > keep) out += stack.pop()!.close
		for (let i = keep; i < child.marks.length; i++) {
			const mark = child.marks[i]
			const toDOM = mark.type.spec.toDOM
			if (!toDOM) {
				stack.push({ mark, close: '' })
				continue
			}
			const { open, close } = renderSpec(toDOM(mark, true))
			out += open
			stack.push({ mark, close })
		}
		out += renderNode(child)
	})
	while (stack.length > 0) out += stack.pop()!.close
	return out
}

/** Splits a DOMOutputSpec at its content hole ("0") into opening and closing markup. */
function renderSpec(spec: DOMOutputSpec): { open: string; close: string; hole: boolean } {
	if (typeof spec === 'string') return { open: escapeText(spec), close: '', hole: false }
	if (!Array.isArray(spec)) throw new Error('DOM nodes in toDOM specs cannot be rendered on the server')
	const [tag, ...rest] = spec as [string, ...unknown[]]
	if (typeof tag !== 'string' || !TAG_PATTERN.test(tag)) throw new Error(`Unexpected tag in toDOM spec: ${String(tag)}`)
	let index = 0
	let attributes = ''
	const first = rest[0]
	if (isPlainObject(first)) {
		attributes = renderAttributes(first)
		index = 1
	}
	let open = `<${tag}${attributes}>`
	if (VOID_ELEMENTS.has(tag)) return { open, close: '', hole: false }
	let close = ''
	let hole = false
	for (; index < rest.length; index++) {
		const child = rest[index]
		if (child === 0) {
			hole = true
			continue
		}
		const part = renderSpec(child as DOMOutputSpec)
		if (hole) close += part.open + part.close
		else if (part.hole) {
			open += part.open
			close += part.close
			hole = true
		} else open += part.open + part.close
	}
	return { open, close: `${close}</${tag}>`, hole }
}

function renderAttributes(attrs: Record<string, unknown>): string {
	let out = ''
	for (const [name, value] of Object.entries(attrs)) {
		if (value === null || value === undefined || value === false) continue
		if (!ALLOWED_ATTRIBUTES.has(name)) continue
		const text = String(value)
		if (name === 'href' && !isAllowedHref(text)) continue
		out += ` ${name}="${escapeAttribute(text)}"`
	}
	return out
}

function escapeText(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function escapeAttribute(text: string): string {
	return escapeText(text).replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
}
