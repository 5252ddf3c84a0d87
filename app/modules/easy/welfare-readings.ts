/**
 * The reviewed reading list: welfare terms whose furigana are fixed by people, not by the
 * morphological analyzer. Applied before the analyzer, longest term first (readings.ts), so a
 * term here always wins — also over a shorter term inside it.
 *
 * Each entry splits the term into words ("|") with one reading per word; an empty reading
 * means the word carries no ruby (Latin letters, kana). Readings are hiragana.
 *
 * Why each is here: the analyzer (kuromoji's IPA dictionary) reads 日中 as にちちゅう (the country
 * names 日・中), and reads the suffixes of these terms as separate words, so the reading is only
 * right by luck and its split is ragged (受給|者|証). Fixing the whole term keeps the words the
 * person sees on paper (受給者証 / じゅきゅうしゃしょう) identical everywhere.
 *
 * Reviewed against the terms in docs/domain/ and the municipal leaflets of
 * seeds 001–004 (2026-12-07). Add a term with a test in furigana.test.ts.
 */
export const WELFARE_READINGS: ReadonlyArray<{ term: string; reading: string }> = [
	{ term: '日中|一時|支援', reading: 'にっちゅう|いちじ|しえん' },
	{ term: '日中|活動', reading: 'にっちゅう|かつどう' },
	{ term: '短期|入所', reading: 'たんき|にゅうしょ' },
	{ term: '相談|支援|専門員', reading: 'そうだん|しえん|せんもんいん' },
	{ term: '相談|支援', reading: 'そうだん|しえん' },
	{ term: '計画|相談|支援', reading: 'けいかく|そうだん|しえん' },
	{ term: '受給者証', reading: 'じゅきゅうしゃしょう' },
	{ term: '障害|支援|区分', reading: 'しょうがい|しえん|くぶん' },
	{ term: '生活|介護', reading: 'せいかつ|かいご' },
	{ term: '就労|継続|支援|A|型', reading: 'しゅうろう|けいぞく|しえん||がた' },
	{ term: '就労|継続|支援|B|型', reading: 'しゅうろう|けいぞく|しえん||がた' },
	{ term: '就労|移行|支援', reading: 'しゅうろう|いこう|しえん' },
	{ term: '放課後|等|デイサービス', reading: 'ほうかご|とう|' },
	{ term: '児童|発達|支援', reading: 'じどう|はったつ|しえん' },
	{ term: '共同|生活|援助', reading: 'きょうどう|せいかつ|えんじょ' },
	{ term: '居宅|介護', reading: 'きょたく|かいご' },
	{ term: '重度|訪問|介護', reading: 'じゅうど|ほうもん|かいご' },
	{ term: '行動|援護', reading: 'こうどう|えんご' },
	{ term: '同行|援護', reading: 'どうこう|えんご' },
	{ term: '移動|支援', reading: 'いどう|しえん' },
	{ term: '自立|訓練', reading: 'じりつ|くんれん' },
	{ term: '施設|入所|支援', reading: 'しせつ|にゅうしょ|しえん' },
	{ term: '地域|生活|支援|拠点', reading: 'ちいき|せいかつ|しえん|きょてん' },
	{ term: 'サービス|担当者|会議', reading: '|たんとうしゃ|かいぎ' },
	{ term: 'サービス|等|利用|計画', reading: '|とう|りよう|けいかく' },
	{ term: '個別|支援|計画', reading: 'こべつ|しえん|けいかく' },
	{ term: 'サービス|管理|責任者', reading: '|かんり|せきにんしゃ' },
	{ term: '支給|決定', reading: 'しきゅう|けってい' },
	{ term: '療育|手帳', reading: 'りょういく|てちょう' },
	{ term: '成年|後見人', reading: 'せいねん|こうけんにん' },
	{ term: '後見人', reading: 'こうけんにん' },
	{ term: '作業所', reading: 'さぎょうしょ' },
	{ term: '通所', reading: 'つうしょ' },
	{ term: '主治医', reading: 'しゅじい' },
	{ term: '市町村', reading: 'しちょうそん' },
	{ term: '週間|計画表', reading: 'しゅうかん|けいかくひょう' },
	{ term: '本人', reading: 'ほんにん' },
]
