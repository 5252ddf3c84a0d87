/** Shapes of the easy view's data (shared by the server loader and the components). */
import type { RubySegment } from './readings.ts'

export type Ruby = RubySegment[]

export type EasyComment = { id: string; author: string; when: string; body: Ruby }
export type EasyThread = { id: string; comments: EasyComment[] }

export type EasyItem = {
	key: string
	heading: Ruby
	official: string
	help: string
	text: Ruby
	/** the comment anchor ("field:policy", "row:<id>") when comments may be left on it */
	target: string | null
	threads: EasyThread[]
	/** やさしい説明 written by staff, shown beside the official text */
	explanation: Ruby | null
	explanationText: string
}

export type EasyGoal = { rowId: string; number: number; items: EasyItem[]; target: string; threads: EasyThread[]; explanation: Ruby | null; explanationText: string }

