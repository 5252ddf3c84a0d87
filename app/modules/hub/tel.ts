/**
 * A phone number as a tel: URI for tap-to-call (digits and a leading + only; full-width digits
 * and hyphens as people type them are accepted); null when there is nothing to dial. Pure:
 * the emergency sheet renders it in the browser too.
 */
export function telHref(phone: string): string | null {
	const normalized = phone.normalize('NFKC').trim()
	const digits = normalized.replace(/[^0-9]/g, '')
	if (digits.length < 3) return null
	return `tel:${normalized.startsWith('+') ? '+' : ''}${digits}`
}
