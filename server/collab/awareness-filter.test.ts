import * as encoding from 'lib0/encoding'
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { describe, expect, test } from 'vitest'
import { colorForUser } from '#app/editor/presence.ts'
import { encodeAwarenessEntries, parseAwarenessUpdate, withServerIdentity } from './awareness-filter.ts'

const limits = { maxEntries: 4, maxStateBytes: 100 }

function rawUpdate(entries: Array<[number, number, string]>, trailing: number[] = []): Uint8Array {
	const encoder = encoding.createEncoder()
	encoding.writeVarUint(encoder, entries.length)
	for (const [id, clock, json] of entries) {
		encoding.writeVarUint(encoder, id)
		encoding.writeVarUint(encoder, clock)
		encoding.writeVarString(encoder, json)
	}
	for (const byte of trailing) encoding.writeUint8(encoder, byte)
	return encoding.toUint8Array(encoder)
}

describe('parseAwarenessUpdate', () => {
	test('reads what y-protocols writes and round-trips through encodeAwarenessEntries', () => {
		const awareness = new Awareness(new Y.Doc())
		awareness.setLocalState({ cursor: { anchor: 1 }, user: { name: 'x' } })
		const update = encodeAwarenessUpdate(awareness, [awareness.clientID])
		const parsed = parseAwarenessUpdate(update, { maxEntries: 4, maxStateBytes: 1000 })
		expect(parsed.entries).toEqual([{ clientId: awareness.clientID, clock: 1, state: { cursor: { anchor: 1 }, user: { name: 'x' } } }])
		expect(encodeAwarenessEntries(parsed.entries)).toEqual(update)
		awareness.destroy()
	})

	test('drops oversized and non-object states but keeps the rest', () => {
		const parsed = parseAwarenessUpdate(
			rawUpdate([
				[1, 1, JSON.stringify({ pad: 'x'.repeat(200) })],
				[2, 1, '42'],
				[3, 1, '[1]'],
				[4, 2, 'null'],
			]),
			limits,
		)
		expect(parsed.entries).toEqual([{ clientId: 4, clock: 2, state: null }])
		expect(parsed.dropped).toBe(3)
	})

	test('throws on invalid JSON, too many entries, truncation and trailing bytes', () => {
		expect(() => parseAwarenessUpdate(rawUpdate([[1, 1, '{']]), limits)).toThrow()
		expect(() => parseAwarenessUpdate(rawUpdate(Array.from({ length: 5 }, (_, i): [number, number, string] => [i, 1, 'null'])), limits)).toThrow()
		expect(() => parseAwarenessUpdate(rawUpdate([[1, 1, 'null']]).slice(0, 3), limits)).toThrow()
		expect(() => parseAwarenessUpdate(rawUpdate([[1, 1, 'null']], [0]), limits)).toThrow()
		expect(() => parseAwarenessUpdate(new Uint8Array(0), limits)).toThrow()
	})

	test('a clientID beyond 32 bits is dropped', () => {
		expect(parseAwarenessUpdate(rawUpdate([[2 ** 40, 1, '{}']]), limits).dropped).toBe(1)
	})
})

describe('withServerIdentity', () => {
	test('replaces whatever user the client claimed and keeps the rest of the state', () => {
		const state = withServerIdentity({ user: { name: '偽物', color: '#000', admin: true }, cursor: { anchor: 3 } }, { id: 'user-sodan', name: '田中 陽子', role: '相談支援専門員', color: '#d1495b' })
		expect(state).toEqual({ cursor: { anchor: 3 }, user: { id: 'user-sodan', name: '田中 陽子', role: '相談支援専門員', color: '#d1495b' } })
	})

	test('cannot be used for prototype pollution', () => {
		const parsed = parseAwarenessUpdate(rawUpdate([[1, 1, '{"__proto__":{"polluted":true}}']]), limits)
		const state = withServerIdentity(parsed.entries[0].state!, { id: 'u', name: 'a', role: 'b', color: '#fff' })
		expect(({} as Record<string, unknown>).polluted).toBeUndefined()
		expect(JSON.parse(JSON.stringify(state)).user.name).toBe('a')
	})
})

describe('colorForUser', () => {
	test('is stable per user and spreads users over the palette', () => {
		expect(colorForUser('user-sodan')).toBe(colorForUser('user-sodan'))
		const colors = new Set(Array.from({ length: 50 }, (_, i) => colorForUser(`user-${i}`)))
		expect(colors.size).toBeGreaterThan(6)
		for (const color of colors) expect(color).toMatch(/^#[0-9a-f]{6}$/)
	})
})
