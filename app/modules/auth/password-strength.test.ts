import { describe, expect, test } from 'vitest'
import { assessPassword } from './password-strength.ts'

describe('password assessment (NIST SP 800-63B)', () => {
	test('refuses the passwords of the security review with a Japanese reason', () => {
		expect(assessPassword('aaaaaaaaaaaa')).toMatchObject({ acceptable: false, reason: expect.stringContaining('繰り返し') })
		expect(assessPassword('password1234')).toMatchObject({ acceptable: false, reason: expect.stringContaining('よく使われている') })
		expect(assessPassword('123456789012').acceptable).toBe(false)
		expect(assessPassword('qwertyuiop12').acceptable).toBe(false)
	})

	test('length first: eleven characters are too short whatever they are', () => {
		expect(assessPassword('k7mq2xpa9rt')).toMatchObject({ acceptable: false, level: 'too_short' })
		expect(assessPassword('あ'.repeat(129)).acceptable).toBe(false)
	})

	test('no composition rules: a long passphrase of plain words is fine, and so is Japanese', () => {
		expect(assessPassword('correct horse battery staple').acceptable).toBe(true)
		expect(assessPassword('ひだまりの庭でお茶を飲む午後').acceptable).toBe(true)
		expect(assessPassword('k7mq2xpa9rte').acceptable).toBe(true)
	})

	test('a password made of the person’s own email is refused', () => {
		expect(assessPassword('tanaka.yoko@example.jp', ['tanaka.yoko@example.jp']).acceptable).toBe(false)
	})
})
