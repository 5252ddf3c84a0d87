import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { lazy, Suspense } from 'react'
import { CycleStatusLine } from '#app/components/cycle/cycle-summary.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { cycleSummary, withStage } from '#app/modules/cycle/cycle-view.server.ts'
import { ClientOnly } from '#app/editor/client-only.tsx'
import { toDocName } from '#app/editor/collab-protocol.ts'
import { audit } from '#app/modules/audit/audit.server.ts'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { requireDocumentAccess } from '#app/modules/authz.server.ts'
import { isClientDocumentKind } from '#app/document-forms/forms/kinds.ts'
import { MonitoringReportPanel } from '#app/components/monitoring/report-panel.tsx'
import { loadPlanHeader } from '#app/modules/documents/documents.server.ts'
import { loadIspView } from '#app/modules/documents/isp.server.ts'
import { meetingOfMinutes } from '#app/modules/meetings/meeting-views.server.ts'
import { loadMonitoringView } from '#app/modules/monitoring/monitoring.server.ts'
import editorStyles from '#app/styles/editor.css'
import formStyles from '#app/styles/forms.css'
import ispStyles from '#app/styles/isp.css'
import monitoringStyles from '#app/styles/monitoring.css'
import planStyles from '#app/styles/plan.css'
import { ageOn, todayJst } from '#app/utils/dates.ts'
import { getClientBasics, getClientName } from '#app/modules/clients/clients.server.ts'
import { disabilityLabels } from '#app/modules/clients/labels.ts'
import { canOnClient } from '#app/policies/index.ts'

/*
 * Each kind's editor is its own script, loaded when the page shows that kind: a plan page does not
 * load Tiptap (the 支援メモ's editor) nor the ISP and monitoring forms (decision 0024).
 */
const documentLoading = (
	<div className="document-body document-loading" aria-busy="true">
		<p className="muted">文書を読み込んでいます…</p>
	</div>
)
const CollabEditor = lazy(() => import('#app/editor/collab-editor.client.tsx').then((m) => ({ default: m.CollabEditor })))
const ClientDocument = lazy(() => import('#app/document-forms/forms/client-document.client.tsx').then((m) => ({ default: m.ClientDocument })))
const IspDocument = lazy(() => import('#app/document-forms/isp-document.client.tsx').then((m) => ({ default: m.IspDocument })))
const MonitoringDocument = lazy(() => import('#app/document-forms/monitoring-document.client.tsx').then((m) => ({ default: m.MonitoringDocument })))
const PlanDocument = lazy(() => import('#app/document-forms/plan-document.client.tsx').then((m) => ({ default: m.PlanDocument })))

export const links: LinksFunction = () => [
	{ rel: 'stylesheet', href: editorStyles },
	{ rel: 'stylesheet', href: planStyles },
	{ rel: 'stylesheet', href: formStyles },
	{ rel: 'stylesheet', href: ispStyles },
	{ rel: 'stylesheet', href: monitoringStyles },
]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: data ? `${data.document.title}（${data.client.name}）— きずなプラン` : '文書 — きずなプラン' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	const { document, access, scope } = await requireDocumentAccess(request, current, params.documentId)
	// The URL names the client too: a document reached under another client's path does not exist.
	if (document.clientId !== params.clientId) throw json({ error: 'not_found', message: '見つかりません' }, { status: 404 })
	// Minutes live on their meeting's page (attendance, agenda, freezing at closing).
	if (document.kind === 'minutes') {
		const meeting = await meetingOfMinutes(document.id)
		if (meeting) return redirect(`/clients/${meeting.clientId}/meetings/${meeting.id}`)
	}
	const client = await getClientName(document.clientId)
	if (!client) throw json({ error: 'not_found', message: '見つかりません' }, { status: 404 })
	const docName = toDocName(document.kind, document.id)
	// Structured forms show facts from the client record around the co-edited content.
	// 案 / 本計画 is the cycle's (livePlanStage), shown on the plan with its reason.
	const planHeader = document.kind === 'plan' ? await withStage(client.id, await loadPlanHeader(client.id, todayJst())) : null
	// The plan's place in its cycle (案 / 本計画 and what comes next): a status line in the header.
	const cycle = document.kind === 'plan' ? await cycleSummary(client.id) : null
	// The other forms' header block: who the person is and who writes the plan (nothing from
	// the 受給者証 — readers such as the 拠点 coordinator may not see it).
	// The person's record facts (and certificate numbers) only for those who may see the 受給者証.
	const formHeader = isClientDocumentKind(document.kind) ? await loadFormHeader(client.id, canOnClient(current.actor, 'certificate.view', scope.client, todayJst())) : null
	// 個別支援計画: its provider and the overall plan's goals (server projection) for the goal links.
	const isp = document.kind === 'isp' ? await loadIspView(document) : null
	// モニタリング報告書: its record (status, completion) and the current plan's goals for the rows.
	const monitoring = document.kind === 'monitoring' ? await loadMonitoringView(current.actor, scope.client, document.id, todayJst()) : null
	// The websocket audits each connection; this records that the page (title, client) was shown.
	await audit({
		action: 'client.view',
		userId: current.user.id,
		clientId: client.id,
		target: `document:${docName}`,
		ipAddress: clientIp(request),
		detail: { page: 'document', access },
	})
	return json({
		document: { id: document.id, kind: document.kind, title: document.title },
		docName,
		access,
		client,
		planHeader,
		cycle,
		formHeader,
		isp,
		monitoring,
		user: { id: current.user.id, name: current.user.displayName, role: current.user.role },
	})
}

async function loadFormHeader(clientId: string, withPersonFacts: boolean) {
	const today = todayJst()
	const [header, client] = await Promise.all([loadPlanHeader(clientId, today), getClientBasics(clientId)])
	if (!header || !client) return null
	if (!withPersonFacts) return { clientName: header.clientName, authorName: header.authorName, agencyName: header.agencyName }
	// The person as the record knows them (アセスメント 利用者の状況, クライシスプラン identity block).
	const person = {
		birthDate: client.birthDate,
		age: ageOn(client.birthDate, today),
		gender: client.gender,
		address: [client.postalCode ? `〒${client.postalCode}` : '', client.address].filter(Boolean).join(' '),
		phone: client.phone,
		disabilities: disabilityLabels(client.disabilityCategories),
		supportLevel: header.supportLevelLabel,
		handbook: client.handbook,
		certificateNumbers: header.certificates.map((c) => `${c.kindLabel} ${c.number}`).join('、'),
	}
	return { clientName: header.clientName, authorName: header.authorName, agencyName: header.agencyName, person }
}

export default function DocumentPage() {
	const data = useLoaderData<typeof loader>()
	return (
		<article className={`document-page document-page--${data.document.kind}`}>
			<nav aria-label="パンくずリスト" className="breadcrumbs">
				<Link to={`/clients/${data.client.id}`}>{data.client.name} さん</Link>
				<span aria-hidden="true"> › </span>
				<span aria-current="page">{data.document.title}</span>
			</nav>
			{/* Only on paper: who the document is about, on every printout. */}
			<header className="document-print-header print-only">
				<p>{data.client.name}</p>
				<p>{data.document.title}</p>
			</header>
			<div className="page-header document-page-header">
				<h1>{data.document.title}</h1>
				<button type="button" className="button small no-print" onClick={() => window.print()}>
					印刷
				</button>
			</div>
			<CycleStatusLine clientId={data.client.id} cycle={data.cycle} />
			{data.monitoring ? <MonitoringReportPanel clientId={data.client.id} documentId={data.document.id} data={data.monitoring} /> : null}
			<ClientOnly fallback={documentLoading}>
				{() => (
					<Suspense fallback={documentLoading}>
						{isClientDocumentKind(data.document.kind) && data.formHeader ? (
							<ClientDocument
								key={data.docName}
								kind={data.document.kind}
								docName={data.docName}
								access={data.access}
								user={data.user}
								header={data.formHeader}
								comments={{ clientId: data.client.id, documentId: data.document.id }}
							/>
						) : data.document.kind === 'isp' && data.isp ? (
							<IspDocument key={data.docName} docName={data.docName} access={data.access} user={data.user} header={data.isp.header} goals={data.isp.goals} comments={{ clientId: data.client.id, documentId: data.document.id }} />
						) : data.document.kind === 'monitoring' && data.monitoring ? (
							<MonitoringDocument key={data.docName} docName={data.docName} access={data.access} user={data.user} goalSeeds={data.monitoring.goalSeeds} comments={{ clientId: data.client.id, documentId: data.document.id }} />
						) : data.document.kind === 'plan' && data.planHeader ? (
							<PlanDocument key={data.docName} docName={data.docName} access={data.access} user={data.user} header={data.planHeader} comments={{ clientId: data.client.id, documentId: data.document.id }} />
						) : (
							<CollabEditor key={data.docName} docName={data.docName} access={data.access} user={data.user} />
						)}
					</Suspense>
				)}
			</ClientOnly>
		</article>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
