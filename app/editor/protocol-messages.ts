import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type * as Y from 'yjs'
import { MESSAGE_SAVED } from './collab-protocol.ts'
import { decodePersistedSnapshot } from './save-state.ts'

/**
 * Payloads of the two messages the server adds to the y-websocket protocol.
 *
 * Framing of MESSAGE_SAVED: varUint(MESSAGE_SAVED) followed by the snapshot as a
 * varUint8Array — length-prefixed like y-websocket's awareness payload.
 */
export function encodeSavedMessage(snapshot: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder()
	encoding.writeVarUint(encoder, MESSAGE_SAVED)
	encoding.writeVarUint8Array(encoder, snapshot)
	return encoding.toUint8Array(encoder)
}

/**
 * Reads the payload after the message type. Accepts the length-prefixed form and, should a
 * server send the bare snapshot bytes instead, that too; anything undecodable gives null.
 */
export function readSavedSnapshot(decoder: decoding.Decoder): Y.Snapshot | null {
	const start = decoder.pos
	try {
		const bytes = decoding.readVarUint8Array(decoder)
		if (!decoding.hasContent(decoder)) {
			const snapshot = decodePersistedSnapshot(bytes)
			if (snapshot) return snapshot
		}
	} catch {
		// not length-prefixed: fall through to the bare form
	}
	decoder.pos = start
	return decodePersistedSnapshot(decoding.readTailAsUint8Array(decoder))
}

/** MESSAGE_ACCESS payload: a varString 'read' or 'write'; anything else gives null. */
export function readAccessMessage(decoder: decoding.Decoder): 'read' | 'write' | null {
	try {
		const value = decoding.readVarString(decoder)
		return value === 'read' || value === 'write' ? value : null
	} catch {
		return null
	}
}

/** MESSAGE_TOPIC payload: a varString naming a known topic; anything else gives null. */
export function readTopicMessage(decoder: decoding.Decoder, known: readonly string[]): string | null {
	try {
		const value = decoding.readVarString(decoder)
		return known.includes(value) ? value : null
	} catch {
		return null
	}
}
