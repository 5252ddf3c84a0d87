import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ClientOnly } from '#app/editor/client-only.tsx'
import { CollabEditor } from '#app/editor/collab-editor.client.tsx'
import { toDocName } from '#app/editor/collab-protocol.ts'
import { audit } from '#app/modules/audit/audit.server.ts'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { requireDocumentAccess } from '#app/modules/authz.server.ts'
import editorStyles from '#app/styles/editor.css'
import { prisma } from '#app/utils/db.server.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: editorStyles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: data ? `${data.document.title}（${data.client.name}）— きずなプラン` : '文書 — きずなプラン' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	const { document, access } = await requireDocumentAccess(request, current, params.documentId)
	// The URL names the client too: a document reached under another client's path does not exist.
	if (document.clientId !== params.clientId) throw json({ error: 'not_found', message: '見つかりません' }, { status: 404 })
	const client = await prisma.client.findUnique({
		where: { id: document.clientId },
		select: { id: true, familyName: true, givenName: true },
	})
	if (!client) throw json({ error: 'not_found', message: '見つかりません' }, { status: 404 })
	const docName = toDocName(document.kind, document.id)
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
		client: { id: client.id, name: `${client.familyName} ${client.givenName}` },
		user: { id: current.user.id, name: current.user.displayName, role: current.user.role },
	})
}

export default function DocumentPage() {
	const data = useLoaderData<typeof loader>()
	return (
		<article className="document-page">
			<nav aria-label="パンくずリスト" className="breadcrumbs">
				<Link to={`/clients/${data.client.id}`}>{data.client.name} さん</Link>
				<span aria-hidden="true"> › </span>
				<span aria-current="page">{data.document.title}</span>
			</nav>
			{/* Only on paper: who the document is about, on every printout. */}
			<header className="document-print-header print-only">
				<p>{data.client.name} 様</p>
				<p>{data.document.title}</p>
			</header>
			<div className="page-header document-page-header">
				<h1>{data.document.title}</h1>
				<button type="button" className="button small no-print" onClick={() => window.print()}>
					印刷
				</button>
			</div>
			<ClientOnly
				fallback={
					<div className="document-body document-loading" aria-busy="true">
						<p className="muted">文書を読み込んでいます…</p>
					</div>
				}
			>
				{() => <CollabEditor key={data.docName} docName={data.docName} access={data.access} user={data.user} />}
			</ClientOnly>
		</article>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
