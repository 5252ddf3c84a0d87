import * as Y from 'yjs'

/**
 * Is everything this browser knows durably stored on the server?
 *
 * The server sends `Y.encodeSnapshot(Y.snapshot(serverDoc))` of what is committed to SQLite
 * (MESSAGE_SAVED). A Yjs snapshot is a state vector (per client: how many structs exist) plus
 * a delete set (which struct ranges are deleted). Our local document is saved when the
 * persisted snapshot covers the local one on both counts:
 *   - every client clock we have is ≤ the persisted clock for that client (our insertions,
 *     and everything we received, are stored), and
 *   - every deleted range we have is inside a persisted deleted range (our deletions are
 *     stored — a deletion does not advance the state vector, so clocks alone would miss it).
 */

type Range = { clock: number; len: number }

/** The delete set of a snapshot as sorted, merged ranges per client. */
function deleteRanges(snapshot: Y.Snapshot): Map<number, Range[]> {
	const result = new Map<number, Range[]>()
	for (const [client, items] of snapshot.ds.clients) {
		const sorted = items
			.filter((item) => item.len > 0)
			.map((item) => ({ clock: item.clock, len: item.len }))
			.sort((a, b) => a.clock - b.clock)
		const merged: Range[] = []
		for (const range of sorted) {
			const last = merged[merged.length - 1]
			if (last && range.clock <= last.clock + last.len) {
				last.len = Math.max(last.len, range.clock + range.len - last.clock)
			} else merged.push({ ...range })
		}
		result.set(client, merged)
	}
	return result
}

/** True when `persisted` contains everything `local` contains (clocks and deletions). */
export function isSnapshotCovered(local: Y.Snapshot, persisted: Y.Snapshot): boolean {
	for (const [client, clock] of local.sv) {
		if (clock > (persisted.sv.get(client) ?? 0)) return false
	}
	const stored = deleteRanges(persisted)
	for (const [client, ranges] of deleteRanges(local)) {
		const covering = stored.get(client) ?? []
		for (const range of ranges) {
			// Merged ranges never touch, so one of them must hold the whole local range.
			const end = range.clock + range.len
			if (!covering.some((c) => c.clock <= range.clock && end <= c.clock + c.len)) return false
		}
	}
	return true
}

/** Decodes a MESSAGE_SAVED payload; null when it is not a snapshot. */
export function decodePersistedSnapshot(bytes: Uint8Array): Y.Snapshot | null {
	try {
		return Y.decodeSnapshot(bytes)
	} catch {
		return null
	}
}

/** Whether the local document holds anything at all (an empty doc has nothing to save). */
export function hasContent(snapshot: Y.Snapshot): boolean {
	return snapshot.sv.size > 0 || snapshot.ds.clients.size > 0
}

export type ConnectionState =
	/** first connection not yet synchronised */
	| 'connecting'
	/** synchronised with the server */
	| 'online'
	/** the connection dropped; y-websocket is retrying */
	| 'offline'
	/** the server refused or ended the connection for good (see the close reason) */
	| 'closed'

export type SaveState = 'saved' | 'saving' | 'unsaved' | 'connecting'

export const SAVE_STATE_LABELS: Record<SaveState, string> = {
	saved: '保存済み',
	saving: '保存中',
	unsaved: '未保存',
	connecting: '接続中…',
}

export const CONNECTION_LABELS: Record<ConnectionState, string> = {
	connecting: '接続中…',
	online: 'オンライン',
	offline: 'オフライン',
	closed: '切断',
}

/**
 * The save indicator:
 *   保存済み — the persisted snapshot covers the local one;
 *   保存中  — connected, with local changes the server has not confirmed yet;
 *   未保存  — not connected, with local changes (they live only in this tab's memory);
 *   接続中… — nothing local yet, waiting for the first sync.
 */
export function deriveSaveState(input: {
	local: Y.Snapshot
	persisted: Y.Snapshot | null
	connection: ConnectionState
}): SaveState {
	const { local, persisted, connection } = input
	if (persisted && isSnapshotCovered(local, persisted)) return 'saved'
	if (!persisted && !hasContent(local)) return connection === 'online' ? 'saved' : 'connecting'
	return connection === 'online' ? 'saving' : 'unsaved'
}
