import { isAccountRole, ROLE_LABELS } from '#app/policies/roles.ts'

/**
 * Who is in the document, from awareness states. The server rewrites each connection's
 * `user` field from its session, so names here are who the server says they are; a state
 * without a usable name is not shown.
 */

export type PresentUser = {
	/** stable key for React (user id when the server gives one, else the awareness client id) */
	key: string
	name: string
	roleLabel: string
	color: string
	isSelf: boolean
	/** open tabs / windows of this person */
	connections: number
}

/**
 * Caret colours. The same palette and hash (FNV-1a of the user id) as the collaboration
 * server's awareness filter, which overwrites everyone's colour: so the colour you pick for
 * yourself here is the one others see.
 */
export const USER_COLORS = [
	'#d1495b',
	'#00798c',
	'#edae49',
	'#30638e',
	'#6a4c93',
	'#2a9d8f',
	'#e76f51',
	'#8ac926',
	'#1982c4',
	'#c05299',
	'#7f5539',
	'#4d908e',
] as const

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/
const FALLBACK_COLOR = '#5b6660'

export function colorForUser(userId: string): string {
	let hash = 0x811c9dc5
	for (let i = 0; i < userId.length; i++) {
		hash ^= userId.charCodeAt(i)
		hash = Math.imul(hash, 0x01000193) >>> 0
	}
	return USER_COLORS[hash % USER_COLORS.length]
}

/** Black or white, whichever reads better on the given background colour. */
export function textColorOn(background: string): '#000000' | '#ffffff' {
	if (!HEX_COLOR.test(background)) return '#ffffff'
	const channel = (i: number) => {
		const c = parseInt(background.slice(i, i + 2), 16) / 255
		return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
	}
	const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
	// Contrast with black (L+0.05)/0.05 vs with white 1.05/(L+0.05): pick the larger.
	return (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) ? '#000000' : '#ffffff'
}

export function safeColor(value: unknown): string {
	return typeof value === 'string' && HEX_COLOR.test(value) ? value : FALLBACK_COLOR
}

function roleLabelOf(user: Record<string, unknown>): string {
	const role = user.role
	if (typeof role === 'string' && isAccountRole(role)) return ROLE_LABELS[role]
	if (typeof user.roleLabel === 'string') return user.roleLabel.slice(0, 40)
	return typeof role === 'string' ? role.slice(0, 40) : ''
}

export function presenceFromAwareness(states: ReadonlyMap<number, unknown>, selfClientId: number): PresentUser[] {
	const byKey = new Map<string, PresentUser>()
	for (const [clientId, state] of states) {
		if (!state || typeof state !== 'object') continue
		const user = (state as { user?: unknown }).user
		if (!user || typeof user !== 'object') continue
		const record = user as Record<string, unknown>
		if (typeof record.name !== 'string' || record.name.trim() === '') continue
		const key = typeof record.id === 'string' && record.id ? `user:${record.id}` : `client:${clientId}`
		const existing = byKey.get(key)
		if (existing) {
			existing.connections++
			existing.isSelf ||= clientId === selfClientId
			continue
		}
		byKey.set(key, {
			key,
			name: record.name.slice(0, 80),
			roleLabel: roleLabelOf(record),
			color: safeColor(record.color),
			isSelf: clientId === selfClientId,
			connections: 1,
		})
	}
	// Yourself first, then by name (Japanese collation).
	return [...byKey.values()].sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name, 'ja'))
}
