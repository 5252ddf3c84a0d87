import { describe, expect, it } from 'vitest'
import { headerCertificateFields, monitoringCertificate, pickCurrentCertificates } from './certificate-kinds.ts'

const row = (id: string, kind: string, effectiveFrom: string, createdAt = '2026-01-01T00:00:00Z') => ({ id, kind, effectiveFrom, createdAt })

describe('pickCurrentCertificates', () => {
	it('picks the version in force of every kind, each with its own history', () => {
		const rows = [
			row('w1', 'welfare', '2026-04-01'),
			row('w2', 'welfare', '2026-10-01'),
			row('c1', 'child_day', '2026-04-01'),
			row('c2', 'child_day', '2027-04-01'),
			row('x', 'unknown', '2026-01-01'),
		]
		expect(pickCurrentCertificates(rows, '2026-12-07').map((r) => r.id)).toEqual(['w2', 'c1'])
		expect(pickCurrentCertificates(rows, '2026-09-30').map((r) => r.id)).toEqual(['w1', 'c1'])
		expect(pickCurrentCertificates(rows, '2026-03-31')).toEqual([])
	})
	it('a correction entered later for the same day supersedes within its kind only', () => {
		const rows = [row('w1', 'welfare', '2026-04-01'), row('w1fix', 'welfare', '2026-04-01', '2026-04-02T00:00:00Z'), row('m1', 'community', '2026-04-01')]
		expect(pickCurrentCertificates(rows, '2026-04-01').map((r) => r.id)).toEqual(['w1fix', 'm1'])
	})
})

describe('monitoringCertificate', () => {
	const current = [
		{ id: 'w', kind: 'welfare' },
		{ id: 'c', kind: 'child_day' },
		{ id: 'm', kind: 'community' },
	]
	it("a child's schedule follows the 通所受給者証, an adult's the 障害福祉サービス受給者証", () => {
		expect(monitoringCertificate(current, 'child')?.id).toBe('c')
		expect(monitoringCertificate(current, 'adult')?.id).toBe('w')
		expect(monitoringCertificate([{ id: 'm', kind: 'community' }], 'adult')?.id).toBe('m')
		expect(monitoringCertificate([{ id: 'w', kind: 'welfare' }], 'child')?.id).toBe('w')
		expect(monitoringCertificate([], 'adult')).toBeNull()
	})
})

describe('headerCertificateFields', () => {
	it('adult: 障害福祉サービス and 地域相談支援 in their own fields', () => {
		expect(headerCertificateFields('adult', [{ kind: 'welfare', kindLabel: '', number: '1234567890' }])).toEqual([
			{ kind: 'welfare', label: '障害福祉サービス受給者証番号', number: '1234567890' },
			{ kind: 'community', label: '地域相談支援受給者証番号', number: '—' },
		])
	})
	it('child: 通所 and 障害福祉サービス, both filled when the child holds both', () => {
		const fields = headerCertificateFields('child', [
			{ kind: 'welfare', kindLabel: '', number: '1111111111' },
			{ kind: 'child_day', kindLabel: '', number: '5123456789' },
		])
		expect(fields.map((f) => [f.label, f.number])).toEqual([
			['通所受給者証番号', '5123456789'],
			['障害福祉サービス受給者証番号', '1111111111'],
		])
	})
	it('a kind beyond the usual two still gets its own field', () => {
		expect(headerCertificateFields('child', [{ kind: 'community', kindLabel: '', number: '2222222222' }]).map((f) => f.kind)).toEqual([
			'child_day',
			'welfare',
			'community',
		])
	})
})
