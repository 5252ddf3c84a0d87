import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { decodePersistedSnapshot, deriveSaveState, isSnapshotCovered } from './save-state.ts'

/** The server's durable copy, fed the way the collab server is: by applying client updates. */
function pair() {
	const client = new Y.Doc()
	const server = new Y.Doc()
	const pending: Uint8Array[] = []
	client.on('update', (update: Uint8Array) => pending.push(update))
	return {
		client,
		server,
		text: client.getText('t'),
		/** the server commits everything the client has sent so far */
		flush() {
			for (const update of pending.splice(0)) Y.applyUpdate(server, update)
		},
		/** what MESSAGE_SAVED would carry, after the wire round trip */
		persisted() {
			const snapshot = decodePersistedSnapshot(Y.encodeSnapshot(Y.snapshot(server)))
			if (!snapshot) throw new Error('undecodable')
			return snapshot
		},
		covered() {
			return isSnapshotCovered(Y.snapshot(client), this.persisted())
		},
	}
}

describe('isSnapshotCovered', () => {
	test('an insertion is covered only once the server has stored it', () => {
		const p = pair()
		expect(p.covered()).toBe(true)
		p.text.insert(0, 'こんにちは')
		expect(p.covered()).toBe(false)
		p.flush()
		expect(p.covered()).toBe(true)
	})

	test('a deletion is not saved until the server stores it, although the state vector is unchanged', () => {
		const p = pair()
		p.text.insert(0, 'abcdef')
		p.flush()
		expect(p.covered()).toBe(true)
		const svBefore = Y.encodeStateVector(p.client)
		p.text.delete(1, 3)
		// Deleting creates no new structs: the state vector alone would call this saved.
		expect(Y.encodeStateVector(p.client)).toEqual(svBefore)
		expect(p.covered()).toBe(false)
		p.flush()
		expect(p.covered()).toBe(true)
	})

	test('a deletion of someone else’s text counts too', () => {
		const p = pair()
		const other = new Y.Doc()
		other.getText('t').insert(0, 'from another editor')
		const fromOther = Y.encodeStateAsUpdate(other)
		Y.applyUpdate(p.server, fromOther)
		Y.applyUpdate(p.client, fromOther)
		expect(p.covered()).toBe(true)
		p.text.delete(0, 5)
		expect(p.covered()).toBe(false)
		p.flush()
		expect(p.covered()).toBe(true)
	})

	test('the server knowing more than us (others’ edits) is still covered', () => {
		const p = pair()
		p.text.insert(0, 'mine')
		p.flush()
		p.server.getText('t').insert(0, 'theirs ')
		p.server.getText('t').delete(0, 2)
		expect(p.covered()).toBe(true)
	})

	test('partially stored work is not saved', () => {
		const client = new Y.Doc()
		const server = new Y.Doc()
		const updates: Uint8Array[] = []
		client.on('update', (update: Uint8Array) => updates.push(update))
		const text = client.getText('t')
		text.insert(0, 'one')
		text.insert(3, ' two')
		text.delete(0, 1)
		const covered = () => isSnapshotCovered(Y.snapshot(client), Y.snapshot(server))
		Y.applyUpdate(server, updates[0])
		expect(covered()).toBe(false)
		Y.applyUpdate(server, updates[1])
		// both insertions stored, the deletion not yet
		expect(covered()).toBe(false)
		Y.applyUpdate(server, updates[2])
		expect(covered()).toBe(true)
	})

	test('a local deleted range must sit inside the persisted ranges, touching ranges count as one', () => {
		const sv = new Map([[7, 20]])
		const local = Y.createSnapshot(deleteSet({ 7: [[2, 6]] }), sv)
		expect(isSnapshotCovered(local, Y.createSnapshot(deleteSet({ 7: [[2, 6]] }), sv))).toBe(true)
		expect(isSnapshotCovered(local, Y.createSnapshot(deleteSet({ 7: [[0, 20]] }), sv))).toBe(true)
		// [2,5) + [5,8) together cover [2,8)
		expect(isSnapshotCovered(local, Y.createSnapshot(deleteSet({ 7: [[5, 3], [2, 3]] }), sv))).toBe(true)
		expect(isSnapshotCovered(local, Y.createSnapshot(deleteSet({ 7: [[2, 5]] }), sv))).toBe(false)
		expect(isSnapshotCovered(local, Y.createSnapshot(deleteSet({ 7: [[2, 3], [6, 2]] }), sv))).toBe(false)
		expect(isSnapshotCovered(local, Y.createSnapshot(deleteSet({ 8: [[2, 6]] }), sv))).toBe(false)
	})

	test('a higher local clock for any client is not covered', () => {
		const ds = deleteSet({})
		const local = Y.createSnapshot(ds, new Map([[1, 5], [2, 3]]))
		expect(isSnapshotCovered(local, Y.createSnapshot(ds, new Map([[1, 5], [2, 3]])))).toBe(true)
		expect(isSnapshotCovered(local, Y.createSnapshot(ds, new Map([[1, 5]])))).toBe(false)
		expect(isSnapshotCovered(local, Y.createSnapshot(ds, new Map([[1, 4], [2, 9]])))).toBe(false)
	})
})

describe('decodePersistedSnapshot', () => {
	test('garbage gives null instead of throwing', () => {
		expect(decodePersistedSnapshot(new Uint8Array([255, 255, 255]))).toBeNull()
		expect(decodePersistedSnapshot(new Uint8Array())).toBeNull()
	})
})

describe('deriveSaveState', () => {
	const empty = Y.snapshot(new Y.Doc())
	const withText = (() => {
		const doc = new Y.Doc()
		doc.getText('t').insert(0, 'x')
		return Y.snapshot(doc)
	})()

	test('nothing local and no word from the server yet: connecting', () => {
		expect(deriveSaveState({ local: empty, persisted: null, connection: 'connecting' })).toBe('connecting')
		expect(deriveSaveState({ local: empty, persisted: null, connection: 'online' })).toBe('saved')
	})

	test('covered is saved whatever the connection', () => {
		for (const connection of ['connecting', 'online', 'offline', 'closed'] as const) {
			expect(deriveSaveState({ local: withText, persisted: withText, connection })).toBe('saved')
		}
	})

	test('uncovered changes are saving while online and unsaved otherwise', () => {
		expect(deriveSaveState({ local: withText, persisted: empty, connection: 'online' })).toBe('saving')
		expect(deriveSaveState({ local: withText, persisted: null, connection: 'online' })).toBe('saving')
		expect(deriveSaveState({ local: withText, persisted: empty, connection: 'offline' })).toBe('unsaved')
		expect(deriveSaveState({ local: withText, persisted: null, connection: 'connecting' })).toBe('unsaved')
		expect(deriveSaveState({ local: withText, persisted: empty, connection: 'closed' })).toBe('unsaved')
	})
})

type DeleteSet = ReturnType<typeof Y.createDeleteSet>
type DeleteItem = DeleteSet['clients'] extends Map<number, Array<infer Item>> ? Item : never

/** Builds a DeleteSet from { client: [[clock, len], …] }. */
function deleteSet(ranges: Record<number, Array<[number, number]>>): DeleteSet {
	const ds = Y.createDeleteSet()
	for (const [client, list] of Object.entries(ranges)) {
		ds.clients.set(
			Number(client),
			list.map(([clock, len]) => ({ clock, len }) as DeleteItem),
		)
	}
	return ds
}
