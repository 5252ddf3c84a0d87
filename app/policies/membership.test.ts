import { describe, expect, it } from 'vitest'
import { activeOn, givesProviderOpinion, isRowActive, notEndedOn } from './membership.ts'

const TODAY = '2026-12-07'

/** Evaluates a where fragment the way the database would, for the two columns it names. */
function matches(where: { startsOn?: { lte: string }; OR: Array<{ endsOn: null } | { endsOn: { gte: string } }> }, row: { startsOn: string; endsOn: string | null }): boolean {
	if (where.startsOn && !(row.startsOn <= where.startsOn.lte)) return false
	return where.OR.some((c) => (c.endsOn === null ? row.endsOn === null : row.endsOn !== null && row.endsOn >= c.endsOn.gte))
}

describe('membership in time', () => {
	const rows: Array<[string, { startsOn: string; endsOn: string | null }, boolean, boolean]> = [
		['open, started long ago', { startsOn: '2026-01-01', endsOn: null }, true, true],
		['starts today', { startsOn: TODAY, endsOn: null }, true, true],
		['ends today', { startsOn: '2026-01-01', endsOn: TODAY }, true, true],
		['ended yesterday', { startsOn: '2026-01-01', endsOn: '2026-12-06' }, false, false],
		['starts tomorrow', { startsOn: '2026-12-08', endsOn: null }, false, true],
	]
	it.each(rows)('%s: activeOn agrees with isRowActive; notEndedOn also keeps future rows', (_name, row, active, notEnded) => {
		expect(isRowActive(row, TODAY)).toBe(active)
		expect(matches(activeOn(TODAY), row)).toBe(active)
		expect(matches(notEndedOn(TODAY), row)).toBe(notEnded)
	})

	it('provider opinions: providers with an account, in force today', () => {
		const base = { userId: 'u1', startsOn: '2026-01-01', endsOn: null }
		expect(givesProviderOpinion({ ...base, role: 'service_manager' }, TODAY)).toBe(true)
		expect(givesProviderOpinion({ ...base, role: 'provider_staff' }, TODAY)).toBe(true)
		expect(givesProviderOpinion({ ...base, role: 'specialist' }, TODAY)).toBe(false)
		expect(givesProviderOpinion({ ...base, role: 'provider_staff', userId: null }, TODAY)).toBe(false)
		// A provider whose membership starts next week gives no opinion at today's meeting.
		expect(givesProviderOpinion({ ...base, role: 'provider_staff', startsOn: '2026-12-14' }, TODAY)).toBe(false)
	})
})
