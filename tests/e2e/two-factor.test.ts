import { totpCodeAt, totpCounter } from '../../app/modules/auth/totp.ts'
import { DEMO_ACCOUNTS, DEMO_PASSWORD, expect, loginAs, nextTotpCode, test } from './fixtures.ts'
import { createFreshAccount } from './fresh-client.ts'

test('staff are asked for the authenticator code; a wrong code is refused, the right one signs in', async ({ page }) => {
	await page.goto('/settings')
	await page.getByLabel('メールアドレス').fill(DEMO_ACCOUNTS.hub)
	await page.getByLabel('パスワード').fill(DEMO_PASSWORD)
	await page.getByRole('button', { name: 'ログイン' }).click()
	await expect(page.getByRole('heading', { name: '確認コードの入力' })).toBeVisible()
	// Password alone reaches nothing: a page asked for now leads back to the code step.
	await page.goto('/settings')
	await expect(page).toHaveURL(/\/login\/two-factor\?redirectTo=%2Fsettings/)
	const code = page.getByRole('textbox', { name: '確認コード' })
	// A step no other sign-in of this account has used (fixtures.ts: each is accepted once).
	const right = await nextTotpCode(DEMO_ACCOUNTS.hub)
	await code.fill(right === '123456' ? '654321' : '123456')
	await page.getByRole('button', { name: '確認してログイン' }).click()
	await expect(page.getByRole('alert')).toContainText('確認コードが正しくありません')
	await code.fill(right)
	await page.getByRole('button', { name: '確認してログイン' }).click()
	await expect(page.getByTestId('current-user')).toBeVisible()
	await expect(page).toHaveURL(/\/settings$/)
})

test('family opt in from the settings page with the QR page’s key, get ten recovery codes, and are asked for a code next time', async ({ page }) => {
	// A family account of the test's own: the demo mother signs in without a code elsewhere.
	const family = await createFreshAccount('family', '試験 花子', 'しけん はなこ')
	await loginAs(page, family)
	await page.goto('/settings/two-factor')
	await expect(page.getByTestId('two-factor-status')).toHaveText('未設定')
	await page.getByRole('button', { name: '設定を始める' }).click()
	await expect(page.getByRole('img', { name: '認証アプリに登録するためのQRコード' })).toBeVisible()
	const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '')
	await page.getByRole('textbox', { name: '確認コード' }).fill(totpCodeAt(secret, totpCounter(Date.now())))
	await page.getByRole('button', { name: '登録する' }).click()
	await expect(page.getByTestId('recovery-codes').getByRole('listitem')).toHaveCount(10)
	await expect(page.getByTestId('two-factor-status')).toContainText('設定済み')

	await page.getByRole('button', { name: 'ログアウト' }).click()
	await page.getByLabel('メールアドレス').fill(family)
	await page.getByLabel('パスワード').fill(DEMO_PASSWORD)
	await page.getByRole('button', { name: 'ログイン' }).click()
	await page.getByRole('textbox', { name: '確認コード' }).fill(totpCodeAt(secret, totpCounter(Date.now()) + 1))
	await page.getByRole('button', { name: '確認してログイン' }).click()
	await expect(page.getByTestId('current-user')).toBeVisible()
})

test('the password form shows strength while typing and explains a refusal in Japanese', async ({ page }) => {
	await loginAs(page, DEMO_ACCOUNTS.city)
	await page.goto('/settings')
	const field = page.getByLabel(/^新しいパスワード(?!（確認）)/)
	await field.fill('password1234')
	await expect(page.getByTestId('password-strength')).toContainText('使えません')
	await expect(page.getByTestId('password-strength')).toContainText('よく使われている')
	await field.fill('ひだまりの庭でお茶を飲む午後')
	await expect(page.getByTestId('password-strength')).toHaveAttribute('data-level', /good|strong/)
	// The server decides the same way.
	await page.getByLabel('現在のパスワード').fill(DEMO_PASSWORD)
	await field.fill('aaaaaaaaaaaa')
	await page.getByLabel('新しいパスワード（確認）').fill('aaaaaaaaaaaa')
	await page.getByRole('button', { name: 'パスワードを変更する' }).click()
	await expect(page.getByText('同じ文字の繰り返し（aaaa など）は推測されやすいため使えません。').first()).toBeVisible()
})
