import type { LoaderFunctionArgs } from '@remix-run/node'
import { LOCAL_CODE_SYSTEMS, codeSystemResource } from '#app/modules/fhir/codes.ts'
import { FHIR_JSON, operationOutcome } from '#app/modules/fhir/http.ts'
import { fhirId } from '#app/modules/fhir/ids.ts'

/**
 * GET /fhir/CodeSystem/:name — the local code systems of the FHIR export (service-type,
 * support-level, …) at a stable URL whose path mirrors their canonical URL. Public: they hold
 * code lists only, no personal data, and a receiving system must be able to read them.
 */
export async function loader({ params }: LoaderFunctionArgs) {
	const system = LOCAL_CODE_SYSTEMS.find((s) => s.url.endsWith(`/CodeSystem/${params.name ?? ''}`))
	const body = system ? codeSystemResource(system, fhirId('CodeSystem', system.url)) : operationOutcome(404, '見つかりません')
	return new Response(JSON.stringify(body), { status: system ? 200 : 404, headers: { 'Content-Type': FHIR_JSON, 'Cache-Control': 'public, max-age=3600' } })
}
