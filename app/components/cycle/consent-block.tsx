import type { ConsentView } from '#app/modules/cycle/views.ts'
import { formatJstDateTime, toJstDate } from '#app/utils/dates.ts'
import { formatWareki } from '#app/utils/wareki.ts'

/**
 * 利用者同意署名欄: filled from the consent given on this version — the date, the signature
 * line (paper) or the record of the electronic consent, and the proxy's details. Empty lines
 * when nobody has consented to this version (every version prints).
 */
/** A child's plan is consented to by the 保護者 (様式2-1). */
export function ConsentBlock({ consent, print = false, child = false }: { consent: ConsentView | null; print?: boolean; child?: boolean }) {
	return (
		<section className={`consent-block${print ? ' consent-block--print' : ''}`} aria-labelledby="consent-block-title" data-testid="consent-block">
			<h2 id="consent-block-title">{child ? '保護者同意欄' : '利用者同意欄'}</h2>
			<p>上記の計画について説明を受け、内容に同意し、交付を受けました。</p>
			<dl className="consent-block__facts">
				<dt>説明日</dt>
				<dd>{consent ? formatWareki(consent.explainedOn) : '令和　　年　　月　　日'}</dd>
				<dt>同意日</dt>
				<dd data-testid="consent-date">{consent ? formatWareki(consent.consentedOn) : '令和　　年　　月　　日'}</dd>
				<dt>{consent?.consenterType === 'proxy' ? '代理人氏名' : child ? '保護者氏名' : '利用者氏名'}</dt>
				<dd>
					{consent ? consent.consenterName : ''}
					{consent?.method === 'electronic' ? null : <span className="consent-block__signature">（署名）</span>}
				</dd>
				{consent?.consenterType === 'proxy' ? (
					<>
						<dt>続柄</dt>
						<dd>{consent.relationship}</dd>
						<dt>代理人による理由</dt>
						<dd>{consent.proxyReason}</dd>
					</>
				) : null}
				<dt>同意の方法</dt>
				<dd data-testid="consent-method">
					{consent
						? consent.method === 'electronic'
							? `電子同意の記録：${consent.electronicBy ?? ''}のアカウントで同意（${formatJstDateTime(consent.recordedAt)}）。電磁的方法への事前承諾：${consent.electronicAgreedAt ? formatWareki(toJstDate(new Date(consent.electronicAgreedAt))) : '—'}`
							: '書面（署名）'
						: '書面（署名）・電磁的方法'}
				</dd>
			</dl>
		</section>
	)
}
