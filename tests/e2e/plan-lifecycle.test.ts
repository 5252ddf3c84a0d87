import type { Page } from '@playwright/test'
import { DEMO_ACCOUNTS, expect, newUserPage, test, jstDatePlus, jstMonthPlus } from './fixtures.ts'
import { createSatoLikeClient } from './fresh-client.ts'
import { formatWareki } from '../../app/utils/wareki.ts'

/**
 * The plan cycle of 佐藤 誠 from アセスメント to 実施中: the specialist writes the 計画案, his mother
 * consents in the app as his proxy (after agreeing to electronic consent), the city sends the
 * 案 back once and then records the 支給決定, the specialist holds the meeting, names the
 * providers in the 本計画, the mother consents again, the plan is delivered and services start.
 * The consented versions are compared and the 本計画 is printed with its consent block.
 *
 * Runs after plan-document / plan-kinds / meetings on the shared database (the plan and a
 * closed meeting exist then); when run alone it creates what it needs.
 */
// A 佐藤 誠 of its own, before any plan: the demo 佐藤 誠 is mid-cycle (living case).
let CLIENT_PATH = ''
let CYCLE_PATH = ''

test.beforeAll(async ({ browser }) => {
	CLIENT_PATH = (await createSatoLikeClient(browser)).path
	CYCLE_PATH = `${CLIENT_PATH}/cycle`
})

const TODAY = jstDatePlus(0)
const TODAY_JP = `${Number(TODAY.slice(0, 4))}年${Number(TODAY.slice(5, 7))}月${Number(TODAY.slice(8, 10))}日`

async function openPlan(page: Page): Promise<void> {
	await page.goto(`${CLIENT_PATH}/plan`)
	await expect(page.getByTestId('plan-form')).toBeVisible()
	await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'online')
}

async function savedPlan(page: Page): Promise<void> {
	await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved')
}

async function expectState(page: Page, label: string): Promise<void> {
	await expect(page.getByTestId('cycle-state')).toHaveText(label)
}

/** Holds and closes a サービス担当者会議 with 本人参加あり (this file's client has none yet). */
async function holdClosedMeeting(sodan: Page): Promise<void> {
	await sodan.goto(CYCLE_PATH)
	await expect(sodan.getByLabel('開催したサービス担当者会議')).toHaveCount(0)
	await sodan.goto(`${CLIENT_PATH}/meetings/new`)
	await sodan.getByLabel('開催日').fill(TODAY)
	await sodan.getByLabel('開始時刻').fill('09:00')
	await sodan.getByLabel('終了時刻（予定）').fill('09:30')
	await sodan.getByLabel('開催場所').fill('相談支援センターきずな 相談室')
	await sodan.getByLabel('同意の方法').selectOption('written')
	await sodan.getByRole('button', { name: '会議を予定する' }).click()
	await expect(sodan.getByTestId('meeting-status')).toHaveText('予定')
	await sodan.getByRole('button', { name: '会議を開始' }).click()
	await expect(sodan.getByTestId('meeting-status')).toHaveText('開催中')
	for (const radio of await sodan.getByTestId('participant-row').getByRole('radio', { name: '出席' }).all()) await radio.check()
	await sodan.getByRole('radio', { name: '本人参加あり' }).check()
	await sodan.getByRole('button', { name: '出欠を記録' }).click()
	await expect(sodan.getByText('出欠を記録しました。')).toBeVisible()
	await sodan.getByLabel('決定事項').fill('計画案どおり本計画とする。')
	sodan.once('dialog', (dialog) => void dialog.accept())
	await sodan.getByRole('button', { name: '会議を終了して記録を確定' }).click()
	await expect(sodan.getByTestId('meeting-status')).toHaveText('終了（記録確定）')
	await sodan.goto(CYCLE_PATH)
}

test('the whole cycle for 佐藤 誠: 案, proxy consent in the app, send-back, 支給決定, meeting, 本計画, delivery, compare, print', async ({ browser }) => {
	test.setTimeout(180_000)
	const sodan = await newUserPage(browser, DEMO_ACCOUNTS.specialist)
	const kazoku = await newUserPage(browser, DEMO_ACCOUNTS.family)
	const city = await newUserPage(browser, DEMO_ACCOUNTS.city)
	const problems: string[] = []
	for (const page of [sodan, kazoku, city]) page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))

	// The client page shows where the plan stands and links to the cycle page.
	await sodan.goto(CLIENT_PATH)
	await expect(sodan.getByTestId('cycle-section')).toContainText('計画の進行はまだ始まっていません。')
	await sodan.getByTestId('cycle-section').getByRole('link', { name: '計画の進行を開く' }).click()
	await expect(sodan.getByRole('heading', { level: 1, name: '計画の進行' })).toBeVisible()
	await sodan.getByLabel('計画の種類').selectOption('specialist')
	await sodan.getByRole('button', { name: '計画の進行を開始する' }).click()
	await expect(sodan.getByText('計画の進行を開始しました。')).toBeVisible()
	await expectState(sodan, 'アセスメント')

	// アセスメント → 計画案: 居宅訪問 (or an exception with its reason) and the place are required
	// (Japanese errors, nothing recorded, and a link to where the アセスメント is written).
	const writeDraft = sodan.getByTestId('step-write_draft')
	await writeDraft.getByLabel('アセスメントの方法').selectOption('hospital')
	await writeDraft.getByRole('button', { name: '計画案の作成を記録する' }).click()
	await expect(sodan.getByTestId('step-write_draft').getByText('アセスメントの実施場所（ご自宅など）を記録してください')).toBeVisible()
	await expect(sodan.getByTestId('step-write_draft').getByText('居宅訪問で行わなかった理由を記録してください（例：入院中のため病院で面接）')).toBeVisible()
	await expect(sodan.getByTestId('step-write_draft').getByTestId('step-fix').getByRole('link')).toHaveAttribute('href', `${CLIENT_PATH}#documents-title`)
	await expectState(sodan, 'アセスメント')
	await sodan.getByTestId('step-write_draft').getByLabel('アセスメントの方法').selectOption('home_visit')
	await sodan.getByTestId('step-write_draft').getByLabel('アセスメントの実施場所').fill('自宅')
	await sodan.getByTestId('step-write_draft').getByRole('button', { name: '計画案の作成を記録する' }).click()
	await expectState(sodan, '計画案作成中')
	await expect(sodan.getByTestId('cycle-timeline').first()).toContainText('アセスメント：居宅訪問')
	await expect(sodan.getByTestId('cycle-timeline').first()).toContainText('アセスメント実施場所：自宅')

	// The 案 in the live plan: at least one goal, the 計画案作成日; the header shows the cycle.
	await openPlan(sodan)
	await expect(sodan.getByTestId('cycle-status-line')).toContainText('計画案作成中')
	// This file's client starts without goals: the first one is written here.
	await expect(sodan.getByTestId('goals-table').getByTestId('row')).toHaveCount(0)
	await sodan.getByTestId('add-row').click()
	await sodan.getByRole('textbox', { name: '1番目の課題：解決すべき課題（本人のニーズ）', exact: true }).fill('日中活動を続けたい')
	// 案 by the cycle, with its reason; there is no 案/本 select.
	await expect(sodan.getByTestId('plan-stage')).toHaveText('計画案')
	await expect(sodan.getByTestId('plan-title')).toHaveText('サービス等利用計画（案）')
	await sodan.getByRole('textbox', { name: '利用者の生活に対する意向（希望する生活）' }).fill('グループホームで暮らしたい')
	await sodan.getByLabel('計画案作成日').fill(TODAY)
	await savedPlan(sodan)

	// His mother agrees to electronic consent once, reads the plan in plain language and consents as his proxy.
	await kazoku.goto(CLIENT_PATH)
	await kazoku.getByTestId('cycle-section').getByRole('link', { name: '計画の進行を開く' }).click()
	await kazoku.getByRole('link', { name: '計画を読んで同意する' }).click()
	await expect(kazoku.getByRole('heading', { name: 'アプリで同意することについて' })).toBeVisible()
	await kazoku.getByRole('button', { name: 'アプリで同意することを承諾する' }).click()
	await expect(kazoku.getByTestId('plain-plan')).toContainText('グループホームで暮らしたい')
	await expect(kazoku.getByTestId('plain-plan')).toContainText('こまっていることと、やること')
	await expect(kazoku.getByLabel('続柄')).toHaveValue('母')
	await kazoku.getByRole('button', { name: '同意する' }).click()
	await expect(kazoku.getByText('本人ではなく代理人が同意した理由を記録してください')).toBeVisible()
	await kazoku.getByLabel('本人ではなく代理人が同意する理由').fill('本人は内容の理解が難しいため、母が代わりに同意します')
	await kazoku.getByRole('button', { name: '同意する' }).click()
	await expectState(kazoku, '計画案 同意済み')
	await expect(kazoku.getByTestId('consent-list')).toContainText('佐藤 洋子（代理人・母')
	await expect(kazoku.getByTestId('consent-list')).toContainText('電子同意')
	// The consent names the version it belongs to.
	await expect(kazoku.getByTestId('consent-list').getByRole('link', { name: '第1版' })).toBeVisible()

	// The specialist delivers the 案 and submits it; the city finds it in its inbox and sends it back.
	await sodan.goto(CYCLE_PATH)
	await sodan.getByTestId('step-submit').getByRole('button', { name: '計画案の交付・市町村への提出を記録する' }).click()
	await expectState(sodan, '計画案 提出済み（支給決定待ち）')

	await city.goto('/')
	await city.getByTestId('nav-municipality').click()
	// This run's 佐藤 誠 (the demo one's 案 was decided in October).
	const submission = city.getByTestId('submission-list').getByRole('row').filter({ has: city.locator(`a[href="${CYCLE_PATH}"]`) })
	await expect(submission).toContainText('支給決定待ち')
	await submission.getByRole('link', { name: '佐藤 誠' }).click()
	await expectState(city, '計画案 提出済み（支給決定待ち）')
	await city.getByTestId('step-send_back').getByRole('button', { name: '計画案の差し戻しを記録する' }).click()
	await expect(city.getByText('差し戻しの理由（直してほしい点）を記入してください').first()).toBeVisible()
	await city.getByLabel('差し戻しの理由（直してほしい点）').fill('短期入所の利用目的を書き加えてください')
	await city.getByTestId('step-send_back').getByRole('button', { name: '計画案の差し戻しを記録する' }).click()
	await expectState(city, '計画案作成中')

	// Corrected; this time the consent was signed on paper (the specialist records it) and resubmitted.
	await openPlan(sodan)
	await sodan.getByRole('textbox', { name: '総合的な援助の方針' }).fill('短期入所は家族の休息と本人の外泊体験のために利用する。')
	await savedPlan(sodan)
	await sodan.goto(CYCLE_PATH)
	await expect(sodan.getByTestId('cycle-timeline').first()).toContainText('短期入所の利用目的を書き加えてください')
	const paper = sodan.getByTestId('step-consent_draft')
	await paper.getByLabel('同意した人', { exact: true }).selectOption('self')
	await paper.getByLabel('同意した人の氏名').fill('佐藤 誠')
	await paper.getByRole('button', { name: '計画案の説明・同意を記録する' }).click()
	await expectState(sodan, '計画案 同意済み')
	await sodan.getByTestId('step-submit').getByRole('button', { name: '計画案の交付・市町村への提出を記録する' }).click()
	await expectState(sodan, '計画案 提出済み（支給決定待ち）')

	// The city records the 支給決定: a new version of the 受給者証.
	await city.goto(CYCLE_PATH)
	const decision = city.getByTestId('step-record_decision')
	await decision.getByLabel('支給決定期間（開始日）').fill(TODAY)
	await decision.getByLabel('支給決定期間（終了日）').fill(jstDatePlus(364))
	await decision.getByLabel('この版の適用開始日').fill(TODAY)
	await decision.getByLabel('モニタリング期間').selectOption('every3')
	// The 受給者証 lists the months: the first one is this month (the plan starts now).
	await decision.getByLabel('モニタリング月').fill([0, 3, 6, 9].map(jstMonthPlus).join(', '))
	await decision.getByRole('button', { name: '支給決定を記録する' }).click()
	await expectState(city, '支給決定済み')
	await city.goto(CLIENT_PATH)
	await expect(city.getByTestId('certificate-section')).toContainText(TODAY_JP)

	// The meeting (本人参加あり), then the 本計画 naming the provider on every goal row.
	await holdClosedMeeting(sodan)
	await sodan.getByTestId('step-hold_meeting').getByRole('button', { name: 'サービス担当者会議の開催を記録する' }).click()
	await expectState(sodan, 'サービス担当者会議 開催済み')
	// After the meeting the plan is the 本計画 draft: title, 提供事業者名 column and the reason.
	await openPlan(sodan)
	await expect(sodan.getByTestId('plan-stage')).toHaveText('本計画')
	await expect(sodan.getByTestId('plan-title')).toHaveText('サービス等利用計画')
	await expect(sodan.getByTestId('plan-stage-reason')).toContainText('サービス担当者会議を開催したため本計画です')
	await expect(sodan.getByRole('columnheader', { name: '提供事業者名（担当者名・電話）' })).toBeVisible()
	await sodan.getByRole('textbox', { name: '1番目の課題：提供事業者名（担当者名・電話）', exact: true }).fill('')
	await savedPlan(sodan)
	await sodan.goto(CYCLE_PATH)
	await sodan.getByTestId('step-finalize').getByRole('button', { name: '本計画の作成を記録する' }).click()
	await expect(sodan.getByTestId('step-finalize').getByText(/本計画の1行目.*に提供事業者名がありません/)).toBeVisible()
	// The refusal links to the place to fix it.
	await expect(sodan.getByTestId('step-finalize').getByTestId('step-fix').getByRole('link')).toHaveAttribute('href', `${CLIENT_PATH}/plan`)
	await openPlan(sodan)
	const rows = await sodan.getByTestId('goals-table').getByTestId('row').count()
	for (let i = 1; i <= rows; i++) {
		await sodan.getByRole('textbox', { name: `${i}番目の課題：提供事業者名（担当者名・電話）`, exact: true }).fill('生活介護事業所ひだまり（伊藤 直樹・0120-000-000）')
	}
	await sodan.getByLabel('計画作成日').fill(TODAY)
	await savedPlan(sodan)
	await sodan.goto(CYCLE_PATH)
	await sodan.getByTestId('step-finalize').getByRole('button', { name: '本計画の作成を記録する' }).click()
	await expectState(sodan, '本計画 作成中')

	// The 週間計画表 belongs to the plan (様式1-2): it is frozen with the 本計画 and printed with it.
	await sodan.goto(CLIENT_PATH)
	await sodan.getByRole('button', { name: '週間計画表を作成' }).click()
	await expect(sodan.getByTestId('connection-state')).toHaveAttribute('data-state', 'online')
	await sodan.getByTestId('add-entry').click()
	const entries = await sodan.getByTestId('weekly-editor-row').count()
	await sodan.getByRole('textbox', { name: `${entries}番目の予定：内容` }).fill('本計画と同じ日の通所')
	await expect(sodan.getByTestId('save-state')).toHaveAttribute('data-state', 'saved')

	// The mother consents to the 本計画 in the app on its 計画作成日: it is frozen and delivered to her.
	await kazoku.goto(`${CLIENT_PATH}/consent`)
	await expect(kazoku.getByTestId('plain-plan')).toContainText('生活介護事業所ひだまり')
	await kazoku.getByLabel('本人ではなく代理人が同意する理由').fill('本人は内容の理解が難しいため、母が代わりに同意します')
	await kazoku.getByRole('button', { name: '同意する' }).click()
	await expectState(kazoku, '本計画 同意・交付済み')

	// Services start once the provider has the 本計画.
	await sodan.goto(CYCLE_PATH)
	await sodan.getByTestId('step-start_services').getByRole('button', { name: /サービス利用開始.*を記録する/ }).click()
	await expect(sodan.getByText('本計画を各事業所に交付した日がありません')).toBeVisible()
	const delivery = sodan.getByRole('form', { name: '交付の記録' })
	await delivery.getByLabel('交付先', { exact: true }).selectOption('provider')
	await delivery.getByLabel('事業所（交付先が事業所のとき）').selectOption({ label: '生活介護事業所ひだまり' })
	await delivery.getByRole('button', { name: '交付を記録する' }).click()
	await expect(sodan.getByText('交付を記録しました。')).toBeVisible()
	await expect(sodan.getByTestId('delivery-list')).toContainText('サービス提供事業所（生活介護事業所ひだまり）')
	await expect(sodan.getByTestId('delivery-list').getByRole('link', { name: '第3版' }).first()).toBeVisible()
	await sodan.getByTestId('step-start_services').getByRole('button', { name: /サービス利用開始.*を記録する/ }).click()
	await expectState(sodan, '実施中')
	await expect(sodan.getByTestId('cycle-timeline').first().getByRole('listitem')).toHaveCount(11)

	// Compare the first consented 案 with the consented 本計画: per field and per goal row.
	await expect(sodan.getByTestId('version-list').getByRole('row')).toHaveCount(4)
	await sodan.getByLabel('比べる版（前）').selectOption({ index: 0 })
	await sodan.getByRole('button', { name: '版を比べる' }).click()
	await expect(sodan.getByRole('heading', { level: 1, name: '第1版と第3版の比較' })).toBeVisible()
	await expect(sodan.getByTestId('compare-summary')).toContainText('変更された項目')
	const policy = sodan.getByTestId('compare-field-policy')
	await expect(policy).toContainText('変更')
	await expect(policy.locator('ins.diff-added').first()).toBeVisible()
	await expect(sodan.getByTestId('compare-field-stage')).toContainText('変更')
	// Labels and Japanese dates, never codes or ISO dates.
	await expect(sodan.getByTestId('compare-field-stage')).toContainText('本計画')
	await expect(sodan.getByTestId('compare-field-stage')).not.toContainText('final')
	await expect(sodan.getByTestId('compare-field-draftDate')).toContainText(formatWareki(TODAY)) // 和暦 on the comparison
	await expect(sodan.getByTestId('compare-field-draftDate')).not.toContainText(TODAY)
	const changedRow = sodan.locator('[data-testid="compare-row"][data-status="changed"]').first()
	await expect(changedRow.locator('ins.diff-added', { hasText: '伊藤 直樹・0120-000-000' })).toHaveCount(1)

	// The consented 本計画: hash verified, printed on A4 with the consent block filled.
	await sodan.goto(CYCLE_PATH)
	await sodan.getByTestId('version-list').getByRole('link', { name: '第3版' }).click()
	await expect(sodan.getByTestId('version-verified')).toContainText('改ざんなし')
	await sodan.getByRole('link', { name: '印刷用の画面' }).click()
	await expect(sodan.getByTestId('version-print')).toBeVisible()
	// The frozen header facts and why this is the 本計画.
	await expect(sodan.getByTestId('version-header').getByTestId('header-client-name')).toHaveText('佐藤 誠')
	await expect(sodan.getByTestId('version-header').getByTestId('header-certificate-welfare')).not.toHaveText('—')
	await expect(sodan.getByTestId('version-stage-reason')).toContainText('本計画')
	await expect(sodan.getByTestId('version-weekly')).toContainText('本計画と同じ日の通所')
	const block = sodan.getByTestId('consent-block')
	// Prints carry 和暦 dates (Intl Japanese calendar).
	await expect(block.getByTestId('consent-date')).toHaveText(formatWareki(TODAY))
	await expect(block).toContainText('代理人氏名')
	await expect(block).toContainText('佐藤 洋子')
	await expect(block).toContainText('母')
	await expect(block.getByTestId('consent-method')).toContainText('電子同意の記録：佐藤 洋子のアカウントで同意')
	await sodan.emulateMedia({ media: 'print' })
	await expect(sodan.getByRole('button', { name: '印刷する' })).toBeHidden()
	const pdf = await sodan.pdf({ format: 'A4', landscape: true, printBackground: false })
	expect(pdf.subarray(0, 4).toString()).toBe('%PDF')
	await sodan.emulateMedia({ media: 'screen' })

	// Every version prints: the 案 consented on paper shows the signature line.
	await sodan.goto(CYCLE_PATH)
	await sodan.getByTestId('version-list').getByRole('link', { name: '第2版' }).click()
	await sodan.getByRole('link', { name: '印刷用の画面' }).click()
	await expect(sodan.getByTestId('consent-block')).toContainText('佐藤 誠（署名）')
	await expect(sodan.getByTestId('consent-method')).toHaveText('書面（署名）')

	// The client page now shows the cycle in force.
	await sodan.goto(CLIENT_PATH)
	await expect(sodan.getByTestId('cycle-summary-state')).toHaveText('実施中')
	expect(problems).toEqual([])
})
