import { minutesContent, type MinutesContent } from '#app/document-forms/minutes.ts'
import { readDocument } from '#app/document-forms/structure.ts'
import { loadStoredDocument } from '#app/modules/documents/stored-document.server.ts'

/**
 * The minutes as stored, for the print view. The collaboration server commits every update
 * before anyone sees it (write-ahead), so the stored state is the document. Read through the
 * structured-form reader, which skips anything that is not plain text: nothing stored is
 * trusted as markup.
 */
export function loadStoredMinutes(documentId: string): MinutesContent {
	const doc = loadStoredDocument(documentId)
	try {
		return minutesContent(readDocument(doc))
	} finally {
		doc.destroy()
	}
}
