import crypto from 'node:crypto'
import * as decoding from 'lib0/decoding'
import { applyAwarenessUpdate } from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { CLOSE, MESSAGE_AWARENESS, MESSAGE_SYNC, type CloseCode } from '#app/editor/collab-protocol.ts'
import type { AccessGrant } from './authorize.ts'
import { colorForUser } from '#app/editor/presence.ts'
import { encodeAwarenessEntries, parseAwarenessUpdate, withServerIdentity, type AwarenessEntry, type PresenceUser } from './awareness-filter.ts'
import type { CollabSettings } from './config.ts'
import { accessMessage, MESSAGE_QUERY_AWARENESS, savedMessage, syncStep1Message, syncStep2Message } from './messages.ts'
import { TokenBucket } from './rate-limit.ts'
import type { Room, RoomMember } from './room.ts'
import { isCoveredBy, validateUpdate } from './validate-update.ts'
import type { WriteSource } from './write-queue.ts'

/** What a connection needs from the server that owns it. */
export interface ConnectionHost {
	readonly settings: CollabSettings
	readonly counters: ConnectionCounters
	/** queue a validated update for write-ahead storage */
	enqueueUpdate(connection: Connection, update: Uint8Array): void
	/** the connection is gone (called exactly once) */
	connectionClosed(connection: Connection, code: number): void
}

export type ConnectionCounters = {
	/** frames that arrived after the server had closed (e.g. revoked) the connection */
	ignoredAfterClose: number
	droppedReadOnlyUpdates: number
	invalidMessages: number
	rateLimited: number
	awarenessRejected: number
	slowConsumers: number
}

/** A protocol violation: the message is refused and the connection closed with 4400. */
class InvalidMessage extends Error {}

/**
 * One authorized websocket on one document. Every incoming message passes, in order: the
 * revoked/closed check, byte and message rate limits, decoding inside try/catch, and the
 * access check — and only then reaches the document.
 */
export class Connection implements RoomMember, WriteSource {
	readonly id = crypto.randomBytes(6).toString('hex')
	readonly openedAt = Date.now()
	readonly userId: string
	readonly sessionId: string
	readonly clientId: string
	readonly documentId: string
	readonly docName: string
	/** the peer's address (audit) and the key pre-auth limits count it under */
	readonly ip: string
	readonly ipKey: string
	readonly wantsSaved: boolean
	access: 'read' | 'write'
	/** break-glass (issue #12): the grant this connection reads under, and when it lapses */
	readonly emergencyGrantId: string | null
	readonly accessExpiresAt: number | null
	presence: PresenceUser
	writeWindow = { updates: 0, bytes: 0, since: Date.now() }
	/** Yjs clientIDs this connection publishes awareness for */
	readonly claimedClientIds = new Set<number>()
	closed = false
	private alive = true
	private readonly messageBucket: TokenBucket
	private readonly byteBucket: TokenBucket

	constructor(
		private readonly host: ConnectionHost,
		readonly ws: WebSocket,
		readonly room: Room,
		grant: AccessGrant,
		meta: { ip: string; ipKey: string; wantsSaved: boolean },
	) {
		this.ip = meta.ip
		this.ipKey = meta.ipKey
		this.wantsSaved = meta.wantsSaved
		this.userId = grant.userId
		this.sessionId = grant.sessionId
		this.clientId = grant.clientId
		this.documentId = grant.documentId
		this.docName = grant.docName
		this.access = grant.access
		this.emergencyGrantId = grant.emergencyGrantId
		this.accessExpiresAt = grant.accessExpiresAt
		this.presence = { id: grant.userId, name: grant.displayName, role: grant.roleLabel, color: colorForUser(grant.userId) }
		const { settings } = host
		const now = performance.now()
		this.messageBucket = new TokenBucket(settings.messageBurst, settings.messagesPerSecond, now)
		this.byteBucket = new TokenBucket(settings.byteBurst, settings.bytesPerSecond, now)
		ws.on('message', (data, isBinary) => this.onMessage(data, isBinary))
		ws.on('pong', () => {
			this.alive = true
		})
		ws.on('close', (code) => this.onSocketClosed(code))
	}

	/** The opening messages: our state vector (writers only), presence, and for saved=1 clients access + saved state. */
	start(): void {
		if (this.wantsSaved) this.send(accessMessage(this.access))
		// Only a writer's answer (SyncStep2) is ever used, so readers are not asked for theirs.
		if (this.access === 'write') this.send(syncStep1Message(this.room.doc))
		const presence = this.room.awarenessSnapshot()
		if (presence) this.send(presence)
		// Only a state that is on disk is announced as saved: with a sync in flight, the state
		// now (everything committed) is announced once that sync is done.
		if (this.wantsSaved) {
			const saved = savedMessage(this.room.doc)
			if (this.room.unsyncedCommits === 0) this.send(saved)
			else void this.room.lastDurable.then(() => this.send(saved))
		}
	}

	send(message: Uint8Array): void {
		if (this.closed || this.ws.readyState !== WebSocket.OPEN) return
		// A client that stops reading would make us buffer every broadcast for it.
		if (this.ws.bufferedAmount > this.host.settings.maxBufferedSendBytes) {
			this.host.counters.slowConsumers++
			this.terminate()
			return
		}
		this.ws.send(message, { binary: true })
	}

	/** Closes with a code the client sees (44xx: do not reconnect). Idempotent. */
	close(code: CloseCode | number, reason: string): void {
		if (this.closed) return
		this.closed = true
		this.host.connectionClosed(this, code)
		try {
			this.ws.close(code, reason)
		} catch {
			this.ws.terminate()
		}
	}

	/** Drops the TCP connection without a closing handshake (dead or hostile peer). */
	terminate(): void {
		if (!this.closed) {
			this.closed = true
			this.host.connectionClosed(this, 1006)
		}
		this.ws.terminate()
	}

	/** Keepalive: a peer that did not answer the previous ping is gone. */
	heartbeat(): void {
		if (this.closed) return
		if (!this.alive) {
			this.terminate()
			return
		}
		this.alive = false
		try {
			this.ws.ping()
		} catch {
			this.terminate()
		}
	}

	private onSocketClosed(code: number): void {
		if (this.closed) return
		this.closed = true
		this.host.connectionClosed(this, code)
	}

	private onMessage(data: WebSocket.RawData, isBinary: boolean): void {
		// After revocation nothing more is processed, even frames already in flight.
		if (this.closed) {
			this.host.counters.ignoredAfterClose++
			return
		}
		this.alive = true
		if (!isBinary) {
			this.reject('binary messages only')
			return
		}
		const bytes = toBytes(data)
		if (!this.byteBucket.take(bytes.byteLength, performance.now())) {
			this.host.counters.rateLimited++
			this.close(CLOSE.tooManyMessages, 'too much data')
			return
		}
		try {
			this.handle(bytes)
		} catch (error) {
			this.reject(error instanceof InvalidMessage ? error.message : 'malformed message')
		}
	}

	private reject(reason: string): void {
		this.host.counters.invalidMessages++
		this.close(CLOSE.invalidMessage, reason)
	}

	private takeMessage(cost: number): boolean {
		if (this.messageBucket.take(cost, performance.now())) return true
		this.host.counters.rateLimited++
		this.close(CLOSE.tooManyMessages, 'too many messages')
		return false
	}

	private handle(bytes: Uint8Array): void {
		if (bytes.byteLength === 0) throw new InvalidMessage('empty message')
		const decoder = decoding.createDecoder(bytes)
		const type = decoding.readVarUint(decoder)
		switch (type) {
			case MESSAGE_SYNC: {
				const step = decoding.readVarUint(decoder)
				if (!this.takeMessage(step === syncProtocol.messageYjsSyncStep1 ? this.host.settings.syncStep1Cost : 1)) return
				const payload = decoding.readVarUint8Array(decoder)
				if (decoding.hasContent(decoder)) throw new InvalidMessage('trailing bytes')
				if (step === syncProtocol.messageYjsSyncStep1) this.answerSyncStep1(payload)
				else if (step === syncProtocol.messageYjsSyncStep2 || step === syncProtocol.messageYjsUpdate) this.receiveUpdate(payload)
				else throw new InvalidMessage('unknown sync message')
				return
			}
			case MESSAGE_AWARENESS: {
				if (!this.takeMessage(1)) return
				const payload = decoding.readVarUint8Array(decoder)
				if (decoding.hasContent(decoder)) throw new InvalidMessage('trailing bytes')
				this.receiveAwareness(payload)
				return
			}
			case MESSAGE_QUERY_AWARENESS: {
				if (!this.takeMessage(1)) return
				if (decoding.hasContent(decoder)) throw new InvalidMessage('trailing bytes')
				const presence = this.room.awarenessSnapshot()
				if (presence) this.send(presence)
				return
			}
			default:
				throw new InvalidMessage('unknown message type')
		}
	}

	private answerSyncStep1(stateVector: Uint8Array): void {
		// Decode first: a malformed vector must fail here, not halfway through encoding.
		Y.decodeStateVector(stateVector)
		this.send(syncStep2Message(this.room.doc, stateVector))
	}

	private receiveUpdate(update: Uint8Array): void {
		if (this.access !== 'write') {
			// Read-only: never applied, broadcast or stored. The connection stays open so the
			// reader keeps receiving everyone else's edits.
			this.host.counters.droppedReadOnlyUpdates++
			return
		}
		const check = validateUpdate(update, this.room.schema, this.host.settings.maxPayloadBytes)
		if (!check.ok) throw new InvalidMessage(`update rejected: ${check.reason}`)
		if (check.empty || isCoveredBy(check.decoded, this.room.doc)) return
		if (this.room.storedBytes + update.byteLength > this.host.settings.maxDocumentBytes) {
			this.close(CLOSE.documentTooLarge, 'document too large')
			return
		}
		this.host.enqueueUpdate(this, update)
	}

	private receiveAwareness(update: Uint8Array): void {
		const { settings } = this.host
		const parsed = parseAwarenessUpdate(update, {
			maxEntries: settings.maxAwarenessEntriesPerMessage,
			maxStateBytes: settings.maxAwarenessStateBytes,
		})
		let rejected = parsed.dropped
		const accepted: AwarenessEntry[] = []
		for (const entry of parsed.entries) {
			const owner = this.room.awarenessOwners.get(entry.clientId)
			if (owner === undefined) {
				// First claim wins. A stock client also relays removals of *other* clients whose
				// state timed out locally; those are not ours to publish and are dropped quietly.
				if (entry.state === null) continue
				if (entry.clientId === this.room.doc.clientID) {
					rejected++
					continue
				}
				if (this.claimedClientIds.size >= settings.maxClientIdsPerConnection) {
					rejected++
					continue
				}
				this.room.awarenessOwners.set(entry.clientId, this)
				this.claimedClientIds.add(entry.clientId)
			} else if (owner !== this) {
				rejected++
				continue
			}
			accepted.push(entry.state === null ? entry : { ...entry, state: withServerIdentity(entry.state, this.presence) })
		}
		this.host.counters.awarenessRejected += rejected
		if (accepted.length > 0) applyAwarenessUpdate(this.room.awareness, encodeAwarenessEntries(accepted), this)
	}
}

function toBytes(data: WebSocket.RawData): Uint8Array {
	if (Array.isArray(data)) return Buffer.concat(data)
	if (data instanceof ArrayBuffer) return new Uint8Array(data)
	return data
}
