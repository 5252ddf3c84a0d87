import { describe, expect, test } from 'vitest'
import { decodeCommitted, decodeFrame, encodeCommitted, encodeFrame, FRAME, INSTANCE_ID_BYTES, newInstanceId } from './frames.ts'

describe('cluster frames', () => {
	test('round trip: sender, type and body survive; committed ids decode', () => {
		const sender = newInstanceId()
		const frame = decodeFrame(encodeFrame(sender, FRAME.committed, encodeCommitted(123_456_789)))
		expect(frame?.sender.equals(sender)).toBe(true)
		expect(frame?.type).toBe(FRAME.committed)
		expect(decodeCommitted(frame!.body)).toBe(123_456_789)
	})

	test('anything malformed is refused, never thrown', () => {
		expect(decodeFrame(Buffer.alloc(INSTANCE_ID_BYTES))).toBeNull()
		const unknownType = Buffer.alloc(INSTANCE_ID_BYTES + 1)
		unknownType[INSTANCE_ID_BYTES] = 9
		expect(decodeFrame(unknownType)).toBeNull()
		expect(decodeCommitted(Buffer.alloc(3))).toBeNull()
		expect(decodeCommitted(Buffer.alloc(8))).toBeNull() // id 0
		expect(decodeCommitted(Buffer.from('ffffffffffffffff', 'hex'))).toBeNull() // beyond 2^53
	})
})
