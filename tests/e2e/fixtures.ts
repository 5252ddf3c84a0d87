import { expect, test as base, type Browser, type Page } from '@playwright/test'
import { addDays, addMonths, todayJst } from '../../app/utils/dates.ts'

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

/** Logs in through the real login form and waits for the dashboard. */
export async function loginAs(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
	await page.goto('/login')
	await page.getByLabel('メールアドレス').fill(email)
	await page.getByLabel('パスワード').fill(password)
	await page.getByRole('button', { name: 'ログイン' }).click()
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
