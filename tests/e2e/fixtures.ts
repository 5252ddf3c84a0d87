import { expect, test as base, type Browser, type Page } from '@playwright/test'
import { totpCodeAt, totpCounter } from '../../app/modules/auth/totp.ts'
import { addDays, addMonths, todayJst } from '../../app/utils/dates.ts'
import { DEMO_TOTP_SECRET } from '../../prisma/seed-data/two-factor.ts'

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
 * drift either side, so a test that signs the same account in twice within 30 s uses the next
 * step's code, and waits for a fresh step only when both are spent.
 */
const lastStepUsed = new Map<string, number>()
/** Secrets of accounts that set up their app during a test (the demo accounts use the demo secret). */
const enrolledSecrets = new Map<string, string>()

async function nextTotpCode(email: string): Promise<string> {
	for (;;) {
		const current = totpCounter(Date.now())
		const last = lastStepUsed.get(email) ?? -1
		const step = last < current ? current : last === current ? current + 1 : null
		if (step !== null) {
			lastStepUsed.set(email, step)
			return totpCodeAt(enrolledSecrets.get(email) ?? DEMO_TOTP_SECRET, step)
		}
		await new Promise((resolve) => setTimeout(resolve, (current + 1) * 30_000 - Date.now() + 50))
	}
}

/**
 * Signs in through the real forms — password, then (for staff) the code an authenticator app
 * would show for the demo secret (prisma/seed-data/two-factor.ts) — and waits for the app.
 */
export async function loginAs(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
	await page.goto('/login')
	await page.getByLabel('メールアドレス').fill(email)
	await page.getByLabel('パスワード').fill(password)
	await page.getByRole('button', { name: 'ログイン' }).click()
	const codeField = page.getByRole('textbox', { name: '確認コード' })
	await expect(page.getByTestId('current-user').or(codeField)).toBeVisible()
	const secretOnPage = page.getByTestId('totp-secret')
	if (await secretOnPage.isVisible()) {
		// A new staff account sets up its authenticator app at first sign-in, as a person would:
		// the key shown for typing by hand is what the app would hold.
		enrolledSecrets.set(email, ((await secretOnPage.textContent()) ?? '').replace(/\s/g, ''))
		await codeField.fill(await nextTotpCode(email))
		await page.getByRole('button', { name: '設定してログイン' }).click()
		await expect(page.getByTestId('recovery-codes').getByRole('listitem')).toHaveCount(10)
		await page.getByRole('link', { name: '保管しました。続ける' }).click()
	} else if (await codeField.isVisible()) {
		await codeField.fill(await nextTotpCode(email))
		await page.getByRole('button', { name: '確認してログイン' }).click()
	}
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
