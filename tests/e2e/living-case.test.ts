import { DEMO_ACCOUNTS, expect, newUserPage, test } from './fixtures.ts'

/**
 * A newcomer's walk through the demo 佐藤 誠 case as the specialist (prisma/seed-data/living-case.ts):
 * his certificate with the new-user months, the schedule with November done and December due,
 * the six plan documents, the cycle in 実施中 with its consented versions, and the consented
 * 本計画 printed with 和暦 dates, each certificate number in its own field and no 様.
 *
 * Reads only: the demo's records are not changed, whatever order the files run in.
 */
const CLIENT_PATH = '/clients/client-sato-makoto'

test('the demo 佐藤 誠 case, walked by the specialist, prints the consented plan in 和暦', async ({ browser }) => {
	test.setTimeout(120_000)
	const sodan = await newUserPage(browser, DEMO_ACCOUNTS.specialist)

	// The client page: the 受給者証 recorded by the 支給決定 step, with the new-user rule.
	await sodan.goto(CLIENT_PATH)
	const certificate = sodan.getByTestId('current-certificate')
	await expect(certificate).toContainText('障害福祉サービス受給者証')
	await expect(certificate.getByTestId('certificate-number')).toHaveText('1234567890')
	await expect(certificate.getByTestId('new-user-rule')).toContainText('2026年11月から3か月間は毎月、その後は6ヶ月ごと')
	await expect(sodan.getByTestId('client-support-level')).toContainText('区分3')
	await expect(sodan.getByTestId('cycle-summary-state')).toHaveText('実施中')

	// The schedule: November done, then the new-user months and the decided period.
	await sodan.goto(`${CLIENT_PATH}/monitoring`)
	const months = sodan.getByTestId('schedule-month')
	await expect(months.first()).toHaveAttribute('data-month', '2026-11')
	await expect(months.first()).toHaveAttribute('data-status', 'done')
	await expect(sodan.locator('[data-testid="schedule-month"][data-month="2026-12"]')).toBeVisible()
	await expect(sodan.locator('[data-testid="schedule-month"][data-month="2027-01"]')).toBeVisible()
	await expect(sodan.locator('[data-testid="schedule-month"][data-month="2027-04"]')).toBeVisible()

	// The documents: plan, 週間計画表, アセスメント, Myライフプラン, クライシスプラン and ひだまり's 個別支援計画.
	const documents = await sodan.request.get(`/api/clients/client-sato-makoto/documents`)
	expect(documents.status()).toBe(200)
	const kinds = ((await documents.json()) as Array<{ kind: string }>).map((d) => d.kind)
	for (const kind of ['plan', 'weekly', 'assessment', 'life_plan', 'crisis_plan', 'isp']) expect(kinds).toContain(kind)

	// The cycle: 実施中, two consented versions (案 and 本計画), its timeline in date order.
	await sodan.goto(`${CLIENT_PATH}/cycle`)
	await expect(sodan.getByTestId('cycle-state')).toHaveAttribute('data-state', 'active')
	const versions = sodan.getByTestId('version-list').getByRole('link')
	await expect(versions).toHaveCount(2)
	await versions.filter({ hasText: '第2版' }).click()
	await expect(sodan.getByTestId('version-form')).toContainText('本計画')
	const versionUrl = new URL(sodan.url())

	// The print of the consented 本計画: 和暦 dates, numbers in their own fields, no 様.
	await sodan.goto(`${versionUrl.pathname}/print`)
	const print = sodan.getByTestId('version-print')
	await expect(print).toBeVisible()
	await expect(sodan.getByTestId('header-client-name')).toHaveText('佐藤 誠')
	await expect(print).not.toContainText('様）')
	await expect(sodan.getByTestId('header-certificate-welfare')).toHaveText('1234567890')
	await expect(sodan.getByTestId('header-certificate-community')).toHaveText('—')
	await expect(sodan.getByTestId('version-form')).toContainText('令和8年9月28日') // 計画案作成日
	await expect(sodan.getByTestId('version-form')).toContainText('令和8年10月30日') // 計画作成日
	await expect(sodan.getByTestId('consent-date')).toHaveText('令和8年10月30日')
	await expect(print).toContainText('モニタリング期間（開始年月）')
	await expect(print).toContainText('令和8年11月')
	await expect(print).not.toContainText('2026年10月30日')
	// 本人 and 家族 wishes are separate fields, and the 本計画 prints サービスの利用料.
	await expect(sodan.getByTestId('version-field-personWishes')).toContainText('ひだまりで、みんなと作業をしたい')
	await expect(sodan.getByTestId('version-field-familyWishes')).toContainText('母：私の入院中も')
	await expect(sodan.getByTestId('version-field-fees')).toContainText('9,300円')
	await expect(sodan.getByTestId('version-goals')).toContainText('生活介護事業所ひだまり（伊藤 直樹・0120-000-201）')

	await sodan.context().close()
})
