/**
 * React 18's streaming renderer (renderToPipeableStream) encodes HTML into 2,048-byte views. When
 * a multi-byte character (most Japanese text is 3 bytes in UTF-8) does not fit at the end of a
 * view, it can flush the whole view, so the 1–3 unwritten bytes go out as NULs in the middle of a
 * page: 「空き状況を更新\0\0しました」. Fixed upstream in facebook/react#26228 (React 19), not
 * in 18.3.1, which this app uses. HTML never carries a NUL of its own (the parser replaces it), so
 * trailing NULs on a full-size chunk are exactly those unwritten bytes.
 */
export const REACT_VIEW_SIZE = 2048

export function trimUnwrittenBytes(chunk: Uint8Array): Uint8Array {
	if (chunk.byteLength !== REACT_VIEW_SIZE) return chunk
	let end = chunk.byteLength
	while (end > chunk.byteLength - 3 && chunk[end - 1] === 0) end--
	return end === chunk.byteLength ? chunk : chunk.subarray(0, end)
}
