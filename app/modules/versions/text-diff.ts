/**
 * Character-level text diff (Myers' O(ND) algorithm) for comparing plan versions. Japanese
 * has no spaces between words, so characters — Unicode code points, never half a surrogate
 * pair — are the unit. Pure; used by the server and the comparison page alike.
 */

export type DiffSegment = { type: 'same' | 'added' | 'removed'; text: string }

/**
 * Beyond this many differing characters the texts are shown as wholly replaced: the
 * comparison stays fast (O(N·D) time, O(D²) memory) on pasted-over fields.
 */
export const MAX_EDIT_DISTANCE = 2000

export function diffChars(before: string, after: string): DiffSegment[] {
	if (before === after) return before ? [{ type: 'same', text: before }] : []
	const a = Array.from(before)
	const b = Array.from(after)
	// Common prefix and suffix never take part in the search.
	let start = 0
	while (start < a.length && start < b.length && a[start] === b[start]) start++
	let endA = a.length
	let endB = b.length
	while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
		endA--
		endB--
	}
	const middle = myers(a.slice(start, endA), b.slice(start, endB))
	const segments: DiffSegment[] = []
	push(segments, 'same', a.slice(0, start).join(''))
	for (const segment of middle) push(segments, segment.type, segment.text)
	push(segments, 'same', a.slice(endA).join(''))
	return segments
}

function push(segments: DiffSegment[], type: DiffSegment['type'], text: string): void {
	if (!text) return
	const last = segments.at(-1)
	if (last && last.type === type) last.text += text
	else segments.push({ type, text })
}

/** Removals before additions within one changed stretch, as readers expect. */
function myers(a: string[], b: string[]): DiffSegment[] {
	const n = a.length
	const m = b.length
	if (n === 0 && m === 0) return []
	if (n === 0) return [{ type: 'added', text: b.join('') }]
	if (m === 0) return [{ type: 'removed', text: a.join('') }]
	const max = Math.min(n + m, MAX_EDIT_DISTANCE)
	const offset = max + 1
	let v = new Int32Array(2 * max + 3)
	const trace: Int32Array[] = []
	let found = -1
	for (let d = 0; d <= max; d++) {
		trace.push(v.slice())
		const next = v.slice()
		for (let k = -d; k <= d; k += 2) {
			let x: number
			if (k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1])) x = v[offset + k + 1]
			else x = v[offset + k - 1] + 1
			let y = x - k
			while (x < n && y < m && a[x] === b[y]) {
				x++
				y++
			}
			next[offset + k] = x
			if (x >= n && y >= m) {
				found = d
				break
			}
		}
		v = next
		if (found !== -1) {
			trace.push(v)
			break
		}
	}
	if (found === -1) {
		return [
			{ type: 'removed', text: a.join('') },
			{ type: 'added', text: b.join('') },
		]
	}
	// Walk the trace back from (n, m) to (0, 0).
	const ops: Array<{ type: DiffSegment['type']; char: string }> = []
	let x = n
	let y = m
	for (let d = found; d > 0; d--) {
		const previous = trace[d]
		const k = x - y
		const fromBelow = k === -d || (k !== d && previous[offset + k - 1] < previous[offset + k + 1])
		const prevK = fromBelow ? k + 1 : k - 1
		const prevX = previous[offset + prevK]
		const prevY = prevX - prevK
		while (x > prevX && y > prevY) {
			ops.push({ type: 'same', char: a[--x] })
			y--
		}
		if (fromBelow) ops.push({ type: 'added', char: b[--y] })
		else ops.push({ type: 'removed', char: a[--x] })
	}
	while (x > 0 && y > 0) {
		ops.push({ type: 'same', char: a[--x] })
		y--
	}
	ops.reverse()
	return groupRemovalsFirst(ops)
}

function groupRemovalsFirst(ops: Array<{ type: DiffSegment['type']; char: string }>): DiffSegment[] {
	const segments: DiffSegment[] = []
	let removed = ''
	let added = ''
	const flush = () => {
		push(segments, 'removed', removed)
		push(segments, 'added', added)
		removed = added = ''
	}
	for (const op of ops) {
		if (op.type === 'same') {
			flush()
			push(segments, 'same', op.char)
		} else if (op.type === 'removed') removed += op.char
		else added += op.char
	}
	flush()
	return segments
}

/** The text before (same + removed) and after (same + added) a diff: its defining property. */
export function sidesOf(segments: readonly DiffSegment[]): { before: string; after: string } {
	let before = ''
	let after = ''
	for (const s of segments) {
		if (s.type !== 'added') before += s.text
		if (s.type !== 'removed') after += s.text
	}
	return { before, after }
}
