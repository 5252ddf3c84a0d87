import { describe, expect, it } from 'vitest'
import { telHref } from './tel.ts'

describe('telHref', () => {
	it('dials digits only, keeps an international +, refuses nothing-to-dial', () => {
		expect(telHref('0120-000-921')).toBe('tel:0120000921')
		expect(telHref('０４２（３４６）９５４２')).toBe('tel:0423469542')
		expect(telHref('+81 3-1234-5678')).toBe('tel:+81312345678')
		expect(telHref('')).toBeNull()
		expect(telHref('なし')).toBeNull()
		expect(telHref('javascript:alert(1)')).toBeNull()
	})
})
