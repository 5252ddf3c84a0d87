import crypto from 'node:crypto'
import type { Reference } from '@medplum/fhirtypes'

/**
 * Resource ids of the export. Each is a UUID derived (SHA-256, RFC 4122 version-5 layout) from
 * what the resource stands for — "Patient:<client id>", "Goal:<plan document>:<row id>" — so two
 * exports of the same record carry the same ids and a receiving system can update instead of
 * duplicating. App ids are never used as FHIR ids directly: row ids may hold '_' (not allowed in
 * a FHIR id) and some are longer than 64 characters with their prefix.
 */
export function fhirId(resourceType: string, key: string): string {
	const hex = crypto.createHash('sha256').update(`kizuna-fhir-v1\n${resourceType}\n${key}`).digest('hex')
	const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** The fullUrl of an entry (and what references inside the Bundle point at). */
export function fullUrlOf(id: string): string {
	return `urn:uuid:${id}`
}

/**
 * A reference inside the Bundle. Typed loosely on purpose: the mappers pick the target type
 * from the data, and the validator checks the reference types of every export in the tests.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Ref = Reference<any>

export function ref(resourceType: string, key: string, display?: string): Ref {
	return { reference: fullUrlOf(fhirId(resourceType, key)), type: resourceType as Ref['type'], ...(display ? { display } : {}) }
}
