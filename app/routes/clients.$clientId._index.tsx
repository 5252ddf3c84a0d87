import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { ClientName, ExpiryBadge, Period } from '#app/components/clients/client-bits.tsx'
import { FhirExportCard } from '#app/components/clients/fhir-export-card.tsx'
import { CycleSection } from '#app/components/cycle/cycle-summary.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { cycleSummary } from '#app/modules/cycle/cycle-view.server.ts'
import { MonitoringScheduleTable, RenewalNotices } from '#app/components/monitoring/schedule.tsx'
import { CreateDocumentButtons } from '#app/document-forms/forms/create-buttons.tsx'
import type { ClientDocumentKind } from '#app/document-forms/forms/kinds.ts'
import { TeamApproachCard } from '#app/document-forms/isp-actions.tsx'
import { audit } from '#app/modules/audit/audit.server.ts'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { requireClientPermission } from '#app/modules/authz.server.ts'
import { loadClientPage, type ClientPage } from '#app/modules/clients/clients.server.ts'
import { loadClosing, type ClosingView } from '#app/modules/clients/closing.server.ts'
import { loadClientSchedule } from '#app/modules/monitoring/monitoring.server.ts'
import type { ClientSchedule } from '#app/modules/monitoring/report.ts'
import { missingClientDocumentKinds } from '#app/modules/documents/client-documents.server.ts'
import { creatableIspOrganizations } from '#app/modules/documents/isp.server.ts'
import {
	CERTIFICATE_KIND_LABELS,
	CLIENT_CATEGORY_LABELS,
	CONSENT_BASIS_LABELS,
	MONITORING_PERIOD_LABELS,
	SUPPORT_LEVEL_LABELS,
	disabilityLabels,
	formatYen,
	labelOf,
	supportLevelLabel,
	teamRoleLabel,
} from '#app/modules/clients/labels.ts'
import { usualCertificateKinds } from '#app/modules/clients/certificate-kinds.ts'
import { nextMonitoringMonth } from '#app/modules/clients/summary.ts'
import { MEETING_PURPOSE_LABELS, MEETING_STATUS_LABELS, timeRange, type MeetingStatus } from '#app/modules/meetings/labels.ts'
import { nextMeeting } from '#app/modules/meetings/meeting-views.server.ts'
import { ClientHubPanel } from '#app/components/hub/client-hub-panel.tsx'
import { clientHubPanel } from '#app/modules/hub/emergencies.server.ts'
import { canExportFhir, canViewCycle, canViewEmergencies, documentAccess } from '#app/policies/index.ts'
import clientStyles from '#app/styles/clients.css'
import monitoringStyles from '#app/styles/monitoring.css'
import { formatJpDate, formatJpMonth, todayJst } from '#app/utils/dates.ts'

export const links: LinksFunction = () => [
	{ rel: 'stylesheet', href: clientStyles },
	{ rel: 'stylesheet', href: monitoringStyles },
]

// No name in the title: titles end up in browser history, which outlives the session.
export const meta: MetaFunction = () => [{ title: '利用者情報 | きずなプラン' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireClientPermission(request, current, params.clientId, 'client.view')
	const today = todayJst()
	const page = await loadClientPage(current.actor, scope, today)
	if (!page) throw json({ error: 'not_found', message: '見つかりません' }, { status: 404 })
	await audit({ action: 'client.view', userId: current.user.id, clientId: scope.id, target: `client:${scope.id}`, ipAddress: clientIp(request) })
	// Writers of the plan may start it while the client has none (writers see every plan).
	const canCreatePlan =
		page.documents !== null &&
		!page.documents.some((d) => d.kind === 'plan') &&
		documentAccess(current.actor, { kind: 'plan', organizationId: null, frozen: false, client: scope }, today) === 'write'
	// 週間計画表 / アセスメント / Myライフプラン / クライシスプラン not yet created, for their writers.
	const creatableKinds = page.documents ? missingClientDocumentKinds(current.actor, scope, page.documents.map((d) => d.kind), today) : []
	// 個別支援計画 the actor's own provider organisations on the team have not created yet.
	const ispOrganizations = page.documents ? await creatableIspOrganizations(current.actor, scope, today) : []
	// サービス担当者会議: the one under way or the next scheduled, for those invited to meetings.
	const meeting = page.abilities['meeting.view'] ? await nextMeeting(scope.id, today) : null
	// モニタリング予定 (read off the 受給者証) and, once closed, the closing record.
	const schedule = page.abilities['certificate.view'] ? await loadClientSchedule(current.actor, scope, today) : null
	const closing = page.client.closed ? await loadClosing(scope.id) : null
	// 計画の進行 (issue #6): for those who read the plan.
	const cycle = canViewCycle(current.actor, scope, today) ? { summary: await cycleSummary(scope.id) } : null
	// データの書き出し (issue #14): for those who may export the current record.
	const fhirExport = canExportFhir(current.actor, scope, { kind: 'current' }, today)
	// 地域生活支援拠点 (issue #12): registration and emergencies, for the office and the registered hub.
	const hub = canViewEmergencies(current.actor, scope, today) ? await clientHubPanel(scope.id) : null
	return json({ today, page, canCreatePlan, creatableKinds, ispOrganizations, meeting, schedule, closing, cycle, fhirExport, hub })
}

const FLASH: Record<string, string> = {
	created: '利用者を登録しました。続けて受給者証を登録してください。',
	updated: '基本情報を保存しました。',
	certificate: '受給者証の新しい版を登録しました。',
	closed: '支援を終了しました。記録は閲覧のみになりました。',
}

type Certificate = NonNullable<ClientPage['certificates']>['all'][number]

function MonthList({ months, today }: { months: readonly string[]; today: string }) {
	if (months.length === 0) return <span className="muted">—</span>
	const next = nextMonitoringMonth(months, today)
	const thisMonth = today.slice(0, 7)
	return (
		<ul className="month-list" aria-label="モニタリング月">
			{months.map((m) => (
				<li key={m} className={m === next ? 'next' : m < thisMonth ? 'past' : undefined}>
					{formatJpMonth(m)}
					{m === next ? <span className="visually-hidden">（次回）</span> : null}
				</li>
			))}
		</ul>
	)
}

function ServicesTable({ services, caption }: { services: Certificate['services']; caption: string }) {
	return (
		<table className="data services-table">
			<caption>{caption}</caption>
			<thead>
				<tr>
					<th scope="col">サービス種類</th>
					<th scope="col">支給量</th>
				</tr>
			</thead>
			<tbody>
				{services.map((s) => (
					<tr key={s.id}>
						<td>{s.serviceType}</td>
						<td>{s.amount}</td>
					</tr>
				))}
			</tbody>
		</table>
	)
}

function CertificateFacts({ certificate, today, renewalMonth }: { certificate: Certificate; today: string; renewalMonth?: string }) {
	return (
		<div className="grid-2">
			<dl className="facts">
				<dt>種類</dt>
				<dd>{labelOf(CERTIFICATE_KIND_LABELS, certificate.kind)}</dd>
				<dt>受給者証番号</dt>
				<dd data-testid="certificate-number">{certificate.number}</dd>
				<dt>交付市町村</dt>
				<dd>{certificate.issuedBy || '—'}</dd>
				<dt>交付年月日</dt>
				<dd>{formatJpDate(certificate.issuedOn)}</dd>
				<dt>適用開始日</dt>
				<dd>{formatJpDate(certificate.effectiveFrom)}</dd>
				<dt>支給決定期間</dt>
				<dd>
					<Period from={certificate.decisionStart} to={certificate.decisionEnd} />{' '}
					{certificate.status === 'current' ? <ExpiryBadge decisionEnd={certificate.decisionEnd} today={today} /> : null}
				</dd>
				<dt>障害支援区分</dt>
				<dd>{certificate.kind === 'child_day' ? '対象外' : labelOf(SUPPORT_LEVEL_LABELS, certificate.supportLevel, '記載なし')}</dd>
				<dt>利用者負担上限月額</dt>
				<dd data-testid="certificate-copay">{formatYen(certificate.copayCap)}</dd>
			</dl>
			<dl className="facts">
				<dt>モニタリング期間</dt>
				<dd>{labelOf(MONITORING_PERIOD_LABELS, certificate.monitoringPeriod)}</dd>
				<dt>モニタリング月</dt>
				<dd>
					<MonthList months={certificate.dueMonths} today={today} />
					{certificate.newUserMonthlyFrom ? (
						<p className="muted" data-testid="new-user-rule">
							新規利用者: {formatJpMonth(certificate.newUserMonthlyFrom)}から3か月間は毎月、その後は{labelOf(MONITORING_PERIOD_LABELS, certificate.monitoringPeriod)}
						</p>
					) : null}
				</dd>
				{renewalMonth ? (
					<>
						<dt>次の更新月</dt>
						<dd>
							{formatJpMonth(renewalMonth)} <span className="muted">（誕生月）</span>
						</dd>
					</>
				) : null}
				<dt>備考</dt>
				<dd>{certificate.note || '—'}</dd>
				<dt>登録</dt>
				<dd>
					{formatJpDate(certificate.createdAt.slice(0, 10))}
					{certificate.createdByName ? `（${certificate.createdByName}）` : ''}
				</dd>
			</dl>
		</div>
	)
}

function CertificateSection({ page, today }: { page: ClientPage; today: string }) {
	const register = page.certificates
	if (!register) return null
	const { current, currentByKind, scheduled, history } = register
	const canEdit = page.abilities['certificate.edit']
	const others = currentByKind.filter((c) => c.id !== current?.id)
	const missingKinds = usualCertificateKinds(page.client.category).filter((k) => !currentByKind.some((c) => c.kind === k))
	return (
		<section className="card" aria-labelledby="certificate-title" data-testid="certificate-section">
			<div className="card-header">
				<h2 id="certificate-title">受給者証</h2>
				{canEdit ? (
					<Link className="button small" to={`/clients/${page.client.id}/certificates/new${current ? `?kind=${current.kind}` : ''}`}>
						{current ? '受給者証を更新（新しい版を登録）' : '受給者証を登録'}
					</Link>
				) : null}
			</div>
			{current ? (
				<div data-testid="current-certificate" data-kind={current.kind}>
					<h3>現在の受給者証（{current.kindLabel}）{others.length > 0 ? <span className="muted"> モニタリング予定はこの受給者証に従います</span> : null}</h3>
					<CertificateFacts certificate={current} today={today} renewalMonth={page.client.nextRenewalMonth} />
					<ServicesTable services={current.services} caption="支給量" />
				</div>
			) : (
				<div className="empty-state">
					<p>現在有効な受給者証は登録されていません。</p>
					{canEdit ? (
						<p>
							<Link to={`/clients/${page.client.id}/certificates/new`}>受給者証を登録する</Link>
						</p>
					) : null}
				</div>
			)}
			{others.map((c) => (
				<div key={c.id} data-testid={`current-certificate-${c.kind}`} data-kind={c.kind}>
					<div className="card-header">
						<h3>現在の受給者証（{c.kindLabel}）</h3>
						{canEdit ? (
							<Link className="button small" to={`/clients/${page.client.id}/certificates/new?kind=${c.kind}`}>
								{c.kindLabel}を更新
							</Link>
						) : null}
					</div>
					<CertificateFacts certificate={c} today={today} />
					<ServicesTable services={c.services} caption="支給量" />
				</div>
			))}
			{canEdit && current && missingKinds.length > 0 ? (
				<p className="button-row compact">
					{missingKinds.map((kind) => (
						<Link key={kind} className="button small" to={`/clients/${page.client.id}/certificates/new?kind=${kind}`}>
							＋ {CERTIFICATE_KIND_LABELS[kind]}を登録
						</Link>
					))}
				</p>
			) : null}
			{scheduled.length > 0 ? (
				<>
					<h3>適用予定の版</h3>
					<div className="version-list">
						{scheduled.map((c) => (
							<details key={c.id}>
								<summary>
									<span className="badge info">{formatJpDate(c.effectiveFrom)}から適用</span>
									<span>上限月額 {formatYen(c.copayCap)}</span>
								</summary>
								<CertificateFacts certificate={c} today={today} />
								<ServicesTable services={c.services} caption="支給量" />
							</details>
						))}
					</div>
				</>
			) : null}
			<h3>履歴（以前の版）</h3>
			{history.length === 0 ? (
				<p className="muted">以前の版はありません。</p>
			) : (
				<div className="version-list" data-testid="certificate-history">
					{history.map((c) => (
						<details key={c.id} data-testid="certificate-history-item">
							<summary>
								<span>{formatJpDate(c.effectiveFrom)}から</span>
								<span>番号 {c.number}</span>
								<span>上限月額 {formatYen(c.copayCap)}</span>
								<span className="muted">
									支給決定期間 <Period from={c.decisionStart} to={c.decisionEnd} />
								</span>
							</summary>
							<CertificateFacts certificate={c} today={today} />
							<ServicesTable services={c.services} caption="支給量" />
						</details>
					))}
				</div>
			)}
		</section>
	)
}

function TeamTable({ members, caption }: { members: NonNullable<ClientPage['team']>['active']; caption: string }) {
	return (
		<div className="table-wrap">
			<table className="data">
				<caption>{caption}</caption>
				<thead>
					<tr>
						<th scope="col">氏名</th>
						<th scope="col">所属</th>
						<th scope="col">役割</th>
						<th scope="col">期間</th>
						<th scope="col">情報共有の根拠</th>
					</tr>
				</thead>
				<tbody>
					{members.map((m) => (
						<tr key={m.id}>
							<td>
								{m.name}
								{m.relationship ? <span className="sub">{m.relationship}</span> : null}
								{!m.hasAccount ? <span className="sub">アカウントなし</span> : null}
							</td>
							<td>{m.organizationName || '—'}</td>
							<td>{teamRoleLabel(m.role)}</td>
							<td>
								<Period from={m.startsOn} to={m.endsOn} />
							</td>
							<td>
								{labelOf(CONSENT_BASIS_LABELS, m.consentBasis)}
								{m.consentOn ? <span className="sub">同意日 {formatJpDate(m.consentOn)}</span> : null}
							</td>
						</tr>
					))}
				</tbody>
			</table>
		</div>
	)
}

function TeamSection({ page }: { page: ClientPage }) {
	const team = page.team
	if (!team) return null
	return (
		<section className="card" aria-labelledby="team-title" data-testid="team-section">
			<div className="card-header">
				<h2 id="team-title">ケアチーム</h2>
				{page.abilities['team.manage'] ? (
					<Link className="button small" to={`/clients/${page.client.id}/team`}>
						チームを管理
					</Link>
				) : null}
			</div>
			{team.active.length > 0 ? <TeamTable members={team.active} caption="現在のメンバー" /> : <p className="muted">現在のメンバーはいません。</p>}
			{team.upcoming.length > 0 ? <TeamTable members={team.upcoming} caption="参加予定" /> : null}
			{team.past.length > 0 ? (
				<details>
					<summary>過去のメンバー（{team.past.length}人）</summary>
					<TeamTable members={team.past} caption="過去のメンバー" />
				</details>
			) : null}
		</section>
	)
}

function DocumentsSection({ page, canCreatePlan, creatableKinds }: { page: ClientPage; canCreatePlan: boolean; creatableKinds: ClientDocumentKind[] }) {
	const documents = page.documents
	if (!documents) return null
	return (
		<section className="card" aria-labelledby="documents-title">
			<div className="card-header">
				<h2 id="documents-title">文書</h2>
				{canCreatePlan ? (
					<Form method="post" action={`/clients/${page.client.id}/plan`}>
						<button type="submit" className="button small" data-testid="create-plan">
							計画を作成
						</button>
					</Form>
				) : null}
			</div>
			{documents.length === 0 ? (
				<div className="empty-state">
					<p>閲覧できる文書はまだありません。</p>
				</div>
			) : (
				<ul className="document-list">
					{documents.map((d) => (
						<li key={d.id}>
							<Link to={`/clients/${page.client.id}/documents/${d.id}`}>{d.title}</Link>{' '}
							<span className={`badge ${d.access === 'write' ? 'ok' : 'info'}`}>{d.access === 'write' ? '編集可' : '閲覧のみ'}</span>{' '}
							<span className="muted">更新 {formatJpDate(d.updatedAt.slice(0, 10))}</span>
						</li>
					))}
				</ul>
			)}
			<CreateDocumentButtons clientId={page.client.id} kinds={creatableKinds} />
		</section>
	)
}

function MonitoringSection({ page, schedule }: { page: ClientPage; schedule: ClientSchedule | null }) {
	if (!schedule) return null
	return (
		<section className="card" aria-labelledby="monitoring-title" data-testid="monitoring-section">
			<div className="card-header">
				<h2 id="monitoring-title">モニタリング予定</h2>
				<Link className="button small" to={`/clients/${page.client.id}/monitoring`}>
					予定と報告書の一覧
				</Link>
			</div>
			<RenewalNotices schedule={schedule} />
			<MonitoringScheduleTable clientId={page.client.id} schedule={schedule} compact />
		</section>
	)
}

/** 終了: the banner with the retention date, and what was recorded at closing. */
function ClosingBanner({ closing }: { closing: ClosingView }) {
	return (
		<section className="alert warning closing-banner" aria-labelledby="closing-title" data-testid="closing-banner">
			<h2 id="closing-title" className="closing-banner__title">
				終了（記録保存期限 {formatJpDate(closing.retainUntil)}）
			</h2>
			<p>
				{formatJpDate(closing.closedOn)}に{closing.closedByName ? `${closing.closedByName}が` : ''}支援を終了しました。記録は閲覧のみで、保存期限まで保存されます。
			</p>
			<details>
				<summary>終了の理由と事後評価</summary>
				<dl className="facts">
					<dt>終了の理由</dt>
					<dd data-testid="closing-reason">
						{closing.reasonLabel}
						{closing.reasonDetail ? `（${closing.reasonDetail}）` : ''}
					</dd>
					<dt>事後評価</dt>
					<dd className="pre-wrap" data-testid="closing-evaluation">
						{closing.evaluation || '—'}
					</dd>
				</dl>
			</details>
		</section>
	)
}

type NextMeeting = { id: string; date: string; startTime: string; endTime: string; purpose: string; status: string; place: string }

function MeetingsSection({ page, meeting }: { page: ClientPage; meeting: NextMeeting | null }) {
	if (!page.abilities['meeting.view']) return null
	const base = `/clients/${page.client.id}/meetings`
	return (
		<section className="card" aria-labelledby="meetings-title" data-testid="meetings-section">
			<div className="card-header">
				<h2 id="meetings-title">サービス担当者会議</h2>
				<div className="button-row">
					<Link className="button small" to={base}>
						会議の履歴
					</Link>
					{page.abilities['meeting.manage'] ? (
						<Link className="button small" to={`${base}/new`}>
							会議を予定する
						</Link>
					) : null}
				</div>
			</div>
			{meeting ? (
				<p data-testid="next-meeting">
					<span className="badge info">{labelOf(MEETING_STATUS_LABELS as Record<MeetingStatus, string>, meeting.status)}</span>{' '}
					<Link to={`${base}/${meeting.id}`}>
						{formatJpDate(meeting.date)} {timeRange(meeting.startTime, meeting.endTime)}（{labelOf(MEETING_PURPOSE_LABELS, meeting.purpose)}）
					</Link>
					{meeting.place ? <span className="muted"> {meeting.place}</span> : null}
				</p>
			) : (
				<p className="muted" data-testid="next-meeting-empty">
					予定されている会議はありません。
				</p>
			)}
		</section>
	)
}

export default function ClientPageView() {
	const { page, today, canCreatePlan, creatableKinds, ispOrganizations, meeting, schedule, closing, cycle, fhirExport, hub } = useLoaderData<typeof loader>()
	const [searchParams] = useSearchParams()
	const { client, abilities } = page
	const flash = Object.keys(FLASH).find((key) => searchParams.has(key))
	const childButAdult = client.category === 'child' && client.age >= 18
	return (
		<>
			<nav className="breadcrumbs" aria-label="パンくずリスト">
				<Link to="/">担当利用者</Link> ／ {client.familyName} {client.givenName}
			</nav>
			<div className="page-header">
				<div>
					<h1>
						<ClientName {...client} />
					</h1>
					<div className="header-badges">
						<span className="badge info">{labelOf(CLIENT_CATEGORY_LABELS, client.category)}</span>
						{client.hubRegistered ? <span className="badge ok">拠点 事前登録済み</span> : null}
						{client.closed ? <span className="badge">終結（閲覧のみ）</span> : null}
						{page.teamRole ? <span className="badge">あなたの役割: {teamRoleLabel(page.teamRole)}</span> : null}
					</div>
				</div>
				<div className="page-actions">
					{/* わかりやすい表示 (issue #13): the person's and family's view, one click away for staff. */}
					<Link className="button small" to={`/clients/${client.id}/easy`} data-testid="open-easy-view">
						わかりやすい表示
					</Link>
					{abilities['client.close'] ? (
						<Link className="button small danger" to={`/clients/${client.id}/close`} data-testid="close-client">
							支援を終了する
						</Link>
					) : null}
				</div>
			</div>
			{closing ? <ClosingBanner closing={closing} /> : null}
			{flash ? (
				<div className="alert success" role="status">
					<p>{FLASH[flash]}</p>
				</div>
			) : null}
			{childButAdult ? (
				<div className="alert warning" role="status">
					<p>{client.age}歳ですが「児童」として登録されています。成人・児童の区分を確認してください。</p>
				</div>
			) : null}

			{hub ? <ClientHubPanel clientId={client.id} panel={hub} /> : null}

			<section className="card" aria-labelledby="basic-title" data-testid="basic-section">
				<div className="card-header">
					<h2 id="basic-title">基本情報</h2>
					{abilities['client.edit'] ? (
						<Link className="button small" to={`/clients/${client.id}/edit`}>
							基本情報を編集
						</Link>
					) : null}
				</div>
				<div className="grid-2">
					<dl className="facts">
						<dt>氏名</dt>
						<dd>
							{client.familyName} {client.givenName}
						</dd>
						<dt>ふりがな</dt>
						<dd>
							{client.familyNameKana} {client.givenNameKana}
						</dd>
						<dt>生年月日</dt>
						<dd>
							{formatJpDate(client.birthDate)}（{client.age}歳）
						</dd>
						<dt>性別</dt>
						<dd>{client.gender || '—'}</dd>
						<dt>成人・児童</dt>
						<dd>{labelOf(CLIENT_CATEGORY_LABELS, client.category)}</dd>
						{client.category === 'child' ? (
							<>
								<dt>保護者氏名</dt>
								<dd>{client.guardianName || '—'}</dd>
							</>
						) : null}
					</dl>
					<dl className="facts">
						<dt>障害種別</dt>
						<dd>{disabilityLabels(client.disabilityCategories)}</dd>
						<dt>障害支援区分</dt>
						<dd data-testid="client-support-level">
							{supportLevelLabel(client.category, client.supportLevel)}
							{client.category !== 'child' && client.supportLevelUntil ? (
								<span className="muted">（認定有効期間 {formatJpDate(client.supportLevelFrom || null)}〜{formatJpDate(client.supportLevelUntil)}）</span>
							) : null}
						</dd>
						<dt>手帳</dt>
						<dd>{client.handbook || '—'}</dd>
						<dt>住所</dt>
						<dd>
							{client.postalCode ? `〒${client.postalCode} ` : ''}
							{client.address || '—'}
						</dd>
						<dt>電話番号</dt>
						<dd>{client.phone || '—'}</dd>
						<dt>支給市町村</dt>
						<dd>{client.municipality?.name ?? '—'}</dd>
						<dt>次の更新月</dt>
						<dd>
							{formatJpMonth(client.nextRenewalMonth)} <span className="muted">（誕生月）</span>
						</dd>
					</dl>
				</div>
			</section>

			<CertificateSection page={page} today={today} />
			<MonitoringSection page={page} schedule={schedule} />
			<TeamSection page={page} />
			{cycle ? <CycleSection clientId={page.client.id} cycle={cycle.summary} /> : null}
			<DocumentsSection page={page} canCreatePlan={canCreatePlan} creatableKinds={creatableKinds} />
			<MeetingsSection page={page} meeting={meeting} />
			{page.documents ? <TeamApproachCard clientId={page.client.id} organizations={ispOrganizations} /> : null}
			{fhirExport ? <FhirExportCard clientId={page.client.id} /> : null}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
