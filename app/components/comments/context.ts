import { createContext, useContext } from 'react'
import type * as Y from 'yjs'

/**
 * What a bound field or row needs from the comment margin (app/components/comments/): the
 * threads attached to it, and a way to start a new one. Null outside a <DocumentComments>
 * (no comment controls at all), so forms render the same without comments.
 */
export type TargetThread = { id: string; start: string; end: string; active: boolean; resolved: boolean }

export type NewCommentRequest = {
	target: string
	/** the text of a field or cell, for a passage; null for a whole row */
	text: Y.Text | null
	/** a passage [from, to); absent for the whole field / row */
	range?: { from: number; to: number }
	/** what the person sees as the place, e.g. 「1番目の課題：支援目標」 */
	label: string
}

export type CommentsApi = {
	canCreate: boolean
	threadsOn(target: string): TargetThread[]
	startComment(request: NewCommentRequest): void
	activate(threadId: string): void
}

export const CommentsContext = createContext<CommentsApi | null>(null)

export function useComments(): CommentsApi | null {
	return useContext(CommentsContext)
}
