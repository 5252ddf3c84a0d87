/**
 * Which link targets a document may carry. Used by the Link mark (editor and server
 * rendering) and by the toolbar's link prompt, so there is exactly one rule.
 *
 * Allowed: https: URLs, mailto: addresses and same-site relative references. Everything
 * else — javascript:, data:, vbscript:, plain http:, protocol-relative //host — is refused.
 */

// Browsers drop these before parsing a URL, so "java\tscript:" would still run: refuse them.
// eslint-disable-next-line no-control-regex
const CONTROL_OR_SPACE = /[\u0000-\u0020\u007F-\u009F\u00A0\u1680\u180E\u2000-\u200F\u2028\u2029\u202F\u205F\u3000\uFEFF]/
const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/
const MAX_HREF_LENGTH = 2048

export const ALLOWED_LINK_SCHEMES = ['https', 'mailto'] as const

export function isAllowedHref(href: unknown): href is string {
	if (typeof href !== 'string') return false
	if (href.length === 0 || href.length > MAX_HREF_LENGTH) return false
	if (CONTROL_OR_SPACE.test(href)) return false
	// Browsers treat "\" like "/", so "/\evil.example" leaves the site.
	if (href.includes('\\')) return false
	const scheme = SCHEME.exec(href)
	if (scheme) {
		const name = scheme[1].toLowerCase()
		if (name === 'https') return /^https:\/\/[^/?#]+/i.test(href)
		if (name === 'mailto') return href.length > 'mailto:'.length
		return false
	}
	// Protocol-relative references leave the site (and could pick up any host).
	if (href.startsWith('//')) return false
	return true
}

/**
 * Turns what someone typed into the link prompt into an href, or null when it is not
 * allowed. A bare "example.jp/page" is read as https; a bare address as mailto.
 */
export function normalizeLinkInput(input: string): string | null {
	const value = input.trim()
	if (!value) return null
	let href = value
	if (!SCHEME.test(value) && !value.startsWith('/') && !value.startsWith('#') && !value.startsWith('.') && !value.startsWith('?')) {
		if (/^[^@\s/]+@[^@\s/]+\.[^@\s/]+$/.test(value)) href = `mailto:${value}`
		else if (/^[^\s/]+\.[a-zA-Z]{2,}(?:[/?#].*)?$/.test(value)) href = `https://${value}`
	}
	return isAllowedHref(href) ? href : null
}
