import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ConsentBlock } from '#app/components/cycle/consent-block.tsx'
import { PlanVersionForm } from '#app/components/cycle/plan-version.tsx'
import { VersionHeaderBlock } from '#app/components/cycle/version-print-sheet.tsx'
import { WeeklyVersionSheet } from '#app/components/cycle/weekly-version.tsx'
import { planTitle } from '#app/document-forms/plan.ts'
import { audit } from '#app/modules/audit/audit.server.ts'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { isWellFormedId, requireClientPermission } from '#app/modules/authz.server.ts'
import { listPlanVersions, loadPlanVersionPage } from '#app/modules/cycle/cycle-view.server.ts'
import { canExportVersion } from '#app/modules/fhir/export.server.ts'
import cycleStyles from '#app/styles/cycle.css'
import formStyles from '#app/styles/forms.css'
import { formatJstDateTime, todayJst } from '#app/utils/dates.ts'

/** /clients/:clientId/versions/:versionId — one frozen version, read-only, with its hash check. */

export const links: LinksFunction = () => [
	{ rel: 'stylesheet', href: formStyles },
	{ rel: 'stylesheet', href: cycleStyles },
]
export const meta: MetaFunction = () => [{ title: '計画の版 | きずなプラン' }]

const NOT_FOUND = { error: 'not_found', message: '見つかりません' }

export async function loader({ request, params }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireClientPermission(request, current, params.clientId, 'client.view')
	if (!isWellFormedId(params.versionId)) throw json(NOT_FOUND, { status: 404 })
	const today = todayJst()
	const page = await loadPlanVersionPage(current.actor, scope, params.versionId, today)
	if (!page) throw json(NOT_FOUND, { status: 404 })
	const versions = await listPlanVersions(scope.id)
	const fhirDownload = await canExportVersion(current.actor, scope, page.version.id, today)
	await audit({ action: 'version.view', userId: current.user.id, clientId: scope.id, target: `version:${page.version.id}`, ipAddress: clientIp(request), detail: { verified: page.version.verified } })
	return json({ clientId: scope.id, ...page, versions, fhirDownload })
}

export default function VersionPage() {
	const { clientId, version, consent, header, headerFrozen, stage, stageReason, weekly, versions, fhirDownload } = useLoaderData<typeof loader>()
	const title = planTitle(header.category, stage)
	const previous = versions.filter((v) => v.number < version.number).at(-1)
	return (
		<article className="version-page" data-testid="version-page">
			<nav className="breadcrumbs" aria-label="パンくずリスト">
				<Link to={`/clients/${clientId}`}>{header.clientName} さん</Link> ／ <Link to={`/clients/${clientId}/cycle`}>計画の進行</Link> ／ 第{version.number}版
			</nav>
			<div className="page-header">
				<h1>
					第{version.number}版（{version.reasonLabel}）
				</h1>
				<div className="button-row">
					<Link className="button" to={`/clients/${clientId}/versions/${version.id}/print`}>
						印刷用の画面
					</Link>
					{fhirDownload ? (
						<a className="button" href={`/api/clients/${clientId}/fhir?version=${version.number}&download=1`} download data-testid="version-fhir-download">
							この版をFHIR形式でダウンロード
						</a>
					) : null}
				</div>
			</div>
			<p className={`alert ${version.verified ? 'success' : 'error'}`} role="status" data-testid="version-verified">
				{version.verified ? '改ざんなし' : '検証できません'}：SHA-256 <code>{version.contentHash}</code>
			</p>
			<p className="muted">
				保存：{formatJstDateTime(version.createdAt)}（{version.createdByName}）。この版は変更できません。編集は最新の計画で続けます。
			</p>
			{previous ? (
				<p>
					<Link to={`/clients/${clientId}/versions/compare?a=${previous.id}&b=${version.id}`}>前の版（第{previous.number}版）と比べる</Link>
				</p>
			) : null}
			<PlanVersionForm
				snapshot={version.snapshot}
				title={title}
				stage={stage}
				category={header.category}
				header={<VersionHeaderBlock header={header} snapshot={version.snapshot} headerFrozen={headerFrozen} stage={stage} stageReason={stageReason} />}
			/>
			<ConsentBlock consent={consent} child={header.category === 'child'} />
			{weekly ? <WeeklyVersionSheet weekly={weekly} header={header} /> : null}
		</article>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
