import { describe, expect, it } from 'vitest'
import { REACT_VIEW_SIZE, trimUnwrittenBytes } from './html-chunk.ts'

function view(text: string): Uint8Array {
	const bytes = new Uint8Array(REACT_VIEW_SIZE)
	bytes.set(new TextEncoder().encode(text))
	return bytes
}

describe('trimUnwrittenBytes', () => {
	it('drops the NULs a full view ends with when a 3-byte character did not fit', () => {
		const text = 'a'.repeat(REACT_VIEW_SIZE - 2 - 6) + '更新'
		const trimmed = trimUnwrittenBytes(view(text))
		expect(new TextDecoder('utf-8', { fatal: true }).decode(trimmed)).toBe(text)
	})

	it('leaves chunks of other sizes and full views without trailing NULs alone', () => {
		const small = new TextEncoder().encode('しました\0')
		expect(trimUnwrittenBytes(small)).toBe(small)
		const full = view('x'.repeat(REACT_VIEW_SIZE))
		expect(trimUnwrittenBytes(full)).toBe(full)
	})

	it('never removes more than the three bytes a character can leave unwritten', () => {
		const text = 'a'.repeat(REACT_VIEW_SIZE - 10)
		expect(trimUnwrittenBytes(view(text)).byteLength).toBe(REACT_VIEW_SIZE - 3)
	})
})
