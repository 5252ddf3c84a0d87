import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Fragment } from 'react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ConsentBlock } from '#app/components/cycle/consent-block.tsx'
import { PlanVersionForm } from '#app/components/cycle/plan-version.tsx'
import { planTitle, planStageOf } from '#app/documents/plan.ts'
import { audit } from '#app/modules/audit/audit.server.ts'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { isWellFormedId, requireClientPermission } from '#app/modules/authz.server.ts'
import { MONITORING_PERIOD_LABELS, formatYen, labelOf } from '#app/modules/clients/labels.ts'
import { loadPlanVersionPage } from '#app/modules/cycle/cycle-view.server.ts'
import cycleStyles from '#app/styles/cycle.css'
import { todayJst } from '#app/utils/dates.ts'
import { formatWareki } from '#app/utils/wareki.ts'

/**
 * /clients/:clientId/versions/:versionId/print — the frozen version on A4 (landscape, like the
 * official 様式1-1 / 2-1) with the consent block filled from the consent given on it.
 */

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: cycleStyles }]
export const meta: MetaFunction = () => [{ title: '計画の印刷 | きずなプラン' }]

const NOT_FOUND = { error: 'not_found', message: '見つかりません' }

export async function loader({ request, params }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireClientPermission(request, current, params.clientId, 'client.view')
	if (!isWellFormedId(params.versionId)) throw json(NOT_FOUND, { status: 404 })
	const page = await loadPlanVersionPage(current.actor, scope, params.versionId, todayJst())
	if (!page || !page.header) throw json(NOT_FOUND, { status: 404 })
	await audit({ action: 'version.view', userId: current.user.id, clientId: scope.id, target: `version:${page.version.id}`, ipAddress: clientIp(request), detail: { page: 'print', verified: page.version.verified } })
	return json({ clientId: scope.id, ...page, header: page.header })
}

export default function VersionPrint() {
	const { clientId, version, consent, header } = useLoaderData<typeof loader>()
	const title = planTitle(header.category, planStageOf(version.snapshot.meta.stage))
	const child = header.category === 'child'
	return (
		<article className="version-print" data-testid="version-print">
			<div className="no-print print-toolbar">
				<Link to={`/clients/${clientId}/versions/${version.id}`}>← 版のページへ戻る</Link>
				<button type="button" className="button primary" onClick={() => window.print()}>
					印刷する
				</button>
			</div>
			{!version.verified ? (
				<p className="alert error" role="alert">
					この版は検証できません（内容が保存時と一致しません）。
				</p>
			) : null}
			<table className="version-print__header" data-testid="version-print-header">
				<tbody>
					<tr>
						<th scope="row">{child ? '児童氏名' : '利用者氏名'}</th>
						<td data-testid="print-client">{header.clientName}</td>
						{child ? (
							<>
								<th scope="row">保護者氏名</th>
								<td>{header.guardianName || '—'}</td>
							</>
						) : null}
						<th scope="row">障害支援区分</th>
						<td>{header.supportLevelLabel}</td>
						<th scope="row">相談支援事業者名</th>
						<td>{header.agencyName || '—'}</td>
					</tr>
					<tr>
						{header.certificateFields.map((field) => (
							<Fragment key={field.kind}>
								<th scope="row">{field.label}</th>
								<td data-testid={`print-certificate-${field.kind}`}>{field.number}</td>
							</Fragment>
						))}
						<th scope="row">計画作成担当者</th>
						<td>{header.authorName || '—'}</td>
					</tr>
					<tr>
						<th scope="row">利用者負担上限額</th>
						<td>{header.certificate ? formatYen(header.certificate.copayCap) : '—'}</td>
						<th scope="row">モニタリング期間（開始年月）</th>
						<td>
							{header.certificate ? labelOf(MONITORING_PERIOD_LABELS, header.certificate.monitoringPeriod) : '—'}
							{typeof version.snapshot.meta.monitoringStart === 'string' && version.snapshot.meta.monitoringStart
								? `（${formatWareki(version.snapshot.meta.monitoringStart)}）`
								: ''}
						</td>
					</tr>
				</tbody>
			</table>
			<PlanVersionForm snapshot={version.snapshot} title={title} category={header.category} />
			<ConsentBlock consent={consent} print child={child} />
			<p className="version-print__hash">
				第{version.number}版（{version.reasonLabel}）SHA-256: {version.contentHash}
			</p>
		</article>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
