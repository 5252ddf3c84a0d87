import { hash, verify } from '@node-rs/argon2'

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-strength.ts'

export function hashPassword(password: string): Promise<string> {
	return hash(password, ARGON2_OPTIONS)
}

/** Constant-work verification; a malformed stored hash counts as a mismatch. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password)
	} catch {
		return false
	}
}

let dummyHash: Promise<string> | undefined
/**
 * Burns the same argon2 work as a real check, so a login for an unknown email takes as long
 * as one for a known email (no account enumeration by timing).
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
	dummyHash ??= hashPassword('kizuna-dummy-password-for-timing')
	await verifyPassword(await dummyHash, password)
	return false
}
