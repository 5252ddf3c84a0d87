import type { Page } from '@playwright/test'
import { DEMO_ACCOUNTS, expect, newUserPage, test, jstDatePlus } from './fixtures.ts'
import { createMidCycleSatoClient } from './fresh-client.ts'

/**
 * The サービス担当者会議 for 佐藤 誠 with his plan on the table and three people in the room:
 * the specialist runs it, the サービス管理責任者 writes the minutes with her, and his mother —
 * who may only read the plan — raises a question on a goal, which is answered live.
 *
 * A 佐藤 誠 of this file's own, mid-cycle as the demo one (living case): his plan has its goals.
 */
let CLIENT_PATH = ''
test.beforeAll(async () => {
	CLIENT_PATH = (await createMidCycleSatoClient()).path
})

const planPane = (page: Page) => page.locator('.meeting-mode__plan')
const minutesPane = (page: Page) => page.locator('.meeting-mode__minutes')

async function waitMeetingOnline(page: Page): Promise<void> {
	await expect(planPane(page).getByTestId('plan-form')).toBeVisible()
	await expect(planPane(page).getByTestId('connection-state')).toHaveAttribute('data-state', 'online')
	await expect(planPane(page).getByTestId('comment-margin')).toBeVisible()
	await expect(minutesPane(page).getByTestId('minutes-form')).toBeVisible()
	await expect(minutesPane(page).getByTestId('connection-state')).toHaveAttribute('data-state', 'online')
}

test('a meeting with the plan: the family asks on a goal, the specialist answers live, two write the minutes, closing freezes them', async ({ browser }) => {
	const sodan = await newUserPage(browser, DEMO_ACCOUNTS.specialist)
	const sabikan = await newUserPage(browser, DEMO_ACCOUNTS.serviceManager)
	const kazoku = await newUserPage(browser, DEMO_ACCOUNTS.family)
	const problems: string[] = []
	for (const page of [sodan, sabikan, kazoku]) {
		page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
		page.on('console', (message) => {
			if (message.type() === 'error') problems.push(`console: ${message.text()}`)
		})
	}

	// The plan needs at least one goal to talk about.
	// The demo plan exists (living case) and has goals: nothing to create here.
	await sodan.goto(CLIENT_PATH)
	await expect(sodan.getByTestId('create-plan')).toHaveCount(0)
	await sodan.goto(`${CLIENT_PATH}/plan`)
	await expect(sodan.getByTestId('plan-form')).toBeVisible()
	await expect(sodan.getByTestId('connection-state')).toHaveAttribute('data-state', 'online')
	await expect(sodan.getByTestId('goals-table').getByTestId('row').first()).toBeVisible()

	// The specialist schedules the meeting, inviting the service manager, and starts it.
	await sodan.goto(`${CLIENT_PATH}/meetings/new`)
	await sodan.getByLabel('開催日').fill(jstDatePlus(0))
	await sodan.getByLabel('開始時刻').fill('14:00')
	await sodan.getByLabel('終了時刻（予定）').fill('15:00')
	await sodan.getByLabel('開催場所').fill('生活介護事業所ひだまり 会議室')
	await sodan.getByRole('checkbox', { name: /伊藤 直樹/ }).check()
	await sodan.getByLabel('同意の方法').selectOption('written')
	await sodan.getByRole('button', { name: '会議を予定する' }).click()
	await expect(sodan.getByTestId('meeting-status')).toHaveText('予定')
	const meetingUrl = new URL(sodan.url()).pathname
	await sodan.getByRole('button', { name: '会議を開始' }).click()
	await expect(sodan.getByTestId('meeting-status')).toHaveText('開催中')

	// Everyone opens the one meeting page: the plan and the live minutes side by side.
	await sabikan.goto(meetingUrl)
	await kazoku.goto(meetingUrl)
	for (const page of [sodan, sabikan, kazoku]) await waitMeetingOnline(page)
	await expect(minutesPane(sodan).getByTestId('presence')).toContainText('伊藤 直樹')
	await expect(minutesPane(sodan).getByTestId('presence')).toContainText('佐藤 洋子')
	// His mother reads the plan and the minutes; she cannot change either.
	await expect(planPane(kazoku).getByTestId('read-only-badge')).toBeVisible()
	await expect(minutesPane(kazoku).getByTestId('read-only-badge')).toBeVisible()

	// She raises a question on the first goal.
	await planPane(kazoku).getByRole('button', { name: '1番目の課題にコメント' }).click()
	const draft = kazoku.getByTestId('comment-draft')
	await draft.getByTestId('comment-input').fill('土曜日も通えるようになりますか？')
	await draft.getByTestId('comment-submit').click()
	await expect(kazoku.getByTestId('comment-draft')).toHaveCount(0)

	// The specialist sees it appear in the plan's margin during the meeting, and answers it.
	const thread = planPane(sodan).getByTestId('comment-thread').filter({ hasText: '土曜日も通えるようになりますか' })
	await expect(thread).toBeVisible()
	await expect(thread.getByTestId('comment').first()).toContainText('佐藤 洋子')
	const question = sodan.getByTestId('comment-thread').filter({ hasText: '土曜日も通えるようになりますか' })
	await expect(planPane(sodan).getByTestId('comment-group').filter({ has: question }).locator('h3')).toHaveText('1番目の課題')
	await thread.getByRole('button', { name: '返信' }).click()
	await thread.getByTestId('comment-input').fill('ひだまりの土曜日の活動を体験してから決めましょう。')
	await thread.getByTestId('comment-submit').click()
	const hers = planPane(kazoku).getByTestId('comment-thread').filter({ hasText: '土曜日も通えるようになりますか' })
	await expect(hers.getByTestId('comment')).toHaveCount(2)
	await expect(hers.getByTestId('comment').nth(1)).toContainText('体験してから決めましょう')

	// Two people write the minutes at the same time.
	const discussion = (page: Page) => minutesPane(page).getByRole('textbox', { name: '検討内容' })
	const opinion = (page: Page) => minutesPane(page).getByRole('textbox', { name: '1番目の意見：専門的見地からの意見', exact: true })
	await discussion(sodan).click()
	await opinion(sabikan).click()
	await Promise.all([discussion(sodan).pressSequentially('土曜日の通所について'), opinion(sabikan).pressSequentially('土曜日の体験利用は受け入れ可能です')])
	await expect(discussion(sabikan)).toHaveValue('土曜日の通所について')
	await expect(opinion(sodan)).toHaveValue('土曜日の体験利用は受け入れ可能です')
	await expect(discussion(kazoku)).toHaveValue('土曜日の通所について')

	// Attendance and 本人参加, then closing.
	const rows = sodan.getByTestId('participant-row')
	for (let i = 0; i < (await rows.count()); i++) await rows.nth(i).getByRole('radio', { name: '出席' }).check()
	await sodan.getByRole('radio', { name: '本人参加あり' }).check()
	await sodan.getByRole('button', { name: '出欠を記録' }).click()
	await expect(sodan.getByText('出欠を記録しました。')).toBeVisible()
	await expect(minutesPane(sodan).getByTestId('save-state')).toHaveText('保存済み')
	await sodan.getByLabel('決定事項').fill('土曜日の体験利用を調整する。')
	sodan.once('dialog', (dialog) => void dialog.accept())
	await sodan.getByRole('button', { name: '会議を終了して記録を確定' }).click()
	await expect(sodan.getByTestId('meeting-status')).toHaveText('終了（記録確定）')

	// The minutes are read-only for everyone, the service manager's open page included.
	await expect(minutesPane(sabikan).getByTestId('read-only-badge')).toBeVisible()
	await expect(opinion(sabikan)).toHaveAttribute('readonly', '')
	await expect(opinion(sabikan)).toHaveValue('土曜日の体験利用は受け入れ可能です')
	await expect(sabikan.getByTestId('meeting-status')).toHaveText('終了（記録確定）')
	await expect(kazoku.getByTestId('meeting-status')).toHaveText('終了（記録確定）')
	await expect(discussion(sodan)).toHaveAttribute('readonly', '')

	expect(problems).toEqual([])
})
