import crypto from 'node:crypto'

/** A new random record id that satisfies the app's id pattern (letters, digits, '-', '_'; ≤ 64). */
export function newId(prefix: string): string {
	return `${prefix}-${crypto.randomUUID()}`
}

/** Audit/request facts the modules record with each change. */
export type RequestMeta = { ipAddress: string }
