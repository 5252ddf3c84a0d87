import type { OperationOutcome } from '@medplum/fhirtypes'

/** HTTP shapes of the FHIR endpoint: the media type, the query and errors as OperationOutcome. */

export const FHIR_JSON = 'application/fhir+json; charset=utf-8'

export type ExportQuery = { ok: true; version: number | null; pdf: boolean; download: boolean } | { ok: false; message: string }

/** ?version=N (a version number of the plan), ?pdf=0 (leave the PDFs out), ?download=1 (as a file). */
export function parseExportQuery(params: URLSearchParams): ExportQuery {
	const version = params.get('version')
	const pdf = params.get('pdf')
	const download = params.get('download')
	if (version !== null && !/^[1-9]\d{0,5}$/.test(version)) return { ok: false, message: 'version には版の番号（1以上の整数）を指定してください' }
	if (pdf !== null && pdf !== '0' && pdf !== '1') return { ok: false, message: 'pdf には 0 か 1 を指定してください' }
	if (download !== null && download !== '0' && download !== '1') return { ok: false, message: 'download には 0 か 1 を指定してください' }
	return { ok: true, version: version === null ? null : Number(version), pdf: pdf !== '0', download: download === '1' }
}

const ISSUE_CODES: Record<number, 'invalid' | 'login' | 'forbidden' | 'not-found' | 'conflict' | 'exception'> = {
	400: 'invalid',
	401: 'login',
	403: 'forbidden',
	404: 'not-found',
	409: 'conflict',
}

export function operationOutcome(status: number, message: string): OperationOutcome {
	return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: ISSUE_CODES[status] ?? 'exception', diagnostics: message }] }
}

export function exportFileName(clientId: string, version: number | null): string {
	return `kizuna-fhir-${clientId}${version === null ? '' : `-v${version}`}.json`
}
