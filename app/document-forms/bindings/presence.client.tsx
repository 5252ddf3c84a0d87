import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import type { Awareness } from 'y-protocols/awareness'
import { textColorOn } from '#app/editor/presence.ts'
import { fieldEditorsFromAwareness, type FieldEditor } from './presence.ts'

type PresenceContextValue = {
	editorsOf: (fieldKey: string) => FieldEditor[]
	setFocus: (fieldKey: string | null) => void
	/** the session's awareness, for carets inside fields (remote-carets.client.tsx) */
	awareness: Awareness | null
}

const NO_PRESENCE: PresenceContextValue = { editorsOf: () => [], setFocus: () => {}, awareness: null }
const PresenceContext = createContext<PresenceContextValue>(NO_PRESENCE)

export function FieldPresenceProvider({ awareness, children }: { awareness: Awareness | null; children: ReactNode }) {
	const [editors, setEditors] = useState<Map<string, FieldEditor[]>>(() => new Map())
	useEffect(() => {
		if (!awareness) return
		const update = () => setEditors(fieldEditorsFromAwareness(awareness.getStates(), awareness.clientID))
		update()
		awareness.on('change', update)
		return () => {
			awareness.off('change', update)
			awareness.setLocalStateField('focus', null)
			awareness.setLocalStateField('cursor', null)
		}
	}, [awareness])
	const value = useMemo<PresenceContextValue>(
		() => ({
			editorsOf: (key) => editors.get(key) ?? [],
			setFocus: (key) => {
				if (awareness && awareness.getLocalState()?.focus !== key) awareness.setLocalStateField('focus', key)
			},
			awareness,
		}),
		[awareness, editors],
	)
	return <PresenceContext.Provider value={value}>{children}</PresenceContext.Provider>
}

export function useFieldPresence(fieldKey: string) {
	const { editorsOf, setFocus, awareness } = useContext(PresenceContext)
	return { editors: editorsOf(fieldKey), setFocus, awareness }
}

/** "伊藤 直樹さんが編集中" chips in each editor's colour. */
export function FieldEditors({ editors }: { editors: readonly FieldEditor[] }) {
	if (editors.length === 0) return null
	return (
		<span className="field-editors no-print" data-testid="field-editors">
			{editors.map((e) => (
				<span key={e.clientId} className="field-editors__chip" style={{ backgroundColor: e.color, color: textColorOn(e.color) }}>
					{e.name}さんが編集中
				</span>
			))}
		</span>
	)
}
