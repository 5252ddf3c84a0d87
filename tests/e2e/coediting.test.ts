import type { Page } from '@playwright/test'
import { DEMO_ACCOUNTS, expect, newUserPage, test } from './fixtures.ts'

const DOC_PATH = '/clients/client-sato-makoto/documents/doc-note-sato'

function editorOf(page: Page) {
	return page.getByTestId('document-editor')
}

/** Opens the team note and waits until the editor is in sync with the server. */
async function openNote(page: Page): Promise<void> {
	await page.goto(DOC_PATH)
	await expect(editorOf(page)).toBeVisible()
	await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'online')
}

/** Puts the caret at the very end of the document. */
async function caretToEnd(page: Page): Promise<void> {
	await editorOf(page).click()
	await page.keyboard.press('Control+End')
}

test.describe.configure({ mode: 'serial' })

/** Text unique to this run, so repeated runs on one database cannot match earlier text. */
function unique(text: string): string {
	return `${text}［${Math.random().toString(36).slice(2, 7)}］`
}

test('two writers co-edit live, a family member only watches, and the text survives a reload', async ({ browser }) => {
	const sodan = await newUserPage(browser, DEMO_ACCOUNTS.specialist)
	const sabikan = await newUserPage(browser, DEMO_ACCOUNTS.serviceManager)
	const kazoku = await newUserPage(browser, DEMO_ACCOUNTS.family)
	// Script errors, CSP violations, unknown protocol messages: none expected.
	const problems: string[] = []
	for (const page of [sodan, sabikan, kazoku]) {
		page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
		page.on('console', (message) => {
			if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`)
		})
	}
	await openNote(sodan)
	await openNote(sabikan)
	await openNote(kazoku)
	const fromSodan = unique('相談員より：本人は日中活動の見学を希望。')
	const fromSabikan = unique('サビ管より：来週の見学日程を調整します。')
	const confirmed = unique('（確認済み）')
	const typedByFamily = '家族による書き込み'

	await expect(sodan.getByRole('heading', { level: 1, name: '支援メモ（チーム共有）' })).toBeVisible()
	await expect(sodan.getByRole('navigation', { name: 'パンくずリスト' }).getByRole('link', { name: '佐藤 誠 さん' })).toHaveAttribute(
		'href',
		'/clients/client-sato-makoto',
	)
	await expect(sodan.getByRole('toolbar', { name: '書式' })).toBeVisible()

	// Both type: each sees the other's words.
	await caretToEnd(sodan)
	await sodan.keyboard.press('Enter')
	await sodan.keyboard.type(fromSodan)
	await expect(editorOf(sabikan)).toContainText(fromSodan)

	await caretToEnd(sabikan)
	await sabikan.keyboard.press('Enter')
	await sabikan.keyboard.type(fromSabikan)
	await expect(editorOf(sodan)).toContainText(fromSabikan)

	// Each sees the other's caret, labelled with the name the server gave it.
	await expect(sodan.locator('.collaboration-carets__label', { hasText: '伊藤 直樹' })).toBeVisible()
	await expect(sabikan.locator('.collaboration-carets__label', { hasText: '田中 陽子' })).toBeVisible()
	// …and the presence list names everyone in the document.
	const presence = sodan.getByTestId('presence')
	await expect(presence).toContainText('田中 陽子')
	await expect(presence).toContainText('伊藤 直樹')
	await expect(presence).toContainText('佐藤 洋子')

	// Both reach 保存済み: the server confirmed that everything each of them has is stored.
	await expect(sodan.getByTestId('save-state')).toHaveText('保存済み')
	await expect(sabikan.getByTestId('save-state')).toHaveText('保存済み')

	// The family member sees it all live, read-only.
	await expect(editorOf(kazoku)).toContainText(fromSodan)
	await expect(editorOf(kazoku)).toContainText(fromSabikan)
	await expect(kazoku.getByTestId('read-only-badge')).toHaveText('閲覧のみ')
	await expect(kazoku.getByRole('toolbar', { name: '書式' })).toHaveCount(0)
	await expect(editorOf(kazoku)).toHaveAttribute('contenteditable', 'false')

	// Typing, deleting and pasting change nothing.
	const before = await editorOf(kazoku).innerText()
	await editorOf(kazoku).click()
	await kazoku.keyboard.type(typedByFamily)
	await kazoku.keyboard.press('Backspace')
	await kazoku.keyboard.press('Control+a')
	await kazoku.keyboard.press('Delete')
	await kazoku.keyboard.press('Control+b')
	expect(await editorOf(kazoku).innerText()).toBe(before)
	await expect(editorOf(kazoku)).not.toContainText(typedByFamily)

	// A later edit from a writer arrives, and nothing of the family member's typing came with it.
	await caretToEnd(sodan)
	await sodan.keyboard.type(confirmed)
	await expect(editorOf(kazoku)).toContainText(confirmed)
	await expect(editorOf(sabikan)).toContainText(confirmed)
	await expect(editorOf(sabikan)).not.toContainText(typedByFamily)
	await expect(sodan.getByTestId('save-state')).toHaveText('保存済み')

	// A reload loads the stored document.
	await sodan.reload()
	await expect(editorOf(sodan)).toContainText(fromSodan)
	await expect(editorOf(sodan)).toContainText(fromSabikan)
	await expect(editorOf(sodan)).toContainText(confirmed)
	await expect(sodan.getByTestId('save-state')).toHaveText('保存済み')
	expect(problems).toEqual([])

	for (const page of [sodan, sabikan, kazoku]) await page.context().close()
})

test('edits made offline wait in memory and are saved after the network returns', async ({ browser }) => {
	const sodan = await newUserPage(browser, DEMO_ACCOUNTS.specialist)
	const sabikan = await newUserPage(browser, DEMO_ACCOUNTS.serviceManager)
	await openNote(sodan)
	await openNote(sabikan)

	const offlineLine = unique('オフライン中に書いた行')
	await sodan.context().setOffline(true)
	await expect(sodan.getByTestId('connection-state')).toHaveAttribute('data-state', 'offline')
	await expect(sodan.getByTestId('connection-state')).toContainText('オフライン')

	await caretToEnd(sodan)
	await sodan.keyboard.press('Enter')
	await sodan.keyboard.type(offlineLine)
	await expect(sodan.getByTestId('save-state')).toHaveText('未保存')
	await expect(editorOf(sabikan)).not.toContainText(offlineLine)

	// Leaving through an in-app link asks first; choosing to stay keeps the page and the edits.
	const pageUrl = sodan.url()
	const asked = new Promise<string>((resolve) =>
		sodan.once('dialog', (dialog) => {
			resolve(dialog.message())
			void dialog.dismiss()
		}),
	)
	await sodan.getByRole('link', { name: '事業所を探す' }).click()
	expect(await asked).toContain('まだ保存されていない変更があります')
	expect(sodan.url()).toBe(pageUrl)
	await expect(editorOf(sodan)).toContainText(offlineLine)

	// Nothing of the document was put into browser storage meanwhile (Remix keeps only scroll
	// positions in sessionStorage).
	const stored = await sodan.evaluate(async () => {
		const values = (storage: Storage) => Array.from({ length: storage.length }, (_, i) => storage.getItem(storage.key(i) ?? '') ?? '')
		const databases = 'databases' in indexedDB ? await indexedDB.databases() : []
		return { values: [...values(localStorage), ...values(sessionStorage)].join('\n'), idb: databases.length }
	})
	expect(stored.idb).toBe(0)
	expect(stored.values).not.toContain('オフライン中')
	expect(stored.values).not.toContain('相談員より')

	await sodan.context().setOffline(false)
	await expect(sodan.getByTestId('connection-state')).toHaveAttribute('data-state', 'online', { timeout: 20_000 })
	await expect(editorOf(sabikan)).toContainText(offlineLine)
	await expect(sodan.getByTestId('save-state')).toHaveText('保存済み')

	for (const page of [sodan, sabikan]) await page.context().close()
})

test('the link prompt refuses unsafe addresses and others receive only safe links', async ({ browser }) => {
	const sodan = await newUserPage(browser, DEMO_ACCOUNTS.specialist)
	const sabikan = await newUserPage(browser, DEMO_ACCOUNTS.serviceManager)
	await openNote(sodan)
	await openNote(sabikan)

	await caretToEnd(sodan)
	await sodan.keyboard.press('Enter')
	const linkText = unique('市のお知らせ')
	await sodan.keyboard.type(linkText)
	await sodan.keyboard.press('Shift+Home')
	await sodan.getByRole('button', { name: 'リンク' }).click()
	const field = sodan.getByLabel('リンク先')
	await field.fill('javascript:alert(1)')
	await sodan.getByRole('button', { name: '設定' }).click()
	await expect(sodan.getByRole('alert')).toContainText('https:// で始まるURL')
	await expect(field).toHaveAttribute('aria-invalid', 'true')
	await field.fill('www.city.example.lg.jp/fukushi')
	await sodan.getByRole('button', { name: '設定' }).click()
	await expect(field).toHaveCount(0)

	const link = editorOf(sabikan).getByRole('link', { name: linkText })
	await expect(link).toHaveAttribute('href', 'https://www.city.example.lg.jp/fukushi')
	await expect(link).toHaveAttribute('rel', 'noopener noreferrer nofollow')
	await expect(sodan.getByTestId('save-state')).toHaveText('保存済み')
	for (const page of [sodan, sabikan]) await page.context().close()
})

test('logging out elsewhere ends the editing session with a way back to the login page', async ({ browser }) => {
	const sodan = await newUserPage(browser, DEMO_ACCOUNTS.specialist)
	await openNote(sodan)
	// Another tab of the same browser logs out: the session ends everywhere.
	const otherTab = await sodan.context().newPage()
	await otherTab.goto('/')
	await otherTab.getByRole('button', { name: 'ログアウト' }).click()
	await expect(otherTab).toHaveURL(/\/login/)

	const notice = sodan.getByTestId('collab-notice')
	await expect(notice).toContainText('ログインの有効期限が切れました')
	await expect(notice.getByRole('link', { name: 'ログイン画面へ' })).toHaveAttribute('href', /\/login\?redirectTo=/)
	await expect(editorOf(sodan)).toHaveAttribute('contenteditable', 'false')
	await sodan.context().close()
})

test('people without access to the document get a 404 page', async ({ browser }) => {
	const kyoten = await newUserPage(browser, DEMO_ACCOUNTS.hub)
	const response = await kyoten.goto(DOC_PATH)
	expect(response?.status()).toBe(404)
	await expect(kyoten.getByRole('heading', { name: 'ページが見つかりません' })).toBeVisible()
	await kyoten.context().close()
})
