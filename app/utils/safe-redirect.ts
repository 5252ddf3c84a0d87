/**
 * Post-sign-in destinations are same-origin paths only. Browsers strip tabs and newlines from
 * URLs and read a backslash as a slash, so "/\t/evil.example" or "/\\evil.example" would leave
 * the site: anything but printable ASCII without spaces and backslashes is refused, and so is
 * "//…" (protocol-relative). The value is returned as given, never re-serialised.
 */
const SAFE_PATH = /^\/(?![/\\])[\x21-\x5b\x5d-\x7e]*$/

export function isSafeRedirectPath(to: unknown): to is string {
	if (typeof to !== 'string' || to.length > 2000 || !SAFE_PATH.test(to)) return false
	try {
		const base = 'https://kizuna.invalid'
		return new URL(to, base).origin === base
	} catch {
		return false
	}
}

export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
	return isSafeRedirectPath(to) ? to : fallback
}
