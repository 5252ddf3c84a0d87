import { DEMO_ACCOUNTS, expect, loginAs, test } from './fixtures.ts'

/** YYYY-MM-DD in Japan, as the server computes "today". */
function todayJst(): string {
	return new Date(Date.now() + 9 * 60 * 60 * 1000).toISOString().slice(0, 10)
}

test('a family finds offices by target, training and day', async ({ page }) => {
	await loginAs(page, DEMO_ACCOUNTS.family)
	await page.getByRole('link', { name: '事業所を探す' }).click()
	await expect(page.getByRole('heading', { level: 1, name: '事業所を探す' })).toBeVisible()
	// Every office of the 小平市 list (19) and 金沢市 (7) plus the demo region.
	await expect(page.getByRole('status')).toContainText('件の事業所が見つかりました')
	await expect(page.getByRole('link', { name: '地域生活支援センター あさやけ' })).toBeVisible()
	await expect(page.getByText('◆ 主に支援している対象')).toBeVisible()

	const search = page.getByRole('search')
	await search.getByLabel('対象', { exact: true }).selectOption('child')
	await search.getByRole('checkbox', { name: '医療的ケア' }).check()
	await search.getByRole('checkbox', { name: /^土/ }).check()
	await search.getByRole('button', { name: 'この条件で探す' }).click()

	// The filters live in the URL (bookmarkable, shareable).
	await expect(page).toHaveURL(/\/directory\?target=child&training=medicalCare&day=sat$/)
	await expect(page.getByRole('status')).toHaveText('3件の事業所が見つかりました')
	const rows = page.getByTestId('directory-row')
	await expect(rows).toHaveCount(3)
	await expect(rows.nth(0)).toContainText('地域生活支援センター あさやけ')
	await expect(rows.nth(0)).toContainText('042-345-1741')
	await expect(rows.nth(0)).toContainText('月～金 10:00～18:00 土：12:00～18:00')
	await expect(rows.nth(1)).toContainText('放課後等デイサービスそら')
	await expect(rows.nth(2)).toContainText('希望が丘市地域生活支援拠点')
	// The controls keep the filters after the page reloads them from the URL.
	await expect(search.getByLabel('対象', { exact: true })).toHaveValue('child')
	await expect(search.getByRole('checkbox', { name: /^土/ })).toBeChecked()

	// 主に支援 only, 小平市 only, training and day cleared.
	await page.getByRole('link', { name: '条件をクリア' }).click()
	await expect(search.getByRole('checkbox', { name: /^土/ })).not.toBeChecked()
	await search.getByLabel('市区町村').selectOption('小平市')
	await search.getByLabel('種別').selectOption('consultation')
	await search.getByLabel('対象', { exact: true }).selectOption('child')
	await search.getByRole('checkbox', { name: '主に支援している対象（◆）の事業所のみ' }).check()
	// Keyboard: Enter in the keyword box submits the search.
	await search.getByLabel('キーワード').press('Enter')
	await expect(page.getByRole('status')).toHaveText('2件の事業所が見つかりました')
	await expect(rows.nth(0)).toContainText('あいの実小平')
	await expect(rows.nth(1)).toContainText('相談支援事業所 れんげ草')

	await page.getByRole('link', { name: 'あいの実小平' }).click()
	await expect(page.getByRole('heading', { level: 1, name: 'あいの実小平' })).toBeVisible()
	await expect(page.getByText('障害児相談支援')).toBeVisible()
	await expect(page.getByTestId('vacancy-status')).toContainText('不明')
	// Families read the directory; they never get the update form.
	await expect(page.getByRole('heading', { name: '空き状況を更新' })).toHaveCount(0)
})

test('a search with no results shows the empty state', async ({ page }) => {
	await loginAs(page, DEMO_ACCOUNTS.family)
	await page.goto('/directory?q=%E5%AD%98%E5%9C%A8%E3%81%97%E3%81%AA%E3%81%84%E4%BA%8B%E6%A5%AD%E6%89%80')
	await expect(page.getByRole('status')).toHaveText('0件の事業所が見つかりました')
	await expect(page.getByText('条件に合う事業所は見つかりませんでした。')).toBeVisible()
})

test('the printed list leaves out the search form', async ({ page }) => {
	await loginAs(page, DEMO_ACCOUNTS.family)
	await page.goto('/directory?city=%E5%B0%8F%E5%B9%B3%E5%B8%82&kind=consultation')
	await page.emulateMedia({ media: 'print' })
	await expect(page.getByRole('search')).toBeHidden()
	await expect(page.getByTestId('directory-row')).toHaveCount(19)
	await expect(page.getByText('条件: 市区町村: 小平市 / 種別: 相談支援事業所')).toBeVisible()
})

test('sabikan updates ひだまり’s vacancy and everyone sees it', async ({ page }) => {
	await loginAs(page, DEMO_ACCOUNTS.serviceManager)
	await page.getByRole('link', { name: '事業所を探す' }).click()
	await page.getByRole('search').getByLabel('キーワード').fill('ひだまり')
	await page.getByRole('search').getByRole('button', { name: 'この条件で探す' }).click()
	await page.getByRole('link', { name: '生活介護事業所ひだまり' }).click()
	await expect(page).toHaveURL(/\/directory\/org-hidamari$/)
	await expect(page.getByTestId('vacancy-status')).toContainText('空きあり')

	const form = page.locator('form[method="post"]').filter({ has: page.getByLabel('空き状況') })
	// A future date is refused with a message next to the field.
	await form.getByLabel('空き状況').selectOption('few')
	await form.getByLabel('基準日').fill('2999-01-01')
	await form.getByRole('button', { name: '空き状況を更新する' }).click()
	await expect(page.getByText('基準日に未来の日付は指定できません')).toBeVisible()
	await expect(form.getByLabel('基準日')).toHaveAttribute('aria-invalid', 'true')

	const today = todayJst()
	await form.getByLabel('基準日').fill(today)
	await form.getByLabel('メモ').fill('短期入所は今月満床です')
	await form.getByRole('button', { name: '空き状況を更新する' }).click()
	await expect(page.getByText('空き状況を更新しました。')).toBeVisible()
	await expect(page).toHaveURL(/saved=vacancy/)
	const [y, m, d] = today.split('-').map(Number)
	await expect(page.getByTestId('vacancy-status')).toContainText('わずか')
	await expect(page.getByTestId('vacancy-status')).toContainText(`${y}年${m}月${d}日時点`)
	await expect(page.getByRole('definition').filter({ hasText: '短期入所は今月満床です' })).toBeVisible()

	// The list shows the new status under 空きあり (わずかを含む).
	await page.goto('/directory?vacancy=open&q=%E3%81%B2%E3%81%A0%E3%81%BE%E3%82%8A')
	const row = page.getByTestId('directory-row')
	await expect(row).toHaveCount(1)
	await expect(row).toContainText('わずか')
})

test('staff of another office cannot see the vacancy form', async ({ page }) => {
	await loginAs(page, DEMO_ACCOUNTS.specialist)
	await page.goto('/directory/org-hidamari')
	await expect(page.getByRole('heading', { level: 1, name: '生活介護事業所ひだまり' })).toBeVisible()
	await expect(page.getByRole('heading', { name: '空き状況を更新' })).toHaveCount(0)
	const missing = await page.goto('/directory/no-such-office')
	expect(missing?.status()).toBe(404)
	await expect(page.getByRole('heading', { name: 'ページが見つかりません' })).toBeVisible()
})
