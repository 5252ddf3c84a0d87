import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { closeNotice } from './close-reasons.ts'
import { CLOSE, MESSAGE_ACCESS, MESSAGE_SAVED } from './collab-protocol.ts'
import { encodeSavedMessage, readAccessMessage, readSavedSnapshot } from './protocol-messages.ts'

function afterType(message: Uint8Array, expectedType: number): decoding.Decoder {
	const decoder = decoding.createDecoder(message)
	expect(decoding.readVarUint(decoder)).toBe(expectedType)
	return decoder
}

describe('MESSAGE_SAVED', () => {
	test('round-trips a snapshot in the length-prefixed framing', () => {
		const doc = new Y.Doc()
		doc.getText('t').insert(0, 'abc')
		doc.getText('t').delete(0, 1)
		const snapshot = Y.snapshot(doc)
		const read = readSavedSnapshot(afterType(encodeSavedMessage(Y.encodeSnapshot(snapshot)), MESSAGE_SAVED))
		expect(read && Y.equalSnapshots(read, snapshot)).toBe(true)
	})

	test('also reads a bare snapshot and refuses garbage', () => {
		const doc = new Y.Doc()
		doc.getText('t').insert(0, 'abc')
		const bare = Y.encodeSnapshot(Y.snapshot(doc))
		const read = readSavedSnapshot(decoding.createDecoder(bare))
		expect(read && Y.equalSnapshots(read, Y.snapshot(doc))).toBe(true)
		expect(readSavedSnapshot(decoding.createDecoder(new Uint8Array([200, 1, 2])))).toBeNull()
	})
})

describe('MESSAGE_ACCESS', () => {
	test.each([
		['read', 'read'],
		['write', 'write'],
		['admin', null],
	])('%s → %s', (value, expected) => {
		const encoder = encoding.createEncoder()
		encoding.writeVarUint(encoder, MESSAGE_ACCESS)
		encoding.writeVarString(encoder, value)
		expect(readAccessMessage(afterType(encoding.toUint8Array(encoder), MESSAGE_ACCESS))).toBe(expected)
	})

	test('truncated payload gives null', () => {
		expect(readAccessMessage(decoding.createDecoder(new Uint8Array([9, 65])))).toBeNull()
	})
})

describe('closeNotice', () => {
	test('session expiry asks the user to log in again and stops editing', () => {
		expect(closeNotice(CLOSE.unauthenticated)).toMatchObject({ message: expect.stringContaining('ログインの有効期限が切れました'), login: true, stopsEditing: true })
	})

	test('revoked access stops editing without a retry', () => {
		const notice = closeNotice(CLOSE.forbidden)
		expect(notice).toMatchObject({ message: 'この文書へのアクセス権がなくなりました。', stopsEditing: true })
		expect(notice?.retry).toBeFalsy()
	})

	test('rate limiting reconnects by itself later', () => {
		expect(closeNotice(CLOSE.tooManyMessages)).toMatchObject({ autoRetryMs: expect.any(Number), stopsEditing: true })
	})

	test('an access change and storage failures are passing events', () => {
		expect(closeNotice(CLOSE.authorizationChanged)).toMatchObject({ tone: 'info', stopsEditing: false })
		expect(closeNotice(CLOSE.storageFailure)).toMatchObject({ tone: 'info', stopsEditing: false })
	})

	test('ordinary closes say nothing; unknown 44xx codes stop with a retry button', () => {
		expect(closeNotice(1000)).toBeNull()
		expect(closeNotice(1006)).toBeNull()
		expect(closeNotice(4470)).toMatchObject({ retry: true, stopsEditing: true })
	})
})
