import fs from 'node:fs/promises'
import type { Page } from '@playwright/test'
import { DEMO_ACCOUNTS, expect, newUserPage, test } from './fixtures.ts'
import { createSatoLikeClient } from './fresh-client.ts'

/**
 * 週間計画表, アセスメント, Myライフプラン and クライシスプラン for 佐藤 誠: the specialist creates
 * and fills each one, the service manager follows an edit live read-only, the 拠点
 * coordinator opens only the crisis plan, and the crisis plan prints on one A4 page.
 */

// A 佐藤 誠 of its own, before any document: the demo 佐藤 誠 has them all (living case).
let CLIENT_PATH = ''
const DOCS = { weekly: '', assessment: '', life_plan: '', crisis_plan: '' }

test.beforeAll(async ({ browser }) => {
	const client = await createSatoLikeClient(browser)
	CLIENT_PATH = client.path
	DOCS.weekly = `${CLIENT_PATH}/documents/weekly-${client.id}`
	DOCS.assessment = `${CLIENT_PATH}/documents/assessment-${client.id}`
	DOCS.life_plan = `${CLIENT_PATH}/documents/life-plan-${client.id}`
	DOCS.crisis_plan = `${CLIENT_PATH}/documents/crisis-plan-${client.id}`
})

test.describe.configure({ mode: 'serial' })

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

async function waitReady(page: Page): Promise<void> {
	await expect(page.getByTestId('structured-form')).toHaveAttribute('data-ready', 'true')
	await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'online')
}

async function createFromClientPage(page: Page, buttonName: string, url: string): Promise<void> {
	await page.goto(CLIENT_PATH)
	await page.getByRole('button', { name: buttonName }).click()
	await expect(page).toHaveURL(url)
	await waitReady(page)
}

async function waitSaved(page: Page): Promise<void> {
	await expect(page.getByTestId('save-state')).toHaveText('保存済み')
}

/** Counts the pages of a PDF: page objects are "/Type /Page" (the tree's root is "/Type /Pages"). */
function pdfPageCount(pdf: Buffer): number {
	return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length
}

/** Width and height (pt) of the first page's MediaBox. */
function pdfMediaBox(pdf: Buffer): [number, number] {
	const match = /\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf.toString('latin1'))
	if (!match) throw new Error('no MediaBox')
	return [Number(match[3]) - Number(match[1]), Number(match[4]) - Number(match[2])]
}

test('sodan creates and fills the four documents; sabikan follows the weekly plan live, read-only', async ({ browser }) => {
	const sodan = await newUserPage(browser, DEMO_ACCOUNTS.specialist)
	const sabikan = await newUserPage(browser, DEMO_ACCOUNTS.serviceManager)
	const problems = watchProblems([sodan, sabikan])

	// Readers get no 「作成」 buttons.
	await sabikan.goto(CLIENT_PATH)
	await expect(sabikan.getByRole('heading', { name: '文書' })).toBeVisible()
	await expect(sabikan.getByTestId('create-documents')).toHaveCount(0)

	// 週間計画表
	await createFromClientPage(sodan, '週間計画表を作成', DOCS.weekly)
	await expect(sodan.getByRole('heading', { level: 1, name: '週間計画表' })).toBeVisible()
	await sabikan.goto(DOCS.weekly)
	await waitReady(sabikan)
	await expect(sabikan.getByTestId('read-only-badge')).toBeVisible()

	await sodan.getByTestId('add-entry').click()
	await sodan.getByRole('combobox', { name: '1番目の予定：曜日' }).selectOption('wed')
	await sodan.getByRole('combobox', { name: '1番目の予定：開始' }).selectOption('09:30')
	await sodan.getByRole('combobox', { name: '1番目の予定：終了' }).selectOption('15:30')
	await sodan.getByRole('textbox', { name: '1番目の予定：内容' }).fill('生活介護（ひだまり）')
	await sodan.getByTestId('add-entry').click()
	await sodan.getByRole('combobox', { name: '2番目の予定：曜日' }).selectOption('sat')
	await sodan.getByRole('combobox', { name: '2番目の予定：開始' }).selectOption('13:00')
	await sodan.getByRole('combobox', { name: '2番目の予定：終了' }).selectOption('16:00')
	await sodan.getByRole('combobox', { name: '2番目の予定：種別' }).selectOption('home')
	await sodan.getByRole('textbox', { name: '2番目の予定：内容' }).fill('父と買い物')
	// The grid places the entries by day and time…
	const wednesday = sodan.getByTestId('weekly-grid-entry').filter({ hasText: '生活介護（ひだまり）' })
	await expect(wednesday).toHaveAttribute('data-day', 'wed')
	await expect(wednesday).toContainText('9:30〜15:30')
	// …and the reader sees them live, in the grid and in the accessible table.
	await expect(sabikan.getByTestId('weekly-grid-entry').filter({ hasText: '父と買い物' })).toHaveAttribute('data-day', 'sat')
	const table = sabikan.getByRole('table', { name: '週間の予定（一覧）' })
	await expect(table.getByRole('row').nth(1)).toContainText('水')
	await expect(table.getByRole('row').nth(1)).toContainText('9:30〜15:30')
	await expect(table.getByRole('row').nth(2)).toContainText('父と買い物')
	await expect(table.getByRole('row').nth(2)).toContainText('家庭')
	// A free-text field, typed and followed live; the reader's copy is read-only.
	const daily = '主な日常生活上の活動'
	await sodan.getByRole('textbox', { name: daily }).pressSequentially('平日は生活介護に通う')
	await expect(sabikan.getByRole('textbox', { name: daily })).toHaveValue('平日は生活介護に通う')
	await expect(sabikan.getByRole('textbox', { name: daily })).toHaveAttribute('readonly', '')
	await expect(sabikan.getByTestId('add-entry')).toHaveCount(0)
	await waitSaved(sodan)
	// 作成日 starts as today; the printout is one A4 landscape page.
	await expect(sodan.getByLabel('作成日', { exact: true })).toHaveValue(/^\d{4}-\d{2}-\d{2}$/)
	await sodan.emulateMedia({ media: 'print' })
	await expect(sodan.getByTestId('weekly-print-grid')).toBeVisible()
	const weeklyPdf = await sodan.pdf({ preferCSSPageSize: true })
	expect(pdfPageCount(weeklyPdf)).toBe(1)
	const [width, height] = pdfMediaBox(weeklyPdf)
	expect(width).toBeGreaterThan(height)
	await sodan.emulateMedia({ media: 'screen' })

	// アセスメント
	await createFromClientPage(sodan, 'アセスメントを作成', DOCS.assessment)
	await sodan.getByRole('textbox', { name: '1. 概要（支援経過・現状と課題等）' }).fill('母の入院により在宅生活の継続が難しくなった。')
	await sodan.getByRole('textbox', { name: '医療の状況（病名・服薬）' }).fill('てんかん（服薬：朝夕）')
	await sodan.getByTestId('add-family').click()
	await sodan.getByRole('textbox', { name: '1番目の家族：氏名' }).fill('佐藤 洋子')
	await sodan.getByRole('textbox', { name: '1番目の家族：続柄' }).fill('母')
	await sodan.getByRole('combobox', { name: '1番目の家族：主たる介護者' }).selectOption('yes')
	await sodan.getByTestId('add-relations').click()
	await sodan.getByRole('textbox', { name: '1番目の関係先：名称' }).fill('民生委員 木村さん')
	await sodan.getByRole('combobox', { name: '1番目の関係先：種別' }).selectOption('informal')
	await sodan.getByTestId('table-publicSupport').locator('..').getByTestId('add-row').click()
	await sodan.getByRole('textbox', { name: '1番目の公的支援：名称' }).fill('生活介護')
	await waitSaved(sodan)
	await sodan.reload()
	await waitReady(sodan)
	await expect(sodan.getByRole('textbox', { name: '1番目の家族：氏名' })).toHaveValue('佐藤 洋子')
	await expect(sodan.getByRole('combobox', { name: '1番目の家族：主たる介護者' })).toHaveValue('yes')
	await expect(sodan.getByRole('textbox', { name: '1番目の公的支援：名称' })).toHaveValue('生活介護')

	// Myライフプラン
	await createFromClientPage(sodan, 'Myライフプランを作成', DOCS.life_plan)
	await sodan.getByRole('textbox', { name: '住まい：本人の希望' }).fill('いずれはグループホームで暮らしたい')
	await sodan.getByRole('textbox', { name: 'お金の管理・成年後見：必要な準備' }).fill('日常生活自立支援事業の説明を受ける')
	await sodan.getByTestId('add-resources').click()
	await sodan.getByRole('textbox', { name: '1番目の社会資源：資源名' }).fill('GHさくら')
	await sodan.getByRole('combobox', { name: '1番目の社会資源：体験利用' }).selectOption('planned')
	await waitSaved(sodan)

	// クライシスプラン
	await createFromClientPage(sodan, 'クライシスプランを作成', DOCS.crisis_plan)
	await sodan.getByRole('textbox', { name: '安定（青）：サイン' }).fill('よく眠れている。作業所に毎日通えている。')
	await sodan.getByRole('textbox', { name: '要注意（赤）：支援者・関係機関がすること' }).fill('拠点コーディネーターが短期入所の受け入れを調整する。')
	await sodan.getByRole('button', { name: '＋ 介護者の急病・入院（8050）' }).click()
	await sodan.getByRole('textbox', { name: '1番目の事態：対応' }).fill('父が付き添い、相談支援専門員に連絡する。')
	await sodan.getByRole('textbox', { name: '短期入所の事前調整先（連絡先）' }).fill('ショートステイあおば（0120-000-301）')
	await sodan.getByRole('textbox', { name: '服薬' }).fill('朝夕の抗てんかん薬。お薬手帳を持参。')
	const contacts = [
		['佐藤 一郎', '父', '090-0000-0001'],
		['相談支援センターきずな 田中', '相談支援専門員', '0120-000-101'],
		['地域生活支援拠点 小林', '拠点コーディネーター', '0120-000-501'],
	]
	for (const [index, [name, relation, phone]] of contacts.entries()) {
		await sodan.getByTestId('table-contacts').locator('..').getByTestId('add-row').click()
		await sodan.getByRole('textbox', { name: `${index + 1}番目の連絡先：氏名・機関` }).fill(name)
		await sodan.getByRole('textbox', { name: `${index + 1}番目の連絡先：関係` }).fill(relation)
		await sodan.getByRole('textbox', { name: `${index + 1}番目の連絡先：電話` }).fill(phone)
	}
	// The calling order is the row order: the 拠点 goes before the office.
	await sodan.getByRole('button', { name: '3番目の連絡先を上へ移動' }).click()
	await expect(sodan.getByRole('textbox', { name: '2番目の連絡先：氏名・機関' })).toHaveValue('地域生活支援拠点 小林')
	await waitSaved(sodan)

	// The four documents are listed on the client page, writable for the specialist.
	await sodan.goto(CLIENT_PATH)
	for (const title of ['週間計画表', 'アセスメント', 'Myライフプラン', 'クライシスプラン']) {
		await expect(sodan.getByRole('link', { name: title, exact: true })).toBeVisible()
	}
	await expect(sodan.getByTestId('create-documents')).toHaveCount(0)
	expect(problems).toEqual([])
})

test('kyoten opens only the crisis plan, read-only, and it prints on one A4 page with the contact list', async ({ browser }) => {
	// The demo 佐藤 誠 is registered with the hub (a fresh client is not, and only a registered
	// person's crisis plan is the coordinator's to read).
	const SATO = '/clients/client-sato-makoto'
	const kyoten = await newUserPage(browser, DEMO_ACCOUNTS.hub)
	await kyoten.goto(SATO)
	await expect(kyoten.getByRole('link', { name: 'クライシスプラン', exact: true })).toBeVisible()
	for (const title of ['週間計画表', 'アセスメント', 'Myライフプラン']) await expect(kyoten.getByRole('link', { name: title, exact: true })).toHaveCount(0)
	await expect(kyoten.getByTestId('create-documents')).toHaveCount(0)
	// The other documents do not exist for the coordinator.
	const weekly = await kyoten.goto(`${SATO}/documents/weekly-client-sato-makoto`)
	expect(weekly?.status()).toBe(404)
	const problems = watchProblems([kyoten])

	await kyoten.goto(`${SATO}/documents/crisis-plan-client-sato-makoto`)
	await waitReady(kyoten)
	await expect(kyoten.getByTestId('read-only-badge')).toBeVisible()
	await expect(kyoten.getByRole('textbox', { name: '安定（青）：サイン' })).toHaveValue('朝の支度を自分でする。作業の話をよくする。')
	await expect(kyoten.getByRole('textbox', { name: '安定（青）：サイン' })).toHaveAttribute('readonly', '')
	await expect(kyoten.getByTestId('add-row')).toHaveCount(0)

	// On paper: the sheet with the contacts in calling order…
	await kyoten.emulateMedia({ media: 'print' })
	const sheet = kyoten.getByTestId('print-sheet')
	await expect(sheet).toBeVisible()
	await expect(sheet).toContainText('クライシスプラン（緊急時対応シート）')
	await expect(sheet).toContainText('佐藤 誠')
	await expect(sheet).toContainText('生活介護事業所ひだまり 短期入所（0120-000-201）')
	await expect(sheet).toContainText('介護者の急病・入院（8050）')
	const rows = kyoten.getByTestId('print-contacts').locator('tbody tr')
	await expect(rows).toHaveCount(3)
	await expect(rows.nth(0)).toContainText('1佐藤 隆父0120-000-903')
	await expect(rows.nth(1)).toContainText('2田中 陽子（相談支援センターきずな）')
	await expect(rows.nth(2)).toContainText('3小林 美穂（地域生活支援拠点）')
	await expect(kyoten.getByTestId('structured-form').locator('.no-print').first()).toBeHidden()
	// …on exactly one A4 page.
	const pdf = await kyoten.pdf({ format: 'A4' })
	await fs.writeFile(test.info().outputPath('crisis-sheet.pdf'), pdf)
	expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
	expect(pdfPageCount(pdf)).toBe(1)
	expect(problems).toEqual([])
})

test('a crisis plan full of text still prints on one page', async ({ browser }) => {
	const sodan = await newUserPage(browser, DEMO_ACCOUNTS.specialist)
	await sodan.goto(DOCS.crisis_plan)
	await waitReady(sodan)
	const long = '状態に応じて声をかけ、落ち着ける場所へ誘導する。'.repeat(6)
	for (const stage of ['安定（青）', '注意（黄）', '要注意（赤）']) {
		for (const aspect of ['サイン', '本人がすること', '家族がすること', '支援者・関係機関がすること']) {
			await sodan.getByRole('textbox', { name: `${stage}：${aspect}` }).fill(long)
		}
	}
	for (let i = 4; i <= 8; i++) {
		await sodan.getByTestId('table-contacts').locator('..').getByTestId('add-row').click()
		await sodan.getByRole('textbox', { name: `${i}番目の連絡先：氏名・機関` }).fill(`連絡先${i}`)
		await sodan.getByRole('textbox', { name: `${i}番目の連絡先：電話` }).fill(`090-0000-000${i}`)
	}
	await waitSaved(sodan)
	await sodan.emulateMedia({ media: 'print' })
	await expect(sodan.getByTestId('print-contacts').locator('tbody tr')).toHaveCount(8)
	const pdf = await sodan.pdf({ format: 'A4' })
	await fs.writeFile(test.info().outputPath('crisis-sheet-full.pdf'), pdf)
	expect(pdfPageCount(pdf)).toBe(1)
})
