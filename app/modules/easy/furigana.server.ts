import crypto from 'node:crypto'
import { createRequire } from 'node:module'
import path from 'node:path'
import { escapeHtml, mergePlain, parseFuriganaHtml } from './furigana.ts'
import { hasKanji, splitByGlossary, welfareGlossary, type RubySegment } from './readings.ts'

/**
 * Server-side furigana: the reviewed reading list first (longest match, fixed readings), then
 * kuroshiro + kuromoji on the text between. The analyzer costs ~0.7–2 s and ~300 MiB to load,
 * so it is loaded lazily, once per process (kept on globalThis: the Remix bundle and the
 * server may load separate copies of this module), and only when a page first needs it.
 * Results are cached by a hash of the text: plans change rarely and are read often.
 */

type Kuroshiro = { init(analyzer: unknown): Promise<void>; convert(text: string, options: { to: string; mode: string }): Promise<string> }
type FuriganaState = {
	analyzer: Promise<Kuroshiro> | null
	loadedInMs: number | null
	rssIncreaseMiB: number | null
	cache: Map<string, RubySegment[]>
}

const CACHE_LIMIT = 20_000
const STATE_KEY = Symbol.for('kizuna.furigana')
const globals = globalThis as unknown as Record<symbol, FuriganaState | undefined>
const state: FuriganaState = (globals[STATE_KEY] ??= { analyzer: null, loadedInMs: null, rssIncreaseMiB: null, cache: new Map() })

async function loadAnalyzer(): Promise<Kuroshiro> {
	const started = performance.now()
	const rssBefore = process.memoryUsage().rss
	// Both packages are CommonJS: the ESM default import is `{ default: class }`.
	const kuroshiroModule = (await import('kuroshiro')) as { default: unknown }
	const analyzerModule = (await import('kuroshiro-analyzer-kuromoji')) as { default: unknown }
	const unwrap = (m: { default: unknown }) => ((m.default as { default?: unknown }).default ?? m.default) as new (...args: unknown[]) => unknown
	const KuroshiroClass = unwrap(kuroshiroModule) as new () => Kuroshiro
	const Analyzer = unwrap(analyzerModule)
	// The dictionary ships inside kuromoji; name it explicitly rather than relying on a cwd-relative default.
	const require = createRequire(import.meta.url)
	const dictPath = path.join(path.dirname(require.resolve('kuromoji/package.json')), 'dict') + path.sep
	const kuroshiro = new KuroshiroClass()
	await kuroshiro.init(new Analyzer({ dictPath }))
	state.loadedInMs = performance.now() - started
	state.rssIncreaseMiB = (process.memoryUsage().rss - rssBefore) / 2 ** 20
	return kuroshiro
}

function analyzer(): Promise<Kuroshiro> {
	if (!state.analyzer) {
		state.analyzer = loadAnalyzer()
		// A failed load is retried by the next request instead of failing every page for good.
		state.analyzer.catch(() => {
			state.analyzer = null
		})
	}
	return state.analyzer
}

function cacheKey(text: string): string {
	return crypto.createHash('sha256').update(text).digest('base64url')
}

async function analyze(kuroshiro: Kuroshiro, text: string): Promise<RubySegment[]> {
	const segments: RubySegment[] = []
	const lines = text.split('\n')
	for (let l = 0; l < lines.length; l++) {
		if (l > 0) segments.push({ text: '\n' })
		for (const piece of splitByGlossary(lines[l], welfareGlossary())) {
			if ('fixed' in piece) segments.push(...piece.fixed)
			else if (!hasKanji(piece.free)) segments.push({ text: piece.free })
			// kuroshiro does not escape: escape first, so its own ruby is the only markup in the result.
			else segments.push(...parseFuriganaHtml(await kuroshiro.convert(escapeHtml(piece.free), { to: 'hiragana', mode: 'furigana' })))
		}
	}
	return mergePlain(segments)
}

/** Furigana for one text (cached by its hash). Text without kanji never loads the analyzer. */
export async function furigana(text: string): Promise<RubySegment[]> {
	if (!hasKanji(text)) return text === '' ? [] : [{ text }]
	const key = cacheKey(text)
	const cached = state.cache.get(key)
	if (cached) return cached
	const segments = await analyze(await analyzer(), text)
	if (state.cache.size >= CACHE_LIMIT) state.cache.delete(state.cache.keys().next().value as string)
	state.cache.set(key, segments)
	return segments
}

/** Furigana for many texts at once, keyed like the input. */
export async function furiganaAll<K extends string>(texts: Record<K, string>): Promise<Record<K, RubySegment[]>> {
	const out = {} as Record<K, RubySegment[]>
	for (const key of Object.keys(texts) as K[]) out[key] = await furigana(texts[key])
	return out
}

/** Start-up figures for the benchmark and the health log. */
export function furiganaStats() {
	return { loadedInMs: state.loadedInMs, rssIncreaseMiB: state.rssIncreaseMiB, cached: state.cache.size }
}

/** Tests and the benchmark: forget cached readings (the analyzer stays loaded). */
export function clearFuriganaCache(): void {
	state.cache.clear()
}

/** Loads the analyzer now (the benchmark measures it; pages load it on first use). */
export async function warmFurigana(): Promise<void> {
	await analyzer()
}
