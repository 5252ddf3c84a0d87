import { useFetcher } from '@remix-run/react'
import { useEffect, useId, useRef, useState } from 'react'
import { ClientOnly } from '#app/editor/client-only.tsx'
import type { EasyItem, EasyThread } from '#app/modules/easy/types.ts'
import { segmentsSpoken, segmentsText } from '#app/modules/easy/furigana.ts'
import type { RubySegment } from '#app/modules/easy/readings.ts'
import { formatJstDateTime } from '#app/utils/dates.ts'
import { Ruby, RubyText } from './ruby.tsx'
import { SpeakButton } from './speak.client.tsx'

/** One text of the plan in the easy view: heading, official name, the text, やさしい説明, comments. */

export type CommentContext = { clientId: string; documentId: string; canComment: boolean }
export type ExplainContext = { canExplain: boolean }

function Threads({ threads }: { threads: readonly EasyThread[] }) {
	if (threads.length === 0) return null
	return (
		<ul className="easy-threads" aria-label="コメント">
			{threads.map((t) => (
				<li key={t.id} className="easy-thread">
					{t.comments.map((c) => (
						<p key={c.id} className="easy-comment" data-testid="easy-comment">
							<span className="easy-comment__who">
								{c.author}
								<small>（{formatJstDateTime(c.when)}）</small>
							</span>
							<Ruby segments={c.body} className="easy-comment__body" />
						</p>
					))}
				</li>
			))}
		</ul>
	)
}

export function CommentBox({ context, target, label }: { context: CommentContext; target: string; label: string }) {
	const fetcher = useFetcher<{ ok: boolean; message?: string; fieldErrors?: Record<string, string[]> }>()
	const [open, setOpen] = useState(false)
	const formRef = useRef<HTMLFormElement>(null)
	const id = useId()
	const sent = fetcher.state === 'idle' && fetcher.data?.ok === true
	useEffect(() => {
		if (sent) {
			formRef.current?.reset()
			setOpen(false)
		}
	}, [sent])
	if (!context.canComment) return null
	if (!open) {
		return (
			<button type="button" className="button easy-comment-open" onClick={() => setOpen(true)} aria-label={`${label}について コメントや 質問を 書く`}>
				💬 コメント・質問を書く
			</button>
		)
	}
	const error = fetcher.data && !fetcher.data.ok ? (fetcher.data.fieldErrors?.body?.[0] ?? fetcher.data.message ?? '送れませんでした') : null
	return (
		<fetcher.Form method="post" action={`/clients/${context.clientId}/documents/${context.documentId}/comments`} className="easy-comment-form" ref={formRef}>
			<input type="hidden" name="intent" value="create" />
			<input type="hidden" name="target" value={target} />
			<label htmlFor={id}>{label}について、コメントや 質問を 書いてください</label>
			<textarea id={id} name="body" rows={3} required maxLength={2000} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} />
			{error ? (
				<p id={`${id}-error`} className="field-errors" role="alert">
					{error}
				</p>
			) : null}
			<div className="easy-buttons">
				<button type="submit" className="button primary" disabled={fetcher.state !== 'idle'}>
					{fetcher.state !== 'idle' ? '送っています…' : 'コメントを送る'}
				</button>
				<button type="button" className="button" onClick={() => setOpen(false)}>
					やめる
				</button>
			</div>
		</fetcher.Form>
	)
}

export function ExplanationEditor({ target, text, label }: { target: string; text: string; label: string }) {
	const fetcher = useFetcher<{ ok: boolean; error?: string }>()
	const id = useId()
	const error = fetcher.data && !fetcher.data.ok ? fetcher.data.error : null
	return (
		<details className="easy-explain-edit no-print">
			<summary>やさしい説明を{text ? 'なおす' : '書く'}（職員のみ）</summary>
			<fetcher.Form method="post" className="easy-explain-form">
				<input type="hidden" name="intent" value="explain" />
				<input type="hidden" name="target" value={target} />
				<label htmlFor={id}>{label}のやさしい説明（公式の文はそのまま残ります。空にすると消えます）</label>
				<textarea id={id} name="text" rows={3} defaultValue={text} maxLength={1000} />
				{error ? (
					<p className="field-errors" role="alert">
						{error}
					</p>
				) : null}
				{fetcher.state === 'idle' && fetcher.data?.ok ? <p role="status">保存しました。</p> : null}
				<button type="submit" className="button" disabled={fetcher.state !== 'idle'}>
					{fetcher.state !== 'idle' ? '保存中…' : 'やさしい説明を保存'}
				</button>
			</fetcher.Form>
		</details>
	)
}

export function Explanation({ segments }: { segments: readonly RubySegment[] | null }) {
	if (!segments) return null
	return (
		<aside className="easy-explanation" data-testid="easy-explanation">
			<p className="easy-explanation__title">やさしい説明</p>
			<RubyText segments={segments} />
		</aside>
	)
}

export function EasyItemCard({ item, comments, explain }: { item: EasyItem; comments: CommentContext | null; explain: ExplainContext }) {
	const headingText = segmentsText(item.heading)
	return (
		<section className="easy-item" data-testid={`easy-item-${item.key}`} aria-label={headingText}>
			<h3 className="easy-item__heading">
				<Ruby segments={item.heading} />
			</h3>
			{item.official !== headingText ? <p className="easy-item__official">（{item.official}）</p> : null}
			<div className="easy-item__body">
				<div className="easy-item__text" data-testid="easy-text">
					<RubyText segments={item.text} />
				</div>
				<Explanation segments={item.explanation} />
			</div>
			<div className="easy-buttons no-print">
				<ClientOnly>{() => <SpeakButton text={segmentsSpoken([...item.heading, { text: '。' }, ...item.text])} label={headingText} />}</ClientOnly>
				{comments && item.target ? <CommentBox context={comments} target={item.target} label={headingText} /> : null}
			</div>
			{explain.canExplain && item.target === 'field:policy' ? <ExplanationEditor target={item.target} text={item.explanationText} label={headingText} /> : null}
			<Threads threads={item.threads} />
		</section>
	)
}

export { Threads }
