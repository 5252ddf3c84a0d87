import type { Browser, Page } from '@playwright/test'
import { DEMO_ACCOUNTS, expect, newUserPage, test } from './fixtures.ts'
import { createSatoLikeClient } from './fresh-client.ts'

/**
 * Two writers in one structured form (the plan: 田中 陽子 the specialist and 高橋 健一 the office
 * manager both write it): carets and selections inside the fields, IME composition while the
 * other types, undo of one's own edits only, the offline state, and focus around row tables.
 */

let PLAN_PATH = ''
const POLICY = '総合的な援助の方針'
const NEED = '解決すべき課題（本人のニーズ）'

test.describe.configure({ mode: 'serial' })

test.beforeAll(async ({ browser }) => {
	const client = await createSatoLikeClient(browser)
	PLAN_PATH = `${client.path}/documents/plan-${client.id}`
	const sodan = await newUserPage(browser, DEMO_ACCOUNTS.specialist)
	await sodan.goto(client.path)
	await sodan.getByRole('button', { name: '計画を作成' }).click()
	await expect(sodan).toHaveURL(PLAN_PATH)
	await sodan.context().close()
})

async function openPlan(page: Page): Promise<void> {
	await page.goto(PLAN_PATH)
	await expect(page.getByTestId('plan-form')).toBeVisible()
	await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'online')
}

async function twoWriters(browser: Browser) {
	const sodan = await newUserPage(browser, DEMO_ACCOUNTS.specialist)
	const kanri = await newUserPage(browser, DEMO_ACCOUNTS.officeManager)
	await openPlan(sodan)
	await openPlan(kanri)
	return { sodan, kanri }
}

/** A field on the page and the box around it, where the other person's carets are drawn. */
function field(page: Page, name: string) {
	const box = page.locator('.collab-field-box').filter({ has: page.getByRole('textbox', { name, exact: true }) })
	return { input: page.getByRole('textbox', { name, exact: true }), box }
}

test('A sees B’s caret move and B’s selection highlighted inside the field, with B’s name', async ({ browser }) => {
	const { sodan, kanri } = await twoWriters(browser)
	const mine = field(sodan, POLICY)
	const seen = field(kanri, POLICY)
	await mine.input.click()
	await mine.input.fill('')
	await mine.input.pressSequentially('日中活動と住まいを整える')
	await expect(seen.input).toHaveValue('日中活動と住まいを整える')

	// The caret at the end: drawn at offset 12 with 田中 陽子's name, within a second.
	const caret = seen.box.getByTestId('remote-caret')
	await expect(caret).toHaveAttribute('data-offset', '12', { timeout: 1000 })
	await expect(caret).toContainText('田中 陽子')
	// … moving with her.
	for (let i = 0; i < 7; i++) await sodan.keyboard.press('ArrowLeft')
	await expect(caret).toHaveAttribute('data-offset', '5', { timeout: 1000 })
	// The caret sits where the text is: left of it lies the mirrored 日中活動と.
	const caretBox = await caret.boundingBox()
	const fieldBox = await seen.input.boundingBox()
	expect(caretBox && fieldBox && caretBox.x > fieldBox.x + 20 && caretBox.x < fieldBox.x + fieldBox.width).toBe(true)

	// A selection of 住まい (three characters to the right) is highlighted in her colour.
	for (let i = 0; i < 3; i++) await sodan.keyboard.press('Shift+ArrowRight')
	const selection = seen.box.getByTestId('remote-selection')
	await expect(selection).toHaveText('住まい', { timeout: 1000 })
	await expect(selection).toHaveCSS('background-color', /rgba\(/)
	// Nothing of this is drawn for herself.
	await expect(mine.box.getByTestId('remote-caret')).toHaveCount(0)

	// Leaving the field takes the caret away on the other screen.
	await sodan.getByRole('textbox', { name: '短期目標', exact: true }).click()
	await expect(seen.box.getByTestId('remote-caret')).toHaveCount(0, { timeout: 1000 })
	// … and puts it in the field she went to.
	await expect(field(kanri, '短期目標').box.getByTestId('remote-caret')).toContainText('田中 陽子', { timeout: 1000 })
	await sodan.context().close()
	await kanri.context().close()
})

test('IME composition while the other person types in the same field: the final text is the merge of both', async ({ browser }) => {
	const { sodan, kanri } = await twoWriters(browser)
	const mine = field(sodan, '長期目標')
	const theirs = field(kanri, '長期目標')
	await mine.input.click()
	await mine.input.pressSequentially('＿')
	await expect(theirs.input).toHaveValue('＿')

	// 田中 starts composing at the end (にほんご, not yet confirmed) …
	await sodan.keyboard.press('End')
	const ime = await sodan.context().newCDPSession(sodan)
	await ime.send('Input.imeSetComposition', { text: 'に', selectionStart: 1, selectionEnd: 1 })
	await ime.send('Input.imeSetComposition', { text: 'にほ', selectionStart: 2, selectionEnd: 2 })
	await ime.send('Input.imeSetComposition', { text: 'にほんご', selectionStart: 4, selectionEnd: 4 })
	// … while 高橋 types at the beginning of the same field.
	await theirs.input.click()
	await kanri.keyboard.press('Control+Home')
	await kanri.keyboard.type('確認：')
	await expect(theirs.input).toHaveValue('確認：＿')
	// She confirms 日本語: nothing lost, nothing twice.
	await ime.send('Input.insertText', { text: '日本語' })
	await expect(mine.input).toHaveValue('確認：＿日本語')
	await expect(theirs.input).toHaveValue('確認：＿日本語')
	// A second composition, this time while his text lands right before hers.
	await ime.send('Input.imeSetComposition', { text: 'です', selectionStart: 2, selectionEnd: 2 })
	await kanri.keyboard.press('End')
	await kanri.keyboard.type('済')
	await ime.send('Input.insertText', { text: 'です' })
	await expect(mine.input).toHaveValue(/^確認：＿日本語(済です|です済)$/)
	const merged = await mine.input.inputValue()
	await expect(theirs.input).toHaveValue(merged)
	await sodan.context().close()
	await kanri.context().close()
})

test('undo removes only one’s own edits — text and rows — and redo brings them back', async ({ browser }) => {
	const { sodan, kanri } = await twoWriters(browser)
	const mine = field(sodan, '家族の生活に対する意向')
	const theirs = field(kanri, '家族の生活に対する意向')
	await mine.input.click()
	await mine.input.pressSequentially('３か月後')
	await expect(theirs.input).toHaveValue('３か月後')
	await theirs.input.click()
	await kanri.keyboard.press('End')
	await kanri.keyboard.type('（高橋）')
	await expect(mine.input).toHaveValue('３か月後（高橋）')

	// 田中's Ctrl+Z takes away her words, never 高橋's.
	await mine.input.click()
	await sodan.keyboard.press('Control+z')
	await expect(mine.input).toHaveValue('（高橋）')
	await expect(theirs.input).toHaveValue('（高橋）')
	// Ctrl+Shift+Z brings them back.
	await sodan.keyboard.press('Control+Shift+z')
	await expect(theirs.input).toHaveValue('３か月後（高橋）')
	// 高橋's own undo removes his.
	await theirs.input.click()
	await kanri.keyboard.press('Control+z')
	await expect(mine.input).toHaveValue('３か月後')

	// Rows: 田中 adds a goal row, 高橋 adds one; her undo (the button) removes only hers.
	const rows = (page: Page) => page.getByTestId('row')
	const before = await rows(kanri).count()
	await sodan.getByTestId('add-row').click()
	await expect(rows(kanri)).toHaveCount(before + 1)
	await sodan.getByRole('textbox', { name: `${before + 1}番目の課題：${NEED}`, exact: true }).pressSequentially('田中の課題')
	await kanri.getByTestId('add-row').click()
	await kanri.getByRole('textbox', { name: `${before + 2}番目の課題：${NEED}`, exact: true }).pressSequentially('高橋の課題')
	await expect(rows(sodan)).toHaveCount(before + 2)
	await sodan.getByTestId('undo').click()
	await sodan.getByTestId('undo').click()
	await expect(rows(kanri)).toHaveCount(before + 1)
	await expect(kanri.getByRole('textbox', { name: `${before + 1}番目の課題：${NEED}`, exact: true })).toHaveValue('高橋の課題')
	await sodan.getByTestId('redo').click()
	await sodan.getByTestId('redo').click()
	await expect(rows(kanri)).toHaveCount(before + 2)
	await expect(kanri.getByTestId('row').filter({ has: kanri.locator('textarea').filter({ hasText: '' }) })).toHaveCount(before + 2)
	await sodan.context().close()
	await kanri.context().close()
})

test('offline: the page says so at once, editing goes on, 未保存 until the server has it, and both see everything after reconnect', async ({ browser }) => {
	const { sodan, kanri } = await twoWriters(browser)
	const mine = field(sodan, '利用者の生活に対する意向（希望する生活）')
	const theirs = field(kanri, '利用者の生活に対する意向（希望する生活）')
	await mine.input.click()
	await mine.input.fill('')
	await expect(theirs.input).toHaveValue('')

	await sodan.context().setOffline(true)
	await expect(sodan.getByTestId('offline-banner')).toContainText('接続が切れました — 変更はこの画面に残っています', { timeout: 3000 })
	await expect(sodan.getByTestId('connection-state')).toHaveAttribute('data-state', 'offline')
	await mine.input.click()
	await mine.input.pressSequentially('通院の付き添い')
	await expect(mine.input).toHaveValue('通院の付き添い')
	await expect(sodan.getByTestId('save-state')).toHaveText('未保存')
	// Still offline a while later: it stays 未保存, the other screen has none of it.
	await sodan.waitForTimeout(1500)
	await expect(sodan.getByTestId('save-state')).toHaveText('未保存')
	await expect(theirs.input).toHaveValue('')
	// 高橋 writes meanwhile.
	await theirs.input.click()
	await kanri.keyboard.type('服薬の確認。')

	await sodan.context().setOffline(false)
	await expect(sodan.getByTestId('offline-banner')).toHaveCount(0, { timeout: 10_000 })
	await expect(sodan.getByTestId('save-state')).toHaveText('保存済み', { timeout: 10_000 })
	await expect(mine.input).toHaveValue(/^(服薬の確認。通院の付き添い|通院の付き添い服薬の確認。)$/)
	const merged = await mine.input.inputValue()
	await expect(theirs.input).toHaveValue(merged)
	// And it is stored: a reload shows it.
	await kanri.reload()
	await expect(kanri.getByTestId('connection-state')).toHaveAttribute('data-state', 'online')
	await expect(field(kanri, '利用者の生活に対する意向（希望する生活）').input).toHaveValue(merged)
	await sodan.context().close()
	await kanri.context().close()
})

test('keyboard: focus goes into a new row after adding it and to a sensible place after removing one', async ({ browser }) => {
	const sodan = await newUserPage(browser, DEMO_ACCOUNTS.specialist)
	await openPlan(sodan)
	const rows = sodan.getByTestId('row')
	const before = await rows.count()
	await sodan.getByTestId('add-row').focus()
	await sodan.keyboard.press('Enter')
	await expect(rows).toHaveCount(before + 1)
	// The new row's first field has focus: typing goes there.
	await expect(rows.nth(before).locator('textarea').first()).toBeFocused()
	await sodan.keyboard.type('すぐ入力できる')
	await expect(rows.nth(before).locator('textarea').first()).toHaveValue('すぐ入力できる')
	// Removing the last row (confirmed) moves focus to the row above's 削除, never the page body.
	sodan.once('dialog', (dialog) => void dialog.accept())
	await rows.nth(before).getByRole('button', { name: `${before + 1}番目の課題を削除` }).click()
	await expect(rows).toHaveCount(before)
	const focused = await sodan.evaluate(() => document.activeElement?.tagName ?? 'none')
	expect(focused).not.toBe('BODY')
	await sodan.context().close()
})
