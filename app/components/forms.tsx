import { useNavigation } from '@remix-run/react'
import { useId, useState, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react'
import { formatWareki, formatWarekiWithWestern, parseDateInput, parseMonthInput } from '#app/utils/wareki.ts'

export function ErrorList({ id, errors }: { id?: string; errors?: readonly string[] | null }) {
	if (!errors || errors.length === 0) return null
	return (
		<ul id={id} className="field-errors" role="alert">
			{errors.map((e) => (
				<li key={e}>{e}</li>
			))}
		</ul>
	)
}

type FieldProps = {
	label: ReactNode
	hint?: ReactNode
	errors?: readonly string[] | null
	required?: boolean
	className?: string
}

export function TextField({
	label,
	hint,
	errors,
	required,
	className,
	...input
}: FieldProps & InputHTMLAttributes<HTMLInputElement> & { name: string }) {
	const id = useId()
	const errorId = `${id}-error`
	const hintId = `${id}-hint`
	const invalid = Boolean(errors && errors.length > 0)
	return (
		<div className={`field ${className ?? ''}`}>
			<label htmlFor={id}>
				{label}
				{required ? <span className="required" aria-hidden="true">必須</span> : null}
			</label>
			{hint ? <p id={hintId} className="field-hint">{hint}</p> : null}
			<input
				id={id}
				required={required}
				aria-invalid={invalid || undefined}
				aria-describedby={[hint ? hintId : null, invalid ? errorId : null].filter(Boolean).join(' ') || undefined}
				{...input}
			/>
			<ErrorList id={errorId} errors={errors} />
		</div>
	)
}

export function TextAreaField({
	label,
	hint,
	errors,
	required,
	className,
	...input
}: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement> & { name: string }) {
	const id = useId()
	const errorId = `${id}-error`
	const invalid = Boolean(errors && errors.length > 0)
	return (
		<div className={`field ${className ?? ''}`}>
			<label htmlFor={id}>
				{label}
				{required ? <span className="required" aria-hidden="true">必須</span> : null}
			</label>
			{hint ? <p className="field-hint">{hint}</p> : null}
			<textarea id={id} required={required} aria-invalid={invalid || undefined} aria-describedby={invalid ? errorId : undefined} {...input} />
			<ErrorList id={errorId} errors={errors} />
		</div>
	)
}

export function SelectField({
	label,
	hint,
	errors,
	required,
	className,
	options,
	...select
}: FieldProps &
	SelectHTMLAttributes<HTMLSelectElement> & { name: string; options: ReadonlyArray<{ value: string; label: string }> }) {
	const id = useId()
	const errorId = `${id}-error`
	const invalid = Boolean(errors && errors.length > 0)
	return (
		<div className={`field ${className ?? ''}`}>
			<label htmlFor={id}>
				{label}
				{required ? <span className="required" aria-hidden="true">必須</span> : null}
			</label>
			{hint ? <p className="field-hint">{hint}</p> : null}
			<select id={id} required={required} aria-invalid={invalid || undefined} aria-describedby={invalid ? errorId : undefined} {...select}>
				{options.map((o) => (
					<option key={o.value} value={o.value}>
						{o.label}
					</option>
				))}
			</select>
			<ErrorList id={errorId} errors={errors} />
		</div>
	)
}

/** A submit button that shows progress while its form is being submitted. */
export function SubmitButton({
	children,
	pendingText = '送信中…',
	className = 'button primary',
	name,
	value,
}: {
	children: ReactNode
	pendingText?: string
	className?: string
	name?: string
	value?: string
}) {
	const navigation = useNavigation()
	const pending =
		navigation.state === 'submitting' && (name === undefined || navigation.formData?.get(name) === value)
	return (
		<button type="submit" className={className} name={name} value={value} disabled={pending} aria-busy={pending || undefined}>
			{pending ? pendingText : children}
		</button>
	)
}

/** Shows form-level errors at the top of a form, focusable for screen readers. */
export function FormErrorSummary({ errors }: { errors?: readonly string[] | null }) {
	if (!errors || errors.length === 0) return null
	return (
		<div className="alert error" role="alert" tabIndex={-1}>
			{errors.map((e) => (
				<p key={e}>{e}</p>
			))}
		</div>
	)
}

/**
 * A date typed in 和暦 or 西暦 (令和8年12月7日, R8.12.7, 2026-12-07): a text input — the
 * browser's date picker knows no era — with the reading shown beside it as the person types.
 * The server parses the same spellings (app/utils/wareki.ts) and stores ISO.
 */
export function DateField({
	label,
	hint,
	errors,
	required,
	className,
	defaultValue,
	value,
	onChange,
	name,
	month = false,
	testId,
}: FieldProps & {
	name: string
	defaultValue?: string
	value?: string
	onChange?: (value: string, iso: string | null) => void
	/** a month (令和8年11月 / 2026-11) instead of a day */
	month?: boolean
	testId?: string
}) {
	const id = useId()
	const errorId = `${id}-error`
	const readingId = `${id}-reading`
	const [text, setText] = useState(value ?? defaultValue ?? '')
	const current = value ?? text
	const iso = current.trim() === '' ? null : month ? parseMonthInput(current) : parseDateInput(current)
	const invalid = Boolean(errors && errors.length > 0)
	const reading = current.trim() === '' ? (hint ?? (month ? '例: 令和8年11月 または 2026-11' : '例: 令和8年12月7日 または 2026-12-07')) : iso ? `＝ ${month ? formatWareki(iso) : formatWarekiWithWestern(iso)}` : '日付として読み取れません'
	return (
		<div className={`field ${className ?? ''}`}>
			<label htmlFor={id}>
				{label}
				{required ? <span className="required" aria-hidden="true">必須</span> : null}
			</label>
			<input
				id={id}
				name={name}
				type="text"
				inputMode="text"
				autoComplete="off"
				required={required}
				value={current}
				data-testid={testId}
				aria-invalid={invalid || undefined}
				aria-describedby={[readingId, invalid ? errorId : null].filter(Boolean).join(' ')}
				onChange={(event) => {
					const next = event.currentTarget.value
					setText(next)
					onChange?.(next, next.trim() === '' ? null : month ? parseMonthInput(next) : parseDateInput(next))
				}}
			/>
			<p id={readingId} className="field-hint" aria-live="polite">
				{reading}
			</p>
			<ErrorList id={errorId} errors={errors} />
		</div>
	)
}
