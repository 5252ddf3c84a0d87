import AxeBuilder from '@axe-core/playwright'
import type { Page, TestInfo } from '@playwright/test'
import { DEMO_ACCOUNTS, expect, newUserPage, test } from './fixtures.ts'
import { SATO_PATH, satoDocumentPath } from './layout-helpers.ts'

/**
 * Every main page checked by axe-core (all its rules: WCAG 2.x A/AA and best practices) as the
 * people who use it — 0 serious or critical violations (issue 18). The full results of each page
 * are attached to the test. Then the keyboard's first stop (本文へ移動) and the 404 page.
 *
 * Reads the demo only.
 */

type Check = { name: string; path: string | ((page: Page) => Promise<string>); live?: boolean }

async function ready(page: Page, live: boolean | undefined): Promise<void> {
	await expect(page.locator('main#main')).toBeVisible()
	if (live) {
		await expect(page.getByTestId('connection-state').first()).toHaveAttribute('data-state', 'online')
		// Forms render their fields once the document has synced.
		await expect(page.locator('[aria-busy="true"]')).toHaveCount(0)
	}
}

async function expectNoSeriousViolations(page: Page, testInfo: TestInfo, name: string): Promise<void> {
	const results = await new AxeBuilder({ page }).analyze()
	await testInfo.attach(`axe-${name}.json`, { body: JSON.stringify(results.violations, null, 2), contentType: 'application/json' })
	const serious = results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)
	expect(serious, `${name}: ${page.url()}`).toEqual([])
}

async function checkPages(page: Page, testInfo: TestInfo, checks: Check[]): Promise<void> {
	for (const check of checks) {
		await test.step(check.name, async () => {
			const path = typeof check.path === 'string' ? check.path : await check.path(page)
			const response = await page.goto(path)
			expect(response?.status(), path).toBe(200)
			await ready(page, check.live)
			await expectNoSeriousViolations(page, testInfo, check.name)
		})
	}
}

test('axe-core: the login page', async ({ browser }, testInfo) => {
	const context = await browser.newContext()
	const page = await context.newPage()
	await checkPages(page, testInfo, [{ name: 'login', path: '/login' }])
	await context.close()
})

test('axe-core: the specialist’s pages — list, client, every form, meeting mode, dashboard, directory, settings', async ({ browser }, testInfo) => {
	test.setTimeout(240_000)
	const sodan = await newUserPage(browser, DEMO_ACCOUNTS.specialist)
	const documentOf = (kind: string) => (page: Page) => satoDocumentPath(page, kind)
	await checkPages(sodan, testInfo, [
		{ name: 'client-list', path: '/' },
		{ name: 'client', path: SATO_PATH },
		{ name: 'plan', path: documentOf('plan'), live: true },
		{ name: 'isp', path: documentOf('isp'), live: true },
		{ name: 'weekly', path: documentOf('weekly'), live: true },
		{ name: 'assessment', path: documentOf('assessment'), live: true },
		{ name: 'crisis-plan', path: documentOf('crisis_plan'), live: true },
		{ name: 'life-plan', path: documentOf('life_plan'), live: true },
		{ name: 'monitoring-report', path: documentOf('monitoring'), live: true },
		{ name: 'meeting-mode', path: `${SATO_PATH}/meetings/mtg-sato-1`, live: true },
		{ name: 'minutes', path: `${SATO_PATH}/documents/minutes-mtg-sato-1`, live: true },
		{ name: 'cycle', path: `${SATO_PATH}/cycle` },
		{ name: 'monitoring-schedule', path: `${SATO_PATH}/monitoring` },
		{ name: 'meetings', path: `${SATO_PATH}/meetings` },
		{ name: 'team', path: `${SATO_PATH}/team` },
		{ name: 'dashboard', path: '/dashboard' },
		{ name: 'directory', path: '/directory' },
		{ name: 'directory-office', path: '/directory/org-hidamari' },
		{ name: 'notifications', path: '/notifications' },
		{ name: 'settings', path: '/settings' },
	])
	await sodan.context().close()
})

test('axe-core: the audit log and accounts (admin), the hub (coordinator), the easy view (本人)', async ({ browser }, testInfo) => {
	test.setTimeout(180_000)
	const admin = await newUserPage(browser, DEMO_ACCOUNTS.admin)
	await checkPages(admin, testInfo, [
		{ name: 'audit', path: '/admin/audit' },
		{ name: 'accounts', path: '/admin/users' },
	])
	await admin.context().close()

	const hub = await newUserPage(browser, DEMO_ACCOUNTS.hub)
	await checkPages(hub, testInfo, [
		{ name: 'hub', path: '/hub' },
		{ name: 'hub-meetings', path: '/hub/meetings' },
	])
	await hub.context().close()

	const person = await newUserPage(browser, 'honnin@example.jp')
	await checkPages(person, testInfo, [{ name: 'easy-view', path: `${SATO_PATH}/easy` }])
	await person.context().close()
})

test('本文へ移動 moves keyboard focus to the main content, keeps the address and warns nothing', async ({ browser }) => {
	const sodan = await newUserPage(browser, DEMO_ACCOUNTS.specialist)
	const warnings: string[] = []
	sodan.on('console', (message) => {
		if (message.type() === 'warning' || message.type() === 'error') warnings.push(message.text())
	})
	// A live form: the page holds the unsaved-changes navigation guard.
	const path = await satoDocumentPath(sodan, 'plan')
	await sodan.goto(path)
	await expect(sodan.getByTestId('connection-state')).toHaveAttribute('data-state', 'online')
	await sodan.locator('body').focus()

	await sodan.keyboard.press('Tab')
	const skip = sodan.getByRole('link', { name: '本文へ移動' })
	await expect(skip).toBeFocused()
	await expect(skip).toBeInViewport()
	await sodan.keyboard.press('Enter')
	await expect(sodan.locator('main#main')).toBeFocused()
	expect(new URL(sodan.url()).pathname).toBe(path)
	expect(new URL(sodan.url()).hash).toBe('')
	// The next Tab goes on inside the main content, not back through the header's menu.
	await sodan.keyboard.press('Tab')
	expect(await sodan.evaluate(() => document.querySelector('main')?.contains(document.activeElement) && document.activeElement?.tagName !== 'MAIN')).toBe(true)
	expect(warnings).toEqual([])
	await sodan.context().close()
})

test('the 404 page hydrates without errors, signed in (in the app’s layout) or not', async ({ browser }) => {
	const sodan = await newUserPage(browser, DEMO_ACCOUNTS.specialist)
	const anonymous = await (await browser.newContext()).newPage()
	for (const page of [sodan, anonymous]) {
		const problems: string[] = []
		page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
		page.on('console', (message) => {
			// The browser reports the document's own 404 status as a failed resource: that is the page's answer.
			if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`)
		})
		// An address under an existing route (/login) and one under none.
		for (const path of ['/login/no/such-page', '/no-such-page', '/clients/client-sato-makoto/no/such/page']) {
			const response = await page.goto(path)
			expect(response?.status(), path).toBe(404)
			await expect(page.getByRole('heading', { name: 'ページが見つかりません' })).toBeVisible()
			// Hydrated: the client router is running, and it rendered what the server sent.
			await expect.poll(() => page.evaluate(() => '__remixRouter' in window)).toBe(true)
			await page.waitForLoadState('networkidle')
		}
		expect(problems).toEqual([])
	}
	// Signed in, the 404 sits in the usual layout: header, menu, the way back.
	await expect(sodan.getByRole('navigation', { name: 'メインメニュー' })).toBeVisible()
	await expect(sodan.getByRole('link', { name: 'トップページへ戻る' })).toBeVisible()
	await sodan.context().close()
	await anonymous.context().close()
})
