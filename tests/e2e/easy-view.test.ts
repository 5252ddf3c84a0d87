import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { DEMO_ACCOUNTS, DEMO_PASSWORD, expect, loginAs, newUserPage, test, jstDatePlus } from './fixtures.ts'

/**
 * Issue #13 in the browser. 本人: the specialist prepares 鈴木 花子's 計画案 and invites her; she
 * joins with the printed code, reads her plan with furigana (日中一時支援 read にっちゅう), enlarges
 * the text (remembered), reads the やさしい説明 her specialist wrote, comments and consents. The
 * easy view has no serious or critical axe violations. Family author: 木村 恵 writes her son's
 * セルフプラン in the easy layout and submits it to the municipality.
 */
const SUZUKI = '/clients/client-suzuki-hanako'
const KIMURA = '/clients/client-kimura-hinata'
const TODAY = jstDatePlus(0)
const PASSWORD = 'はなこの ながい パスワード 2026'

async function saved(page: Page): Promise<void> {
	await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved')
}

test('本人 joins by invitation, reads the plan with furigana, enlarges the text, comments and consents', async ({ browser }) => {
	test.setTimeout(180_000)
	const sodan = await newUserPage(browser, DEMO_ACCOUNTS.specialist)
	const problems: string[] = []
	sodan.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))

	// The specialist starts 鈴木 花子's cycle and writes the 計画案.
	await sodan.goto(`${SUZUKI}/cycle`)
	await sodan.getByLabel('計画の種類').selectOption('specialist')
	await sodan.getByRole('button', { name: '計画の進行を開始する' }).click()
	await sodan.getByTestId('step-write_draft').getByLabel('アセスメントの方法').selectOption('home_visit')
	await sodan.getByTestId('step-write_draft').getByLabel('アセスメントの実施場所').fill('自宅')
	await sodan.getByTestId('step-write_draft').getByRole('button', { name: '計画案の作成を記録する' }).click()
	await expect(sodan.getByTestId('cycle-state')).toHaveText('計画案作成中')
	await sodan.goto(`${SUZUKI}/plan`)
	await expect(sodan.getByTestId('connection-state')).toHaveAttribute('data-state', 'online')
	await sodan.getByRole('textbox', { name: '利用者の生活に対する意向（希望する生活）' }).fill('日中一時支援を使いながら、短期入所も体験してみたい。')
	await sodan.getByRole('textbox', { name: '総合的な援助の方針' }).fill('本人のペースを大切にし、相談支援専門員が受給者証の更新にあわせて見直す。')
	await sodan.getByTestId('add-row').click()
	await sodan.getByRole('textbox', { name: '1番目の課題：解決すべき課題（本人のニーズ）', exact: true }).fill('家の外で過ごす時間を増やしたい')
	await sodan.getByLabel('計画案作成日').fill(TODAY)
	await saved(sodan)

	// One click away for staff: the easy view, where the specialist adds a やさしい説明 to the 方針.
	await sodan.goto(SUZUKI)
	await sodan.getByTestId('open-easy-view').click()
	await expect(sodan.getByTestId('easy-view')).toBeVisible()
	const policy = sodan.getByTestId('easy-item-policy')
	await policy.getByText('やさしい説明を書く（職員のみ）').click()
	await policy.getByRole('textbox', { name: /やさしい説明/ }).fill('あなたの ペースで すすめます。')
	await policy.getByRole('button', { name: 'やさしい説明を保存' }).click()
	await expect(policy.getByTestId('easy-explanation')).toContainText('あなたの ペースで すすめます。')

	// The invitation: a code shown once, printable.
	await sodan.goto(`${SUZUKI}/team`)
	await sodan.getByLabel('招待する人のお名前').fill('鈴木 花子')
	await sodan.getByRole('button', { name: '招待コードを発行する' }).click()
	const printed = (await sodan.getByTestId('invitation-code').innerText()).trim()
	expect(printed).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
	await expect(sodan.getByTestId('invitation-row').first()).toHaveAttribute('data-status', 'pending')

	// 本人, on her own phone: types the printed code, sets a password, lands in the easy view.
	const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' })
	const hanako = await context.newPage()
	hanako.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
	await hanako.goto('/login')
	await hanako.getByRole('link', { name: '招待コードで参加する' }).click()
	await hanako.getByRole('textbox', { name: '招待コード' }).fill(printed.toLowerCase())
	await hanako.getByRole('button', { name: 'つぎへ' }).click()
	await expect(hanako.getByTestId('invite-page')).toContainText('鈴木 花子 さんの ケアチームに')
	await hanako.getByLabel('ログインに使うメールアドレス、またはログインID').fill('hanako-suzuki')
	await hanako.locator('input[name="password"]').fill(PASSWORD)
	await hanako.getByLabel('パスワード（確認のため、もう一度）').fill(PASSWORD)
	await hanako.getByRole('button', { name: '参加する' }).click()
	await expect(hanako).toHaveURL(new RegExp(`${SUZUKI}/easy\\?welcome=1`))
	await expect(hanako.getByRole('status').filter({ hasText: 'アカウントが できました' })).toBeVisible()

	// Furigana from the server, welfare terms read from the reviewed list.
	const plan = hanako.getByTestId('easy-plan')
	await expect(plan.locator('ruby', { hasText: '日中' }).locator('rt').first()).toHaveText('にっちゅう')
	await expect(plan.locator('ruby', { hasText: '短期' }).locator('rt').first()).toHaveText('たんき')
	await expect(plan.getByTestId('easy-explanation')).toContainText('あなたの ペースで すすめます。')
	await expect(plan.getByTestId('easy-plan-author')).toContainText('田中 陽子')
	// Furigana off hides the readings; on again.
	await hanako.getByTestId('toggle-furigana').click()
	await expect(plan.locator('rt').first()).toBeHidden()
	await hanako.getByTestId('toggle-furigana').click()
	await expect(plan.locator('rt').first()).toBeVisible()

	// Larger text, remembered for the account.
	const root = hanako.getByTestId('easy-view')
	const size = () => root.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
	const before = await size()
	await hanako.getByTestId('size-xlarge').click()
	await expect(root).toHaveAttribute('data-size', 'xlarge')
	expect(await size()).toBeGreaterThan(before * 1.4)
	await expect(hanako.getByTestId('size-xlarge')).toHaveAttribute('aria-pressed', 'true')
	await hanako.reload()
	await expect(root).toHaveAttribute('data-size', 'xlarge')
	// Tap targets stay large on the phone.
	const box = await hanako.getByTestId('size-medium').boundingBox()
	expect(box!.height).toBeGreaterThanOrEqual(44)

	// A comment from the easy view, under the same rules as the plan page.
	const wishes = hanako.getByTestId('easy-item-personWishes')
	await wishes.getByRole('button', { name: /コメントや 質問を 書く/ }).click()
	await wishes.getByRole('textbox').fill('短期入所は どこに とまるのですか？')
	await wishes.getByRole('button', { name: 'コメントを送る' }).click()
	// The comment is shown with furigana too.
	await expect(wishes.getByTestId('easy-comment')).toContainText('どこに とまるのですか？')
	await expect(wishes.getByTestId('easy-comment').locator('ruby', { hasText: '入所' }).locator('rt')).toHaveText('にゅうしょ')
	await expect(wishes.getByTestId('easy-comment')).toContainText('鈴木 花子')

	// axe-core: no serious or critical violations on the easy view (large text, phone width).
	const axe = await new AxeBuilder({ page: hanako }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze()
	const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
	expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])

	// Consent: the plan waiting for her consent, from the easy view.
	await hanako.getByTestId('easy-consent').getByRole('link', { name: '計画を 読んで 同意する' }).click()
	await hanako.getByRole('button', { name: 'アプリで同意することを承諾する' }).click()
	await expect(hanako.getByTestId('plain-plan')).toContainText('日中一時支援を使いながら')
	await hanako.getByRole('button', { name: '同意する' }).click()
	await expect(hanako.getByTestId('cycle-state')).toHaveText('計画案 同意済み')
	await expect(hanako.getByTestId('consent-list')).toContainText('鈴木 花子（本人）')

	// The team page shows that she joined.
	await sodan.goto(`${SUZUKI}/team`)
	await expect(sodan.getByTestId('invitation-row').first()).toHaveAttribute('data-status', 'used')
	await expect(sodan.getByTestId('invitation-row').first()).toContainText('参加済み')
	expect(problems).toEqual([])
	await context.close()
})

test('the high-contrast easy view also passes axe', async ({ browser }) => {
	const context = await browser.newContext()
	const page = await context.newPage()
	await loginAs(page, 'honnin@example.jp', DEMO_PASSWORD)
	// A 本人 account's home is their own easy view.
	await expect(page).toHaveURL(/\/clients\/client-sato-makoto\/easy$/)
	await page.getByTestId('toggle-highContrast').click()
	await expect(page.getByTestId('easy-view')).toHaveAttribute('data-contrast', 'high')
	const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze()
	const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
	expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
	await page.getByTestId('toggle-highContrast').click()
	await expect(page.getByTestId('easy-view')).toHaveAttribute('data-contrast', 'normal')
	await context.close()
})

test('a family author writes the セルフプラン in the easy layout and submits it to the municipality', async ({ browser }) => {
	test.setTimeout(120_000)
	const page = await newUserPage(browser, 'kimura@example.jp')
	const problems: string[] = []
	page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
	// Her client list opens the easy view.
	await page.getByTestId('client-row').filter({ hasText: '木村 陽向' }).getByRole('link').click()
	await expect(page).toHaveURL(new RegExp(`${KIMURA}/easy$`))
	const section = page.getByTestId('self-plan-section')
	await expect(section.getByTestId('self-plan-state')).toHaveAttribute('data-state', 'draft')
	const editor = section.getByTestId('self-plan-editor')
	await expect(editor).toBeVisible()
	await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'online')
	// Help text per field, the official name beside the easy one.
	await expect(editor).toContainText('まず 3か月から 半年で めざすことです。')
	await expect(editor).toContainText('（短期目標）')
	await editor.getByTestId('self-field-shortTermGoal').fill('週3日、放課後等デイサービスに通う。')
	await page.getByTestId('add-self-goal').click()
	const goals = editor.getByTestId('self-goal')
	await expect(goals).toHaveCount(3)
	await goals.nth(2).getByTestId('self-goal-need').fill('夏休みの 日中の 過ごし方')
	await goals.nth(2).getByTestId('self-goal-services').fill('日中一時支援 月4回')
	await saved(page)

	await section.getByTestId('submit-self-plan').click()
	await expect(page.getByRole('status').filter({ hasText: 'セルフプランを 市役所に 出しました' })).toBeVisible()
	await expect(page.getByTestId('self-plan-state')).toHaveAttribute('data-state', 'submitted')
	await expect(page.getByTestId('self-plan-submitted')).toBeVisible()
	await expect(page.getByTestId('self-plan-editor')).toHaveCount(0)
	// What the municipality receives: the official form, authored by her, never an office.
	// (Readings are in the text content; the name itself carries none.)
	await expect(page.getByTestId('easy-plan-author')).toContainText('木村 恵')
	await expect(page.getByTestId('easy-plan-author')).toContainText('セルフプラン')
	await expect(page.getByTestId('easy-plan-author')).not.toContainText('田中')
	await page.goto(`${KIMURA}/plan`)
	const header = page.getByTestId('plan-header')
	await expect(header).toContainText('セルフプラン')
	await expect(header).toContainText('木村 恵（家族）')
	await expect(header).not.toContainText('相談支援センターきずな')
	await expect(page.getByRole('textbox', { name: '短期目標' })).toHaveValue('週3日、放課後等デイサービスに通う。')
	expect(problems).toEqual([])
})
