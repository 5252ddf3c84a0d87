import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { VersionPrintSheet } from '#app/components/cycle/version-print-sheet.tsx'
import { audit } from '#app/modules/audit/audit.server.ts'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { isWellFormedId, requireClientPermission } from '#app/modules/authz.server.ts'
import { loadPlanVersionPage } from '#app/modules/cycle/cycle-view.server.ts'
import cycleStyles from '#app/styles/cycle.css'
import formStyles from '#app/styles/forms.css'
import { todayJst } from '#app/utils/dates.ts'

/**
 * /clients/:clientId/versions/:versionId/print — the frozen version on A4 (landscape, like the
 * official 様式1-1 / 2-1) with the consent block filled from the consent given on it.
 */

export const links: LinksFunction = () => [
	{ rel: 'stylesheet', href: formStyles },
	{ rel: 'stylesheet', href: cycleStyles },
]
export const meta: MetaFunction = () => [{ title: '計画の印刷 | きずなプラン' }]

const NOT_FOUND = { error: 'not_found', message: '見つかりません' }

export async function loader({ request, params }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireClientPermission(request, current, params.clientId, 'client.view')
	if (!isWellFormedId(params.versionId)) throw json(NOT_FOUND, { status: 404 })
	const page = await loadPlanVersionPage(current.actor, scope, params.versionId, todayJst())
	if (!page) throw json(NOT_FOUND, { status: 404 })
	await audit({ action: 'version.view', userId: current.user.id, clientId: scope.id, target: `version:${page.version.id}`, ipAddress: clientIp(request), detail: { page: 'print', verified: page.version.verified } })
	return json({ clientId: scope.id, ...page })
}

export default function VersionPrint() {
	const { clientId, version, consent, header, headerFrozen, stage, stageReason, weekly } = useLoaderData<typeof loader>()
	return (
		<article className="version-print" data-testid="version-print">
			<div className="no-print print-toolbar">
				<Link to={`/clients/${clientId}/versions/${version.id}`}>← 版のページへ戻る</Link>
				<button type="button" className="button primary" onClick={() => window.print()}>
					印刷する
				</button>
			</div>
			<VersionPrintSheet version={version} consent={consent} header={header} headerFrozen={headerFrozen} stage={stage} stageReason={stageReason} weekly={weekly} />
		</article>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
