import { useCallback, useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { createDocumentUndo, undoCommandOf, undoCommandOfInputType, type UndoCommand } from './undo.ts'

export type DocumentUndo = {
	canUndo: boolean
	canRedo: boolean
	run: (command: UndoCommand) => void
	/**
	 * for the form's container: Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z and Ctrl+Y anywhere inside it, and
	 * the browser's own 元に戻す / やり直し (menu, touch keyboards), run the document's undo
	 */
	containerRef: (element: HTMLElement | null) => void
}

/**
 * The document's undo for this person (undo.ts). The browser's own undo of a textarea is
 * replaced: it knows nothing of the shared text and would undo other people's typing.
 */
export function useDocumentUndo(doc: Y.Doc | null, writable: boolean): DocumentUndo {
	const [manager, setManager] = useState<Y.UndoManager | null>(null)
	const [stacks, setStacks] = useState({ canUndo: false, canRedo: false })
	useEffect(() => {
		if (!doc) return
		const undo = createDocumentUndo(doc)
		const update = () => setStacks({ canUndo: undo.canUndo(), canRedo: undo.canRedo() })
		undo.on('stack-item-added', update)
		undo.on('stack-item-popped', update)
		undo.on('stack-cleared', update)
		setManager(undo)
		update()
		return () => {
			undo.destroy()
			setManager(null)
		}
	}, [doc])
	const run = useCallback(
		(command: UndoCommand) => {
			if (!manager || !writable) return
			if (command === 'undo') manager.undo()
			else manager.redo()
		},
		[manager, writable],
	)
	const [container, setContainer] = useState<HTMLElement | null>(null)
	useEffect(() => {
		if (!container) return
		const onKeyDown = (event: KeyboardEvent) => {
			const command = undoCommandOf(event)
			if (!command || !writable) return
			event.preventDefault()
			run(command)
		}
		const onBeforeInput = (event: InputEvent) => {
			const command = undoCommandOfInputType(event.inputType)
			if (!command || !writable) return
			event.preventDefault()
			run(command)
		}
		container.addEventListener('keydown', onKeyDown)
		container.addEventListener('beforeinput', onBeforeInput)
		return () => {
			container.removeEventListener('keydown', onKeyDown)
			container.removeEventListener('beforeinput', onBeforeInput)
		}
	}, [container, run, writable])
	return { ...stacks, run, containerRef: setContainer }
}

/** 元に戻す / やり直す for the status bar: the same steps as the shortcuts, for pointer and screen-reader users. */
export function UndoButtons({ undo }: { undo: DocumentUndo }) {
	return (
		<span className="undo-buttons" role="group" aria-label="自分の編集の取り消し">
			<button type="button" className="button small" data-testid="undo" disabled={!undo.canUndo} onClick={() => undo.run('undo')} aria-keyshortcuts="Control+Z Meta+Z">
				元に戻す
			</button>
			<button type="button" className="button small" data-testid="redo" disabled={!undo.canRedo} onClick={() => undo.run('redo')} aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z Control+Y">
				やり直す
			</button>
		</span>
	)
}
