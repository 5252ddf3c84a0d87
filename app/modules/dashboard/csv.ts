/**
 * CSV for Excel (Japanese locale): UTF-8 with a byte order mark — without it Excel reads the
 * file as Shift_JIS and the Japanese turns to garbage — CRLF line ends, and RFC 4180 quoting of
 * fields holding a comma, a double quote or a line break. Pure.
 */

export const UTF8_BOM = '\uFEFF'

/** One field: quoted when it must be; a leading =, +, -, @ is defused (Excel formula injection). */
export function csvField(value: string | number | null | undefined): string {
	let text = value === null || value === undefined ? '' : String(value)
	if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
	return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

export function csvLine(fields: ReadonlyArray<string | number | null | undefined>): string {
	return fields.map(csvField).join(',')
}

/** The whole file: BOM, header line, rows, each line ended by CRLF. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
	return UTF8_BOM + [header, ...rows].map((row) => `${csvLine(row)}\r\n`).join('')
}

/** Reads CSV back (RFC 4180, BOM tolerated): for tests and imports. */
export function parseCsv(text: string): string[][] {
	const source = text.startsWith(UTF8_BOM) ? text.slice(1) : text
	const rows: string[][] = []
	let row: string[] = []
	let field = ''
	let quoted = false
	for (let i = 0; i < source.length; i++) {
		const ch = source[i]
		if (quoted) {
			if (ch === '"' && source[i + 1] === '"') {
				field += '"'
				i++
			} else if (ch === '"') quoted = false
			else field += ch
		} else if (ch === '"') quoted = true
		else if (ch === ',') {
			row.push(field)
			field = ''
		} else if (ch === '\r' && source[i + 1] === '\n') {
			row.push(field)
			rows.push(row)
			row = []
			field = ''
			i++
		} else field += ch
	}
	if (field !== '' || row.length > 0) {
		row.push(field)
		rows.push(row)
	}
	return rows
}
