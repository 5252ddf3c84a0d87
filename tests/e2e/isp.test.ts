import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { DEMO_ACCOUNTS, expect, newUserPage, test } from './fixtures.ts'
import { createYamadaLikeClient } from './fresh-client.ts'

// A child like 山田 はると before his first plan, of its own (the demo 山田 はると already has a
// 障害児支援利用計画 in 案). The test first puts ひだまり's service manager on the team, which
// also exercises the child layout.
let CLIENT_PATH = ''

test.beforeAll(async ({ browser }) => {
	CLIENT_PATH = (await createYamadaLikeClient(browser)).path
})
const NEED = '解決すべき課題（本人のニーズ）'

test.describe.configure({ mode: 'serial' })

async function waitOnline(page: Page, form: string): Promise<void> {
	await expect(page.getByTestId(form)).toBeVisible()
	await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'online')
}

function planCell(page: Page, position: number, column: string) {
	return page.getByRole('textbox', { name: `${position}番目の課題：${column}`, exact: true })
}

test('plan goals, ひだまり’s 個別支援計画 linked to them, the coverage view and a deleted goal', async ({ browser }) => {
	const sodan = await newUserPage(browser, DEMO_ACCOUNTS.specialist)
	const sabikan = await newUserPage(browser, DEMO_ACCOUNTS.serviceManager)
	const problems: string[] = []
	for (const page of [sodan, sabikan]) {
		page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
	}

	// The specialist puts ひだまり's service manager on the team.
	await sodan.goto(`${CLIENT_PATH}/team`)
	// The add-member form (the page also has the invitation form, with a 同意日 of its own).
	const addMember = sodan.locator('form').filter({ has: sodan.getByRole('button', { name: 'チームに追加する' }) })
	await addMember.getByLabel(/^メールアドレス/).fill('sabikan@example.jp')
	await addMember.getByLabel('情報共有の根拠').selectOption('written_consent')
	await addMember.getByLabel(/^同意日/).fill(await addMember.getByLabel(/^参加開始日/).inputValue())
	await addMember.getByRole('button', { name: 'チームに追加する' }).click()
	await expect(sodan.getByRole('status').filter({ hasText: 'メンバーを追加しました。' })).toBeVisible()

	// The specialist writes the overall plan with two goals. The ISP button is the provider's.
	await sodan.goto(CLIENT_PATH)
	await expect(sodan.getByTestId('team-approach')).toBeVisible()
	await expect(sodan.getByTestId('create-isp')).toHaveCount(0)
	await sodan.getByRole('button', { name: '計画を作成' }).click()
	await waitOnline(sodan, 'plan-form')
	await sodan.getByTestId('add-row').click()
	await planCell(sodan, 1, NEED).fill('日中活動に毎日通いたい')
	await planCell(sodan, 1, '支援目標').fill('生活介護に週5日通う')
	await sodan.getByTestId('add-row').click()
	await planCell(sodan, 2, NEED).fill('家事を覚えたい')
	await planCell(sodan, 2, '支援目標').fill('調理を練習する')
	await expect(sodan.getByTestId('save-state')).toHaveAttribute('data-state', 'saved')

	// The service manager creates ひだまり's ISP from the client page.
	await sabikan.goto(CLIENT_PATH)
	await sabikan.getByRole('button', { name: '個別支援計画を作成（生活介護事業所ひだまり）' }).click()
	await expect(sabikan).toHaveURL(/\/documents\/isp-/)
	await expect(sabikan.getByRole('heading', { level: 1, name: '個別支援計画（生活介護事業所ひだまり）' })).toBeVisible()
	await waitOnline(sabikan, 'isp-form')
	await sabikan.getByRole('textbox', { name: '総合的な支援の方針' }).fill('日中活動の場で本人のペースを大切にする。')
	// A child's plan: 本人支援 plus the 家族支援 and 移行支援 sections, always present.
	await expect(sabikan.getByTestId('isp-section-family')).toBeVisible()
	await expect(sabikan.getByTestId('isp-section-transition')).toBeVisible()
	await sabikan.getByTestId('add-support-row-self').click()
	await sabikan.getByRole('textbox', { name: '1番目の支援：具体的到達目標', exact: true }).fill('作業に毎日参加する')
	// The goal picker lists the plan's goals (from the server projection).
	const picker = sabikan.getByTestId('goal-links').first()
	await expect(picker.getByTestId('goal-link-checkbox')).toHaveCount(2)
	await picker.getByRole('checkbox', { name: '1. 生活介護に週5日通う' }).check()
	await sabikan.getByRole('checkbox', { name: '健康・生活' }).check()
	await expect(sabikan.getByTestId('save-state')).toHaveAttribute('data-state', 'saved')
	const ispUrl = sabikan.url()

	// The coverage view: goal 1 is served by ひだまり, goal 2 is 未対応.
	await expect(async () => {
		await sodan.goto(`${CLIENT_PATH}/coverage`)
		const goals = sodan.getByTestId('coverage-goal')
		await expect(goals).toHaveCount(2, { timeout: 1000 })
		await expect(goals.nth(0)).toHaveAttribute('data-served', 'yes', { timeout: 1000 })
	}).toPass({ timeout: 10_000 })
	const goals = sodan.getByTestId('coverage-goal')
	await expect(goals.nth(0)).toContainText('1. 生活介護に週5日通う')
	await expect(goals.nth(0)).toContainText('生活介護事業所ひだまり：1. 作業に毎日参加する')
	await expect(goals.nth(1)).toContainText('2. 調理を練習する')
	await expect(goals.nth(1).getByTestId('unserved-badge')).toHaveText('未対応')

	// The specialist reads the ISP (read-only) and deletes goal 1 from the plan.
	await sodan.goto(ispUrl)
	await waitOnline(sodan, 'isp-form')
	await expect(sodan.getByTestId('read-only-badge')).toBeVisible()
	await expect(sodan.getByTestId('linked-goal')).toHaveText(['1. 生活介護に週5日通う'])
	await sodan.goBack()
	await sodan.goto(`${CLIENT_PATH}/plan`)
	await waitOnline(sodan, 'plan-form')
	sodan.once('dialog', (dialog) => dialog.accept())
	await sodan.getByRole('button', { name: '1番目の課題を削除' }).click()
	await expect(planCell(sodan, 1, NEED)).toHaveValue('家事を覚えたい')
	await expect(sodan.getByTestId('save-state')).toHaveAttribute('data-state', 'saved')

	// The ISP shows that its link now points at a deleted goal, naming what it was.
	await expect(async () => {
		await sabikan.getByTestId('refresh-goals').click()
		await expect(sabikan.getByTestId('deleted-goal-notice')).toBeVisible({ timeout: 1000 })
	}).toPass({ timeout: 10_000 })
	await expect(sabikan.getByTestId('deleted-goal-notice')).toContainText('リンク先の目標が削除されました')
	await expect(sabikan.getByTestId('deleted-goal-notice')).toContainText('生活介護に週5日通う')
	await expect(sabikan.getByTestId('goal-link-checkbox')).toHaveCount(1)

	expect(problems).toEqual([])
})

/** Text of a PDF by poppler's pdftotext (installed by .ci/run and scripts/test.sh). */
function pdfText(pdf: Buffer): string {
	const file = path.join(mkdtempSync(path.join(tmpdir(), 'kizuna-pdf-')), 'page.pdf')
	writeFileSync(file, pdf)
	try {
		return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			throw new Error('pdftotext is missing: apt-get install -y poppler-utils')
		}
		throw error
	}
}

/** Page objects in the PDF (Chromium writes one `/Type /Page` dictionary per page). */
function pdfPageCount(pdf: Buffer): number {
	return pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0
}

async function printToPdf(page: Page): Promise<{ pdf: Buffer; text: string }> {
	await page.emulateMedia({ media: 'print' })
	const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: false })
	await page.emulateMedia({ media: null })
	return { pdf, text: pdfText(pdf) }
}

test('the plan and the 個別支援計画 print to A4 landscape PDFs with their content', async ({ browser }) => {
	const sodan = await newUserPage(browser, DEMO_ACCOUNTS.specialist)
	await sodan.goto(`${CLIENT_PATH}/plan`)
	await waitOnline(sodan, 'plan-form')
	await expect(planCell(sodan, 1, NEED)).toHaveValue('家事を覚えたい')

	// On paper the text fields are replaced by their printed mirror (no cut-off textareas).
	await sodan.emulateMedia({ media: 'print' })
	await expect(sodan.getByRole('button', { name: '印刷' })).toBeHidden()
	await expect(sodan.locator('textarea').first()).toBeHidden()
	await sodan.emulateMedia({ media: null })

	const plan = await printToPdf(sodan)
	expect(plan.pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
	expect(pdfPageCount(plan.pdf)).toBeGreaterThanOrEqual(1)
	expect(pdfPageCount(plan.pdf)).toBeLessThanOrEqual(3)
	const planText = plan.text.replace(/\s+/g, '')
	expect(planText).toContain('障害児支援利用計画（案）')
	expect(planText).toContain('山田はると')
	expect(planText).toContain('家事を覚えたい')
	expect(planText).toContain('調理を練習する')
	// The deleted goal is gone from the plan; UI-only controls are not printed.
	expect(planText).not.toContain('生活介護に週5日通う')
	expect(planText).not.toContain('課題を追加')

	const sabikan = await newUserPage(browser, DEMO_ACCOUNTS.serviceManager)
	await sabikan.goto(CLIENT_PATH)
	await sabikan.getByRole('link', { name: '個別支援計画（生活介護事業所ひだまり）' }).click()
	await waitOnline(sabikan, 'isp-form')
	await expect(sabikan.getByRole('textbox', { name: '1番目の支援：具体的到達目標', exact: true })).toHaveValue('作業に毎日参加する')
	const isp = await printToPdf(sabikan)
	expect(pdfPageCount(isp.pdf)).toBeGreaterThanOrEqual(1)
	const ispText = isp.text.replace(/\s+/g, '')
	expect(ispText).toContain('個別支援計画（生活介護事業所ひだまり）')
	expect(ispText).toContain('日中活動の場で本人のペースを大切にする。')
	expect(ispText).toContain('作業に毎日参加する')
	expect(ispText).toContain('家族支援')
	expect(ispText).toContain('移行支援')
	expect(ispText).toContain('同意年月日')
	// A child's 個別支援計画 (5領域 layout) is signed by the 児童発達支援管理責任者 and consented to by the 保護者.
	expect(ispText).toContain('児童発達支援管理責任者氏名')
	expect(ispText).toContain('保護者氏名')
	expect(ispText).toContain('生活全般の質を向上させるための課題')
	// (the wider table — 達成時期・留意事項 — wraps the cell; the PDF text may interleave a header character)
	expect(ispText).toMatch(/リンク先の.{0,2}目標が削除されました/)
	// Only the checked 5領域 are printed.
	expect(ispText).toContain('健康・生活')
	expect(ispText).not.toContain('運動・感覚')
	// Goals the row does not link to are not printed (the picker is screen-only).
	expect(ispText).not.toContain('調理を練習する')
})
