import { applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness'
import type { Room } from '../room.ts'
import { decodeCommitted, encodeCommitted, FRAME, type Frame } from './frames.ts'
import type { RedisBus } from './redis-bus.ts'

/** Origin of Yjs / awareness changes that arrived from another instance (never re-published). */
export const RELAY_ORIGIN = Symbol('cluster-relay')

export interface RelayHost {
	/** Brings the room up to the database: applies the committed rows after room.lastUpdateId. */
	catchUp(room: Room): void
}

/**
 * One Redis channel per open document (`doc:<name>`). After a commit the instance that
 * committed publishes only the newest row id; every other instance holding the document reads
 * the rows it has not applied yet from the database and applies them (RelayHost.catchUp) — so
 * an instance only ever applies what is durably committed, in commit order, and a lost message
 * is made good by the next one (or by the next local commit, which fills gaps too).
 * Awareness is ephemeral and travels in full.
 */
export class DocumentRelay {
	private readonly watched = new Map<Room, () => void>()
	readonly stats = { catchUpsRequested: 0, awarenessApplied: 0, awarenessRejected: 0 }

	constructor(
		private readonly bus: RedisBus,
		private readonly host: RelayHost,
	) {}

	/** Starts following the document on every instance; call right after the room is created. */
	watch(room: Room): void {
		if (this.watched.has(room)) return
		const unsubscribe = this.bus.subscribe(channelOf(room.name), (frame) => this.onFrame(room, frame))
		const onAwareness = (
			{ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
			origin: unknown,
		) => {
			// Remote states and local expiry ('timeout': every instance expires states itself) stay here.
			if (origin === RELAY_ORIGIN || origin === 'timeout') return
			const changed = added.concat(updated, removed)
			if (changed.length > 0) this.bus.publish(channelOf(room.name), FRAME.awareness, encodeAwarenessUpdate(room.awareness, changed))
		}
		room.awareness.on('update', onAwareness)
		this.watched.set(room, () => {
			unsubscribe()
			room.awareness.off('update', onAwareness)
		})
		// Rows committed elsewhere between our load and the subscription becoming active are
		// picked up by the next message or local commit; ask once now to close that window.
		void this.bus.settled().then(
			() => {
				if (this.watched.has(room)) this.host.catchUp(room)
			},
			() => {},
		)
	}

	unwatch(room: Room): void {
		this.watched.get(room)?.()
		this.watched.delete(room)
	}

	/** Tells the other instances that rows through `lastUpdateId` are committed. */
	committed(room: Room, lastUpdateId: number): void {
		this.bus.publish(channelOf(room.name), FRAME.committed, encodeCommitted(lastUpdateId))
	}

	get watchedDocuments(): number {
		return this.watched.size
	}

	close(): void {
		for (const stop of this.watched.values()) stop()
		this.watched.clear()
	}

	private onFrame(room: Room, frame: Frame): void {
		if (frame.type === FRAME.committed) {
			const id = decodeCommitted(frame.body)
			if (id !== null && id > room.lastUpdateId) {
				this.stats.catchUpsRequested++
				this.host.catchUp(room)
			}
		} else if (frame.type === FRAME.awareness) {
			try {
				applyAwarenessUpdate(room.awareness, frame.body, RELAY_ORIGIN)
				this.stats.awarenessApplied++
			} catch {
				this.stats.awarenessRejected++
			}
		}
	}
}

export function channelOf(docName: string): string {
	return `doc:${docName}`
}
