import { Link } from '@remix-run/react'
import type { CycleSummaryView } from '#app/modules/cycle/views.ts'

/** The client page's 「計画の進行」: the current state and the next step, linking to the cycle page. */
export function CycleSection({ clientId, cycle }: { clientId: string; cycle: CycleSummaryView | null }) {
	return (
		<section className="card" aria-labelledby="cycle-title" data-testid="cycle-section">
			<div className="card-header">
				<h2 id="cycle-title">計画の進行</h2>
				<Link className="button small" to={`/clients/${clientId}/cycle`}>
					計画の進行を開く
				</Link>
			</div>
			{cycle ? (
				<>
					<p>
						<strong data-testid="cycle-summary-state">{cycle.stateLabel}</strong>（第{cycle.number}期・{cycle.variantLabel}）
					</p>
					{cycle.next.length > 0 ? <p className="muted">次の手順：{cycle.next.join('／')}</p> : null}
				</>
			) : (
				<p className="muted">計画の進行はまだ始まっていません。</p>
			)}
		</section>
	)
}

/** One line in the plan page's header: where the plan stands (the cycle is the authority for 案 / 本計画). */
export function CycleStatusLine({ clientId, cycle }: { clientId: string; cycle: CycleSummaryView | null }) {
	if (!cycle) return null
	return (
		<p className="cycle-status-line no-print" data-testid="cycle-status-line">
			計画の進行：<strong>{cycle.stateLabel}</strong> <Link to={`/clients/${clientId}/cycle`}>計画の進行を開く</Link>
		</p>
	)
}
