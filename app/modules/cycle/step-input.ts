import { isValidIsoDate } from '#app/utils/dates.ts'
import type { CycleAction } from './plan-cycle.ts'

/**
 * The form input of one cycle step, read from a submitted form into plain values. Pure: only
 * the shape is checked here (dates well-formed, choices known); whether the step may be taken
 * with these facts is the state machine's question (plan-cycle.ts checkTransition), so its
 * Japanese messages reach the form unchanged.
 */

export const CONSENTER_TYPES = ['self', 'proxy'] as const
export type ConsenterType = (typeof CONSENTER_TYPES)[number]
export const CONSENTER_TYPE_LABELS: Record<ConsenterType, string> = { self: '本人', proxy: '代理人（家族・後見人など）' }

/** How a plan reached its recipient (PlanDelivery.method). */
export const DELIVERY_METHODS = ['hand', 'mail', 'electronic'] as const
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number]
export const DELIVERY_METHOD_LABELS: Record<DeliveryMethod, string> = { hand: '手渡し', mail: '郵送', electronic: 'アプリで交付' }

export const DELIVERY_RECIPIENTS = ['self', 'family', 'provider', 'municipality'] as const
export type DeliveryRecipient = (typeof DELIVERY_RECIPIENTS)[number]
export const DELIVERY_RECIPIENT_LABELS: Record<DeliveryRecipient | 'specialist', string> = {
	self: '本人',
	family: '家族・後見人',
	provider: 'サービス提供事業所',
	municipality: '市町村',
	specialist: '相談支援専門員',
}

/** PlanConsent.method: paper (署名) or electronic (the consenting person's own account). */
export const CONSENT_CHANNEL_LABELS = { paper: '書面（署名）', electronic: '電子同意（本人・家族のアカウント）' } as const

export type ConsentInput = {
	by: ConsenterType
	name: string
	relationship: string
	reason: string
	explainedOn: string
	consentedOn: string
}

export type StepInput = {
	/** free note shown on the timeline (send-back note, reasons) */
	note: string
	assessmentDate?: string
	assessmentPlace?: string
	/** ASSESSMENT_METHODS: 居宅訪問 or a stated exception */
	assessmentMethod?: string
	/** why not at home (an exception only) */
	assessmentReason?: string
	consent?: ConsentInput
	/** 交付 to the person (本人 or family) at this step */
	deliveredOn?: string
	deliveryMethod?: DeliveryMethod
	deliveredTo?: 'self' | 'family'
	submittedOn?: string
	/** サービス利用開始日 */
	servicesStartOn?: string
	meetingId?: string
	monitoringDate?: string
	monitoringPlace?: string
	changeNeeded?: boolean
	/** 見直し: the variant of the next cycle */
	nextVariant?: 'specialist' | 'self'
}

export type ParsedStep = { ok: true; input: StepInput } | { ok: false; fieldErrors: Record<string, string[]> }

type Raw = Record<string, string | string[] | undefined>

function text(raw: Raw, key: string, max = 1000): string {
	const value = raw[key]
	const one = Array.isArray(value) ? (value[0] ?? '') : (value ?? '')
	return one.trim().slice(0, max)
}

/**
 * Reads the fields of one step. Dates may be left empty (the state machine then says which is
 * missing) but a date that is given must be a real calendar day.
 */
export function parseStepInput(action: CycleAction, raw: Raw): ParsedStep {
	const fieldErrors: Record<string, string[]> = {}
	const date = (key: string, label: string): string | undefined => {
		const value = text(raw, key, 20)
		if (value === '') return undefined
		if (!isValidIsoDate(value)) fieldErrors[key] = [`${label}は正しい日付で入力してください`]
		return value
	}
	const input: StepInput = { note: text(raw, 'note', 2000) }
	switch (action) {
		case 'write_draft':
			input.assessmentDate = date('assessmentDate', 'アセスメントの実施日')
			input.assessmentPlace = text(raw, 'assessmentPlace', 200)
			input.assessmentMethod = text(raw, 'assessmentMethod', 20) || undefined
			input.assessmentReason = text(raw, 'assessmentReason', 500)
			break
		case 'consent_draft':
		case 'consent_final': {
			const by = text(raw, 'consenterType')
			if (!(CONSENTER_TYPES as readonly string[]).includes(by)) fieldErrors.consenterType = ['同意したのが本人か代理人かを選んでください']
			input.consent = {
				by: by === 'proxy' ? 'proxy' : 'self',
				name: text(raw, 'consenterName', 100),
				relationship: text(raw, 'relationship', 50),
				reason: text(raw, 'proxyReason', 500),
				explainedOn: date('explainedOn', '説明日') ?? '',
				consentedOn: date('consentedOn', '同意日') ?? '',
			}
			if (action === 'consent_final') readDelivery(raw, input, fieldErrors, date)
			break
		}
		case 'submit':
			readDelivery(raw, input, fieldErrors, date)
			input.submittedOn = date('submittedOn', '市町村への提出日')
			break
		case 'start_services':
			input.submittedOn = date('submittedOn', '市町村への提出日')
			input.servicesStartOn = date('servicesStartOn', 'サービス利用開始日')
			break
		case 'hold_meeting':
			input.meetingId = text(raw, 'meetingId', 64) || undefined
			break
		case 'start_monitoring':
		case 'continue_plan': {
			input.monitoringDate = date('monitoringDate', 'モニタリングの実施日')
			input.monitoringPlace = text(raw, 'monitoringPlace', 200)
			const change = text(raw, 'changeNeeded')
			input.changeNeeded = change === 'yes' ? true : change === 'no' ? false : undefined
			break
		}
		case 'revise': {
			const next = text(raw, 'nextVariant')
			input.nextVariant = next === 'self' ? 'self' : next === 'specialist' ? 'specialist' : undefined
			break
		}
		default:
			break
	}
	return Object.keys(fieldErrors).length > 0 ? { ok: false, fieldErrors } : { ok: true, input }
}

function readDelivery(raw: Raw, input: StepInput, fieldErrors: Record<string, string[]>, date: (key: string, label: string) => string | undefined) {
	input.deliveredOn = date('deliveredOn', '交付日')
	const method = text(raw, 'deliveryMethod')
	if (method !== '' && !(DELIVERY_METHODS as readonly string[]).includes(method)) fieldErrors.deliveryMethod = ['交付の方法を選んでください']
	input.deliveryMethod = (DELIVERY_METHODS as readonly string[]).includes(method) ? (method as DeliveryMethod) : 'hand'
	// Unstated: the consenter's side (a proxy's plan goes to the family, otherwise to 本人).
	const to = text(raw, 'deliveredTo')
	input.deliveredTo = to === 'family' || to === 'self' ? to : undefined
}
