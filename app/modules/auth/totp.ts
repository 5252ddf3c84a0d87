/**
 * TOTP (RFC 6238) on top of @oslojs/otp. The library takes no clock argument and keeps no
 * state, so two things are done here: the time step is computed from an explicit `now`, and
 * the step a code matched is returned so the caller can store it and refuse any code of that
 * step or an earlier one (a code seen over someone's shoulder cannot be used again).
 */
import { sha256 } from '@oslojs/crypto/sha2'
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding'
import { createTOTPKeyURI, generateHOTP } from '@oslojs/otp'

export const TOTP_PERIOD_SECONDS = 30
export const TOTP_DIGITS = 6
/** Codes of one step before and after the current one are accepted (clock drift, slow typing). */
export const TOTP_DRIFT_STEPS = 1
export const TOTP_ISSUER = 'きずなプラン'

export const RECOVERY_CODE_COUNT = 10

/** The time step a moment falls in. */
export function totpCounter(now: number): number {
	return Math.floor(now / 1000 / TOTP_PERIOD_SECONDS)
}

/** 20 random bytes (160 bits, RFC 4226's recommendation), base32 as authenticator apps expect. */
export function generateTotpSecret(): string {
	const bytes = new Uint8Array(20)
	crypto.getRandomValues(bytes)
	return encodeBase32UpperCaseNoPadding(bytes)
}

/** Base32 text → key bytes; spaces and lower case (as people type it) are accepted. Null when invalid. */
export function decodeTotpSecret(secret: string): Uint8Array | null {
	const cleaned = secret.replace(/[\s-]/g, '').toUpperCase()
	if (!/^[A-Z2-7]{16,128}$/.test(cleaned)) return null
	try {
		return decodeBase32IgnorePadding(cleaned)
	} catch {
		return null
	}
}

export function totpCodeAt(secret: string, counter: number): string {
	const key = decodeTotpSecret(secret)
	if (!key) throw new Error('invalid TOTP secret')
	return generateHOTP(key, BigInt(counter), TOTP_DIGITS)
}

/** Normalises what a person typed: full-width digits and spaces are common on Japanese keyboards. */
export function normalizeCode(input: string): string {
	return input.normalize('NFKC').replace(/[\s-]/g, '')
}

/**
 * Checks a code against the steps around `now`. Returns the matched step when it is later than
 * `lastUsedCounter`, 'replayed' when it matches a step already used, or null.
 */
export function matchTotp(secret: string, code: string, now: number, lastUsedCounter: number): number | 'replayed' | null {
	const key = decodeTotpSecret(secret)
	const typed = normalizeCode(code)
	if (!key || !/^\d{6}$/.test(typed)) return null
	const current = totpCounter(now)
	let replayed = false
	for (let counter = current - TOTP_DRIFT_STEPS; counter <= current + TOTP_DRIFT_STEPS; counter++) {
		if (!constantTimeEqual(generateHOTP(key, BigInt(counter), TOTP_DIGITS), typed)) continue
		if (counter > lastUsedCounter) return counter
		replayed = true
	}
	return replayed ? 'replayed' : null
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpKeyUri(secret: string, accountName: string): string {
	const key = decodeTotpSecret(secret)
	if (!key) throw new Error('invalid TOTP secret')
	return createTOTPKeyURI(TOTP_ISSUER, accountName, key, TOTP_PERIOD_SECONDS, TOTP_DIGITS)
}

/** The secret in groups of four, for typing it into an app by hand. */
export function formatSecretForDisplay(secret: string): string {
	return secret.replace(/(.{4})/g, '$1 ').trim()
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789' // no 0/o, 1/l/i: read aloud and typed from paper

/** Ten codes like "k7mq-2xpa-9rte": 60 bits each, one use each. */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
	const codes: string[] = []
	for (let i = 0; i < count; i++) {
		const bytes = new Uint8Array(12)
		crypto.getRandomValues(bytes)
		const chars = Array.from(bytes, (b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length])
		codes.push(`${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8, 12).join('')}`)
	}
	return codes
}

/** Recovery codes compare case- and separator-insensitively. */
export function normalizeRecoveryCode(input: string): string {
	return input.normalize('NFKC').toLowerCase().replace(/[^a-z0-9]/g, '')
}

export function hashRecoveryCode(code: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(normalizeRecoveryCode(code))))
}

export function looksLikeRecoveryCode(input: string): boolean {
	return normalizeRecoveryCode(input).length === 12
}

function constantTimeEqual(a: string, b: string): boolean {
	if (a.length !== b.length) return false
	let diff = 0
	for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
	return diff === 0
}
