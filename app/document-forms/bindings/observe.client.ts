import { useEffect, useRef, useState } from 'react'
import * as Y from 'yjs'
import { metaMap, readMeta, type MetaValue } from '../structure.ts'

/** Re-rendering React components when Y types change. */

export type DeepEvents = Array<Y.YEvent<Y.AbstractType<unknown>>>
export type DeepObservable = {
	observeDeep(f: (events: DeepEvents, transaction: Y.Transaction) => void): void
	unobserveDeep(f: (events: DeepEvents, transaction: Y.Transaction) => void): void
}


/** Re-renders when anything inside the type changes that `filter` (if any) accepts. */
export function useYChange(type: DeepObservable | null, filter?: (events: DeepEvents) => boolean): number {
	const [version, setVersion] = useState(0)
	const filterRef = useRef(filter)
	filterRef.current = filter
	useEffect(() => {
		if (!type) return
		const onDeep = (events: DeepEvents) => {
			if (!filterRef.current || filterRef.current(events)) setVersion((v) => v + 1)
		}
		type.observeDeep(onDeep)
		setVersion((v) => v + 1)
		return () => type.unobserveDeep(onDeep)
	}, [type])
	return version
}

export function useMetaValue(doc: Y.Doc, key: string): MetaValue {
	const meta = metaMap(doc)
	useYChange(meta as unknown as DeepObservable, (events) =>
		events.some((e) => (e.target as unknown) === meta && e instanceof Y.YMapEvent && e.keysChanged.has(key)),
	)
	return readMeta(doc, key)
}
