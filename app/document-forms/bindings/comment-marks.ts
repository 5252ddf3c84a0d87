/** Comment highlights inside a field: pure helpers. */

export type MarkRange = { from: number; to: number; ids: string[]; active: boolean }

/** Splits the text at every range boundary: each piece knows which threads cover it. */
export function highlightSegments(value: string, ranges: ReadonlyArray<{ from: number; to: number; ids: string[]; active: boolean }>) {
	const cuts = new Set([0, value.length])
	for (const r of ranges) {
		cuts.add(Math.max(0, Math.min(value.length, r.from)))
		cuts.add(Math.max(0, Math.min(value.length, r.to)))
	}
	const points = [...cuts].sort((a, b) => a - b)
	const segments: Array<{ text: string; ids: string[]; active: boolean }> = []
	for (let i = 0; i < points.length - 1; i++) {
		const [from, to] = [points[i], points[i + 1]]
		const covering = ranges.filter((r) => r.from <= from && r.to >= to)
		segments.push({ text: value.slice(from, to), ids: covering.flatMap((r) => r.ids), active: covering.some((r) => r.active) })
	}
	return segments
}
