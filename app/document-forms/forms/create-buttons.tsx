import { Form } from '@remix-run/react'
import { CLIENT_DOCUMENT_TITLES, type ClientDocumentKind } from './kinds.ts'

/** 「作成」 for each of the client's missing documents the user may write (client page, 文書). */
export function CreateDocumentButtons({ clientId, kinds }: { clientId: string; kinds: readonly ClientDocumentKind[] }) {
	if (kinds.length === 0) return null
	return (
		<Form method="post" action={`/clients/${clientId}/create-document`} className="create-documents button-row" data-testid="create-documents">
			{kinds.map((kind) => (
				<button key={kind} type="submit" name="kind" value={kind} className="button small" data-testid={`create-${kind}`}>
					{CLIENT_DOCUMENT_TITLES[kind]}を作成
				</button>
			))}
		</Form>
	)
}
