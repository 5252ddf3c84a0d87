import { describe, expect, test } from 'vitest'
import { csvField, parseCsv, toCsv } from './csv.ts'

describe('CSV for Excel', () => {
	test('starts with the UTF-8 BOM and ends every line with CRLF', () => {
		const csv = toCsv(['区分', '利用者氏名'], [['今月のモニタリング', '佐藤 誠']])
		const bytes = new TextEncoder().encode(csv)
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
		expect(csv.slice(1)).toBe('区分,利用者氏名\r\n今月のモニタリング,佐藤 誠\r\n')
	})

	test('quotes commas, quotes and line breaks, and reads them back', () => {
		expect(csvField('a,b')).toBe('"a,b"')
		expect(csvField('彼は"はい"と')).toBe('"彼は""はい""と"')
		expect(csvField('一行目\n二行目')).toBe('"一行目\n二行目"')
		expect(csvField(12)).toBe('12')
		expect(csvField(null)).toBe('')
		const rows = [
			['a,b', '引用"符"', '改行\r\nあり'],
			['', '普通', '-5'],
		]
		const parsed = parseCsv(toCsv(['列1', '列2', '列3'], rows))
		expect(parsed).toEqual([['列1', '列2', '列3'], ['a,b', '引用"符"', '改行\r\nあり'], ['', '普通', "'-5"]])
	})

	test('defuses spreadsheet formulas in text', () => {
		expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"')
		expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)")
		expect(csvField(-3)).toBe('-3')
	})
})
