import fs from 'node:fs'
import path from 'node:path'
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
 * drift either side, so a test that signs the same account in several times within 30 s uses the
 * neighbouring steps' codes, and waits for a fresh step only when all are spent.
 */
const lastStepUsed = {
	// Kept in a file beside the run's database: a worker restarted after a failure (or a retry)
	// must not reuse a step the server has already seen — a replayed code counts as a failure.
	file: `${path.resolve(`tests/.tmp/e2e-${process.env.E2E_PORT ?? 3210}.db`)}.totp-steps.json`,
	read(): Record<string, number> {
		try {
			return JSON.parse(fs.readFileSync(this.file, 'utf8')) as Record<string, number>
		} catch {
			return {}
		}
	},
	get(email: string): number | undefined {
		return this.read()[email]
	},
	set(email: string, step: number): void {
		fs.mkdirSync(path.dirname(this.file), { recursive: true })
		fs.writeFileSync(this.file, JSON.stringify({ ...this.read(), [email]: step }))
	},
}
/** Secrets of accounts that set up their app during a test (the demo accounts use the demo secret). */
const enrolledSecrets = new Map<string, string>()

async function nextTotpCode(email: string): Promise<string> {
	for (;;) {
		const current = totpCounter(Date.now())
		const last = lastStepUsed.get(email) ?? -1
		// The oldest step still accepted (one step of drift either side) that is later than the last
		// used; the previous step only while it stays accepted for the seconds the form takes.
		const oldestSafe = Date.now() % 30_000 < 25_000 ? current - 1 : current
		const step = Math.max(last + 1, oldestSafe)
		if (step <= current + 1) {
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
		// A worker restarted after a failure forgets the steps it used; the server does not, and
		// says so — then the next step is taken.
		for (let attempt = 0; attempt < 4; attempt++) {
			await codeField.fill(await nextTotpCode(email))
			await Promise.all([
				page.waitForResponse((response) => response.request().method() === 'POST' && response.url().includes('/login/two-factor')),
				page.getByRole('button', { name: '確認してログイン' }).click(),
			])
			const replayed = page.getByRole('alert').filter({ hasText: 'すでに使われました' })
			await expect(page.getByTestId('current-user').or(replayed)).toBeVisible()
			if (!(await replayed.isVisible())) break
		}
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
