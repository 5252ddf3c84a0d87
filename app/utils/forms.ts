import type { z } from 'zod'

/** Field errors keyed by field name, plus form-level errors — what every form action returns on 400. */
export type FormErrors = { fieldErrors: Record<string, string[]>; formErrors: string[] }

export type FormResult<T> = { ok: true; data: T } | ({ ok: false } & FormErrors)

/** Validates FormData (or a plain object) with a zod schema. */
export function parseForm<S extends z.ZodTypeAny>(
	input: FormData | Record<string, unknown>,
	schema: S,
): FormResult<z.output<S>> {
	const raw = input instanceof FormData ? formDataToObject(input) : input
	const parsed = schema.safeParse(raw)
	if (parsed.success) return { ok: true, data: parsed.data }
	const flat = parsed.error.flatten()
	return { ok: false, fieldErrors: flat.fieldErrors as Record<string, string[]>, formErrors: flat.formErrors }
}

/** Repeated keys become arrays; single keys stay strings. Files are ignored. */
export function formDataToObject(formData: FormData): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {}
	for (const [key, value] of formData.entries()) {
		if (typeof value !== 'string') continue
		const existing = out[key]
		if (existing === undefined) out[key] = value
		else out[key] = Array.isArray(existing) ? [...existing, value] : [existing, value]
	}
	return out
}

/** A single text value of a form field: trimmed; a repeated key counts as its first value; anything else is ''. */
export function formValue(value: unknown): string {
	if (Array.isArray(value)) return formValue(value[0])
	return typeof value === 'string' ? value.trim() : ''
}

/** A repeated form key as a list of trimmed strings (a single value is a list of one). */
export function formValues(value: unknown): string[] {
	if (value === undefined || value === null) return []
	return (Array.isArray(value) ? value : [value]).map((v) => (typeof v === 'string' ? v.trim() : ''))
}
