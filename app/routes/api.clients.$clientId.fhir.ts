import type { LoaderFunctionArgs } from '@remix-run/node'
import { clientIp, requireApiUser } from '#app/modules/auth/auth.server.ts'
import { requireClientPermission } from '#app/modules/authz.server.ts'
import { exportClientFhir } from '#app/modules/fhir/export.server.ts'
import { FHIR_JSON, exportFileName, operationOutcome, parseExportQuery } from '#app/modules/fhir/http.ts'
import { todayJst } from '#app/utils/dates.ts'

/**
 * GET /api/clients/:clientId/fhir — the client's record as an HL7 FHIR R4 Bundle
 * (application/fhir+json); ?version=N one consented version of the plan as a document Bundle;
 * ?pdf=0 without the PDFs; ?download=1 as a file. docs/fhir-export.md describes the mapping.
 * Refusals answer OperationOutcome; clients off the user's team answer 404 like unknown ones.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
	try {
		const current = await requireApiUser(request)
		const query = parseExportQuery(new URL(request.url).searchParams)
		const scope = await requireClientPermission(request, current, params.clientId, 'client.view')
		if (!query.ok) return fhirResponse(400, operationOutcome(400, query.message))
		const result = await exportClientFhir(current.actor, scope, { version: query.version, pdf: query.pdf }, todayJst(), { ipAddress: clientIp(request) })
		if (!result.ok) return fhirResponse(result.status, operationOutcome(result.status, result.message))
		const headers: Record<string, string> = { 'X-Kizuna-Resources': String(result.resourceCount) }
		if (result.pdfFailed) headers['X-Kizuna-Pdf'] = 'failed'
		if (query.download) headers['Content-Disposition'] = `attachment; filename="${exportFileName(scope.id, result.version)}"`
		return fhirResponse(200, result.bundle, headers)
	} catch (thrown) {
		// requireApiUser / requireClientPermission refuse with JSON responses: answer in FHIR's own shape.
		if (thrown instanceof Response && thrown.status >= 400) {
			const body = (await thrown.json().catch(() => null)) as { message?: string } | null
			return fhirResponse(thrown.status, operationOutcome(thrown.status, body?.message ?? '見つかりません'))
		}
		throw thrown
	}
}

function fhirResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
	return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': FHIR_JSON, 'Cache-Control': 'no-store', ...headers } })
}
