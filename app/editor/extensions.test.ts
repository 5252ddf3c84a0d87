import { getSchema } from '@tiptap/core'
import { describe, expect, test } from 'vitest'
import { ALLOWED_MARKS, ALLOWED_NODES, buildExtensions, DOCUMENT_FIELD, DOCUMENT_ROOTS } from './extensions.ts'

/**
 * The lists the websocket's schema guard is built from (server/collab/document-schema.ts) must
 * be exactly what the editor's extensions make: a node or mark added to (or dropped from) the
 * editor without the list would be refused by (or slip past) the guard.
 */
describe('the editor schema lists match the Tiptap schema', () => {
	const schema = getSchema(buildExtensions())

	test('ALLOWED_NODES are the schema nodes', () => {
		expect(Object.keys(schema.nodes).sort()).toEqual([...ALLOWED_NODES].sort())
	})

	test('ALLOWED_MARKS are the schema marks', () => {
		expect(Object.keys(schema.marks).sort()).toEqual([...ALLOWED_MARKS].sort())
	})

	test('a note binds the one root the collaboration extension is given', () => {
		expect(DOCUMENT_ROOTS.note).toEqual([DOCUMENT_FIELD])
	})
})
