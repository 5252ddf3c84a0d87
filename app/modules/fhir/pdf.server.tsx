import fs from 'node:fs'
import path from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { renderToStaticMarkup } from 'react-dom/server'
import { VersionPrintSheet, type VersionPrintData } from '#app/components/cycle/version-print-sheet.tsx'
import { escapeXml } from './narrative.ts'

/**
 * A4 PDFs of frozen plan versions for the FHIR export, rendered on the server by the same
 * Debian Chromium the browser tests use (never a downloaded browser) from the very component
 * the print page shows (VersionPrintSheet) and the stylesheets that page loads. One browser per
 * export, and one export rendering at a time: Chromium is heavy on a two-core office server.
 */

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

export function chromiumPath(): string {
	return process.env.KIZUNA_CHROMIUM_PATH || '/usr/bin/chromium'
}

// The print page's stylesheets: the app's base, the shared print rules (print media only, as the
// root route links them) and the cycle pages' own. Read from the source tree the server runs in.
const STYLESHEETS: Array<{ file: string; media?: string }> = [{ file: 'app.css' }, { file: 'print.css', media: 'print' }, { file: 'cycle.css' }]
let cachedCss: string | null = null

function stylesheets(): string {
	if (cachedCss === null) {
		cachedCss = STYLESHEETS.map(({ file, media }) => {
			const css = fs.readFileSync(path.resolve(process.cwd(), 'app/styles', file), 'utf8').replace(/<\/style/gi, '')
			return media ? `<style media="${media}">${css}</style>` : `<style>${css}</style>`
		}).join('\n')
	}
	return cachedCss
}

/** The standalone HTML of one version's print page. */
export function versionPrintHtml(data: VersionPrintData, title: string): string {
	const body = renderToStaticMarkup(
		<article className="version-print" data-testid="version-print">
			<VersionPrintSheet {...data} />
		</article>,
	)
	return `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>${escapeXml(title)}</title>${stylesheets()}</head><body><main class="site-main">${body}</main></body></html>`
}

let queue: Promise<unknown> = Promise.resolve()

/** Renders each page to an A4 landscape PDF (the print view's @page). Throws when Chromium cannot run. */
export async function renderPdfs(pages: ReadonlyArray<{ key: string; html: string }>): Promise<Map<string, Uint8Array>> {
	if (pages.length === 0) return new Map()
	const run = async () => {
		let browser: Browser | null = null
		try {
			browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, timeout: 30_000 })
			// The viewport is the printable width of A4 landscape (297 mm − 2 × 12 mm at 96 dpi), so the
			// sheet is laid out at the width it is printed at rather than shrunk from a desktop width.
			const context = await browser.newContext({ javaScriptEnabled: false, offline: true, viewport: { width: 1031, height: 730 } })
			const result = new Map<string, Uint8Array>()
			for (const { key, html } of pages) {
				const page = await context.newPage()
				await page.setContent(html, { waitUntil: 'load' })
				const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, format: 'A4', landscape: true })
				result.set(key, new Uint8Array(pdf))
				await page.close()
			}
			return result
		} finally {
			await browser?.close()
		}
	}
	const next = queue.then(run, run)
	queue = next.catch(() => undefined)
	return next
}
