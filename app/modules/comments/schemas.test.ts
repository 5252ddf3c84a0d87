import { describe, expect, it } from 'vitest'
import { BODY_MAX_LENGTH, COMMENT_MESSAGES, bodySegments, mentionToken, parseCommentBody, plainBody, renameMentions, tokenizeMentions, untokenizeMentions } from './schemas.ts'

describe('parseCommentBody', () => {
	it('trims, keeps line breaks (normalising CRLF) and finds mentions', () => {
		expect(parseCommentBody('  週末の過ごし方を\r\n確認したいです @[田中 陽子](user-sodan)\n')).toEqual({
			ok: true,
			body: '週末の過ごし方を\n確認したいです @[田中 陽子](user-sodan)',
			mentionIds: ['user-sodan'],
		})
	})

	it('refuses empty, too long and control characters with Japanese messages', () => {
		expect(parseCommentBody('   \n ')).toEqual({ ok: false, error: COMMENT_MESSAGES.required })
		expect(parseCommentBody(undefined)).toEqual({ ok: false, error: 'コメントを入力してください' })
		expect(parseCommentBody('あ'.repeat(BODY_MAX_LENGTH)).ok).toBe(true)
		expect(parseCommentBody('あ'.repeat(BODY_MAX_LENGTH + 1))).toEqual({ ok: false, error: 'コメントは2000文字以内で入力してください' })
		// Characters outside the BMP count once.
		expect(parseCommentBody('😀'.repeat(BODY_MAX_LENGTH)).ok).toBe(true)
		for (const bad of ['a\u0000b', 'tab\there', 'bell\u0007', 'a\u202Eb', 'del\u007F']) expect(parseCommentBody(bad)).toEqual({ ok: false, error: COMMENT_MESSAGES.control })
	})

	it('stores markup as plain text (it is rendered escaped)', () => {
		expect(parseCommentBody('<img src=x onerror=alert(1)>')).toEqual({ ok: true, body: '<img src=x onerror=alert(1)>', mentionIds: [] })
	})
})

describe('mentions', () => {
	const members = [
		{ id: 'user-sato', name: '佐藤' },
		{ id: 'user-kazoku', name: '佐藤 洋子' },
		{ id: 'user-sodan', name: '田中 陽子' },
	]

	it('turns "@name" of members into tokens, longest name first, and back', () => {
		const body = tokenizeMentions('@佐藤 洋子 さんと @田中 陽子 さん、@佐藤 さんへ。a@b.jp', members)
		expect(body).toBe('@[佐藤 洋子](user-kazoku) さんと @[田中 陽子](user-sodan) さん、@[佐藤](user-sato) さんへ。a@b.jp')
		expect(untokenizeMentions(body)).toBe('@佐藤 洋子 さんと @田中 陽子 さん、@佐藤 さんへ。a@b.jp')
		expect(plainBody(body)).toBe(untokenizeMentions(body))
	})

	it('renames tokens to the names the server knows and never lets a name break the token', () => {
		expect(renameMentions('@[院長](user-sodan) へ', new Map([['user-sodan', '田中 陽子']]))).toBe('@[田中 陽子](user-sodan) へ')
		expect(mentionToken('a](evil)\nb', 'user-x')).toBe('@[a (evil) b](user-x)')
	})

	it('splits a body into text and mentions for rendering', () => {
		expect(bodySegments('こんにちは @[田中 陽子](user-sodan)\nよろしく')).toEqual([
			{ kind: 'text', text: 'こんにちは ' },
			{ kind: 'mention', name: '田中 陽子', userId: 'user-sodan' },
			{ kind: 'text', text: '\nよろしく' },
		])
		expect(parseCommentBody('@[a](u1) @[b](u2) @[a](u1)')).toMatchObject({ ok: true, mentionIds: ['u1', 'u2'] })
	})
})
