import { describe, expect, test } from 'vitest'
import {
	decodeTotpSecret,
	formatSecretForDisplay,
	generateRecoveryCodes,
	generateTotpSecret,
	hashRecoveryCode,
	matchTotp,
	totpCodeAt,
	totpCounter,
	totpKeyUri,
} from './totp.ts'

// RFC 6238 appendix B: the SHA-1 key is the ASCII "12345678901234567890".
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'

describe('TOTP', () => {
	test('matches the RFC 6238 test vectors (last six digits)', () => {
		expect(totpCodeAt(RFC_SECRET, totpCounter(59_000))).toBe('287082')
		expect(totpCodeAt(RFC_SECRET, totpCounter(1_111_111_109_000))).toBe('081804')
		expect(totpCodeAt(RFC_SECRET, totpCounter(2_000_000_000_000))).toBe('279037')
	})

	test('accepts the current step and one step either side, and returns the step', () => {
		const now = 1_800_000_000_000
		const step = totpCounter(now)
		expect(matchTotp(RFC_SECRET, totpCodeAt(RFC_SECRET, step), now, 0)).toBe(step)
		expect(matchTotp(RFC_SECRET, totpCodeAt(RFC_SECRET, step - 1), now, 0)).toBe(step - 1)
		expect(matchTotp(RFC_SECRET, totpCodeAt(RFC_SECRET, step + 1), now, 0)).toBe(step + 1)
		expect(matchTotp(RFC_SECRET, totpCodeAt(RFC_SECRET, step - 2), now, 0)).toBeNull()
		expect(matchTotp(RFC_SECRET, '12345', now, 0)).toBeNull()
		expect(matchTotp(RFC_SECRET, 'abcdef', now, 0)).toBeNull()
	})

	test('refuses a code of a step already used (replay), even inside the drift window', () => {
		const now = 1_800_000_000_000
		const step = totpCounter(now)
		const code = totpCodeAt(RFC_SECRET, step)
		expect(matchTotp(RFC_SECRET, code, now, step)).toBe('replayed')
		expect(matchTotp(RFC_SECRET, totpCodeAt(RFC_SECRET, step - 1), now, step)).toBe('replayed')
		expect(matchTotp(RFC_SECRET, totpCodeAt(RFC_SECRET, step + 1), now, step)).toBe(step + 1)
	})

	test('reads full-width digits and spaces as typed on a Japanese keyboard', () => {
		const now = 1_800_000_000_000
		const code = totpCodeAt(RFC_SECRET, totpCounter(now))
		const fullWidth = [...code].map((d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).join('')
		expect(matchTotp(RFC_SECRET, `${fullWidth.slice(0, 3)} ${fullWidth.slice(3)}`, now, 0)).toBe(totpCounter(now))
	})

	test('secrets are 160-bit base32 and round-trip through the key URI', () => {
		const secret = generateTotpSecret()
		expect(secret).toMatch(/^[A-Z2-7]{32}$/)
		expect(decodeTotpSecret(formatSecretForDisplay(secret).toLowerCase())?.length).toBe(20)
		expect(decodeTotpSecret('not a secret!')).toBeNull()
		const uri = new URL(totpKeyUri(secret, 'sodan@example.jp'))
		expect(uri.protocol).toBe('otpauth:')
		expect(uri.searchParams.get('secret')).toBe(secret)
		expect(uri.searchParams.get('digits')).toBe('6')
	})

	test('recovery codes: ten distinct codes, hashed regardless of case and separators', () => {
		const codes = generateRecoveryCodes()
		expect(codes).toHaveLength(10)
		expect(new Set(codes).size).toBe(10)
		for (const code of codes) expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/)
		expect(hashRecoveryCode(codes[0].toUpperCase().replace(/-/g, ' '))).toBe(hashRecoveryCode(codes[0]))
	})
})
