import { useEffect, useRef, useState } from 'react'
import type * as Y from 'yjs'
import type { CollabSession } from '#app/editor/use-collaboration.client.ts'
import { CollabRowTable, CollabTextField } from './bindings.client.tsx'
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
import { fieldText, fieldsMap } from './structure.ts'

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

/** The field Y.Texts, re-read when a writer's template creates them (readers may open first). */
function useFieldTexts(doc: Y.Doc): Record<string, Y.Text | null> {
	const [texts, setTexts] = useState<Record<string, Y.Text | null>>({})
	useEffect(() => {
		const fields = fieldsMap(doc)
		const read = () => setTexts(Object.fromEntries(MINUTES_FIELD_KEYS.map((key) => [key, fieldText(doc, key)])))
		read()
		fields.observe(read)
		return () => fields.unobserve(read)
	}, [doc])
	return texts
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
	const texts = useFieldTexts(doc)
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
			{MINUTES_FIELDS.map((field) => {
				const id = `minutes-field-${field.key}`
				const hintId = 'hint' in field ? `${id}-hint` : undefined
				return (
					<div key={field.key} className={`minutes-field minutes-field--${field.key}`}>
						<label htmlFor={id} className="minutes-field__label">
							{field.label}
						</label>
						{'hint' in field ? (
							<p id={hintId} className="field-hint no-print">
								{field.hint}
							</p>
						) : null}
						<CollabTextField
							id={id}
							text={texts[field.key] ?? null}
							fieldKey={`field:${field.key}`}
							label={field.label}
							writable={writable}
							rows={field.rows}
							describedBy={hintId}
							testId={`minutes-${field.key}`}
						/>
					</div>
				)
			})}
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
