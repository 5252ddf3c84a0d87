/**
 * Shapes the cycle pages render (as loaders serialize them), shared by the server modules that
 * build them and the components that show them — components may not import server modules.
 */

export type ConsentView = {
	stage: string
	consenterType: string
	consenterName: string
	relationship: string
	proxyReason: string
	method: string
	explainedOn: string
	consentedOn: string
	/** electronic consent: the account that consented, and when it agreed to 電磁的方法 (ISO) */
	electronicBy: string | null
	electronicAgreedAt: string | null
	recordedAt: string
}

export type CycleSummaryView = {
	number: number
	variantLabel: string
	state: string
	stateLabel: string
	next: string[]
	ended: boolean
}

/** Where a refused step's missing facts are put right (a path under /clients/:clientId). */
export type FixPlace = { path: string; label: string }

export type StepView = { action: string; label: string; requires: string[]; fix: FixPlace | null }

/**
 * The place to fix what a refused step misses: the plan for its dates, goals and providers,
 * the meetings for the サービス担当者会議, the monitoring schedule for its report, the client's
 * documents for the アセスメント, the delivery records on the cycle page.
 */
export const STEP_FIX_PLACES: Readonly<Record<string, FixPlace>> = {
	write_draft: { path: '#documents-title', label: 'アセスメントを書く（利用者の文書）' },
	consent_draft: { path: '/plan', label: '計画案を開く（計画案作成日・内容）' },
	submit: { path: '/plan', label: '計画案を開く' },
	hold_meeting: { path: '/meetings', label: 'サービス担当者会議を開く・日程を変更する' },
	finalize: { path: '/plan', label: '本計画を開く（提供事業者名の列）' },
	consent_final: { path: '/plan', label: '本計画を開く（計画作成日・提供事業者名）' },
	start_services: { path: '/cycle#cycle-consents', label: '事業所への交付を記録する' },
	start_monitoring: { path: '/monitoring', label: 'モニタリング予定から報告書を作成・完了する' },
	continue_plan: { path: '/monitoring', label: 'モニタリング報告書を開く' },
}

export type StepFormView = {
	clientId: string
	today: string
	/** closed meetings that were started (held), with the day held and the day scheduled */
	meetings: Array<{ id: string; date: string; heldOn: string; originalDate: string | null; attendance: string }>
	decision: {
		services: Array<{ serviceType: string; amount: string }>
		[key: string]: string | Array<{ serviceType: string; amount: string }>
	} | null
}
