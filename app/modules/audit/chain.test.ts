import { describe, expect, test } from 'vitest'
import { chainHash, GENESIS_HASH, verifyChainSegment, type StoredAuditRow } from './chain.ts'

function sealed(n: number): StoredAuditRow[] {
	const rows: StoredAuditRow[] = []
	let prev = GENESIS_HASH
	for (let id = 1; id <= n; id++) {
		const row = { id, at: `2026-12-07T00:00:0${id}.000+00:00`, userId: 'u', clientId: null, action: 'client.view', outcome: 'ok', target: '', ipAddress: '127.0.0.1', detail: '' }
		const hash = chainHash(prev, row)
		rows.push({ ...row, prevHash: prev, hash })
		prev = hash
	}
	return rows
}

describe('audit hash chain', () => {
	test('an intact chain verifies, with an unsealed tail only counted', () => {
		const rows = [...sealed(5), { ...sealed(6)[5], prevHash: '', hash: '' }]
		expect(verifyChainSegment(rows, GENESIS_HASH)).toMatchObject({ checked: 5, unsealedTail: 1, problem: null })
	})

	test('an edited row is the first broken one', () => {
		const rows = sealed(5)
		rows[2] = { ...rows[2], detail: '{"edited":true}' }
		expect(verifyChainSegment(rows, GENESIS_HASH).problem).toEqual({ id: 3, reason: 'hash_mismatch' })
	})

	test('a deleted row breaks the chain at the row after it', () => {
		const rows = sealed(5)
		rows.splice(1, 1)
		expect(verifyChainSegment(rows, GENESIS_HASH).problem).toEqual({ id: 3, reason: 'prev_hash_mismatch' })
	})

	test('an edited row with a recomputed hash is still caught by the next row', () => {
		const rows = sealed(4)
		const forged = { ...rows[1], action: 'auth.login' }
		rows[1] = { ...forged, hash: chainHash(forged.prevHash, forged) }
		expect(verifyChainSegment(rows, GENESIS_HASH).problem).toEqual({ id: 3, reason: 'prev_hash_mismatch' })
	})
})
