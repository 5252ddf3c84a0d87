import { useEditorState, type Editor } from '@tiptap/react'
import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { normalizeLinkInput } from './links.ts'

/**
 * The formatting toolbar for people who may write. Every button is a real <button> with a
 * Japanese name, its pressed state and its keyboard shortcut (Tiptap's defaults).
 */

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform)
const MOD = isMac ? '⌘' : 'Ctrl'
const MOD_ARIA = isMac ? 'Meta' : 'Control'

type ToolButtonProps = {
	label: string
	shortcut?: { display: string; aria: string }
	pressed?: boolean
	disabled?: boolean
	onClick: () => void
	children: ReactNode
}

function ToolButton({ label, shortcut, pressed, disabled, onClick, children }: ToolButtonProps) {
	return (
		<button
			type="button"
			className="toolbar-button"
			aria-label={label}
			aria-pressed={pressed === undefined ? undefined : pressed}
			aria-keyshortcuts={shortcut?.aria}
			title={shortcut ? `${label}（${shortcut.display}）` : label}
			disabled={disabled}
			// Keep the selection in the editor when a button is clicked with the mouse.
			onMouseDown={(event) => event.preventDefault()}
			onClick={onClick}
		>
			{children}
		</button>
	)
}

export function EditorToolbar({ editor }: { editor: Editor }) {
	const state = useEditorState({
		editor,
		selector: ({ editor: e }) => ({
			bold: e.isActive('bold'),
			italic: e.isActive('italic'),
			h2: e.isActive('heading', { level: 2 }),
			h3: e.isActive('heading', { level: 3 }),
			bulletList: e.isActive('bulletList'),
			orderedList: e.isActive('orderedList'),
			link: e.isActive('link'),
			linkHref: (e.getAttributes('link').href as string | undefined) ?? '',
		}),
	})
	const [linkOpen, setLinkOpen] = useState(false)

	return (
		<div className="editor-toolbar-wrap no-print">
			<div role="toolbar" aria-label="書式" className="editor-toolbar">
				<ToolButton
					label="太字"
					shortcut={{ display: `${MOD}+B`, aria: `${MOD_ARIA}+B` }}
					pressed={state.bold}
					onClick={() => editor.chain().focus().toggleBold().run()}
				>
					<b>B</b>
				</ToolButton>
				<ToolButton
					label="斜体"
					shortcut={{ display: `${MOD}+I`, aria: `${MOD_ARIA}+I` }}
					pressed={state.italic}
					onClick={() => editor.chain().focus().toggleItalic().run()}
				>
					<i>I</i>
				</ToolButton>
				<span className="toolbar-separator" aria-hidden="true" />
				<ToolButton
					label="見出し（大）"
					shortcut={{ display: `${MOD}+Alt+2`, aria: `${MOD_ARIA}+Alt+2` }}
					pressed={state.h2}
					onClick={() => editor.chain().focus().toggleHeading({ level: 2 }).run()}
				>
					見出し大
				</ToolButton>
				<ToolButton
					label="見出し（小）"
					shortcut={{ display: `${MOD}+Alt+3`, aria: `${MOD_ARIA}+Alt+3` }}
					pressed={state.h3}
					onClick={() => editor.chain().focus().toggleHeading({ level: 3 }).run()}
				>
					見出し小
				</ToolButton>
				<span className="toolbar-separator" aria-hidden="true" />
				<ToolButton
					label="箇条書き"
					shortcut={{ display: `${MOD}+Shift+8`, aria: `${MOD_ARIA}+Shift+8` }}
					pressed={state.bulletList}
					onClick={() => editor.chain().focus().toggleBulletList().run()}
				>
					・箇条書き
				</ToolButton>
				<ToolButton
					label="番号付きリスト"
					shortcut={{ display: `${MOD}+Shift+7`, aria: `${MOD_ARIA}+Shift+7` }}
					pressed={state.orderedList}
					onClick={() => editor.chain().focus().toggleOrderedList().run()}
				>
					1. 番号
				</ToolButton>
				<span className="toolbar-separator" aria-hidden="true" />
				<ToolButton label="リンク" pressed={state.link} onClick={() => setLinkOpen((open) => !open)}>
					リンク
				</ToolButton>
			</div>
			{linkOpen ? (
				<LinkForm
					editor={editor}
					initialHref={state.linkHref}
					hasLink={state.link}
					onClose={() => {
						setLinkOpen(false)
						editor.commands.focus()
					}}
				/>
			) : null}
		</div>
	)
}

function LinkForm({ editor, initialHref, hasLink, onClose }: { editor: Editor; initialHref: string; hasLink: boolean; onClose: () => void }) {
	const id = useId()
	const inputRef = useRef<HTMLInputElement>(null)
	const [value, setValue] = useState(initialHref)
	const [error, setError] = useState<string | null>(null)

	function submit(event: FormEvent) {
		event.preventDefault()
		const href = normalizeLinkInput(value)
		if (!href) {
			setError('https:// で始まるURL、メールアドレス、またはサイト内のパス（/ で始まる）を入力してください。')
			inputRef.current?.focus()
			return
		}
		const chain = editor.chain().focus().extendMarkRange('link')
		if (editor.state.selection.empty && !hasLink) {
			// Nothing selected: insert the address itself as the link text.
			chain.insertContent({ type: 'text', text: value.trim(), marks: [{ type: 'link', attrs: { href } }] }).run()
		} else {
			chain.setLink({ href }).run()
		}
		onClose()
	}

	return (
		<form className="link-form" onSubmit={submit} noValidate>
			<label htmlFor={`${id}-href`}>リンク先</label>
			<input
				ref={inputRef}
				id={`${id}-href`}
				type="text"
				inputMode="url"
				autoComplete="off"
				autoFocus
				value={value}
				placeholder="https://example.jp/"
				aria-invalid={error ? true : undefined}
				aria-describedby={error ? `${id}-error` : `${id}-hint`}
				onChange={(event) => {
					setValue(event.target.value)
					setError(null)
				}}
				onKeyDown={(event) => {
					if (event.key === 'Escape') {
						event.preventDefault()
						onClose()
					}
				}}
			/>
			<button type="submit" className="button small primary">
				設定
			</button>
			{hasLink ? (
				<button
					type="button"
					className="button small"
					onClick={() => {
						editor.chain().focus().extendMarkRange('link').unsetLink().run()
						onClose()
					}}
				>
					リンクを外す
				</button>
			) : null}
			<button type="button" className="button small" onClick={onClose}>
				キャンセル
			</button>
			{error ? (
				<p id={`${id}-error`} className="field-errors" role="alert">
					{error}
				</p>
			) : (
				<p id={`${id}-hint`} className="field-hint">
					https:// のURL、メールアドレス、またはサイト内のパスを入力できます。
				</p>
			)}
		</form>
	)
}
