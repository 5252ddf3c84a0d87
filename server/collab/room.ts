import { Awareness, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import type { DocumentSchema } from './document-schema.ts'
import { awarenessMessage, savedMessage, topicMessage, updateMessage } from './messages.ts'
import type { LoadedDocument } from '#app/modules/documents/collab-storage.server.ts'

/** What a room needs from a connection. */
export interface RoomMember {
	readonly userId: string
	readonly wantsSaved: boolean
	send(message: Uint8Array): void
}

export type RoomIdentity = {
	name: string
	documentId: string
	clientId: string
	kind: string
	schema: DocumentSchema
}

/**
 * One open document: the shared Y.Doc (always equal to what is committed in SQLite through
 * `lastUpdateId`, because only committed updates are applied to it), its awareness, and the
 * connections in it. A room owns no timers of its own except the Awareness outdated-state
 * check, which destroy() stops, so an unloaded document leaves nothing behind.
 */
export class Room {
	readonly name: string
	readonly documentId: string
	readonly clientId: string
	readonly kind: string
	readonly schema: DocumentSchema
	readonly doc: Y.Doc
	readonly awareness: Awareness
	readonly connections = new Set<RoomMember>()
	/** Yjs clientID → the connection that first published awareness for it */
	readonly awarenessOwners = new Map<number, RoomMember>()
	/** updates of this room queued but not yet committed (the room must not unload meanwhile) */
	pendingWrites = 0
	/** handshakes that loaded or found this room and are not yet admitted (it must not unload) */
	reservations = 0
	/** commits applied to this room whose fsync has not completed (not yet acknowledged as saved) */
	unsyncedCommits = 0
	/** resolves when the latest commit applied to this room is synced */
	lastDurable: Promise<void> = Promise.resolve()
	lastUpdateId: number
	logRows: number
	logBytes: number
	snapshotBytes: number
	compactionScheduled = false
	/** a compaction of this room waits on the write lane */
	compactionQueued = false
	private savedSubscribers = 0

	constructor(identity: RoomIdentity, loaded: LoadedDocument) {
		this.name = identity.name
		this.documentId = identity.documentId
		this.clientId = identity.clientId
		this.kind = identity.kind
		this.schema = identity.schema
		this.doc = loaded.doc
		this.lastUpdateId = loaded.lastUpdateId
		this.logRows = loaded.logRows
		this.logBytes = loaded.logBytes
		this.snapshotBytes = loaded.snapshotBytes
		this.awareness = new Awareness(this.doc)
		// The server itself is not a participant.
		this.awareness.setLocalState(null)
		this.doc.on('update', this.onDocUpdate)
		this.awareness.on('update', this.onAwarenessUpdate)
	}

	/** Approximate stored size: snapshot plus the update log since it. */
	get storedBytes(): number {
		return this.snapshotBytes + this.logBytes
	}

	add(member: RoomMember): void {
		this.connections.add(member)
		if (member.wantsSaved) this.savedSubscribers++
	}

	/** Removes the member and the awareness states it published (others see them leave). */
	remove(member: RoomMember, claimedClientIds: Iterable<number>): void {
		if (!this.connections.delete(member)) return
		if (member.wantsSaved) this.savedSubscribers--
		const released: number[] = []
		for (const clientId of claimedClientIds) {
			if (this.awarenessOwners.get(clientId) === member) {
				this.awarenessOwners.delete(clientId)
				released.push(clientId)
			}
		}
		if (released.length > 0) removeAwarenessStates(this.awareness, released, null)
	}

	get hasSavedSubscribers(): boolean {
		return this.savedSubscribers > 0
	}

	/** MESSAGE_SAVED for the state the doc has now (call right after a commit was applied). */
	savedStateMessage(): Uint8Array {
		return savedMessage(this.doc)
	}

	/** Sends a MESSAGE_SAVED (encoded once) to the `saved=1` connections. */
	sendSaved(message: Uint8Array): void {
		for (const member of this.connections) if (member.wantsSaved) member.send(message)
	}

	/** Tells `saved=1` connections that something outside the Y.Doc changed (MESSAGE_TOPIC). */
	sendTopic(topic: string): void {
		if (this.savedSubscribers === 0) return
		const message = topicMessage(topic)
		for (const member of this.connections) if (member.wantsSaved) member.send(message)
	}

	/** The current awareness states, for a connection that just joined. */
	awarenessSnapshot(): Uint8Array | null {
		if (this.awareness.states.size === 0) return null
		return awarenessMessage(encodeAwarenessUpdate(this.awareness, Array.from(this.awareness.states.keys())))
	}

	destroy(): void {
		this.doc.off('update', this.onDocUpdate)
		this.awareness.off('update', this.onAwarenessUpdate)
		this.awareness.destroy()
		this.doc.destroy()
		this.connections.clear()
		this.awarenessOwners.clear()
	}

	// Fan-out: encode once, send to everyone but the connection the update came from.
	private readonly onDocUpdate = (update: Uint8Array, origin: unknown) => {
		const message = updateMessage(update)
		for (const member of this.connections) if (member !== origin) member.send(message)
	}

	// Awareness goes to everyone, the origin included: y-websocket clients reconnect after 30 s
	// without any incoming message, and a lone client's only traffic is its own echoed renewal.
	private readonly onAwarenessUpdate = (
		{ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
		_origin: unknown,
	) => {
		const changed = added.concat(updated, removed)
		if (changed.length === 0 || this.connections.size === 0) return
		const message = awarenessMessage(encodeAwarenessUpdate(this.awareness, changed))
		for (const member of this.connections) member.send(message)
	}
}
