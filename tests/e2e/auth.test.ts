import { DEMO_ACCOUNTS, DEMO_PASSWORD, expect, signInThroughForms, test } from './fixtures.ts'

test('a wrong password shows one generic Japanese message and no session', async ({ page }) => {
	await page.goto('/login')
	await page.getByLabel('メールアドレス').fill(DEMO_ACCOUNTS.specialist)
	await page.getByLabel('パスワード').fill('wrong-password-123')
	await page.getByRole('button', { name: 'ログイン' }).click()
	await expect(page.getByRole('alert')).toContainText('メールアドレスまたはパスワードが正しくありません')
	await page.goto('/')
	await expect(page).toHaveURL(/\/login\?redirectTo=/)
})

test('an empty form is refused with field messages', async ({ page }) => {
	await page.goto('/login')
	await page.getByRole('button', { name: 'ログイン' }).click()
	await expect(page.getByText('メールアドレスを入力してください')).toBeVisible()
	await expect(page.getByText('パスワードを入力してください')).toBeVisible()
})

test('login returns to the page first asked for; logout ends the session', async ({ page, context }) => {
	await page.goto('/directory')
	await expect(page).toHaveURL(/\/login\?redirectTo=%2Fdirectory/)
	await page.getByLabel('メールアドレス').fill(DEMO_ACCOUNTS.family)
	await page.getByLabel('パスワード').fill(DEMO_PASSWORD)
	await page.getByRole('button', { name: 'ログイン' }).click()
	await expect(page).toHaveURL(/\/directory/)
	const cookies = await context.cookies()
	const session = cookies.find((c) => c.name.includes('kizuna_session'))
	expect(session?.httpOnly).toBe(true)
	expect(session?.sameSite).toBe('Lax')

	await page.getByRole('button', { name: 'ログアウト' }).click()
	await expect(page).toHaveURL(/\/login/)
	// The old cookie value is dead on the server, even if a copy was kept.
	await context.addCookies([{ ...session!, expires: -1 }])
	await page.goto('/')
	await expect(page).toHaveURL(/\/login/)
})

test('every demo account can sign in through the forms (staff with their authenticator code)', async ({ browser }) => {
	// Eight real sign-ins, six with a code: slow on a busy machine.
	test.setTimeout(150_000)
	for (const email of Object.values(DEMO_ACCOUNTS)) {
		const context = await browser.newContext()
		const page = await context.newPage()
		await signInThroughForms(page, email)
		await context.close()
	}
})
