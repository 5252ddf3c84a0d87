import type { Narrative } from '@medplum/fhirtypes'

/** Plain text (with line breaks) as FHIR narrative XHTML: escaped, one <p> per paragraph line. */
export function narrative(text: string): Narrative {
	const lines = text.trim().split(/\r?\n/)
	const body = lines.map((line) => `<p>${escapeXml(line)}</p>`).join('')
	return { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${body || '<p></p>'}</div>` }
}

export function escapeXml(value: string): string {
	return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}
