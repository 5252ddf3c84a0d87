import type { Locator, Page } from '@playwright/test'
import { expect } from './fixtures.ts'

/** The demo 佐藤 誠 (prisma/seed-data/living-case.ts): every form kind, filled in. */
export const SATO_PATH = '/clients/client-sato-makoto'

/** The address of one of 佐藤 誠's documents, by kind (the 個別支援計画's id is generated). */
export async function satoDocumentPath(page: Page, kind: string): Promise<string> {
	const response = await page.request.get(`/api${SATO_PATH}/documents`)
	expect(response.status()).toBe(200)
	const documents = (await response.json()) as Array<{ id: string; kind: string }>
	const document = documents.find((d) => d.kind === kind)
	expect(document, `佐藤 誠 has a ${kind} document`).toBeTruthy()
	return `${SATO_PATH}/documents/${document?.id}`
}

/** The page itself never scrolls sideways (wide tables scroll inside their own frame). */
export async function expectNoPageOverflow(page: Page): Promise<void> {
	const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }))
	expect(scrollWidth, `page scrollWidth ${scrollWidth} > innerWidth ${innerWidth}`).toBeLessThanOrEqual(innerWidth)
}

/**
 * The element is in view horizontally: inside the window and inside every scrolling frame around
 * it as that frame is scrolled now (a column scrolled out of its table's frame is not in view).
 */
export async function expectInViewHorizontally(locator: Locator): Promise<void> {
	const problem = await locator.evaluate((element) => {
		const rect = element.getBoundingClientRect()
		if (rect.width === 0) return 'has no width'
		if (rect.left < -1 || rect.right > window.innerWidth + 1) return `is outside the window (${Math.round(rect.left)}–${Math.round(rect.right)} of ${window.innerWidth})`
		for (let frame = element.parentElement; frame; frame = frame.parentElement) {
			if (!/(auto|scroll|hidden|clip)/.test(getComputedStyle(frame).overflowX)) continue
			const box = frame.getBoundingClientRect()
			if (rect.left < box.left - 1 || rect.right > box.right + 1)
				return `is cut off by its frame .${frame.className} (${Math.round(rect.left)}–${Math.round(rect.right)} of ${Math.round(box.left)}–${Math.round(box.right)})`
		}
		return null
	})
	expect(problem, `${locator} ${problem}`).toBeNull()
}

/** How many lines the element's text takes (a name squeezed one character a line takes many). */
export async function textLines(locator: Locator): Promise<number> {
	return locator.evaluate((element) => {
		const range = document.createRange()
		range.selectNodeContents(element)
		const tops = new Set<number>()
		for (const rect of range.getClientRects()) if (rect.width > 0) tops.add(Math.round(rect.top))
		return tops.size
	})
}

/** A heading cell whose text does not fit is cut off or runs under its neighbour. */
export async function expectTextNotCut(locator: Locator): Promise<void> {
	const overflow = await locator.evaluate((element) => ({ scroll: element.scrollWidth, client: element.clientWidth }))
	expect(overflow.scroll, `${locator}: text ${overflow.scroll}px wide in a ${overflow.client}px cell`).toBeLessThanOrEqual(overflow.client + 1)
}
