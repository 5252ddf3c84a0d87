import { z } from 'zod'
import { emitAuthzEvent, onAuthzEvent, type AuthzEvent } from '#app/modules/authz-events.server.ts'
import { emitDocumentTopic, LIVE_TOPICS, onDocumentTopic } from '#app/modules/live-events.server.ts'
import { FRAME } from './frames.ts'
import type { RedisBus } from './redis-bus.ts'

/**
 * Carries the in-process event buses (authz-events, live-events) to every instance: an event
 * emitted here is published once; one arriving from another instance is emitted here with
 * `relayed: true` (so it is not published again). The receivers treat it exactly like a local
 * event — the access monitor re-decides each open socket from the database — so a forged or
 * replayed event can at worst cause a re-check, never grant anything.
 */
export const EVENTS_CHANNEL = 'events'

const id = z.string().min(1).max(200)
const RelayedEvent = z.discriminatedUnion('kind', [
	z.object({
		kind: z.literal('authz'),
		event: z.discriminatedUnion('type', [
			z.object({ type: z.literal('session-ended'), sessionId: id }),
			z.object({ type: z.literal('user-sessions-ended'), userId: id }),
			z.object({ type: z.literal('client-team-changed'), clientId: id }),
			z.object({ type: z.literal('user-changed'), userId: id }),
			z.object({ type: z.literal('document-changed'), documentId: id }),
		]),
	}),
	z.object({ kind: z.literal('topic'), documentId: id, topic: z.enum(LIVE_TOPICS) }),
])
type RelayedEvent = z.infer<typeof RelayedEvent>

export function relayProcessEvents(bus: RedisBus): () => void {
	const publish = (event: RelayedEvent) => bus.publish(EVENTS_CHANNEL, FRAME.event, Buffer.from(JSON.stringify(event)))
	const offAuthz = onAuthzEvent((event: AuthzEvent, origin) => {
		if (!origin.relayed) publish({ kind: 'authz', event })
	})
	const offTopic = onDocumentTopic(({ documentId, topic }, origin) => {
		if (!origin.relayed) publish({ kind: 'topic', documentId, topic })
	})
	const unsubscribe = bus.subscribe(EVENTS_CHANNEL, (frame) => {
		if (frame.type !== FRAME.event) return
		let parsed: ReturnType<typeof RelayedEvent.safeParse>
		try {
			parsed = RelayedEvent.safeParse(JSON.parse(frame.body.toString('utf8')))
		} catch {
			return
		}
		if (!parsed.success) return
		const event = parsed.data
		if (event.kind === 'authz') emitAuthzEvent(event.event, { relayed: true })
		else emitDocumentTopic(event.documentId, event.topic, { relayed: true })
	})
	return () => {
		offAuthz()
		offTopic()
		unsubscribe()
	}
}
