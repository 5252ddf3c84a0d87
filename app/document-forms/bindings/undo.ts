import * as Y from 'yjs'
import { fieldsMap, metaMap, rowsMap } from '../structure.ts'

/**
 * Undo/redo of one's own edits in a structured form.
 *
 * One Y.UndoManager per open document, over the form's three roots (fields, meta, rows), so
 * typing, dates, choices and row add / remove / reorder undo in the order they were made.
 * It tracks only transactions without an origin — the ones this tab's bindings make when the
 * person edits. Everything else has an origin and is never undone here: updates from the
 * server (origin: the websocket provider, i.e. other people's edits), the template and
 * prefills (TEMPLATE_ORIGIN), and the undo manager's own undo/redo transactions.
 */
export function createDocumentUndo(doc: Y.Doc): Y.UndoManager {
	return new Y.UndoManager([fieldsMap(doc), metaMap(doc), rowsMap(doc)], {
		trackedOrigins: new Set([null]),
		// Keystrokes within half a second form one step, like a word processor's undo.
		captureTimeout: 500,
	})
}

export type UndoCommand = 'undo' | 'redo'

type KeyLike = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'> & { isComposing?: boolean }

/**
 * The undo shortcut a key press means: Ctrl/Cmd+Z undoes; Ctrl/Cmd+Shift+Z and Ctrl+Y redo.
 * Nothing while an IME composition is open (Ctrl+Z there belongs to the input method).
 */
export function undoCommandOf(event: KeyLike): UndoCommand | null {
	if (event.isComposing || event.altKey) return null
	const modifier = event.ctrlKey || event.metaKey
	if (!modifier) return null
	const key = event.key.toLowerCase()
	if (key === 'z') return event.shiftKey ? 'redo' : 'undo'
	if (key === 'y' && event.ctrlKey && !event.shiftKey) return 'redo'
	return null
}

/** Which undo command an `beforeinput` event asks for (browser menu 元に戻す / やり直し). */
export function undoCommandOfInputType(inputType: string): UndoCommand | null {
	if (inputType === 'historyUndo') return 'undo'
	if (inputType === 'historyRedo') return 'redo'
	return null
}
