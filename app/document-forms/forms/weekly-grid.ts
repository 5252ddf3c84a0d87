/**
 * 週間計画表 (様式1-2): where entries sit on the 月–日・祝 × time-of-day grid. Pure, shared by
 * the editing form, the print view and tests.
 *
 * The day runs from 6:00 to 翌4:00 like the official sheet: times before 6:00 belong to the
 * night after the day they are entered on. Times are stored as "HH:MM" (00–23), so "01:00"
 * is 翌1:00.
 */

export const WEEK_DAYS = [
	{ key: 'mon', label: '月' },
	{ key: 'tue', label: '火' },
	{ key: 'wed', label: '水' },
	{ key: 'thu', label: '木' },
	{ key: 'fri', label: '金' },
	{ key: 'sat', label: '土' },
	{ key: 'sun', label: '日・祝' },
] as const
export type WeekDay = (typeof WEEK_DAYS)[number]['key']

export const ENTRY_KINDS = [
	{ key: 'service', label: 'サービス' },
	{ key: 'school_work', label: '学校・仕事' },
	{ key: 'home', label: '家庭' },
	{ key: 'other', label: 'その他' },
] as const
export type EntryKind = (typeof ENTRY_KINDS)[number]['key']

/** Minutes since 0:00 of the sheet's day: 6:00 = 360 … 翌4:00 = 1680. */
export const DAY_START = 6 * 60
export const DAY_END = 28 * 60
export const SLOT_MINUTES = 30
export const SLOT_COUNT = (DAY_END - DAY_START) / SLOT_MINUTES

/** "HH:MM" → minutes on the sheet's day (before 6:00 = the following night); null if malformed. */
export function parseSheetTime(value: string): number | null {
	const match = /^(\d{1,2}):(\d{2})$/.exec(value.trim())
	if (!match) return null
	const hours = Number(match[1])
	const minutes = Number(match[2])
	if (hours > 24 || minutes > 59 || (hours === 24 && minutes > 0)) return null
	const total = hours * 60 + minutes
	return total < DAY_START ? total + 24 * 60 : total
}

/** Minutes on the sheet's day → "6:00" / "翌1:30". */
export function formatSheetTime(minutes: number): string {
	const next = minutes >= 24 * 60
	const m = next ? minutes - 24 * 60 : minutes
	return `${next ? '翌' : ''}${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}`
}

/** "HH:MM" as stored for minutes on the sheet's day. */
export function storedTime(minutes: number): string {
	const m = minutes % (24 * 60)
	return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
}

/** Choices for the start/end selects: every half hour from 6:00 to 翌4:00. */
export function timeOptions(): { value: string; label: string }[] {
	const options: { value: string; label: string }[] = []
	for (let m = DAY_START; m <= DAY_END; m += SLOT_MINUTES) options.push({ value: storedTime(m), label: formatSheetTime(m) })
	return options
}

/** Hour labels for the grid's time axis (every 2 hours). */
export function hourMarks(): { slot: number; label: string }[] {
	const marks: { slot: number; label: string }[] = []
	for (let m = DAY_START; m < DAY_END; m += 120) marks.push({ slot: (m - DAY_START) / SLOT_MINUTES, label: formatSheetTime(m) })
	return marks
}

export type WeeklyEntry = { id: string; day: string; start: string; end: string; label: string; kind: string }

export type PlacedEntry = {
	id: string
	dayIndex: number
	/** first slot (0-based) and the slot after the last, in SLOT_MINUTES steps */
	startSlot: number
	endSlot: number
	/** side-by-side position among overlapping entries of the day, and how many lanes the day has there */
	lane: number
	lanes: number
	startMinutes: number
	endMinutes: number
}

export type Placement = { placed: PlacedEntry[]; unplaced: { id: string; reason: string }[] }

/**
 * Positions entries on the grid. An entry needs a day, a start and an end after the start;
 * the rest are returned as unplaced with the reason (the accessible table lists them too).
 * Overlapping entries of a day share its column in lanes (greedy by start time).
 */
export function placeEntries(entries: readonly WeeklyEntry[]): Placement {
	const placed: PlacedEntry[] = []
	const unplaced: { id: string; reason: string }[] = []
	const perDay = new Map<number, PlacedEntry[]>()
	for (const entry of entries) {
		const dayIndex = WEEK_DAYS.findIndex((d) => d.key === entry.day)
		const start = parseSheetTime(entry.start)
		const end = parseSheetTime(entry.end)
		if (dayIndex === -1) unplaced.push({ id: entry.id, reason: '曜日が未設定です' })
		else if (start === null || end === null) unplaced.push({ id: entry.id, reason: '時間が未設定です' })
		else if (end <= start) unplaced.push({ id: entry.id, reason: '終了が開始より前です' })
		else {
			const startMinutes = Math.max(start, DAY_START)
			const endMinutes = Math.min(end, DAY_END)
			const item: PlacedEntry = {
				id: entry.id,
				dayIndex,
				startSlot: Math.floor((startMinutes - DAY_START) / SLOT_MINUTES),
				endSlot: Math.max(Math.ceil((endMinutes - DAY_START) / SLOT_MINUTES), Math.floor((startMinutes - DAY_START) / SLOT_MINUTES) + 1),
				lane: 0,
				lanes: 1,
				startMinutes,
				endMinutes,
			}
			const list = perDay.get(dayIndex) ?? []
			list.push(item)
			perDay.set(dayIndex, list)
		}
	}
	for (const list of perDay.values()) {
		list.sort((a, b) => a.startMinutes - b.startMinutes || a.endMinutes - b.endMinutes || (a.id < b.id ? -1 : 1))
		// Clusters of transitively overlapping entries share a lane count.
		let cluster: PlacedEntry[] = []
		let clusterEnd = -1
		let laneEnds: number[] = []
		const closeCluster = () => {
			const lanes = Math.max(1, ...cluster.map((e) => e.lane + 1))
			for (const e of cluster) e.lanes = lanes
			cluster = []
			laneEnds = []
			clusterEnd = -1
		}
		for (const item of list) {
			if (cluster.length > 0 && item.startSlot >= clusterEnd) closeCluster()
			let lane = laneEnds.findIndex((end) => end <= item.startSlot)
			if (lane === -1) lane = laneEnds.length
			laneEnds[lane] = item.endSlot
			item.lane = lane
			cluster.push(item)
			clusterEnd = Math.max(clusterEnd, item.endSlot)
		}
		closeCluster()
		placed.push(...list)
	}
	placed.sort((a, b) => a.dayIndex - b.dayIndex || a.startMinutes - b.startMinutes || (a.id < b.id ? -1 : 1))
	return { placed, unplaced }
}

/** Entries in reading order for the accessible table: by day, then start time; unplaced last. */
export function entriesInReadingOrder<T extends WeeklyEntry>(entries: readonly T[]): T[] {
	const key = (e: WeeklyEntry) => {
		const day = WEEK_DAYS.findIndex((d) => d.key === e.day)
		return [day === -1 ? 99 : day, parseSheetTime(e.start) ?? 99 * 60] as const
	}
	return [...entries].sort((a, b) => {
		const [da, sa] = key(a)
		const [db, sb] = key(b)
		return da - db || sa - sb || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
	})
}

export function dayLabel(day: string): string {
	return WEEK_DAYS.find((d) => d.key === day)?.label ?? '—'
}

export function entryKindLabel(kind: string): string {
	return ENTRY_KINDS.find((k) => k.key === kind)?.label ?? 'その他'
}
