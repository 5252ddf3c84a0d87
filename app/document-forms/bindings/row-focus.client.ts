/**
 * Keyboard focus around row tables: after 「＋ … を追加」 focus goes into the new row (so the
 * person types straight away instead of landing on the page body); after 削除 it goes to the
 * same button of the row that took the removed one's place, or — when the table is now
 * empty — back to the table's add button. Rows carry `data-row-id`.
 */

const FRAMES_TO_WAIT = 10

function rowElement(rowId: string): HTMLElement | null {
	return document.querySelector<HTMLElement>(`[data-row-id="${CSS.escape(rowId)}"]`)
}

/** Focuses the first editable control of a row once React has rendered it. */
export function focusRowWhenShown(rowId: string): void {
	let frames = 0
	const attempt = () => {
		const control = rowElement(rowId)?.querySelector<HTMLElement>('textarea:not([readonly]), input:not([readonly]):not([type="hidden"]), select')
		if (control) return control.focus()
		if (++frames < FRAMES_TO_WAIT) requestAnimationFrame(attempt)
	}
	requestAnimationFrame(attempt)
}

/**
 * Where focus should go when `rowId` is removed, decided before removing it: the next row
 * (or the previous one) and, failing both, the add button after the table.
 */
export function focusTargetAfterRemoval(rowId: string): () => void {
	const row = rowElement(rowId)
	const neighbour = (row?.nextElementSibling ?? row?.previousElementSibling) as HTMLElement | null
	const neighbourId = neighbour?.dataset.rowId ?? null
	const container = row?.closest('.table-wrap, section, .collab-form') ?? null
	return () => {
		requestAnimationFrame(() => {
			const target = neighbourId ? rowElement(neighbourId)?.querySelector<HTMLElement>('button.danger, [data-row-action="remove"]') : null
			if (target) return target.focus()
			const add = container?.querySelector<HTMLElement>('[data-testid^="add"], [data-testid$="add-goal"], .button-row button')
			add?.focus()
		})
	}
}
