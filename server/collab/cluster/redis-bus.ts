import { Redis } from 'ioredis'
import { decodeFrame, encodeFrame, newInstanceId, type Frame, type FrameType } from './frames.ts'

export type FrameHandler = (frame: Frame) => void

/**
 * Publish/subscribe between app instances over Redis. Two connections, because a connection
 * in subscriber mode cannot publish. Messages are Buffers both ways (`messageBuffer`): Yjs
 * and awareness updates are binary. A subscription is reference-counted per channel, so any
 * number of local listeners cost one SUBSCRIBE. Frames this instance published itself are
 * dropped on arrival.
 *
 * Redis is a doorbell, never the record: what travels here either names rows already
 * committed to the database (the receiver reads them there) or is ephemeral (awareness,
 * events whose effect is re-checked against the database). Losing a message therefore delays
 * but never loses anything; see docs/decisions/0023.
 */
export class RedisBus {
	readonly instanceId = newInstanceId()
	private readonly publisher: Redis
	private readonly subscriber: Redis
	private readonly handlers = new Map<string, Set<FrameHandler>>()
	private closed = false
	readonly stats = { published: 0, received: 0, ownDropped: 0, malformed: 0, publishFailures: 0 }

	constructor(
		url: string,
		private readonly prefix = 'kizuna:',
	) {
		// maxRetriesPerRequest null + offline queue: while Redis is away, publishes wait and go out
		// on reconnect instead of failing; subscriptions are re-issued by ioredis on reconnect.
		const options = { maxRetriesPerRequest: null, enableAutoPipelining: true, connectionName: 'kizuna-collab' }
		this.publisher = new Redis(url, options)
		this.subscriber = new Redis(url, options)
		for (const connection of [this.publisher, this.subscriber]) {
			connection.on('error', (error: Error) => {
				if (!this.closed) console.error(`[cluster] redis: ${error.message}`)
			})
		}
		this.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.dispatch(channel.toString(), message))
	}

	/** Resolves when both connections are up (start-up waits, so a bad REDIS_URL fails loudly). */
	async ready(timeoutMs = 10_000): Promise<void> {
		const wait = (connection: Redis) =>
			connection.status === 'ready' ? Promise.resolve() : new Promise<void>((resolve) => connection.once('ready', () => resolve()))
		let timer: NodeJS.Timeout | undefined
		await Promise.race([
			Promise.all([wait(this.publisher), wait(this.subscriber)]),
			new Promise<never>((_, reject) => {
				timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs)
			}),
		]).finally(() => clearTimeout(timer))
	}

	publish(channel: string, type: FrameType, body: Uint8Array): void {
		if (this.closed) return
		this.stats.published++
		this.publisher.publish(this.prefix + channel, encodeFrame(this.instanceId, type, body)).catch((error: Error) => {
			this.stats.publishFailures++
			console.error(`[cluster] publishing on ${channel} failed: ${error.message}`)
		})
	}

	/** Subscribes a handler; the returned function unsubscribes it (the last one leaves the channel). */
	subscribe(channel: string, handler: FrameHandler): () => void {
		const key = this.prefix + channel
		let set = this.handlers.get(key)
		if (!set) {
			set = new Set()
			this.handlers.set(key, set)
			this.subscriber.subscribe(key).catch((error: Error) => console.error(`[cluster] subscribing to ${channel} failed: ${error.message}`))
		}
		set.add(handler)
		return () => {
			const current = this.handlers.get(key)
			if (!current?.delete(handler) || current.size > 0) return
			this.handlers.delete(key)
			if (!this.closed) this.subscriber.unsubscribe(key).catch(() => {})
		}
	}

	/** Resolves once Redis has confirmed every subscription so far (tests, start-up). */
	async settled(): Promise<void> {
		await this.subscriber.ping()
	}

	async close(): Promise<void> {
		if (this.closed) return
		this.closed = true
		this.handlers.clear()
		await Promise.allSettled([this.publisher.quit(), this.subscriber.quit()])
	}

	private dispatch(channel: string, message: Buffer): void {
		const handlers = this.handlers.get(channel)
		if (!handlers) return
		const frame = decodeFrame(message)
		if (!frame) {
			this.stats.malformed++
			return
		}
		if (frame.sender.equals(this.instanceId)) {
			this.stats.ownDropped++
			return
		}
		this.stats.received++
		for (const handler of handlers) {
			try {
				handler(frame)
			} catch (error) {
				console.error(`[cluster] handling a message on ${channel} failed`, error)
			}
		}
	}
}
