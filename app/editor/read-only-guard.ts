import { Extension } from '@tiptap/core'
import { isChangeOrigin } from '@tiptap/extension-collaboration'
import { Plugin, PluginKey } from '@tiptap/pm/state'

/**
 * Belt and braces for people who may only read: `editable: false` stops typing, and this
 * refuses every other document change made in this browser (commands, paste, drop,
 * extensions), so a reader's Y.Doc never holds an edit the server would drop anyway.
 * Changes coming from Yjs (other people's edits) always pass.
 */
export const ReadOnlyGuard = Extension.create<{ canWrite: () => boolean }>({
	name: 'readOnlyGuard',

	addOptions() {
		return { canWrite: () => false }
	},

	addProseMirrorPlugins() {
		const { canWrite } = this.options
		return [
			new Plugin({
				key: new PluginKey('readOnlyGuard'),
				filterTransaction: (tr) => !tr.docChanged || isChangeOrigin(tr) || canWrite(),
			}),
		]
	},
})
