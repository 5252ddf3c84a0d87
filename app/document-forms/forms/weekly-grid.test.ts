import { describe, expect, it } from 'vitest'
import {
	SLOT_COUNT,
	entriesInReadingOrder,
	formatSheetTime,
	parseSheetTime,
	placeEntries,
	storedTime,
	timeOptions,
	type WeeklyEntry,
} from './weekly-grid.ts'

function entry(id: string, day: string, start: string, end: string): WeeklyEntry {
	return { id, day, start, end, label: id, kind: 'service' }
}

describe('sheet times (6:00 → 翌4:00)', () => {
	it('parses times of the day and of the following night', () => {
		expect(parseSheetTime('06:00')).toBe(360)
		expect(parseSheetTime('9:30')).toBe(570)
		expect(parseSheetTime('23:30')).toBe(1410)
		expect(parseSheetTime('01:00')).toBe(25 * 60)
		expect(parseSheetTime('04:00')).toBe(28 * 60)
	})
	it('refuses malformed times', () => {
		for (const bad of ['', '9', '25:00', '12:60', 'ab:cd', '24:30']) expect(parseSheetTime(bad), bad).toBeNull()
	})
	it('formats and stores', () => {
		expect(formatSheetTime(360)).toBe('6:00')
		expect(formatSheetTime(25 * 60 + 30)).toBe('翌1:30')
		expect(storedTime(25 * 60 + 30)).toBe('01:30')
		const options = timeOptions()
		expect(options[0]).toEqual({ value: '06:00', label: '6:00' })
		expect(options.at(-1)).toEqual({ value: '04:00', label: '翌4:00' })
		expect(options).toHaveLength(SLOT_COUNT + 1)
	})
})

describe('placeEntries', () => {
	it('places an entry by day and half-hour slots', () => {
		const { placed, unplaced } = placeEntries([entry('a', 'wed', '09:30', '15:00')])
		expect(unplaced).toEqual([])
		expect(placed).toEqual([expect.objectContaining({ id: 'a', dayIndex: 2, startSlot: 7, endSlot: 18, lane: 0, lanes: 1 })])
	})
	it('places night entries after midnight at the bottom of the day', () => {
		const { placed } = placeEntries([entry('n', 'sun', '22:00', '02:00')])
		expect(placed[0]).toMatchObject({ dayIndex: 6, startSlot: 32, endSlot: 40 })
	})
	it('rounds odd minutes outward and gives short entries one slot', () => {
		const { placed } = placeEntries([entry('a', 'mon', '06:10', '06:20')])
		expect(placed[0]).toMatchObject({ startSlot: 0, endSlot: 1 })
	})
	it('puts overlapping entries side by side, and only them', () => {
		const { placed } = placeEntries([
			entry('day', 'mon', '09:00', '16:00'),
			entry('bath', 'mon', '10:00', '11:00'),
			entry('lunch', 'mon', '12:00', '13:00'),
			entry('home', 'mon', '17:00', '19:00'),
			entry('tue', 'tue', '10:00', '11:00'),
		])
		const byId = Object.fromEntries(placed.map((p) => [p.id, p]))
		expect(byId.day).toMatchObject({ lane: 0, lanes: 2 })
		expect(byId.bath).toMatchObject({ lane: 1, lanes: 2 })
		expect(byId.lunch).toMatchObject({ lane: 1, lanes: 2 })
		expect(byId.home).toMatchObject({ lane: 0, lanes: 1 })
		expect(byId.tue).toMatchObject({ lane: 0, lanes: 1 })
	})
	it('reports entries it cannot place', () => {
		const { placed, unplaced } = placeEntries([
			entry('noday', '', '09:00', '10:00'),
			entry('notime', 'mon', '', '10:00'),
			entry('backwards', 'mon', '12:00', '10:00'),
		])
		expect(placed).toEqual([])
		expect(unplaced.map((u) => u.id)).toEqual(['noday', 'notime', 'backwards'])
	})
})

describe('entriesInReadingOrder', () => {
	it('sorts by day, then start time (night after the evening), incomplete last', () => {
		const sorted = entriesInReadingOrder([
			entry('x', '', '09:00', '10:00'),
			entry('tue-night', 'tue', '01:00', '03:00'),
			entry('tue-eve', 'tue', '20:00', '21:00'),
			entry('mon', 'mon', '10:00', '11:00'),
		])
		expect(sorted.map((e) => e.id)).toEqual(['mon', 'tue-eve', 'tue-night', 'x'])
	})
})
