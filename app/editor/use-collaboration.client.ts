import { useCallback, useEffect, useRef, useState } from 'react'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { closeNotice, type CloseNotice } from './close-reasons.ts'
import { CLOSE, COLLAB_PATH, MESSAGE_ACCESS, MESSAGE_SAVED, MESSAGE_TOPIC, SAVED_QUERY_PARAM } from './collab-protocol.ts'
import { presenceFromAwareness, type PresentUser } from './presence.ts'
import { readAccessMessage, readSavedSnapshot, readTopicMessage } from './protocol-messages.ts'
import { deriveSaveState, type ConnectionState, type SaveState } from './save-state.ts'

/**
 * One live co-editing session: a Y.Doc in memory and a y-websocket connection to the
 * collaboration server. Nothing of the document is written to browser storage (no
 * IndexedDB, no localStorage, no BroadcastChannel between tabs): edits made while offline
 * stay in this tab's memory and go out through y-websocket's sync when the socket is back.
 */

export type LocalUser = { id: string; name: string; role: string; color: string }

/** Topics the server may announce with MESSAGE_TOPIC (app/modules/live-events.server.ts). */
export const COLLAB_TOPICS = ['comments', 'meeting'] as const
export type CollabTopic = (typeof COLLAB_TOPICS)[number]

export type CollabSession = {
	doc: Y.Doc
	provider: WebsocketProvider
	/** dispatches an Event named after the topic whenever the server announces one */
	topics: EventTarget
}

export type CollaborationState = {
	session: CollabSession | null
	connection: ConnectionState
	saveState: SaveState
	/** the last close that the user should know about (cleared when back in sync) */
	notice: CloseNotice | null
	presence: PresentUser[]
	/** the access the server decided for this connection (MESSAGE_ACCESS), null until it says */
	serverAccess: 'read' | 'write' | null
	reconnect: () => void
}

// Y.snapshot walks the whole struct store: do it at most this often while typing.
const SAVE_STATE_THROTTLE_MS = 150
// How often a connected client asks the server for its state (a heartbeat; see below).
const RESYNC_INTERVAL_MS = 10_000
// How often the browser's own network state is checked, in case an offline event was missed.
const NETWORK_CHECK_MS = 1_000
// A first connection that keeps failing is shown as offline rather than "connecting" forever.
const FAILED_ATTEMPTS_BEFORE_OFFLINE = 2

export function collabServerUrl(location: Pick<Location, 'protocol' | 'host'>): string {
	return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${COLLAB_PATH}`
}

export function useCollaboration(options: {
	docName: string
	user: LocalUser
	/** the server said our access changed (4205): reload what the page knows about it */
	onAccessChanged?: () => void
}): CollaborationState {
	const { docName } = options
	const [session, setSession] = useState<CollabSession | null>(null)
	const [connection, setConnection] = useState<ConnectionState>('connecting')
	const [saveState, setSaveState] = useState<SaveState>('connecting')
	const [notice, setNotice] = useState<CloseNotice | null>(null)
	const [presence, setPresence] = useState<PresentUser[]>([])
	const [serverAccess, setServerAccess] = useState<'read' | 'write' | null>(null)
	// Latest values for handlers registered once per session.
	const userRef = useRef(options.user)
	userRef.current = options.user
	const onAccessChangedRef = useRef(options.onAccessChanged)
	onAccessChangedRef.current = options.onAccessChanged
	const reconnectRef = useRef<() => void>(() => {})

	useEffect(() => {
		const doc = new Y.Doc()
		const provider = new WebsocketProvider(collabServerUrl(window.location), docName, doc, {
			connect: false,
			params: { [SAVED_QUERY_PARAM]: '1' },
			// Tabs must not sync with each other behind the server's back (no authorization there).
			disableBc: true,
			// Asks the server for its state now and then: a live connection then always hears
			// something, so y-websocket's own silence check (30 s) notices a dead one.
			resyncInterval: RESYNC_INTERVAL_MS,
		})
		let persisted: Y.Snapshot | null = null
		let state: ConnectionState = 'connecting'
		let everSynced = false
		let failedAttempts = 0
		let terminal = false
		let saveTimer: ReturnType<typeof setTimeout> | null = null
		let retryTimer: ReturnType<typeof setTimeout> | null = null
		let disposed = false
		const topics = new EventTarget()

		const computeSaveState = () => {
			saveTimer = null
			if (disposed) return
			setSaveState(deriveSaveState({ local: Y.snapshot(doc), persisted, connection: state }))
		}
		const scheduleSaveState = (immediately = false) => {
			if (immediately) {
				if (saveTimer) clearTimeout(saveTimer)
				computeSaveState()
			} else if (!saveTimer) saveTimer = setTimeout(computeSaveState, SAVE_STATE_THROTTLE_MS)
		}
		const setState = (next: ConnectionState) => {
			if (state === next) return
			state = next
			setConnection(next)
			scheduleSaveState(true)
		}

		provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
			const snapshot = readSavedSnapshot(decoder)
			if (!snapshot) return
			persisted = snapshot
			scheduleSaveState(true)
		}

		provider.messageHandlers[MESSAGE_TOPIC] = (_encoder, decoder) => {
			const topic = readTopicMessage(decoder, COLLAB_TOPICS)
			if (topic && !disposed) topics.dispatchEvent(new Event(topic))
		}

		provider.messageHandlers[MESSAGE_ACCESS] = (_encoder, decoder) => {
			const access = readAccessMessage(decoder)
			if (access && !disposed) setServerAccess(access)
		}

		const onSync = (synced: boolean) => {
			if (!synced) return
			everSynced = true
			failedAttempts = 0
			setNotice(null)
			setState('online')
		}
		const onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
			// 'connected' is not enough to be online: that waits for the server's sync answer.
			if (status === 'disconnected' && !terminal) setState('offline')
		}
		const onConnectionClose = (event: CloseEvent | null) => {
			if (!everSynced && ++failedAttempts >= FAILED_ATTEMPTS_BEFORE_OFFLINE && !terminal) setState('offline')
			if (!event) return
			const info = closeNotice(event.code)
			if (!info) return
			if (info.tone === 'info') setNotice(info)
			if (event.code === CLOSE.authorizationChanged) onAccessChangedRef.current?.()
		}
		const resume = () => {
			if (retryTimer) clearTimeout(retryTimer)
			retryTimer = null
			terminal = false
			setNotice(null)
			setState(everSynced ? 'offline' : 'connecting')
			provider.connect()
		}
		const onClosed = ({ code }: { code: number; reason: string }) => {
			const info = closeNotice(code) ?? closeNotice(4499)
			terminal = true
			setNotice(info)
			setState('closed')
			if (info?.autoRetryMs) retryTimer = setTimeout(resume, info.autoRetryMs)
		}
		const onDocUpdate = () => scheduleSaveState()
		const onAwarenessChange = () => {
			if (!disposed) setPresence(presenceFromAwareness(provider.awareness.getStates(), doc.clientID))
		}
		// The browser knows first that the network is gone: drop the socket at once so the page
		// says so, and do not retry until the browser is online again (an emulated or flaky
		// network can leave a socket half-open, and a retry loop would flicker the status).
		// Edits stay in this tab's Y.Doc; y-websocket's sync sends them when connected again.
		let pausedByNetwork = false
		const onOffline = () => {
			if (terminal || pausedByNetwork) return
			pausedByNetwork = true
			provider.disconnect()
			setState('offline')
		}
		const onOnline = () => {
			if (!pausedByNetwork) return
			pausedByNetwork = false
			if (!terminal) provider.connect()
		}
		const networkCheck = setInterval(() => {
			if (navigator.onLine === false) onOffline()
			else onOnline()
		}, NETWORK_CHECK_MS)

		provider.on('sync', onSync)
		provider.on('status', onStatus)
		provider.on('connection-close', onConnectionClose)
		provider.on('closed', onClosed)
		provider.awareness.on('change', onAwarenessChange)
		doc.on('update', onDocUpdate)
		window.addEventListener('offline', onOffline)
		window.addEventListener('online', onOnline)

		const user = userRef.current
		// The server replaces this with the session's identity; carets need it locally too.
		provider.awareness.setLocalStateField('user', { id: user.id, name: user.name, role: user.role, color: user.color })
		provider.connect()
		reconnectRef.current = resume
		setSession({ doc, provider, topics })
		setConnection('connecting')
		setSaveState('connecting')
		setNotice(null)
		setServerAccess(null)

		return () => {
			disposed = true
			reconnectRef.current = () => {}
			if (saveTimer) clearTimeout(saveTimer)
			if (retryTimer) clearTimeout(retryTimer)
			clearInterval(networkCheck)
			window.removeEventListener('offline', onOffline)
			window.removeEventListener('online', onOnline)
			provider.off('sync', onSync)
			provider.off('status', onStatus)
			provider.off('connection-close', onConnectionClose)
			provider.off('closed', onClosed)
			provider.awareness.off('change', onAwarenessChange)
			doc.off('update', onDocUpdate)
			provider.destroy()
			doc.destroy()
			setSession(null)
		}
	}, [docName])

	const reconnect = useCallback(() => reconnectRef.current(), [])

	return { session, connection, saveState, notice, presence, serverAccess, reconnect }
}
