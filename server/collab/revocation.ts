import { CLOSE } from '#app/editor/collab-protocol.ts'
import { sessionDeadline, touchSession } from '#app/modules/auth/session.server.ts'
import { onAuthzEvent, type AuthzEvent } from '#app/modules/authz-events.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { todayJst } from '#app/utils/dates.ts'
import { reauthorize } from './authorize.ts'
import type { PresenceUser } from './awareness-filter.ts'
import type { CollabSettings } from './config.ts'

/**
 * Keeps open connections as authorized as a fresh handshake would be (ASVS 8.3.2: changes to
 * what authorization depends on apply immediately). Three mechanisms, each covering what the
 * others cannot:
 * - the in-process event bus (logout, account disabled, team or user changed) — immediate;
 * - a timer per session at its deadline (idle 30 min / absolute 12 h), re-read from the DB
 *   because HTTP activity may have moved it;
 * - a 1 s in-memory sweep (missed timers, the JST date rolling over so that team rows end)
 *   plus a periodic full re-check for changes made without an event.
 */
export interface MonitoredConnection {
	readonly userId: string
	readonly sessionId: string
	readonly documentId: string
	readonly clientId: string
	readonly closed: boolean
	access: 'read' | 'write'
	/** when access lapses by itself (a break-glass grant's expiry); null = never */
	readonly accessExpiresAt?: number | null
	presence: PresenceUser
	close(code: number, reason: string): void
}

export interface MonitorHost {
	readonly settings: CollabSettings
	connectionsOfClient(clientId: string): MonitoredConnection[]
	connectionsOfDocument(documentId: string): MonitoredConnection[]
	allConnections(): Iterable<MonitoredConnection>
}

type SessionWatch = {
	id: string
	expiresAt: number
	lastActiveAt: number
	/** when the session stops being valid unless used (in memory; re-read at the deadline) */
	deadline: number
	lastTouchAt: number
	timer: NodeJS.Timeout | null
	checking: boolean
	connections: Set<MonitoredConnection>
}

export type MonitorCounters = { revoked: number; accessChanged: number; sessionsEnded: number; recheckFailures: number }

/** Tracks open connections by session and user and closes them when their authorization lapses. */
export class AccessMonitor {
	/** Bumped on every authorization event: a handshake that straddles one is re-decided. */
	epoch = 0
	readonly counters: MonitorCounters = { revoked: 0, accessChanged: 0, sessionsEnded: 0, recheckFailures: 0 }
	private readonly sessions = new Map<string, SessionWatch>()
	private readonly users = new Map<string, Set<MonitoredConnection>>()
	/** connections whose access lapses at a known instant (break-glass grants), with their timers */
	private readonly expiring = new Map<MonitoredConnection, NodeJS.Timeout>()
	private unsubscribe: (() => void) | null = null
	private day = todayJst()
	private lastFullCheck = Date.now()
	private fullCheckRunning = false

	constructor(private readonly host: MonitorHost) {}

	start(): void {
		this.unsubscribe = onAuthzEvent((event) => {
			// Emitted synchronously from HTTP code paths: never let our work throw into theirs.
			try {
				this.onEvent(event)
			} catch (error) {
				console.error('[collab] handling an authorization event failed', error)
			}
		})
	}

	stop(): void {
		this.unsubscribe?.()
		this.unsubscribe = null
		for (const watch of this.sessions.values()) if (watch.timer) clearTimeout(watch.timer)
		this.sessions.clear()
		this.users.clear()
		for (const timer of this.expiring.values()) clearTimeout(timer)
		this.expiring.clear()
	}

	get watchedSessions(): number {
		return this.sessions.size
	}

	track(
		connection: MonitoredConnection,
		session: { expiresAt: number; lastActiveAt: number },
	): void {
		let watch = this.sessions.get(connection.sessionId)
		if (!watch) {
			watch = {
				id: connection.sessionId,
				expiresAt: session.expiresAt,
				lastActiveAt: session.lastActiveAt,
				deadline: deadlineOf(session),
				lastTouchAt: session.lastActiveAt,
				timer: null,
				checking: false,
				connections: new Set(),
			}
			this.sessions.set(watch.id, watch)
			this.schedule(watch)
		}
		watch.connections.add(connection)
		let userConnections = this.users.get(connection.userId)
		if (!userConnections) this.users.set(connection.userId, (userConnections = new Set()))
		userConnections.add(connection)
		if (connection.accessExpiresAt) {
			// A break-glass grant ends on its own: close at that instant (the 1 s sweep is the backstop).
			const timer = setTimeout(() => this.expire(connection), Math.max(0, connection.accessExpiresAt - Date.now()))
			timer.unref()
			this.expiring.set(connection, timer)
		}
	}

	private expire(connection: MonitoredConnection): void {
		const timer = this.expiring.get(connection)
		if (timer) clearTimeout(timer)
		this.expiring.delete(connection)
		if (connection.closed) return
		this.counters.revoked++
		connection.close(CLOSE.forbidden, 'emergency access expired')
	}

	untrack(connection: MonitoredConnection): void {
		const expiry = this.expiring.get(connection)
		if (expiry) {
			clearTimeout(expiry)
			this.expiring.delete(connection)
		}
		const watch = this.sessions.get(connection.sessionId)
		if (watch) {
			watch.connections.delete(connection)
			if (watch.connections.size === 0) {
				if (watch.timer) clearTimeout(watch.timer)
				this.sessions.delete(watch.id)
			}
		}
		const userConnections = this.users.get(connection.userId)
		if (userConnections) {
			userConnections.delete(connection)
			if (userConnections.size === 0) this.users.delete(connection.userId)
		}
	}

	/** An accepted edit counts as session activity, written at most once per touch interval. */
	noteEdit(connection: MonitoredConnection): void {
		const watch = this.sessions.get(connection.sessionId)
		if (!watch) return
		const now = Date.now()
		if (now - watch.lastTouchAt < this.host.settings.touchIntervalMs || now >= watch.deadline) return
		watch.lastTouchAt = now
		touchSession(watch.id, new Date(now))
			.then(() => {
				watch.lastActiveAt = Math.max(watch.lastActiveAt, now)
				watch.deadline = Math.max(watch.deadline, deadlineOf(watch))
				if (this.sessions.get(watch.id) === watch) this.schedule(watch)
			})
			.catch((error) => console.error('[collab] recording session activity failed', error))
	}

	/** The 1 s sweep: in memory only, except where something is actually due. */
	sweep(now: number): void {
		for (const connection of Array.from(this.expiring.keys())) {
			if ((connection.accessExpiresAt ?? Infinity) <= now) this.expire(connection)
		}
		for (const watch of this.sessions.values()) {
			if (watch.deadline <= now && !watch.checking) void this.checkSession(watch)
		}
		const today = todayJst()
		const fullCheckDue = now - this.lastFullCheck >= this.host.settings.recheckIntervalMs
		if ((today !== this.day || fullCheckDue) && !this.fullCheckRunning) {
			// Team rows carry calendar dates: a membership that ended yesterday stops at JST midnight.
			this.day = today
			this.lastFullCheck = now
			this.fullCheckRunning = true
			for (const watch of this.sessions.values()) watch.deadline = Math.min(watch.deadline, now)
			this.reevaluate(Array.from(this.host.allConnections())).finally(() => {
				this.fullCheckRunning = false
			})
		}
	}

	private onEvent(event: AuthzEvent): void {
		this.epoch++
		switch (event.type) {
			case 'session-ended': {
				const watch = this.sessions.get(event.sessionId)
				if (watch) this.closeAll(watch.connections, CLOSE.unauthenticated, 'session ended')
				return
			}
			case 'user-sessions-ended': {
				const connections = this.users.get(event.userId)
				if (connections) this.closeAll(connections, CLOSE.unauthenticated, 'session ended')
				return
			}
			case 'client-team-changed':
				void this.reevaluate(this.host.connectionsOfClient(event.clientId))
				return
			case 'user-changed':
				void this.reevaluate(Array.from(this.users.get(event.userId) ?? []))
				return
			case 'document-changed':
				void this.reevaluate(this.host.connectionsOfDocument(event.documentId))
				return
		}
	}

	private closeAll(connections: Iterable<MonitoredConnection>, code: number, reason: string): void {
		// Closing removes the connection from the very set being iterated.
		for (const connection of Array.from(connections)) {
			if (connection.closed) continue
			this.counters.sessionsEnded++
			connection.close(code, reason)
		}
	}

	private schedule(watch: SessionWatch): void {
		if (watch.timer) clearTimeout(watch.timer)
		// +5 ms so the re-read sees the deadline as passed; timers never exceed 12 h here.
		watch.timer = setTimeout(() => {
			watch.timer = null
			void this.checkSession(watch)
		}, Math.max(0, watch.deadline - Date.now()) + 5)
		watch.timer.unref()
	}

	/** Re-reads the session: gone, disabled or past its deadline closes every socket on it. */
	private async checkSession(watch: SessionWatch): Promise<void> {
		if (watch.checking) return
		watch.checking = true
		try {
			const row = await prisma.session.findUnique({
				where: { id: watch.id },
				select: { expiresAt: true, lastActiveAt: true, user: { select: { disabledAt: true } } },
			})
			if (this.sessions.get(watch.id) !== watch) return
			const deadline = row && !row.user.disabledAt ? sessionDeadline(row).getTime() : 0
			if (deadline <= Date.now()) {
				this.closeAll(watch.connections, CLOSE.unauthenticated, 'session expired')
				return
			}
			watch.expiresAt = row!.expiresAt.getTime()
			watch.lastActiveAt = row!.lastActiveAt.getTime()
			watch.deadline = deadline
			this.schedule(watch)
		} catch (error) {
			// Left due: the next sweep retries in a second.
			this.counters.recheckFailures++
			console.error('[collab] re-reading a session failed', error)
		} finally {
			watch.checking = false
		}
	}

	/**
	 * Re-decides access for the given connections. Lost access closes with 4403; a change
	 * between read and write closes with 4205 so the client reconnects and is re-authorized
	 * (its editor must switch mode); an unchanged decision only refreshes the presence label.
	 */
	private async reevaluate(connections: MonitoredConnection[]): Promise<void> {
		const open = connections.filter((c) => !c.closed)
		if (open.length === 0) return
		let verdicts
		try {
			verdicts = await reauthorize(open.map((c) => ({ userId: c.userId, documentId: c.documentId })))
		} catch (error) {
			// Cannot decide: fail closed but recoverable — the client reconnects and is re-authorized.
			this.counters.recheckFailures++
			console.error('[collab] re-authorizing connections failed', error)
			for (const connection of open) connection.close(CLOSE.tryAgainLater, 'authorization check failed')
			return
		}
		open.forEach((connection, index) => {
			if (connection.closed) return
			const verdict = verdicts[index]
			if (verdict.kind === 'unauthenticated') {
				this.counters.revoked++
				connection.close(CLOSE.unauthenticated, 'session ended')
			} else if (verdict.access === 'none') {
				this.counters.revoked++
				connection.close(CLOSE.forbidden, 'access revoked')
			} else if (verdict.access !== connection.access) {
				this.counters.accessChanged++
				connection.close(CLOSE.authorizationChanged, 'access changed')
			} else {
				connection.presence = { ...connection.presence, name: verdict.displayName, role: verdict.roleLabel }
			}
		})
	}
}

function deadlineOf(session: { expiresAt: number; lastActiveAt: number }): number {
	return sessionDeadline({ expiresAt: new Date(session.expiresAt), lastActiveAt: new Date(session.lastActiveAt) }).getTime()
}
