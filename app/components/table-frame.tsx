import type { ReactNode } from 'react'

/**
 * A wide table's own scrolling frame. When the table is wider than the page the frame scrolls,
 * and a keyboard user must be able to reach it to scroll it (axe: scrollable-region-focusable) —
 * tables of plain text (the audit log, schedules) have nothing else inside to focus. The label
 * names the region for screen readers.
 */
export function TableFrame({ label, children }: { label: string; children: ReactNode }) {
	return (
		<div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
			{children}
		</div>
	)
}
