import { describe, expect, test } from 'vitest'
import type { Actor } from './index.ts'
import { canResetSecondFactor, canSetTwoFactorPolicy, mayTurnOffSecondFactor, secondFactorRequired } from './sign-in.ts'

const ON = { requireStaffTwoFactor: true }
const OFF = { requireStaffTwoFactor: false }

describe('second factor policy', () => {
	test('staff must by default; an organisation may turn it off for its own staff only', () => {
		for (const role of ['specialist', 'office_manager', 'service_manager', 'provider_staff', 'municipal', 'hub_coordinator'] as const) {
			expect(secondFactorRequired({ role }, [ON], false)).toBe(true)
			expect(secondFactorRequired({ role }, [], false)).toBe(true)
			expect(secondFactorRequired({ role }, [OFF], false)).toBe(false)
			expect(secondFactorRequired({ role }, [OFF, ON], false)).toBe(true)
		}
	})

	test('administrators always; 本人 and family only when they opted in', () => {
		expect(secondFactorRequired({ role: 'admin' }, [OFF], false)).toBe(true)
		expect(secondFactorRequired({ role: 'family' }, [], false)).toBe(false)
		expect(secondFactorRequired({ role: 'client_self' }, [], false)).toBe(false)
		expect(secondFactorRequired({ role: 'family' }, [], true)).toBe(true)
		expect(mayTurnOffSecondFactor({ role: 'family' }, [])).toBe(true)
		expect(mayTurnOffSecondFactor({ role: 'specialist' }, [ON])).toBe(false)
	})

	test('only another administrator resets a second factor or sets the policy', () => {
		const admin: Actor = { id: 'a', role: 'admin', organizationIds: [], disabled: false }
		const manager: Actor = { id: 'm', role: 'office_manager', organizationIds: ['o'], disabled: false }
		expect(canResetSecondFactor(admin, { id: 'x' })).toBe(true)
		expect(canResetSecondFactor(admin, { id: 'a' })).toBe(false)
		expect(canResetSecondFactor(manager, { id: 'x' })).toBe(false)
		expect(canResetSecondFactor({ ...admin, disabled: true }, { id: 'x' })).toBe(false)
		expect(canSetTwoFactorPolicy(admin)).toBe(true)
		expect(canSetTwoFactorPolicy(manager)).toBe(false)
	})
})
