import { WithComments, type CommentsTarget } from '#app/components/comments/document-comments.client.tsx'
import { AssessmentForm } from './assessment.tsx'
import { CrisisPlanForm } from './crisis-plan.tsx'
import { FIELD_TEMPLATES } from './definitions.ts'
import { FormSession } from './form-session.client.tsx'
import type { ClientDocumentKind } from './kinds.ts'
import { LifePlanForm } from './life-plan.tsx'
import type { DocumentHeaderInfo } from './parts.client.tsx'
import { WeeklyForm } from './weekly.tsx'

const FORMS = {
	weekly: WeeklyForm,
	assessment: AssessmentForm,
	life_plan: LifePlanForm,
	crisis_plan: CrisisPlanForm,
} as const satisfies Record<ClientDocumentKind, unknown>

/** The page body of a 週間計画表 / アセスメント / Myライフプラン / クライシスプラン. Browser only. */
export function ClientDocument({
	kind,
	docName,
	access,
	user,
	header,
	comments,
}: {
	kind: ClientDocumentKind
	docName: string
	access: 'read' | 'write'
	user: { id: string; name: string; role: string }
	header: DocumentHeaderInfo
	/** where the form's comments live (the margin beside the fields) */
	comments?: CommentsTarget | null
}) {
	const Form = FORMS[kind]
	return (
		<FormSession key={docName} docName={docName} access={access} user={user} fieldKeys={FIELD_TEMPLATES[kind]}>
			{(doc, writable, session) => (
				<WithComments target={comments} session={session}>
					<Form doc={doc} writable={writable} header={header} />
				</WithComments>
			)}
		</FormSession>
	)
}
