import fs from 'node:fs'
import path from 'node:path'
import { expect, test as base, type Browser, type Page } from '@playwright/test'
import { sessionCookieName } from '#app/modules/auth/cookie.server.ts'
import { createSession } from '#app/modules/auth/session.server.ts'
import { totpCodeAt, totpCounter } from '#app/modules/auth/totp.ts'
import { prisma } from '#app/utils/db.server.ts'
import { addDays, addMonths, todayJst } from '../../app/utils/dates.ts'
import { DEMO_TOTP_SECRET } from '../../prisma/seed-data/two-factor.ts'
import { e2eDb } from './e2e-db.ts'
import { E2E_BASE_URL, E2E_DB } from './e2e-env.ts'

export const DEMO_PASSWORD = 'kizuna-demo-2026'

export const DEMO_ACCOUNTS = {
	specialist: 'sodan@example.jp',
	officeManager: 'kanri@example.jp',
	serviceManager: 'sabikan@example.jp',
	staff: 'staff@example.jp',
	family: 'kazoku@example.jp',
	city: 'city@example.jp',
	hub: 'kyoten@example.jp',
	admin: 'admin@example.jp',
} as const

/**
 * The server accepts each TOTP time step once per account (replay protection) and one step of
 * drift either side, so sign-ins of one account within 30 s use the neighbouring steps' codes,
 * and wait for a fresh step only when all are spent. A step is claimed by creating a marker
 * file exclusively: two workers (or a worker restarted after a failure) never type the same one
 * — a replayed code counts as a failure. The folder belongs to the run's database
 * (scripts/e2e-server.sh empties it with the database).
 */
const TOTP_STEPS_DIR = `${E2E_DB}.totp-steps`

function claimTotpStep(email: string, step: number): boolean {
	fs.mkdirSync(TOTP_STEPS_DIR, { recursive: true })
	try {
		fs.closeSync(fs.openSync(path.join(TOTP_STEPS_DIR, `${email}.${step}`), 'wx'))
		return true
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
		throw error
	}
}

/** Secrets of accounts that set up their app during a test (the demo accounts use the demo secret). */
const enrolledSecrets = new Map<string, string>()

/** A code for `email` that the server has not seen yet (demo secret unless enrolled in this run). */
export async function nextTotpCode(email: string): Promise<string> {
	for (;;) {
		const current = totpCounter(Date.now())
		// The oldest step still accepted (one step of drift either side); the previous step only
		// while it stays accepted for the seconds the form takes.
		const oldestSafe = Date.now() % 30_000 < 25_000 ? current - 1 : current
		for (let step = oldestSafe; step <= current + 1; step++) {
			if (claimTotpStep(email, step)) return totpCodeAt(enrolledSecrets.get(email) ?? DEMO_TOTP_SECRET, step)
		}
		await new Promise((resolve) => setTimeout(resolve, (current + 1) * 30_000 - Date.now() + 50))
	}
}

/**
 * Signs in as a person does — password, then (for staff) the code an authenticator app would
 * show for the demo secret (prisma/seed-data/two-factor.ts), or the set-up of the app at a new
 * account's first sign-in — and waits for the app. Slow (a TOTP step is 30 s): the sign-in
 * tests use it; every other test signs in with `loginAs`.
 */
export async function signInThroughForms(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
	await page.goto('/login')
	await page.getByLabel('メールアドレス').fill(email)
	await page.getByLabel('パスワード').fill(password)
	await page.getByRole('button', { name: 'ログイン' }).click()
	const codeField = page.getByRole('textbox', { name: '確認コード' })
	const currentUser = page.getByTestId('current-user')
	const secretOnPage = page.getByTestId('totp-secret')
	// Which of the three pages the password leads to depends on the account: wait for one, then
	// follow it (no guess — the page says which it is).
	await expect(currentUser.or(codeField)).toBeVisible()
	if ((await secretOnPage.count()) > 0) {
		// A new staff account sets up its authenticator app at first sign-in, as a person would:
		// the key shown for typing by hand is what the app would hold.
		enrolledSecrets.set(email, ((await secretOnPage.textContent()) ?? '').replace(/\s/g, ''))
		await codeField.fill(await nextTotpCode(email))
		await page.getByRole('button', { name: '設定してログイン' }).click()
		await expect(page.getByTestId('recovery-codes').getByRole('listitem')).toHaveCount(10)
		await page.getByRole('link', { name: '保管しました。続ける' }).click()
	} else if ((await codeField.count()) > 0) {
		await codeField.fill(await nextTotpCode(email))
		await page.getByRole('button', { name: '確認してログイン' }).click()
	}
	await expect(currentUser).toBeVisible()
}

/**
 * Signs in without the forms: a full session is created through the app's session module on
 * the run's database and its cookie put into the browser context — what the second-factor step
 * does after a right code. The sign-in forms themselves are tested in auth.test.ts and
 * two-factor.test.ts. With a password (a test's own new account), signs in through the forms.
 */
export async function loginAs(page: Page, email: string, password?: string): Promise<void> {
	if (password !== undefined) return signInThroughForms(page, email, password)
	await e2eDb()
	const user = await prisma.user.findUniqueOrThrow({ where: { email }, select: { id: true } })
	const { token } = await createSession(user.id, { userAgent: 'e2e cookie login' })
	// A `__Host-` cookie must come from a secure origin: Chromium takes it from the https form of
	// the address and sends it to http://localhost, which it treats as a secure context (as it
	// does with the server's own Set-Cookie at a real sign-in).
	const secureOrigin = E2E_BASE_URL.replace(/^http:/, 'https:')
	await page.context().addCookies([{ name: sessionCookieName(), value: token, url: secureOrigin, httpOnly: true, secure: true, sameSite: 'Lax' }])
	await page.goto('/')
	await expect(page.getByTestId('current-user')).toBeVisible()
}

/** A separate browser context (its own cookies) logged in as the given account. */
export async function newUserPage(browser: Browser, email: string): Promise<Page> {
	const context = await browser.newContext()
	const page = await context.newPage()
	await loginAs(page, email)
	return page
}

export const test = base
export { expect }

/** Japan-time calendar dates relative to the day the test runs (the app's own date helpers). */
export function jstDatePlus(days: number): string {
	return addDays(todayJst(), days)
}

/** YYYY-MM, `months` after the current month in Japan time. */
export function jstMonthPlus(months: number): string {
	return addMonths(todayJst().slice(0, 7), months)
}
