/**
 * The audit log's hash chain (tamper evidence): every row carries
 *   hash = SHA-256(prevHash ‖ canonical(row)),  prevHash = the previous row's hash
 * with a fixed genesis value before the first row. Editing, inserting or deleting a row in the
 * middle breaks the chain from that row on; verification reports the first row that does not fit.
 * Pure: the sealer and the verifier (scripts/audit-verify.ts) share it.
 */
import { sha256 } from '@oslojs/crypto/sha2'
import { encodeHexLowerCase } from '@oslojs/encoding'

export const GENESIS_HASH = '0'.repeat(64)

/** An audit row as stored (values exactly as SQLite returns them). */
export type StoredAuditRow = {
	id: number
	at: string | number
	userId: string | null
	clientId: string | null
	action: string
	outcome: string
	target: string
	ipAddress: string
	detail: string
	prevHash: string
	hash: string
}

export function canonicalAuditRow(row: Omit<StoredAuditRow, 'prevHash' | 'hash'>): string {
	return JSON.stringify([row.id, String(row.at), row.userId, row.clientId, row.action, row.outcome, row.target, row.ipAddress, row.detail])
}

export function chainHash(prevHash: string, row: Omit<StoredAuditRow, 'prevHash' | 'hash'>): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(`${prevHash}\n${canonicalAuditRow(row)}`)))
}

export type ChainProblem = { id: number; reason: 'prev_hash_mismatch' | 'hash_mismatch' | 'unsealed_before_sealed' }

/**
 * Walks rows in id order. `previous` is the hash before the first row given (genesis for the
 * start of the log). Unsealed rows at the very end are only counted: the sealer has not reached
 * them yet. Returns the first problem, if any.
 */
export function verifyChainSegment(
	rows: Iterable<StoredAuditRow>,
	previous: string,
): { checked: number; unsealedTail: number; lastHash: string; problem: ChainProblem | null } {
	let checked = 0
	let unsealedTail = 0
	let firstUnsealedId: number | null = null
	let lastHash = previous
	for (const row of rows) {
		if (row.hash === '') {
			unsealedTail++
			firstUnsealedId ??= row.id
			continue
		}
		if (firstUnsealedId !== null) return { checked, unsealedTail, lastHash, problem: { id: firstUnsealedId, reason: 'unsealed_before_sealed' } }
		if (row.prevHash !== lastHash) return { checked, unsealedTail, lastHash, problem: { id: row.id, reason: 'prev_hash_mismatch' } }
		if (row.hash !== chainHash(row.prevHash, row)) return { checked, unsealedTail, lastHash, problem: { id: row.id, reason: 'hash_mismatch' } }
		lastHash = row.hash
		checked++
	}
	return { checked, unsealedTail, lastHash, problem: null }
}
