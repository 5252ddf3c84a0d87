import { safeColor } from '#app/editor/presence.ts'

/** Field-level presence: awareness `focus` is the key of the field the person is typing in. */

export type FieldEditor = { clientId: number; name: string; color: string }

/** Who (other than us) has which field focused, from awareness states. */
export function fieldEditorsFromAwareness(states: ReadonlyMap<number, unknown>, selfClientId: number): Map<string, FieldEditor[]> {
	const result = new Map<string, FieldEditor[]>()
	for (const [clientId, state] of states) {
		if (clientId === selfClientId || !state || typeof state !== 'object') continue
		const { focus, user } = state as { focus?: unknown; user?: unknown }
		if (typeof focus !== 'string' || !user || typeof user !== 'object') continue
		const { name, color } = user as { name?: unknown; color?: unknown }
		if (typeof name !== 'string' || !name.trim()) continue
		const list = result.get(focus) ?? []
		list.push({ clientId, name: name.slice(0, 80), color: safeColor(color) })
		result.set(focus, list)
	}
	return result
}
