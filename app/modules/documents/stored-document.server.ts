import type * as Y from 'yjs'
import { getDb } from '#app/utils/db.server.ts'
import { CollabStorage } from '#app/modules/documents/collab-storage.server.ts'

/**
 * The durable state of a co-edited document (snapshot + update log), read with the
 * collaboration server's own loader on the shared connection. The server is write-ahead — an
 * update is stored before anyone sees it — so this is never behind what any browser has been
 * shown. Returns a throwaway Y.Doc: the caller destroys it.
 */
export function loadStoredDocument(documentId: string): Y.Doc {
	return storageFor(getDb().sqlite).load(documentId).doc
}

// One storage (and its prepared statements) per connection: preparing them on every read cost
// more than the read itself on pages that load several documents (the easy view, comments).
const storages = new WeakMap<object, CollabStorage>()
function storageFor(sqlite: ConstructorParameters<typeof CollabStorage>[0]): CollabStorage {
	let storage = storages.get(sqlite)
	if (!storage) {
		storage = new CollabStorage(sqlite)
		storages.set(sqlite, storage)
	}
	return storage
}
