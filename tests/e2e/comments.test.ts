import type { Page } from '@playwright/test'
import { DEMO_ACCOUNTS, expect, newUserPage, test } from './fixtures.ts'
import { createMidCycleSatoClient } from './fresh-client.ts'

/**
 * Comments, on 佐藤 誠's 個別支援計画 of 生活介護事業所ひだまり: written by the service manager,
 * read by his mother and the specialist — who both comment. A 佐藤 誠 of this file's own,
 * mid-cycle as the demo one: ひだまり's 個別支援計画 exists (living case).
 */
let CLIENT_PATH = ''
test.beforeAll(async () => {
	CLIENT_PATH = (await createMidCycleSatoClient()).path
})
const POLICY = '総合的な支援の方針'

async function waitOnline(page: Page): Promise<void> {
	await expect(page.getByTestId('isp-form')).toBeVisible()
	await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'online')
	await expect(page.getByTestId('comment-margin')).toBeVisible()
}

function watchProblems(pages: Page[]): string[] {
	const problems: string[] = []
	for (const page of pages) {
		page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
		page.on('console', (message) => {
			if (message.type() === 'error') problems.push(`console: ${message.text()}`)
		})
	}
	return problems
}

/** The service manager opens ひだまり's 個別支援計画 and writes its 支援方針. */
async function openIspAsWriter(sabikan: Page): Promise<string> {
	await sabikan.goto(CLIENT_PATH)
	await sabikan.getByRole('link', { name: /個別支援計画/ }).first().click()
	await expect(sabikan).toHaveURL(/\/documents\/isp-/)
	await waitOnline(sabikan)
	await sabikan.getByRole('textbox', { name: POLICY }).fill('日中活動の場で本人のペースを大切にする。')
	return sabikan.url()
}

test('the family comments on a goal; the specialist sees it live in the margin and answers', async ({ browser }) => {
	const sabikan = await newUserPage(browser, DEMO_ACCOUNTS.serviceManager)
	const kazoku = await newUserPage(browser, DEMO_ACCOUNTS.family)
	const sodan = await newUserPage(browser, DEMO_ACCOUNTS.specialist)
	const problems = watchProblems([sabikan, kazoku, sodan])

	// The service manager writes ひだまり's 個別支援計画 and adds a goal.
	const ispUrl = await openIspAsWriter(sabikan)
	await sabikan.getByTestId('add-support-row').click()
	const goalPosition = await sabikan.getByTestId('row').count()
	await sabikan.getByRole('textbox', { name: `${goalPosition}番目の支援：具体的到達目標`, exact: true }).fill('作業に毎日参加する')
	await expect(sabikan.getByTestId('save-state')).toHaveAttribute('data-state', 'saved')

	await kazoku.goto(ispUrl)
	await sodan.goto(ispUrl)
	await waitOnline(kazoku)
	await waitOnline(sodan)
	// His mother reads the plan: no writing controls for its text, but she may comment.
	await expect(kazoku.getByTestId('read-only-badge')).toBeVisible()
	await expect(kazoku.getByRole('textbox', { name: POLICY })).toHaveAttribute('readonly', '')
	await expect(kazoku.getByTestId('add-support-row')).toHaveCount(0)

	// A comment on the whole goal row, mentioning the specialist (picked with the keyboard) and raised for the meeting.
	const goal = `${goalPosition}番目の支援`
	await kazoku.getByRole('button', { name: `${goal}にコメント` }).click()
	const composer = kazoku.getByTestId('comment-draft')
	await expect(composer).toContainText(`${goal}全体へのコメント`)
	const input = composer.getByTestId('comment-input')
	await expect(input).toBeFocused()
	await input.pressSequentially('@田中')
	await expect(kazoku.getByTestId('mention-list')).toContainText('田中 陽子')
	await input.press('Enter')
	await input.pressSequentially('さん、土曜日の活動も入れられますか？')
	await expect(input).toHaveValue('@田中 陽子 さん、土曜日の活動も入れられますか？')
	await composer.getByTestId('comment-meeting-flag').check()
	await composer.getByTestId('comment-submit').click()
	await expect(kazoku.getByTestId('comment-draft')).toHaveCount(0)

	// The specialist sees it appear in the margin, next to the goal, without reloading.
	const thread = sodan.getByTestId('comment-thread').filter({ hasText: '土曜日の活動も入れられますか' })
	await expect(thread).toBeVisible()
	await expect(thread.getByTestId('comment').first()).toContainText('佐藤 洋子')
	await expect(thread.getByTestId('comment').first()).toContainText('家族・後見人')
	await expect(thread.locator('.comment__mention')).toHaveText('@田中 陽子')
	await expect(thread.getByTestId('thread-meeting-flag')).toHaveText('会議で検討')
	await expect(sodan.getByTestId('comment-group').filter({ has: thread }).locator('h3')).toHaveText(goal)
	await expect(sodan.locator(`tr.row--commented`)).toHaveCount(1)

	// The specialist only reads this plan, yet answers in the thread; the mother sees it live.
	await thread.getByRole('button', { name: '返信' }).click()
	await thread.getByTestId('comment-input').fill('土曜日は体験から始めましょう。\n次の会議で相談します。')
	await thread.getByTestId('comment-submit').click()
	const mine = kazoku.getByTestId('comment-thread').filter({ hasText: '土曜日の活動も入れられますか' })
	await expect(mine.getByTestId('comment')).toHaveCount(2)
	await expect(mine.getByTestId('comment').nth(1)).toContainText('田中 陽子')
	await expect(mine.getByTestId('comment').nth(1).getByTestId('comment-body')).toHaveText('土曜日は体験から始めましょう。\n次の会議で相談します。')

	// The mother may edit her own words (marked 編集済み), not the specialist's.
	await expect(mine.getByTestId('comment').nth(1).getByRole('button', { name: '編集' })).toHaveCount(0)
	await mine.getByTestId('comment').first().getByRole('button', { name: '編集' }).click()
	const edit = mine.getByTestId('comment-input')
	await edit.fill('@田中 陽子 さん、土曜日の活動も入れられますか？（午前だけ）')
	await mine.getByRole('button', { name: '保存' }).click()
	await expect(thread.getByTestId('comment').first()).toContainText('（午前だけ）')
	await expect(thread.getByTestId('comment').first()).toContainText('編集済み')

	// The specialist was mentioned: the header counts it, the list leads back to the thread.
	await sodan.goto('/notifications')
	await expect(sodan.getByTestId('unread-count')).toBeVisible()
	const note = sodan.getByTestId('notification').filter({ hasText: 'あなたへのメンション' }).first()
	await expect(note).toContainText('佐藤 洋子：@田中 陽子 さん、土曜日の活動も入れられますか？（午前だけ）')
	await note.getByRole('button', { name: 'コメントを開く' }).click()
	await expect(sodan).toHaveURL(/#comment-cmt-/)
	await waitOnline(sodan)
	await expect(sodan.locator('.comment-thread--active')).toContainText('土曜日の活動も入れられますか')

	// His mother hears about the reply.
	await kazoku.goto('/notifications')
	// (Other files' replies to her reach the same list: this one is found by its text.)
	await expect(kazoku.getByTestId('notification').filter({ hasText: 'あなたのコメントへの返信' }).filter({ hasText: '土曜日は体験から始めましょう。' })).toHaveCount(1)

	expect(problems).toEqual([])
})

test('a passage selected in a read-only field is highlighted, follows edits and is set apart once deleted', async ({ browser }) => {
	const sabikan = await newUserPage(browser, DEMO_ACCOUNTS.serviceManager)
	const kazoku = await newUserPage(browser, DEMO_ACCOUNTS.family)
	const problems = watchProblems([sabikan, kazoku])
	const ispUrl = await openIspAsWriter(sabikan)
	await kazoku.goto(ispUrl)
	await waitOnline(kazoku)

	// Select 「本人のペース」 in the mother's read-only copy (Chromium moves no caret in a read-only
	// textarea by keyboard, so the selection is made as a mouse drag leaves it).
	const field = kazoku.getByRole('textbox', { name: POLICY })
	await expect(field).toHaveValue('日中活動の場で本人のペースを大切にする。')
	await field.evaluate((el: HTMLTextAreaElement) => {
		el.focus()
		el.setSelectionRange(7, 13)
		el.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }))
	})
	await kazoku.getByRole('button', { name: `選択した文章にコメント（${POLICY}）` }).click()
	const draft = kazoku.getByTestId('comment-draft')
	await expect(draft.locator('blockquote')).toHaveText('本人のペース')
	await draft.getByTestId('comment-input').fill('<b>ゆっくり</b>で大丈夫です')
	await draft.getByTestId('comment-submit').click()

	// The writer sees the passage marked behind their text, and the comment as plain text.
	const mark = sabikan.locator('.plan-field--policy mark.comment-mark')
	await expect(mark).toHaveText('本人のペース')
	const thread = sabikan.getByTestId('comment-thread').filter({ hasText: 'ゆっくり' })
	await expect(thread.getByTestId('comment-body')).toHaveText('<b>ゆっくり</b>で大丈夫です')
	await expect(thread.getByTestId('thread-quote')).toHaveText('本人のペース')

	// Text typed before the passage moves the highlight with it.
	const policy = sabikan.getByRole('textbox', { name: POLICY })
	await policy.click()
	await sabikan.keyboard.press('Control+Home')
	await sabikan.keyboard.type('【継続】')
	await expect(kazoku.getByRole('textbox', { name: POLICY })).toHaveValue('【継続】日中活動の場で本人のペースを大切にする。')
	await expect(mark).toHaveText('本人のペース')
	await expect(kazoku.locator('.plan-field--policy mark.comment-mark')).toHaveText('本人のペース')

	// The writer replaces the sentence: the comment stays, under 「本文が削除されたコメント」, with its quote.
	await policy.fill('日中活動の場で作業に取り組む。')
	const detached = kazoku.getByTestId('detached-comments')
	await expect(detached).toContainText('本文が削除されたコメント')
	await expect(detached.getByTestId('thread-quote')).toHaveText('本人のペース')
	await expect(kazoku.locator('.plan-field--policy mark.comment-mark')).toHaveCount(0)

	// She deletes her own comment, after confirming.
	kazoku.once('dialog', (dialog) => void dialog.accept())
	await detached.getByRole('button', { name: '削除' }).click()
	await expect(sabikan.getByTestId('comment-thread').filter({ hasText: 'ゆっくり' })).toHaveCount(0)

	// On paper there are no comments.
	await sabikan.emulateMedia({ media: 'print' })
	await expect(sabikan.getByTestId('comment-margin')).toBeHidden()
	expect(problems).toEqual([])
})
