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

export type StepView = { action: string; label: string; requires: string[] }

export type StepFormView = {
	today: string
	meetings: Array<{ id: string; date: string; attendance: string }>
	decision: {
		services: Array<{ serviceType: string; amount: string }>
		[key: string]: string | Array<{ serviceType: string; amount: string }>
	} | null
}
