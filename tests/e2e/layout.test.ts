import type { Page, TestInfo } from '@playwright/test'
import { DEMO_ACCOUNTS, expect, newUserPage, test } from './fixtures.ts'
import { SATO_PATH, expectInViewHorizontally, expectNoPageOverflow, expectTextNotCut, satoDocumentPath, textLines } from './layout-helpers.ts'

/**
 * The forms at 1,280 px (issue 18): every column of the wide tables in view beside the comment
 * margin, the page itself never wider than the window, header names not squeezed to a character
 * a line in the meeting and read-only views, the クライシスプラン stage table readable on screen
 * and on A4. Screenshots of each form go to the test's output folder (test-results/).
 *
 * Reads the demo 佐藤 誠 only (opening a form as its writer changes nothing in it).
 */
const WIDTH = 1280

async function openForm(page: Page, path: string): Promise<void> {
	await page.setViewportSize({ width: WIDTH, height: 800 })
	await page.goto(path)
	await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'online')
}

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
	const path = testInfo.outputPath(name)
	await page.screenshot({ path, fullPage: true })
	await testInfo.attach(name, { path, contentType: 'image/png' })
}

test('サービス等利用計画 at 1,280 px: every goal column and the row controls in view, the page no wider than the window', async ({ browser }, testInfo) => {
	const sodan = await newUserPage(browser, DEMO_ACCOUNTS.specialist)
	await openForm(sodan, await satoDocumentPath(sodan, 'plan'))
	const goals = sodan.getByTestId('goals-table')
	await expect(goals.getByRole('textbox', { name: '1番目の課題：その他留意事項' })).toBeVisible()
	// The comment margin sits beside the form (it has threads on this plan).
	await expect(sodan.getByTestId('comment-margin')).toBeVisible()

	await expectNoPageOverflow(sodan)
	for (const heading of ['優先順位', '解決すべき課題（本人のニーズ）', '達成時期', '評価時期', 'その他留意事項']) {
		await expectInViewHorizontally(goals.getByRole('columnheader', { name: heading, exact: true }))
	}
	for (const column of ['評価時期', 'その他留意事項']) await expectInViewHorizontally(goals.getByRole('textbox', { name: `1番目の課題：${column}` }))
	await expectInViewHorizontally(goals.getByRole('button', { name: '1番目の課題を削除' }))
	// The header block: the office's name on one line, not a character a line.
	expect(await textLines(sodan.getByTestId('plan-header').getByRole('cell', { name: '相談支援センターきずな' }))).toBe(1)
	await screenshot(sodan, testInfo, 'plan-1280.png')
	await sodan.context().close()
})

test('個別支援計画 at 1,280 px: the 計画の目標 checkboxes in view for the service manager who writes it', async ({ browser }, testInfo) => {
	const sabikan = await newUserPage(browser, DEMO_ACCOUNTS.serviceManager)
	await openForm(sabikan, await satoDocumentPath(sabikan, 'isp'))
	const table = sabikan.getByTestId('support-table').first()
	const checkboxes = table.getByTestId('goal-link-checkbox')
	await expect(checkboxes.first()).toBeVisible()

	await expectNoPageOverflow(sabikan)
	await expectInViewHorizontally(table.getByRole('columnheader', { name: '計画の目標', exact: true }))
	for (const checkbox of await checkboxes.all()) await expectInViewHorizontally(checkbox)
	await expectInViewHorizontally(table.getByRole('columnheader', { name: '留意事項', exact: true }))
	await expectInViewHorizontally(table.getByRole('button', { name: '1番目の支援を削除' }))
	await screenshot(sabikan, testInfo, 'isp-1280.png')
	await sabikan.context().close()
})

test('クライシスプラン at 1,280 px and on A4: the stage table’s headings whole, every column in view', async ({ browser }, testInfo) => {
	const sodan = await newUserPage(browser, DEMO_ACCOUNTS.specialist)
	await openForm(sodan, await satoDocumentPath(sodan, 'crisis_plan'))
	const stages = sodan.getByTestId('crisis-stages')
	await expect(stages).toBeVisible()

	await expectNoPageOverflow(sodan)
	const headings = stages.locator('thead th')
	await expect(headings).toHaveCount(5)
	for (const heading of await headings.all()) {
		await expectInViewHorizontally(heading)
		await expectTextNotCut(heading)
	}
	// Two headings never share a line's space: each starts where the one before it ends.
	const boxes = await Promise.all((await headings.all()).map((h) => h.boundingBox()))
	for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.x).toBeGreaterThanOrEqual(boxes[i - 1]!.x + boxes[i - 1]!.width - 1)
	for (const stage of ['安定（青）', '注意（黄）', '要注意（赤）']) {
		await expectInViewHorizontally(stages.getByRole('textbox', { name: `${stage}：支援者・関係機関がすること` }))
	}
	await screenshot(sodan, testInfo, 'crisis-plan-1280.png')

	// On paper: the print sheet's stage table on A4, its headings whole too.
	await sodan.emulateMedia({ media: 'print' })
	const sheet = sodan.locator('.crisis-sheet__stages')
	await expect(sheet).toBeVisible()
	for (const heading of await sheet.locator('thead th').all()) await expectTextNotCut(heading)
	const pdf = await sodan.pdf({ format: 'A4', printBackground: true })
	await testInfo.attach('crisis-plan-a4.pdf', { body: pdf, contentType: 'application/pdf' })
	await sodan.context().close()
})

test('the meeting view and the read-only views keep header names on a line; in a narrow pane the goal table scrolls in its frame with 優先順位 held', async ({ browser }, testInfo) => {
	const sodan = await newUserPage(browser, DEMO_ACCOUNTS.specialist)
	await sodan.setViewportSize({ width: WIDTH, height: 800 })
	// The scheduled demo meeting: the plan and the minutes side by side.
	await sodan.goto(`${SATO_PATH}/meetings/mtg-sato-1`)
	const plan = sodan.getByTestId('plan-form')
	await expect(plan).toBeVisible()
	await expectNoPageOverflow(sodan)
	expect(await textLines(plan.getByTestId('plan-header').getByRole('cell', { name: '相談支援センターきずな' }))).toBeLessThanOrEqual(2)
	const frame = plan.locator('.row-table-wrap')
	const firstColumn = plan.getByTestId('goals-table').getByRole('rowheader').first()
	await expect(firstColumn).toBeVisible()
	await frame.evaluate((element) => element.scrollTo({ left: element.scrollWidth }))
	await expect.poll(() => frame.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0)
	await expectInViewHorizontally(firstColumn)
	await expectInViewHorizontally(plan.getByTestId('goals-table').getByRole('columnheader', { name: 'その他留意事項', exact: true }))
	await screenshot(sodan, testInfo, 'meeting-1280.png')

	// The frozen 本計画 (read only).
	await sodan.goto(`${SATO_PATH}/cycle`)
	await sodan.getByTestId('version-list').getByRole('link').filter({ hasText: '第2版' }).click()
	await expect(sodan.getByTestId('version-form')).toBeVisible()
	await expectNoPageOverflow(sodan)
	expect(await textLines(sodan.getByTestId('header-agency'))).toBe(1)
	for (const heading of ['評価時期', 'その他留意事項']) await expectInViewHorizontally(sodan.getByTestId('version-goals').getByRole('columnheader', { name: heading }))
	await sodan.context().close()

	// The mother reads the live plan.
	const family = await newUserPage(browser, DEMO_ACCOUNTS.family)
	await openForm(family, `${SATO_PATH}/documents/plan-client-sato-makoto`)
	await expect(family.getByTestId('read-only-badge')).toBeVisible()
	await expectNoPageOverflow(family)
	expect(await textLines(family.getByTestId('plan-header').getByRole('cell', { name: '相談支援センターきずな' }))).toBe(1)
	await expectInViewHorizontally(family.getByTestId('goals-table').getByRole('columnheader', { name: 'その他留意事項', exact: true }))
	await family.context().close()
})
