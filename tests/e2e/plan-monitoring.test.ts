import fs from 'node:fs'
import type { Page } from '@playwright/test'
import { DEMO_ACCOUNTS, expect, loginAs, newUserPage, test, jstDatePlus } from './fixtures.ts'
import { createMidCycleSatoClient } from './fresh-client.ts'

/**
 * モニタリング for 佐藤 誠 and the dashboard: the specialist opens his schedule and starts the
 * due month's report while the サービス管理責任者 fills in the service delivery for a goal at the
 * same time; the specialist answers 変更の必要性 有, completes the report and is offered the plan
 * revision; the dashboard shows the counts and exports the CSV. Then a case is closed.
 */
// A 佐藤 誠 of this file's own, mid-cycle as the demo one (living case): his plan is 実施中 and
// December's monitoring is due. The demo 佐藤 誠 stays as seeded.
let CLIENT_PATH = ''
test.beforeAll(async () => {
	CLIENT_PATH = (await createMidCycleSatoClient()).path
})

async function waitOnline(page: Page): Promise<void> {
	await expect(page.getByTestId('monitoring-form')).toBeVisible()
	await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'online')
}

test('monitoring: schedule → report co-edited with the provider → completed with a change needed → revision link; dashboard and CSV', async ({ browser }) => {
	test.setTimeout(120_000)
	const sodan = await newUserPage(browser, DEMO_ACCOUNTS.specialist)
	const problems: string[] = []
	const watch = (page: Page) => {
		page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
		page.on('console', (message) => {
			// The early 「報告書を完了」 below is refused with 400 on purpose; the browser logs that.
			if (message.type() === 'error' && !message.text().includes('status of 400')) problems.push(`console: ${message.text()}`)
		})
	}
	watch(sodan)

	// The plan needs at least one goal to evaluate.
	// The demo plan exists (living case) and has goals: nothing to create here.
	await sodan.goto(CLIENT_PATH)
	await expect(sodan.getByTestId('create-plan')).toHaveCount(0)
	await sodan.goto(`${CLIENT_PATH}/plan`)
	await expect(sodan.getByTestId('plan-form')).toBeVisible()
	await expect(sodan.getByTestId('connection-state')).toHaveAttribute('data-state', 'online')
	await expect(sodan.getByTestId('goals-table').getByTestId('row').first()).toBeVisible()

	// The client page shows the schedule; the specialist opens the full schedule page.
	await sodan.goto(CLIENT_PATH)
	const section = sodan.getByTestId('monitoring-section')
	await expect(section.getByRole('heading', { name: 'モニタリング予定' })).toBeVisible()
	await expect(section.getByTestId('schedule-month')).toHaveCount(4)
	await section.getByRole('link', { name: '予定と報告書の一覧' }).click()
	await expect(sodan.getByRole('heading', { level: 1, name: /モニタリング予定/ })).toBeVisible()
	// December's report: 今月実施 in December, 未実施 (overdue) when the suite runs later.
	const target = sodan.locator('[data-testid="schedule-month"]:is([data-status="due"], [data-status="overdue"])').first()
	await expect(target.getByText(/今月実施|未実施/)).toBeVisible()
	await target.getByRole('button', { name: 'この月の報告書を作成' }).click()
	await expect(sodan).toHaveURL(/\/documents\/monitoring-[^/]+-\d{6}$/)
	const reportUrl = new URL(sodan.url()).pathname
	await waitOnline(sodan)

	// The service manager opens the same report at the same time: one block per goal for both.
	const sabikan = await newUserPage(browser, DEMO_ACCOUNTS.serviceManager)
	watch(sabikan)
	await sabikan.goto(reportUrl)
	await waitOnline(sabikan)
	const goals = await sodan.getByTestId('monitoring-goal').count()
	expect(goals).toBeGreaterThan(0)
	await expect(sabikan.getByTestId('monitoring-goal')).toHaveCount(goals)
	// Providers fill in their part but do not complete the report.
	await expect(sabikan.getByTestId('monitoring-complete')).toHaveCount(0)

	const provision = '1番目の目標：サービス提供状況（事業者からの聞き取り）'
	await sabikan.getByRole('textbox', { name: provision, exact: true }).fill('週5日、休まず通所しています。')
	const month = reportUrl.slice(-6)
	const today = jstDatePlus(0)
	const conducted = today.slice(0, 7).replace('-', '') === month ? today : `${month.slice(0, 4)}-${month.slice(4)}-28`
	await sodan.getByLabel('モニタリング実施日').fill(conducted)
	await sodan.getByRole('textbox', { name: '実施場所', exact: true }).fill('ご自宅（居宅訪問）')
	await sodan.getByRole('textbox', { name: '全体の状況', exact: true }).fill('生活リズムが整い、通所が安定している。')
	await expect(sodan.getByRole('textbox', { name: provision, exact: true })).toHaveValue('週5日、休まず通所しています。')

	// Trying to complete too early names what is missing.
	await sodan.getByTestId('monitoring-complete').click()
	await expect(sodan.getByTestId('monitoring-errors')).toContainText('計画変更の必要性')

	for (let i = 1; i <= goals; i++) {
		for (const kind of ['サービス種類の変更', 'サービス量の変更', '週間計画の変更']) {
			const answer = i === 1 && kind === 'サービス量の変更' ? '有' : '無'
			await sodan.getByRole('radiogroup', { name: `${i}番目の目標：${kind}` }).getByRole('radio', { name: answer }).check()
		}
	}
	// The provider sees the answers live.
	await expect(sabikan.getByRole('radiogroup', { name: '1番目の目標：サービス量の変更' })).toHaveAttribute('data-value', 'yes')
	await expect(sodan.getByTestId('save-state')).toHaveAttribute('data-state', 'saved')
	await expect(sabikan.getByTestId('save-state')).toHaveAttribute('data-state', 'saved')

	await sodan.getByTestId('monitoring-complete').click()
	await expect(sodan.getByTestId('monitoring-status')).toHaveAttribute('data-status', 'completed')
	await expect(sodan.getByTestId('monitoring-completed')).toContainText('計画の変更が必要')
	const revise = sodan.getByRole('link', { name: '計画の見直しを始める' })
	await expect(revise).toBeVisible()
	await expect(revise).toHaveAttribute('href', /\/clients\/[^/]+\/cycle\?revise=/)

	// The link leads to the plan cycle: 佐藤's plan is 実施中 (living case), so the specialist
	// starts the revision with the reason filled in.
	await revise.click()
	await expect(sodan.getByTestId('revision-source')).toContainText('計画の変更が必要とされました')
	// Completing the report recorded the cycle's モニタリング step with the report's facts.
	await expect(sodan.getByTestId('cycle-state')).toHaveAttribute('data-state', 'monitoring')
	await expect(sodan.getByTestId('cycle-timeline').last()).toContainText('のモニタリング報告書を完了')
	const step = sodan.getByTestId('step-revise')
	await expect(step.getByLabel('見直しの理由')).toHaveValue(/のモニタリングで計画の変更が必要と判断されたため。/)
	await step.getByRole('button', { name: '計画の見直し（次の計画へ）を記録する' }).click()
	await expect(sodan.getByTestId('cycle-state')).toHaveAttribute('data-state', 'assessment')
	await expect(sodan.getByText(/第\d+期（計画相談支援（相談支援専門員が作成））— 見直し（次の計画へ）/)).toBeVisible()
	await expect(sodan.locator('.cycle-event__note').filter({ hasText: 'のモニタリングで計画の変更が必要と判断されたため。' })).toHaveCount(1)

	// Print view of the stored report.
	await sodan.goto(`${CLIENT_PATH}/monitoring/${reportUrl.split('/').pop()}/print`)
	await expect(sodan.getByTestId('print-overall')).toHaveText('生活リズムが整い、通所が安定している。')
	await expect(sodan.getByTestId('print-goal-row').first()).toContainText('週5日、休まず通所しています。')

	// The month is done on the schedule.
	await sodan.goto(`${CLIENT_PATH}/monitoring`)
	await expect(sodan.locator(`[data-testid="schedule-month"][data-month="${month.slice(0, 4)}-${month.slice(4)}"]`)).toHaveAttribute('data-status', 'done')

	// The dashboard: linked in the header for the specialist, not for the provider.
	await expect(sabikan.getByTestId('nav-dashboard')).toHaveCount(0)
	await sodan.getByTestId('nav-dashboard').click()
	await expect(sodan.getByRole('heading', { level: 1, name: 'ダッシュボード' })).toBeVisible()
	const rows = sodan.getByTestId('dashboard-row')
	const rowCount = await rows.count()
	let total = 0
	for (const category of ['monitoring_overdue', 'monitoring_due', 'certificate', 'support_level', 'isp_review', 'renewal', 'awaiting_consent', 'awaiting_decision', 'invalid_record']) {
		total += Number(await sodan.getByTestId(`count-${category}`).getAttribute('data-count'))
	}
	expect(total).toBe(rowCount)
	// 鈴木 花子's 障害支援区分 認定有効期間 ends 2027-01-31 (living case): within 90 days of December.
	await expect(rows.filter({ hasText: '障害支援区分（区分2）の認定有効期間' })).toHaveCount(1)
	// Sorting by client is a link: keyboard users sort the same way.
	await sodan.getByTestId('sort-client').focus()
	await sodan.keyboard.press('Enter')
	await expect(sodan).toHaveURL(/sort=client&dir=asc/)

	const [download] = await Promise.all([sodan.waitForEvent('download'), sodan.getByTestId('dashboard-csv').click()])
	const file = await download.path()
	const bytes = fs.readFileSync(file)
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
	const text = bytes.subarray(3).toString('utf8')
	expect(text.startsWith('区分,利用者氏名,ふりがな,内容,対象年月・期日,残り日数\r\n')).toBe(true)
	// Other files add clients while this one runs, so the export is compared by content, not
	// by the page's row count: 鈴木 花子's row is there.
	const lines = text.split('\r\n').filter(Boolean)
	expect(lines.length).toBeGreaterThan(1)
	expect(lines.filter((line) => line.includes('鈴木 花子') && line.includes('障害支援区分（区分2）の認定有効期間'))).toHaveLength(1)

	expect(problems).toEqual([])
	await sabikan.context().close()
	await sodan.context().close()
})

test('closing a case: reason and 事後評価, then a read-only record with its retention date', async ({ page }) => {
	await loginAs(page, DEMO_ACCOUNTS.specialist)
	// A client of its own: other tests use the seeded ones.
	await page.goto('/clients/new')
	await page.getByLabel(/^姓/).fill('終了')
	await page.getByLabel(/^名/).fill('試験')
	await page.getByLabel('せい（ふりがな）').fill('しゅうりょう')
	await page.getByLabel('めい（ふりがな）').fill('しけん')
	await page.getByLabel('生年月日').fill('1990-04-01')
	await page.getByRole('checkbox', { name: '身体' }).check()
	await page.getByLabel('障害支援区分').selectOption('2')
	await page.getByLabel('支給決定を行う市町村').selectOption({ label: '希望が丘市 障害福祉課' })
	await page.getByRole('button', { name: '登録する' }).click()
	await expect(page.getByRole('heading', { level: 1 })).toContainText('終了 試験')
	const clientPath = new URL(page.url()).pathname

	await page.getByTestId('close-client').click()
	await expect(page.getByRole('heading', { level: 1, name: /支援の終了/ })).toBeVisible()
	// Nothing chosen: clear messages, nothing closed.
	await page.getByRole('button', { name: '支援を終了する' }).click()
	await expect(page.getByText('終了の理由を選んでください')).toBeVisible()
	await expect(page.getByText('事後評価を入力してください')).toBeVisible()

	await page.getByLabel('終了の理由').selectOption('moved')
	await page.getByLabel('理由の詳細').fill('県外へ転居')
	await page.getByLabel('事後評価').fill('転居先の相談支援事業所に引き継ぎ、計画と記録を送付した。')
	await page.getByLabel('終了後は記録が閲覧のみになることを確認しました').check()
	await page.getByRole('button', { name: '支援を終了する' }).click()

	await expect(page).toHaveURL(new RegExp(`${clientPath}\\?closed$`))
	const today = jstDatePlus(0)
	const [y, m, d] = today.split('-').map(Number)
	const until = m === 2 && d === 29 ? `${y + 5}年2月28日` : `${y + 5}年${m}月${d}日`
	await expect(page.getByTestId('closing-banner')).toContainText(`終了（記録保存期限 ${until}）`)
	await page.getByText('終了の理由と事後評価').click()
	await expect(page.getByTestId('closing-reason')).toHaveText('転居（他市町村へ）（県外へ転居）')
	// Read-only from now on: no editing, no closing again.
	await expect(page.getByRole('link', { name: '基本情報を編集' })).toHaveCount(0)
	await expect(page.getByTestId('close-client')).toHaveCount(0)
})
