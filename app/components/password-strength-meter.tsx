import { useEffect, useState } from 'react'
import type { PasswordAssessment } from '#app/modules/auth/password-strength.ts'

/**
 * Strength of the new password while it is typed, from the same estimator the server decides
 * with (loaded on first use: its dictionaries are large). Purely a guide: the server checks again.
 */
export function PasswordStrengthMeter({ password, userInputs }: { password: string; userInputs: readonly string[] }) {
	const [assessment, setAssessment] = useState<(PasswordAssessment & { label: string }) | null>(null)
	useEffect(() => {
		let cancelled = false
		if (password === '') {
			setAssessment(null)
			return
		}
		const timer = setTimeout(() => {
			void import('#app/modules/auth/password-strength.ts').then((m) => {
				if (cancelled) return
				const result = m.assessPassword(password, userInputs)
				setAssessment({ ...result, label: m.STRENGTH_LABELS[result.level] })
			})
		}, 150)
		return () => {
			cancelled = true
			clearTimeout(timer)
		}
	}, [password, userInputs])
	if (!assessment) return <p className="field-hint" aria-live="polite" data-testid="password-strength" />
	const width = { too_short: 10, weak: 25, fair: 50, good: 75, strong: 100 }[assessment.level]
	return (
		<div className="password-strength" aria-live="polite" data-testid="password-strength" data-level={assessment.level}>
			<div className="password-strength-bar" aria-hidden="true">
				<span style={{ width: `${width}%` }} className={assessment.acceptable ? 'ok' : 'ng'} />
			</div>
			<p>
				強さ: <strong>{assessment.label}</strong>
				{assessment.reason ? <span className="error-text"> {assessment.reason}</span> : null}
			</p>
		</div>
	)
}
