import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { audit } from '#app/modules/audit/audit.server.ts'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { denied, requireScope } from '#app/modules/hub/pages.server.ts'
import { loadEmergencySheet } from '#app/modules/hub/sheet.server.ts'
import { telHref } from '#app/modules/hub/tel.ts'
import { canRecordEmergency, emergencySheetBasis } from '#app/policies/index.ts'
import { formatJpDate, formatJstDateTime, todayJst } from '#app/utils/dates.ts'

/**
 * /emergency/:clientId — 緊急時対応シート: who the person is, whom to call in which order (tap to
 * call), the prior arrangements and what they need. One column on a phone, one A4 page on paper.
 * Read-only for everyone; reached from the care team, the registered hub's roster or a
 * break-glass grant (every view under a grant is audited with it).
 */

// No name in the title: titles end up in browser history.
export const meta: MetaFunction = () => [{ title: '緊急時対応シート | きずなプラン' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireScope(request, current, params.clientId)
	const today = todayJst()
	const basis = emergencySheetBasis(current.actor, scope, today)
	if (!basis) return denied(request, current, 'emergency.sheet', scope.id, 404)
	const sheet = await loadEmergencySheet(scope.id, today)
	if (!sheet) return denied(request, current, 'emergency.sheet', scope.id, 404)
	if (basis.basis === 'grant') {
		await audit({
			action: 'emergency_access.view',
			userId: current.user.id,
			clientId: scope.id,
			target: `grant:${basis.grantId}`,
			ipAddress: clientIp(request),
			detail: { grantId: basis.grantId, page: 'emergency-sheet' },
		})
	} else {
		await audit({ action: 'hub.sheet.view', userId: current.user.id, clientId: scope.id, target: `client:${scope.id}`, ipAddress: clientIp(request), detail: { basis: basis.basis } })
	}
	return json({
		sheet,
		basis: basis.basis,
		grantExpiresAt: basis.basis === 'grant' ? new Date(basis.expiresAt).toISOString() : null,
		canRecord: canRecordEmergency(current.actor, scope, today),
		printedAt: new Date().toISOString(),
	})
}

function CallButton({ phone }: { phone: string }) {
	const href = telHref(phone)
	if (!href) return <span className="muted">{phone || '電話番号なし'}</span>
	return (
		<a className="call-button" href={href} aria-label={`${phone} に電話する`}>
			📞 {phone}
		</a>
	)
}

export default function EmergencySheet() {
	const { sheet, basis, grantExpiresAt, canRecord, printedAt } = useLoaderData<typeof loader>()
	const { client, registration, crisis } = sheet
	return (
		<article className="sheet-page" data-testid="emergency-sheet" data-basis={basis}>
			<div className="page-header">
				<div>
					<h1>緊急時対応シート</h1>
					<p className="sheet-person">
						<strong data-testid="sheet-name">{client.name}</strong>（{client.kana}）{client.age}歳 {client.gender}
					</p>
					{basis === 'grant' && grantExpiresAt ? (
						<p className="alert error" role="note" data-testid="sheet-readonly-note">
							緊急時アクセスで閲覧しています（閲覧のみ・{formatJstDateTime(grantExpiresAt)}まで）。
						</p>
					) : null}
				</div>
				<div className="button-row no-print sheet-links">
					<button type="button" className="button small" onClick={() => window.print()}>
						印刷（A4）
					</button>
					{canRecord ? (
						<Link className="button small primary" to={`/clients/${client.id}/emergencies`}>
							緊急対応を記録
						</Link>
					) : null}
				</div>
			</div>

			<section className="sheet-section" aria-labelledby="sheet-contacts">
				<h2 id="sheet-contacts">連絡先（上から順に連絡）</h2>
				{crisis && crisis.contacts.length > 0 ? (
					<ol className="call-list" data-testid="sheet-contacts" role="list">
						{crisis.contacts.map((c, i) => (
							<li key={c.id}>
								<span className="call-order" aria-hidden="true">
									{i + 1}
								</span>
								<span>
									<strong>{c.name}</strong>
									{c.relation ? `（${c.relation}）` : ''}
									{c.notes ? <span className="muted"> {c.notes}</span> : null}
								</span>
								<CallButton phone={c.phone} />
							</li>
						))}
					</ol>
				) : (
					<p className="muted">クライシスプランに連絡先がまだ記入されていません。</p>
				)}
				{registration ? (
					<p>
						拠点：{registration.hubName} <CallButton phone={registration.hubPhone} />
					</p>
				) : null}
				{sheet.specialists.map((s) => (
					<p key={`${s.name}-${s.office}`}>
						相談支援専門員：{s.name}（{s.office}） <CallButton phone={s.phone} />
					</p>
				))}
			</section>

			<section className="sheet-section" aria-labelledby="sheet-person">
				<h2 id="sheet-person">本人</h2>
				<dl className="sheet-kv">
					<dt>生年月日</dt>
					<dd>{formatJpDate(client.birthDate)}</dd>
					<dt>住所</dt>
					<dd>{client.address || '—'}</dd>
					<dt>電話</dt>
					<dd>{client.phone ? <CallButton phone={client.phone} /> : '—'}</dd>
					<dt>障害</dt>
					<dd>{client.disabilities.join('・') || '—'}</dd>
					<dt>手帳</dt>
					<dd>{client.handbook || '—'}</dd>
				</dl>
			</section>

			<section className="sheet-section" aria-labelledby="sheet-arrangements">
				<h2 id="sheet-arrangements">事前調整（緊急時の受入先）</h2>
				{registration ? (
					<>
						<p className="muted">
							登録の理由：{registration.reasonLabels.join('、')}
							{registration.coordinatorName ? `／担当コーディネーター：${registration.coordinatorName}` : ''}
						</p>
						{registration.arrangements.length === 0 ? (
							<p className="muted">事前調整はまだありません。</p>
						) : (
							<ul data-testid="sheet-arrangements">
								{registration.arrangements.map((a) => (
									<li key={a.id}>
										<strong>
											{a.serviceType}：{a.providerName}
										</strong>
										{a.conditions ? ` — ${a.conditions}` : ''}
									</li>
								))}
							</ul>
						)}
					</>
				) : (
					<p className="muted">地域生活支援拠点に事前登録されていません。</p>
				)}
			</section>

			{crisis ? (
				<section className="sheet-section" aria-labelledby="sheet-needs">
					<h2 id="sheet-needs">緊急時の対応（{crisis.redStage.label}）と行き先で必要なこと</h2>
					<dl className="sheet-kv">
						{[...crisis.redStage.aspects, ...crisis.places, ...crisis.needs]
							.filter((f) => f.value !== '')
							.map((f) => (
								<div key={f.label} style={{ display: 'contents' }}>
									<dt>{f.label}</dt>
									<dd>{f.value}</dd>
								</div>
							))}
					</dl>
				</section>
			) : null}

			<p className="no-print sheet-links">
				{sheet.crisisDocumentId ? (
					<Link className="button" to={`/clients/${client.id}/documents/${sheet.crisisDocumentId}`} data-testid="open-crisis-plan">
						クライシスプラン（全体）を開く
					</Link>
				) : (
					<span className="muted">クライシスプランはまだ作成されていません。</span>
				)}
			</p>
			<p className="print-only muted">印刷：{formatJstDateTime(printedAt)}（要配慮個人情報：取り扱いに注意）</p>
		</article>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
