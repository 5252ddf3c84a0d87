import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { audit } from '#app/modules/audit/audit.server.ts'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { getClientContact } from '#app/modules/clients/clients.server.ts'
import { loadRegistrations } from '#app/modules/hub/hub.server.ts'
import { CONSENT_METHOD_LABELS, labelOfCode } from '#app/modules/hub/labels.ts'
import { denied, requireScope } from '#app/modules/hub/pages.server.ts'
import { canPrepareHubRegistration } from '#app/policies/index.ts'
import { todayJst } from '#app/utils/dates.ts'
import { formatWareki } from '#app/utils/wareki.ts'

/** /clients/:clientId/hub-registration/print — 地域生活支援拠点 利用登録申請書, A4, for signature. */

export const meta: MetaFunction = () => [{ title: '拠点 利用登録申請書 | きずなプラン' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireScope(request, current, params.clientId)
	if (!canPrepareHubRegistration(current.actor, scope, todayJst())) return denied(request, current, 'hub.registration.print', scope.id, 404)
	const [client, registrations] = await Promise.all([
		getClientContact(scope.id),
		loadRegistrations(scope.id),
	])
	const registration = registrations.find((r) => r.status === 'active')
	if (!client || !registration) throw json({ error: 'not_found', message: '有効な拠点登録がありません' }, { status: 404 })
	await audit({ action: 'export', userId: current.user.id, clientId: scope.id, target: `hub-registration:${registration.id}`, ipAddress: clientIp(request), detail: { format: 'print' } })
	return json({ clientId: scope.id, client, registration })
}

export default function RegistrationPrint() {
	const { clientId, client, registration: r } = useLoaderData<typeof loader>()
	return (
		<article className="registration-print sheet-page" data-testid="registration-print">
			<p className="no-print button-row">
				<Link to={`/clients/${clientId}/hub-registration`}>← 登録画面へ</Link>
				<button type="button" className="button small" onClick={() => window.print()}>
					印刷
				</button>
			</p>
			<h1>地域生活支援拠点 利用登録申請書</h1>
			<p>{r.hubName} 御中</p>
			<section className="sheet-section">
				<h2>登録する方</h2>
				<dl className="sheet-kv">
					<dt>氏名</dt>
					<dd>
						{client.familyName} {client.givenName}（{client.familyNameKana} {client.givenNameKana}）
					</dd>
					<dt>生年月日</dt>
					<dd>{formatWareki(client.birthDate)}</dd>
					<dt>住所</dt>
					<dd>{client.address}</dd>
					<dt>電話</dt>
					<dd>{client.phone}</dd>
				</dl>
			</section>
			<section className="sheet-section">
				<h2>登録の理由</h2>
				<p>{r.reasonLabels.join('、')}</p>
			</section>
			<section className="sheet-section">
				<h2>緊急時の受入先（事前調整）</h2>
				{r.arrangements.length === 0 ? (
					<p>（なし）</p>
				) : (
					<ul>
						{r.arrangements.map((a) => (
							<li key={a.id}>
								{a.serviceType}：{a.providerName}
								{a.conditions ? `（${a.conditions}）` : ''}
							</li>
						))}
					</ul>
				)}
			</section>
			<section className="sheet-section">
				<h2>担当</h2>
				<p>
					相談支援専門員：{r.specialistName || '未定'}
					{r.coreCenterName ? `／基幹相談支援センター：${r.coreCenterName}` : ''}／拠点コーディネーター：{r.coordinatorName || '未定'}
				</p>
			</section>
			<section className="sheet-section">
				<h2>情報共有への同意</h2>
				<p>
					緊急時に備え、私（本人）の心身の状況、連絡先、クライシスプラン等の情報を、上記の拠点、相談支援事業所および受入先の事業所が共有することに同意します。緊急時には、拠点の職員が理由を記録したうえで必要な情報を閲覧することがあります。
				</p>
				<p>
					同意した人：{r.consentBy}（{r.consentRelation}）・方法：{labelOfCode(CONSENT_METHOD_LABELS, r.consentMethod)}・同意日：{formatWareki(r.consentOn)}
				</p>
				<div className="signature-box">
					<div>署名（本人）</div>
					<div>署名（代理人・続柄）</div>
				</div>
			</section>
			<p>
				登録日：{formatWareki(r.registeredOn)}{'　'}見直し予定：{formatWareki(r.reviewOn)}
			</p>
		</article>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
