import { useEffect, useRef } from 'react'
import type * as Y from 'yjs'
import type { CollabSession } from '#app/editor/use-collaboration.client.ts'
import { CollabRowTable, LabelledTextFields, useFieldTexts } from './bindings/index.client.ts'
import { FormSession } from './forms/form-session.client.tsx'
import {
	MINUTES_FIELDS,
	MINUTES_FIELD_KEYS,
	MINUTES_OPINION_COLUMNS,
	MINUTES_OPINION_COLUMN_KEYS,
	MINUTES_OPINIONS_TABLE,
	applyOpinionsPrefill,
	type OpinionSeed,
} from './minutes.ts'

/**
 * サービス担当者会議の記録, co-edited live during the meeting (検討した項目, 検討内容, 結論,
 * 残された課題 and each provider's 専門的見地からの意見). The session wrapper is the shared
 * FormSession (status line, template, presence). Browser only.
 */
export function MinutesDocument({
	docName,
	access,
	user,
	opinionSeeds,
	onMeetingTopic,
}: {
	docName: string
	access: 'read' | 'write'
	user: { id: string; name: string; role: string }
	/** the invited providers: one opinion row each, offered once by the first writer */
	opinionSeeds: readonly OpinionSeed[]
	/** the server announced a change of the meeting (attendance, status) */
	onMeetingTopic?: () => void
}) {
	return (
		<FormSession key={docName} docName={docName} access={access} user={user} fieldKeys={MINUTES_FIELD_KEYS}>
			{(doc, writable, session) => (
				<MinutesForm doc={doc} writable={writable} session={session} opinionSeeds={opinionSeeds} onMeetingTopic={onMeetingTopic} />
			)}
		</FormSession>
	)
}


function MinutesForm({
	doc,
	writable,
	session,
	opinionSeeds,
	onMeetingTopic,
}: {
	doc: Y.Doc
	writable: boolean
	session: CollabSession
	opinionSeeds: readonly OpinionSeed[]
	onMeetingTopic?: () => void
}) {
	const texts = useFieldTexts(doc, MINUTES_FIELD_KEYS)
	useEffect(() => {
		// FormSession renders this only once in sync with the server, so the prefill never races
		// the stored document; it is deterministic, so writers opening together agree.
		if (writable) applyOpinionsPrefill(doc, opinionSeeds)
	}, [doc, writable, opinionSeeds])

	const topicRef = useRef(onMeetingTopic)
	topicRef.current = onMeetingTopic
	useEffect(() => {
		const listener = () => topicRef.current?.()
		session.topics.addEventListener('meeting', listener)
		return () => session.topics.removeEventListener('meeting', listener)
	}, [session])

	return (
		<div className="minutes-form" data-testid="minutes-form">
			<LabelledTextFields fields={MINUTES_FIELDS} texts={texts} writable={writable} name="minutes" />
			<CollabRowTable
				doc={doc}
				table={MINUTES_OPINIONS_TABLE}
				columns={MINUTES_OPINION_COLUMNS}
				allColumns={MINUTES_OPINION_COLUMN_KEYS}
				writable={writable}
				caption="各事業所・機関の専門的見地からの意見"
				positionLabel="No."
				itemLabel="意見"
				testId="opinions-table"
			/>
		</div>
	)
}
