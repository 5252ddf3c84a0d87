/**
 * Comment input: the body's rules and the mention syntax, with the Japanese messages the
 * composer shows. Pure (browser, server, tests). Bodies are plain text with line breaks;
 * nothing is escaped on the way in — React escapes on the way out, and nothing renders a body
 * as HTML.
 */

export const BODY_MAX_LENGTH = 2000
export const MAX_MENTIONS = 20
export const MENTION_NAME_MAX_LENGTH = 80

/** "@[display name](userId)" — the stored form of a mention. */
export const MENTION_PATTERN = /@\[([^\]\n]{1,80})\]\(([A-Za-z0-9_-]{1,64})\)/g

// C0 controls except the line feed, DEL and C1 controls; bidirectional overrides and
// isolates, which can make a comment read differently from what it says.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN_CHARACTERS = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/

export const COMMENT_MESSAGES = {
	required: 'コメントを入力してください',
	tooLong: `コメントは${BODY_MAX_LENGTH}文字以内で入力してください`,
	control: 'コメントに使用できない文字が含まれています',
	tooManyMentions: `メンションは${MAX_MENTIONS}人までです`,
} as const

export type ParsedBody = { ok: true; body: string; mentionIds: string[] } | { ok: false; error: string }

/** Number of characters as a person counts them (code points, not UTF-16 units). */
export function characterCount(text: string): number {
	let count = 0
	for (const _ of text) count++
	return count
}

/**
 * Validates a comment body: line breaks normalised to \n (browsers send form text with \r\n),
 * surrounding whitespace trimmed, 1..BODY_MAX_LENGTH characters, no control characters.
 * Returns the body and the distinct user ids it mentions, in order of appearance.
 */
export function parseCommentBody(input: unknown): ParsedBody {
	if (typeof input !== 'string') return { ok: false, error: COMMENT_MESSAGES.required }
	const body = input.replace(/\r\n?/g, '\n').trim()
	if (body.length === 0) return { ok: false, error: COMMENT_MESSAGES.required }
	if (characterCount(body) > BODY_MAX_LENGTH) return { ok: false, error: COMMENT_MESSAGES.tooLong }
	if (FORBIDDEN_CHARACTERS.test(body)) return { ok: false, error: COMMENT_MESSAGES.control }
	const mentionIds = mentionedIds(body)
	if (mentionIds.length > MAX_MENTIONS) return { ok: false, error: COMMENT_MESSAGES.tooManyMentions }
	return { ok: true, body, mentionIds }
}

export function mentionedIds(body: string): string[] {
	const ids: string[] = []
	for (const match of body.matchAll(MENTION_PATTERN)) if (!ids.includes(match[2])) ids.push(match[2])
	return ids
}

export function mentionToken(name: string, userId: string): string {
	// A name can never close the token early or span lines.
	const safe = name.replace(/[\]\n\r]/g, ' ').slice(0, MENTION_NAME_MAX_LENGTH).trim() || userId
	return `@[${safe}](${userId})`
}

/** Rewrites every mention token with the name the server knows (a client may send any name). */
export function renameMentions(body: string, names: ReadonlyMap<string, string>): string {
	return body.replace(MENTION_PATTERN, (token, _name: string, id: string) => {
		const name = names.get(id)
		return name ? mentionToken(name, id) : token
	})
}

export type BodySegment = { kind: 'text'; text: string } | { kind: 'mention'; name: string; userId: string }

/** Splits a stored body into plain text and mentions, for rendering (as text, never HTML). */
export function bodySegments(body: string): BodySegment[] {
	const segments: BodySegment[] = []
	let last = 0
	for (const match of body.matchAll(MENTION_PATTERN)) {
		const index = match.index ?? 0
		if (index > last) segments.push({ kind: 'text', text: body.slice(last, index) })
		segments.push({ kind: 'mention', name: match[1], userId: match[2] })
		last = index + match[0].length
	}
	if (last < body.length) segments.push({ kind: 'text', text: body.slice(last) })
	return segments
}

/** The body as one reads it: mentions as "@name". For excerpts and notifications. */
export function plainBody(body: string): string {
	return body.replace(MENTION_PATTERN, (_token, name: string) => `@${name}`)
}

/**
 * The composer shows mentions as "@name"; before sending, every "@name" of a known member
 * becomes a token (longest names first, so "@佐藤 洋子" is not read as "@佐藤").
 */
export function tokenizeMentions(text: string, members: ReadonlyArray<{ id: string; name: string }>): string {
	const sorted = [...members].filter((m) => m.name).sort((a, b) => b.name.length - a.name.length)
	let out = ''
	let i = 0
	outer: while (i < text.length) {
		if (text[i] === '@' && text[i + 1] !== '[') {
			for (const member of sorted) {
				if (text.startsWith(member.name, i + 1)) {
					out += mentionToken(member.name, member.id)
					i += 1 + member.name.length
					continue outer
				}
			}
		}
		out += text[i]
		i++
	}
	return out
}

/** The inverse of tokenizeMentions, for editing a stored body. */
export function untokenizeMentions(body: string): string {
	return plainBody(body)
}
