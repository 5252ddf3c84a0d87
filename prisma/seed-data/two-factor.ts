import { hashRecoveryCode } from '#app/modules/auth/totp.ts'
import type { PrismaClient } from '#app/generated/prisma/client.ts'

/**
 * Demo staff accounts are seeded with the second factor already set up, all with ONE published
 * secret, so a newcomer can sign in by adding it to an authenticator app (README) and the browser
 * tests can compute the code. Demo data only: a real account's secret is random and shown once.
 * Family (kazoku@) has none — 本人 and family opt in.
 */
export const DEMO_TOTP_SECRET = 'KIZUNAPLANDEMOTOTPSECRETAAAAAAAA'

/** Deterministic demo recovery codes (one published set per account is enough for a demo). */
export function demoRecoveryCodes(userId: string): string[] {
	const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789'
	const seed = [...userId].reduce((a, c) => (a * 31 + c.charCodeAt(0)) >>> 0, 7)
	return Array.from({ length: 10 }, (_, i) => {
		let x = (seed + i * 2654435761) >>> 0
		let code = ''
		for (let j = 0; j < 12; j++) {
			x = (x * 1103515245 + 12345) >>> 0
			code += alphabet[x % alphabet.length]
			if (j === 3 || j === 7) code += '-'
		}
		return code
	})
}

export async function seedDemoSecondFactors(prisma: PrismaClient, staffUserIds: readonly string[]): Promise<void> {
	const enabledAt = new Date('2026-04-01T00:00:00Z')
	for (const userId of staffUserIds) {
		await prisma.twoFactor.create({ data: { userId, secret: DEMO_TOTP_SECRET, enabledAt, lastUsedCounter: 0 } })
		await prisma.recoveryCode.createMany({
			data: demoRecoveryCodes(userId).map((code, i) => ({ id: `${userId}-rc-${i + 1}`, userId, codeHash: hashRecoveryCode(code) })),
		})
	}
}
