import { randomBytes } from 'node:crypto'

/**
 * The wire format between instances: every Redis message starts with the sending instance's
 * 16-byte id (so an instance ignores what it published itself — Redis delivers a publisher's
 * own messages to its subscriber connection) and one byte saying what follows.
 */
export const INSTANCE_ID_BYTES = 16

export const FRAME = {
	/** a document's update log grew: 8-byte big-endian id of the newest committed row */
	committed: 1,
	/** an awareness update (y-protocols encoding), already filtered by the sending instance */
	awareness: 2,
	/** a JSON-encoded process event (authorization change, document topic) */
	event: 3,
} as const
export type FrameType = (typeof FRAME)[keyof typeof FRAME]

export type Frame = { sender: Buffer; type: FrameType; body: Buffer }

export function newInstanceId(): Buffer {
	return randomBytes(INSTANCE_ID_BYTES)
}

export function encodeFrame(sender: Buffer, type: FrameType, body: Uint8Array): Buffer {
	const frame = Buffer.allocUnsafe(INSTANCE_ID_BYTES + 1 + body.byteLength)
	sender.copy(frame, 0, 0, INSTANCE_ID_BYTES)
	frame[INSTANCE_ID_BYTES] = type
	frame.set(body, INSTANCE_ID_BYTES + 1)
	return frame
}

/** Null for anything that is not a well-formed frame (never thrown: it arrives from the network). */
export function decodeFrame(message: Buffer): Frame | null {
	if (message.byteLength < INSTANCE_ID_BYTES + 1) return null
	const type = message[INSTANCE_ID_BYTES]
	if (type !== FRAME.committed && type !== FRAME.awareness && type !== FRAME.event) return null
	return {
		sender: message.subarray(0, INSTANCE_ID_BYTES),
		type,
		body: message.subarray(INSTANCE_ID_BYTES + 1),
	}
}

export function encodeCommitted(lastUpdateId: number): Buffer {
	const body = Buffer.allocUnsafe(8)
	body.writeBigUInt64BE(BigInt(lastUpdateId))
	return body
}

export function decodeCommitted(body: Buffer): number | null {
	if (body.byteLength !== 8) return null
	const id = Number(body.readBigUInt64BE())
	return Number.isSafeInteger(id) && id > 0 ? id : null
}
