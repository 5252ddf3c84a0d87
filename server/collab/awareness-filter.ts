import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/**
 * Awareness (presence) is client-supplied: a stock client publishes any name and color it
 * likes, and could publish states for other people's Yjs clientIDs (Outline PR #13804). The
 * server parses each awareness update itself, keeps only entries the connection may speak
 * for, and replaces `user` with the identity it authenticated.
 */
export type AwarenessEntry = {
	clientId: number
	clock: number
	/** null = "this client left" */
	state: Record<string, unknown> | null
}

/** `id` lets clients merge one person's several tabs into one presence entry. */
export type PresenceUser = { id: string; name: string; role: string; color: string }

export type AwarenessParseLimits = { maxEntries: number; maxStateBytes: number }

export type ParsedAwareness = {
	entries: AwarenessEntry[]
	/** entries dropped for size or shape (not an error: the rest of the message still counts) */
	dropped: number
}

const MAX_CLIENT_ID = 0xffff_ffff

/**
 * Decodes a y-protocols awareness update. Throws on bytes that are not an awareness update at
 * all (truncated, invalid JSON, too many entries); the caller closes the connection.
 */
export function parseAwarenessUpdate(update: Uint8Array, limits: AwarenessParseLimits): ParsedAwareness {
	const decoder = decoding.createDecoder(update)
	const count = decoding.readVarUint(decoder)
	if (count > limits.maxEntries) throw new Error('too many awareness entries')
	const entries: AwarenessEntry[] = []
	let dropped = 0
	for (let i = 0; i < count; i++) {
		const clientId = decoding.readVarUint(decoder)
		const clock = decoding.readVarUint(decoder)
		const json = decoding.readVarString(decoder)
		if (json.length > limits.maxStateBytes || clientId > MAX_CLIENT_ID) {
			dropped++
			continue
		}
		const state: unknown = JSON.parse(json)
		if (state === null) entries.push({ clientId, clock, state: null })
		else if (typeof state === 'object' && !Array.isArray(state)) entries.push({ clientId, clock, state: state as Record<string, unknown> })
		else dropped++
	}
	if (decoding.hasContent(decoder)) throw new Error('trailing bytes after awareness update')
	return { entries, dropped }
}

/** Encodes entries back into the y-protocols awareness update format. */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
	const encoder = encoding.createEncoder()
	encoding.writeVarUint(encoder, entries.length)
	for (const entry of entries) {
		encoding.writeVarUint(encoder, entry.clientId)
		encoding.writeVarUint(encoder, entry.clock)
		encoding.writeVarString(encoder, JSON.stringify(entry.state))
	}
	return encoding.toUint8Array(encoder)
}

/** The state as others will see it: whatever the client sent (cursor…), with our `user`. */
export function withServerIdentity(state: Record<string, unknown>, user: PresenceUser): Record<string, unknown> {
	return { ...state, user: { id: user.id, name: user.name, role: user.role, color: user.color } }
}
