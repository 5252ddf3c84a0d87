import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { setMeta } from '../structure.ts'
import { useMetaValue } from './observe.client.ts'

/** Meta values (scalars, last writer wins): selects, dates, short texts. */

export type SelectOption = { value: string; label: string }

export function CollabSelect({
	doc,
	metaKey,
	label,
	options,
	writable,
	id,
	defaultValue,
}: {
	doc: Y.Doc
	metaKey: string
	label: string
	options: readonly SelectOption[]
	writable: boolean
	id?: string
	defaultValue: string
}) {
	const raw = useMetaValue(doc, metaKey)
	const value = typeof raw === 'string' && options.some((o) => o.value === raw) ? raw : defaultValue
	const current = options.find((o) => o.value === value)
	if (!writable) {
		return (
			<span id={id} data-testid={`meta-${metaKey}`} data-value={value}>
				{current?.label ?? '—'}
			</span>
		)
	}
	return (
		<>
			<select
				id={id}
				className="collab-meta no-print"
				aria-label={label}
				value={value}
				data-testid={`meta-${metaKey}`}
				onChange={(event) => setMeta(doc, metaKey, event.currentTarget.value)}
			>
				{options.map((o) => (
					<option key={o.value} value={o.value}>
						{o.label}
					</option>
				))}
			</select>
			<span className="print-only">{current?.label ?? ''}</span>
		</>
	)
}

const DATE_PATTERN = { date: /^\d{4}-\d{2}-\d{2}$/, month: /^\d{4}-\d{2}$/ } as const

export function CollabDate({
	doc,
	metaKey,
	label,
	writable,
	type = 'date',
	id,
	format,
}: {
	doc: Y.Doc
	metaKey: string
	label: string
	writable: boolean
	type?: 'date' | 'month'
	id?: string
	/** how the value reads in read-only mode and on paper */
	format: (value: string) => string
}) {
	const raw = useMetaValue(doc, metaKey)
	const value = typeof raw === 'string' && DATE_PATTERN[type].test(raw) ? raw : ''
	if (!writable) {
		return (
			<span id={id} data-testid={`meta-${metaKey}`}>
				{value ? format(value) : '—'}
			</span>
		)
	}
	return (
		<>
			<input
				id={id}
				type={type}
				className="collab-meta no-print"
				aria-label={label}
				value={value}
				data-testid={`meta-${metaKey}`}
				onChange={(event) => {
					const next = event.currentTarget.value
					if (next === '' || DATE_PATTERN[type].test(next)) setMeta(doc, metaKey, next)
				}}
			/>
			<span className="print-only">{value ? format(value) : ''}</span>
		</>
	)
}

/**
 * A short text kept as a meta scalar (a name, a reason): last writer wins, like the dates —
 * meant for one-line facts one person records, not for co-written prose (that is a Y.Text field).
 */
export function CollabMetaText({ doc, metaKey, label, writable, maxLength = 200 }: { doc: Y.Doc; metaKey: string; label: string; writable: boolean; maxLength?: number }) {
	const raw = useMetaValue(doc, metaKey)
	const value = typeof raw === 'string' ? raw : ''
	const [draft, setDraft] = useState(value)
	useEffect(() => setDraft(value), [value])
	if (!writable) return <span data-testid={`meta-${metaKey}`}>{value || '—'}</span>
	return (
		<>
			<input
				type="text"
				className="collab-meta no-print"
				aria-label={label}
				value={draft}
				maxLength={maxLength}
				data-testid={`meta-${metaKey}`}
				onChange={(event) => setDraft(event.currentTarget.value)}
				onBlur={() => setMeta(doc, metaKey, draft.trim())}
			/>
			<span className="print-only">{value}</span>
		</>
	)
}
