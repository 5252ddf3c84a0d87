import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { MESSAGE_ACCESS, MESSAGE_AWARENESS, MESSAGE_SAVED, MESSAGE_SYNC, MESSAGE_TOPIC } from '#app/editor/collab-protocol.ts'

/** The one message type y-protocols defines beyond sync and awareness: "send me your awareness". */
export const MESSAGE_QUERY_AWARENESS = 3

/** Server's SyncStep1 (its state vector): the client answers with what the server lacks. */
export function syncStep1Message(doc: Y.Doc): Uint8Array {
	const encoder = encoding.createEncoder()
	encoding.writeVarUint(encoder, MESSAGE_SYNC)
	syncProtocol.writeSyncStep1(encoder, doc)
	return encoding.toUint8Array(encoder)
}

/**
 * SyncStep2 answering a client's state vector. Throws on a malformed vector (callers treat
 * that as an invalid message).
 */
export function syncStep2Message(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder()
	encoding.writeVarUint(encoder, MESSAGE_SYNC)
	syncProtocol.writeSyncStep2(encoder, doc, stateVector)
	return encoding.toUint8Array(encoder)
}

/** A document update as broadcast to every other connection. */
export function updateMessage(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder()
	encoding.writeVarUint(encoder, MESSAGE_SYNC)
	syncProtocol.writeUpdate(encoder, update)
	return encoding.toUint8Array(encoder)
}

/** An awareness update (already filtered and rewritten by the server) as a protocol message. */
export function awarenessMessage(awarenessUpdate: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder()
	encoding.writeVarUint(encoder, MESSAGE_AWARENESS)
	encoding.writeVarUint8Array(encoder, awarenessUpdate)
	return encoding.toUint8Array(encoder)
}

/** MESSAGE_SAVED: the snapshot of what is durably committed (see collab-protocol.ts). */
export function savedMessage(doc: Y.Doc): Uint8Array {
	const encoder = encoding.createEncoder()
	encoding.writeVarUint(encoder, MESSAGE_SAVED)
	encoding.writeVarUint8Array(encoder, Y.encodeSnapshot(Y.snapshot(doc)))
	return encoding.toUint8Array(encoder)
}

/** MESSAGE_ACCESS: the access decided for this connection (see collab-protocol.ts). */
export function accessMessage(access: 'read' | 'write'): Uint8Array {
	const encoder = encoding.createEncoder()
	encoding.writeVarUint(encoder, MESSAGE_ACCESS)
	encoding.writeVarString(encoder, access)
	return encoding.toUint8Array(encoder)
}

/** MESSAGE_TOPIC: something outside the Y.Doc changed (see collab-protocol.ts). */
export function topicMessage(topic: string): Uint8Array {
	const encoder = encoding.createEncoder()
	encoding.writeVarUint(encoder, MESSAGE_TOPIC)
	encoding.writeVarString(encoder, topic)
	return encoding.toUint8Array(encoder)
}
