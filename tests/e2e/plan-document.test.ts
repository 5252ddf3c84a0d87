import type { Page } from '@playwright/test'
import { DEMO_ACCOUNTS, expect, newUserPage, test } from './fixtures.ts'
import { createSatoLikeClient } from './fresh-client.ts'

// A 佐藤 誠 of its own, before any plan: the demo 佐藤 誠 is mid-cycle (living case).
let CLIENT_PATH = ''
let PLAN_PATH = ''
// 本人の意向 (its own field since 本人 and 家族 are written apart, domain.md §3.2)
const WISHES = '利用者の生活に対する意向（希望する生活）'

test.beforeAll(async ({ browser }) => {
	const client = await createSatoLikeClient(browser)
	CLIENT_PATH = client.path
	PLAN_PATH = `${CLIENT_PATH}/documents/plan-${client.id}`
})
const NEED = '解決すべき課題（本人のニーズ）'

async function waitOnline(page: Page): Promise<void> {
	await expect(page.getByTestId('plan-form')).toBeVisible()
	await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'online')
}

test.describe.configure({ mode: 'serial' })

function cell(page: Page, position: number, column: string) {
	return page.getByRole('textbox', { name: `${position}番目の課題：${column}`, exact: true })
}

test('sodan creates 佐藤 誠’s plan, fills it and reorders goals; sabikan follows live, read-only', async ({ browser }) => {
	const sodan = await newUserPage(browser, DEMO_ACCOUNTS.specialist)
	const sabikan = await newUserPage(browser, DEMO_ACCOUNTS.serviceManager)
	const problems: string[] = []
	for (const page of [sodan, sabikan]) {
		page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
		page.on('console', (message) => {
			if (message.type() === 'error') problems.push(`console: ${message.text()}`)
		})
	}

	// The service manager reads plans but may not start one.
	await sabikan.goto(CLIENT_PATH)
	await expect(sabikan.getByRole('heading', { name: '文書' })).toBeVisible()
	await expect(sabikan.getByTestId('create-plan')).toHaveCount(0)

	// The specialist starts the plan from the client page.
	await sodan.goto(CLIENT_PATH)
	await sodan.getByRole('button', { name: '計画を作成' }).click()
	await expect(sodan).toHaveURL(PLAN_PATH)
	await waitOnline(sodan)
	await expect(sodan.getByRole('heading', { level: 1, name: 'サービス等利用計画' })).toBeVisible()
	await expect(sodan.getByTestId('plan-title')).toHaveText('サービス等利用計画（案）')
	await expect(sodan.getByTestId('plan-client-name')).toHaveText('佐藤 誠')

	await sabikan.goto(PLAN_PATH)
	await waitOnline(sabikan)
	await expect(sabikan.getByTestId('read-only-badge')).toBeVisible()

	// Free-text fields: typed character by character, seen live by the reader.
	const wishes = sodan.getByRole('textbox', { name: WISHES })
	await wishes.click()
	await wishes.pressSequentially('グループホームで暮らしたい')
	await expect(sabikan.getByRole('textbox', { name: WISHES })).toHaveValue('グループホームで暮らしたい')
	// Field-level presence: the reader sees who is typing where.
	await expect(sabikan.locator('.plan-field--personWishes').getByTestId('field-editors')).toContainText('田中 陽子さんが編集中')
	await sodan.getByRole('textbox', { name: '総合的な援助の方針' }).fill('本人の希望する暮らしに向けて日中活動と住まいを整える。')
	await expect(sabikan.getByRole('textbox', { name: '総合的な援助の方針' })).toHaveValue('本人の希望する暮らしに向けて日中活動と住まいを整える。')
	await expect(sabikan.getByRole('textbox', { name: WISHES })).toHaveAttribute('readonly', '')

	// Two goal rows.
	await sodan.getByTestId('add-row').click()
	await cell(sodan, 1, NEED).fill('日中活動に毎日通いたい')
	await cell(sodan, 1, '支援目標').fill('生活介護に週5日通う')
	await sodan.getByTestId('add-row').click()
	await cell(sodan, 2, NEED).fill('家事を覚えたい')
	await expect(cell(sabikan, 1, NEED)).toHaveValue('日中活動に毎日通いたい')
	await expect(cell(sabikan, 2, NEED)).toHaveValue('家事を覚えたい')

	// Reorder with the keyboard-accessible buttons: focus stays on the moved row's button.
	const moveUp = sodan.getByRole('button', { name: '2番目の課題を上へ移動' })
	await moveUp.focus()
	await sodan.keyboard.press('Enter')
	await expect(cell(sodan, 1, NEED)).toHaveValue('家事を覚えたい')
	await expect(cell(sabikan, 1, NEED)).toHaveValue('家事を覚えたい')
	await expect(cell(sabikan, 2, NEED)).toHaveValue('日中活動に毎日通いたい')
	await expect(cell(sabikan, 2, '支援目標')).toHaveValue('生活介護に週5日通う')
	await expect(sabikan.getByTestId('row-position')).toHaveText(['1', '2'])
	// At the top its 上へ is disabled: focus lands on the same row's 下へ.
	await expect(sodan.getByRole('button', { name: '1番目の課題を下へ移動' })).toBeFocused()

	// The reader has no row controls and no writable cells.
	await expect(sabikan.getByTestId('add-row')).toHaveCount(0)
	await expect(sabikan.getByRole('button', { name: /上へ移動/ })).toHaveCount(0)
	await expect(cell(sabikan, 1, NEED)).toHaveAttribute('readonly', '')

	// 案 or 本計画 follows the plan cycle, never a select: with no cycle started it is the 案, says
	// why, and has no 提供事業者名 column (plan-lifecycle shows the 本計画 after the meeting).
	await expect(sodan.getByRole('combobox', { name: /計画の区分/ })).toHaveCount(0)
	await expect(sabikan.getByTestId('plan-title')).toHaveText('サービス等利用計画（案）')
	await expect(sabikan.getByTestId('plan-stage')).toHaveText('計画案')
	await expect(sabikan.getByTestId('plan-stage-reason')).toContainText('計画の進行がまだ始まっていないため計画案です')
	await expect(sabikan.getByRole('columnheader', { name: '提供事業者名（担当者名・電話）' })).toHaveCount(0)

	await expect(sodan.getByTestId('save-state')).toHaveText('保存済み')

	// Stored: a fresh load shows everything in order.
	await sabikan.reload()
	await waitOnline(sabikan)
	await expect(sabikan.getByRole('textbox', { name: WISHES })).toHaveValue('グループホームで暮らしたい')
	await expect(cell(sabikan, 1, NEED)).toHaveValue('家事を覚えたい')
	await expect(cell(sabikan, 2, '支援目標')).toHaveValue('生活介護に週5日通う')

	// The client page now links the plan, and offers no second one.
	await sodan.goto(CLIENT_PATH)
	await expect(sodan.getByRole('link', { name: 'サービス等利用計画' })).toHaveAttribute('href', PLAN_PATH)
	await expect(sodan.getByTestId('create-plan')).toHaveCount(0)

	expect(problems).toEqual([])
})

test('a remote edit before the caret keeps the caret where it was in the text', async ({ browser }) => {
	const sodan = await newUserPage(browser, DEMO_ACCOUNTS.specialist)
	const kanri = await newUserPage(browser, DEMO_ACCOUNTS.officeManager)
	await sodan.goto(PLAN_PATH)
	await kanri.goto(PLAN_PATH)
	await waitOnline(sodan)
	await waitOnline(kanri)
	const mine = sodan.getByRole('textbox', { name: '短期目標' })
	const theirs = kanri.getByRole('textbox', { name: '短期目標' })
	await mine.click()
	await mine.pressSequentially('週3日通う')
	await expect(theirs).toHaveValue('週3日通う')
	// sodan's caret goes between 週3日 and 通う …
	await sodan.keyboard.press('End')
	await sodan.keyboard.press('ArrowLeft')
	await sodan.keyboard.press('ArrowLeft')
	// … while kanri writes at the very beginning.
	await theirs.click()
	await kanri.keyboard.press('Control+Home')
	await kanri.keyboard.type('【確認】')
	await expect(mine).toHaveValue('【確認】週3日通う')
	await sodan.keyboard.type('は')
	await expect(mine).toHaveValue('【確認】週3日は通う')
	await expect(theirs).toHaveValue('【確認】週3日は通う')
})

test('the print layout: A4 landscape, values instead of inputs, goal rows never split', async ({ browser }) => {
	const sodan = await newUserPage(browser, DEMO_ACCOUNTS.specialist)
	await sodan.goto(PLAN_PATH)
	await waitOnline(sodan)
	await sodan.emulateMedia({ media: 'print' })
	await expect(sodan.getByRole('textbox', { name: WISHES })).toBeHidden()
	await expect(sodan.locator('.plan-field--personWishes .collab-field-print')).toHaveText('グループホームで暮らしたい')
	await expect(sodan.getByTestId('add-row')).toBeHidden()
	const row = sodan.getByTestId('goals-table').getByTestId('row').first()
	await expect(row).toHaveCSS('break-inside', 'avoid')
	await expect(sodan.locator('.document-page--plan')).toHaveCSS('page', 'plan')
})
