import { useEffect, type RefObject } from 'react'
import { expiryStatus } from '#app/modules/clients/summary.ts'
import { formatJpDate } from '#app/utils/dates.ts'

/** Values a form was submitted with, echoed back on a 400 so nothing typed is lost. */
export type FormValues = Record<string, string | string[] | undefined>

/** A single value from echoed form values, falling back to a default. */
export function valueOf(values: FormValues | null | undefined, key: string, fallback = ''): string {
	const v = values?.[key]
	if (v === undefined) return fallback
	return Array.isArray(v) ? (v[0] ?? '') : v
}

/** A repeated value (checkbox group, repeated rows) from echoed form values. */
export function valuesOf(values: FormValues | null | undefined, key: string, fallback: readonly string[] = []): string[] {
	const v = values?.[key]
	if (v === undefined) return [...fallback]
	return Array.isArray(v) ? v : [v]
}

/** Badge for the end of a 支給決定期間: expired, ending within 60 days, or fine. */
export function ExpiryBadge({ decisionEnd, today }: { decisionEnd: string; today: string }) {
	const status = expiryStatus(decisionEnd, today)
	if (status.kind === 'expired') return <span className="badge danger">期限切れ</span>
	if (status.kind === 'soon') return <span className="badge warn">あと{status.days}日</span>
	return <span className="badge ok">有効</span>
}

/** 姓 名 with the reading underneath (ふりがな as on the plan header). */
export function ClientName({
	familyName,
	givenName,
	familyNameKana,
	givenNameKana,
}: {
	familyName: string
	givenName: string
	familyNameKana: string
	givenNameKana: string
}) {
	return (
		<span className="client-name">
			<span className="client-name-kana">
				{familyNameKana} {givenNameKana}
			</span>
			<span className="client-name-main">
				{familyName} {givenName}
			</span>
		</span>
	)
}

/** 2026-09-10 – 2027-03-31 (or "…から" while open). */
export function Period({ from, to }: { from: string; to: string | null }) {
	return (
		<span className="period">
			{formatJpDate(from)} 〜 {to ? formatJpDate(to) : ''}
		</span>
	)
}

/**
 * After a submission comes back with errors, moves keyboard focus to the first invalid field
 * (or the error summary), so keyboard and screen-reader users land where the problem is.
 */
export function useFocusFirstError(form: RefObject<HTMLFormElement | null>, errors: unknown) {
	useEffect(() => {
		if (!errors || !form.current) return
		const target =
			form.current.querySelector<HTMLElement>('[aria-invalid="true"]') ??
			form.current.querySelector<HTMLElement>('.alert.error[tabindex="-1"]')
		target?.focus()
	}, [errors, form])
}
