export type TargetLevel = 'main' | 'available' | 'unavailable'

export type SeedOrganization = {
	id: string
	kind: 'consultation' | 'child_consultation' | 'provider' | 'municipality' | 'core_center' | 'hub'
	name: string
	corporation?: string
	city: string
	address?: string
	phone?: string
	fax?: string
	targets?: {
		physical: TargetLevel
		intellectual: TargetLevel
		mental: TargetLevel
		child: TargetLevel
		intractable: TargetLevel
	}
	training?: { medicalCare?: boolean; behavior?: boolean; mental?: boolean }
	businessHours?: string
	/** day characters the office is open, e.g. "月火水木金" */
	openDays?: string
	vacancyStatus?: 'available' | 'few' | 'none' | 'unknown'
	vacancyAsOf?: string
	note?: string
	services?: Array<{ serviceType: string; capacity?: number }>
}
