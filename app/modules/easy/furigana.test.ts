import { describe, expect, test } from 'vitest'
import { furigana } from './furigana.server.ts'
import { escapeHtml, parseFuriganaHtml, segmentsSpoken, segmentsText, segmentsToHtml } from './furigana.ts'
import { parseReadingList, splitByGlossary, welfareGlossary, type RubySegment } from './readings.ts'
import { WELFARE_READINGS } from './welfare-readings.ts'

/** "漢字(かんじ)" notation of segments, to compare readings at a glance. */
function notation(segments: readonly RubySegment[]): string {
	return segments.map((s) => (s.reading ? `${s.text}(${s.reading})` : s.text)).join('')
}

describe('the reviewed reading list', () => {
	test('loads: every term parses, longest first', () => {
		const glossary = welfareGlossary()
		expect(glossary).toHaveLength(WELFARE_READINGS.length)
		const position = (term: string) => glossary.findIndex((e) => e.term === term)
		expect(position('相談支援専門員')).toBeLessThan(position('相談支援'))
		expect(glossary.find((e) => e.term === '日中一時支援')?.segments).toEqual([
			{ text: '日中', reading: 'にっちゅう' },
			{ text: '一時', reading: 'いちじ' },
			{ text: '支援', reading: 'しえん' },
		])
	})

	test('refuses a broken list with every problem named', () => {
		expect(() =>
			parseReadingList([
				{ term: '短期|入所', reading: 'たんき' },
				{ term: '受給者証', reading: 'ジュキュウシャショウ' },
				{ term: '生活|介護', reading: 'せいかつ|' },
				{ term: '受給者証', reading: 'じゅきゅうしゃしょう' },
			]),
		).toThrowError(/短期入所: 2語に対して読みが1個です[\s\S]*読み「ジュキュウシャショウ」がひらがなではありません[\s\S]*漢字の語「介護」に読みがありません[\s\S]*受給者証: 二重に登録されています/)
	})

	test('longest match wins and the text between stays free', () => {
		const pieces = splitByGlossary('相談支援専門員と相談支援の話')
		expect(pieces.map((p) => ('fixed' in p ? `[${segmentsText(p.fixed)}]` : p.free)).join('')).toBe('[相談支援専門員]と[相談支援]の話')
	})
})

describe('furigana on plan sentences (kuromoji + the reading list)', () => {
	// Sentences as they appear in plans; the welfare terms must read as the reviewed list says.
	const SENTENCES: Array<[string, string]> = [
		['日中一時支援を週2回利用します。', '日中(にっちゅう)一時(いちじ)支援(しえん)を週(しゅう)2回(かい)利用(りよう)します。'],
		['月に一度、短期入所を体験する。', '短期(たんき)入所(にゅうしょ)'],
		['相談支援専門員が受給者証を確認します。', '相談(そうだん)支援(しえん)専門員(せんもんいん)が受給者証(じゅきゅうしゃしょう)を確認(かくにん)します。'],
		['障害支援区分は3です。', '障害(しょうがい)支援(しえん)区分(くぶん)は3です。'],
		['平日は生活介護に通います。', '生活(せいかつ)介護(かいご)に通(かよ)います。'],
		['就労継続支援B型で働きたい。', '就労(しゅうろう)継続(けいぞく)支援(しえん)B型(がた)で働(はたら)きたい。'],
		['放課後等デイサービスで友だちと遊ぶ。', '放課後(ほうかご)等(とう)デイサービスで友(とも)だちと遊(あそ)ぶ。'],
	]
	test.each(SENTENCES)('%s', async (sentence, expected) => {
		const segments = await furigana(sentence)
		expect(segmentsText(segments)).toBe(sentence)
		expect(notation(segments)).toContain(expected)
	})

	test('the list overrides the analyzer: 日中 alone is にちちゅう to kuromoji, 日中一時支援 is にっちゅう', async () => {
		// The analyzer by itself (a sentence without the listed term) reads 日中 as the two country names.
		const alone = notation(await furigana('日中は'))
		expect(alone).toMatch(/にち/)
		expect(notation(await furigana('日中一時支援'))).toBe('日中(にっちゅう)一時(いちじ)支援(しえん)')
	})

	test('line breaks and text without kanji are kept as they are', async () => {
		expect(await furigana('')).toEqual([])
		expect(await furigana('ありがとう')).toEqual([{ text: 'ありがとう' }])
		expect(segmentsText(await furigana('外出する。\nバスに乗る。'))).toBe('外出する。\nバスに乗る。')
	})

	test('the same text comes from the cache (same array)', async () => {
		expect(await furigana('毎朝、散歩に行く')).toBe(await furigana('毎朝、散歩に行く'))
	})

	test('speech uses the readings', async () => {
		expect(segmentsSpoken(await furigana('日中一時支援'))).toBe('にっちゅういちじしえん')
	})
})

describe('HTML escaping of user text inside ruby', () => {
	test('markup typed into a plan comes out as text, inside and outside ruby', async () => {
		const text = '<script>alert("作業所")</script> & 本人\'s <b>希望</b>'
		const segments = await furigana(text)
		expect(segmentsText(segments)).toBe(text)
		const html = segmentsToHtml(segments)
		expect(html).not.toMatch(/<script|<b>/)
		expect(html).toContain('&lt;script&gt;')
		expect(html).toContain('&amp;')
		expect(html).toContain('&quot;')
		expect(html).toContain('&#39;')
		expect(html).toContain('<ruby>作業所<rp>(</rp><rt>さぎょうしょ</rt><rp>)</rp></ruby>')
		expect(html).toContain('<ruby>希望<rp>(</rp><rt>きぼう</rt><rp>)</rp></ruby>')
	})

	test('segments are escaped when rendered, even when a reading holds markup', () => {
		expect(segmentsToHtml([{ text: '<i>', reading: '"x"' }, { text: '&' }])).toBe('<ruby>&lt;i&gt;<rp>(</rp><rt>&quot;x&quot;</rt><rp>)</rp></ruby>&amp;')
	})

	test('kuroshiro output is read back into segments and unescaped once', () => {
		const html = `<ruby>作業<rp>(</rp><rt>さぎょう</rt><rp>)</rp></ruby>${escapeHtml('<&>')}`
		expect(parseFuriganaHtml(html)).toEqual([{ text: '作業', reading: 'さぎょう' }, { text: '<&>' }])
	})
})
