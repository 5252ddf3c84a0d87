import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Link, useFetcher, useFetchers, useLoaderData, useSearchParams } from '@remix-run/react'
import { EasyItemCard, Explanation, ExplanationEditor, CommentBox, Threads } from '#app/components/easy/easy-item.tsx'
import { Ruby, RubyText } from '#app/components/easy/ruby.tsx'
import { SelfPlanEditor } from '#app/components/easy/self-plan-editor.client.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ClientOnly } from '#app/editor/client-only.tsx'
import { audit } from '#app/modules/audit/audit.server.ts'
import { clientIp, requireUser } from '#app/modules/auth/auth.server.ts'
import { requireClientPermission } from '#app/modules/authz.server.ts'
import { startCycle, takeStep } from '#app/modules/cycle/cycle.server.ts'
import { loadEasyView, saveExplanation, savePreference } from '#app/modules/easy/easy-view.server.ts'
import { EASY_SECTION_TITLES } from '#app/modules/easy/labels.ts'
import { TEXT_SIZES, TEXT_SIZE_LABELS, type EasyPreferences } from '#app/modules/easy/preferences.ts'
import easyStyles from '#app/styles/easy.css'
import { todayJst } from '#app/utils/dates.ts'

/**
 * /clients/:clientId/easy — わかりやすい表示: the plan and what goes with it, in plain layout with
 * furigana, for 本人 and the family (their default page) and one click away for staff. Comments
 * go through the comments route and consent through the consent page, under the same rules as
 * everywhere else; the セルフプラン's authors write and submit their plan here.
 */

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: easyStyles }]
export const meta: MetaFunction = () => [{ title: 'わかりやすい表示 | きずなプラン' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireClientPermission(request, current, params.clientId, 'client.view')
	const today = todayJst()
	const view = await loadEasyView(current.actor, scope, today)
	await audit({ action: 'client.view', userId: current.user.id, clientId: scope.id, target: `client:${scope.id}`, ipAddress: clientIp(request), detail: { page: 'easy' } })
	return json({ view, user: { id: current.user.id, name: current.user.displayName, role: current.user.role } })
}

export async function action({ request, params }: ActionFunctionArgs) {
	const current = await requireUser(request)
	const scope = await requireClientPermission(request, current, params.clientId, 'client.view')
	const today = todayJst()
	const meta = { ipAddress: clientIp(request) }
	const form = await request.formData()
	const intent = String(form.get('intent') ?? '')
	switch (intent) {
		case 'preference': {
			const result = await savePreference(current.actor, form.get('setting'), form.get('value'), meta)
			return json(result.ok ? { ok: true as const } : { ok: false as const, error: result.error }, { status: result.ok ? 200 : 400 })
		}
		case 'explain': {
			const result = await saveExplanation(current.actor, scope, { target: form.get('target'), text: form.get('text') }, today, meta)
			return json(result.ok ? { ok: true as const } : { ok: false as const, error: result.error }, { status: result.ok ? 200 : result.status })
		}
		case 'start-self-plan': {
			const result = await startCycle(current.actor, scope, 'self', today, meta)
			if (!result.ok) return json({ ok: false as const, error: result.errors.join(' ') }, { status: result.status })
			return redirect(`/clients/${scope.id}/easy?started=1#self-plan`)
		}
		case 'submit-self-plan': {
			const result = await takeStep(current.actor, scope, 'submit', { submittedOn: today }, today, meta)
			if (!result.ok) return json({ ok: false as const, error: result.errors.join(' ') }, { status: result.status })
			return redirect(`/clients/${scope.id}/easy?submitted=1#self-plan`)
		}
		default:
			return json({ ok: false as const, error: '不明な操作です' }, { status: 400 })
	}
}

type View = ReturnType<typeof useLoaderData<typeof loader>>['view']

/** The saved settings with any change still on its way to the server applied (instant feedback). */
function useOptimisticPreferences(saved: EasyPreferences): EasyPreferences {
	let preferences = saved
	for (const fetcher of useFetchers()) {
		const data = fetcher.formData
		if (!data || data.get('intent') !== 'preference') continue
		const setting = data.get('setting')
		const value = data.get('value')
		if (setting === 'textSize' && (TEXT_SIZES as readonly unknown[]).includes(value)) preferences = { ...preferences, textSize: value as EasyPreferences['textSize'] }
		if ((setting === 'furigana' || setting === 'highContrast') && (value === 'on' || value === 'off')) preferences = { ...preferences, [setting]: value === 'on' }
	}
	return preferences
}

function Settings({ preferences: optimistic }: { preferences: EasyPreferences }) {
	const fetcher = useFetcher<{ ok: boolean; error?: string }>()
	const toggle = (setting: 'furigana' | 'highContrast', on: boolean, label: string) => (
		<fetcher.Form method="post">
			<input type="hidden" name="intent" value="preference" />
			<input type="hidden" name="setting" value={setting} />
			<input type="hidden" name="value" value={on ? 'off' : 'on'} />
			<button type="submit" className="button easy-toggle" aria-pressed={on} data-testid={`toggle-${setting}`}>
				{label}：{on ? 'オン' : 'オフ'}
			</button>
		</fetcher.Form>
	)
	return (
		<div className="easy-settings no-print" role="group" aria-label="表示の設定">
			{toggle('furigana', optimistic.furigana, 'ふりがな')}
			<fetcher.Form method="post" className="easy-size" aria-label="文字の大きさ">
				<input type="hidden" name="intent" value="preference" />
				<input type="hidden" name="setting" value="textSize" />
				<span className="easy-size__label">文字の大きさ</span>
				{TEXT_SIZES.map((size) => (
					<button key={size} type="submit" name="value" value={size} className="button easy-toggle" aria-pressed={optimistic.textSize === size} data-testid={`size-${size}`}>
						{TEXT_SIZE_LABELS[size]}
					</button>
				))}
			</fetcher.Form>
			{toggle('highContrast', optimistic.highContrast, '白黒はっきり')}
			{fetcher.data && !fetcher.data.ok ? (
				<p className="field-errors" role="alert">
					{fetcher.data.error}
				</p>
			) : null}
		</div>
	)
}

function SelfPlanSection({ view, user }: { view: View; user: { id: string; name: string; role: string } }) {
	const fetcher = useFetcher<{ ok: boolean; error?: string }>()
	const status = view.selfPlan
	if (!status) return null
	const planId = view.plan?.documentId ?? null
	return (
		<section className="easy-card" id="self-plan" aria-labelledby="self-plan-title" data-testid="self-plan-section">
			<h2 id="self-plan-title">
				<Ruby segments={[{ text: 'セルフプラン（' }, { text: '自分', reading: 'じぶん' }, { text: 'で つくる ' }, { text: '計画', reading: 'けいかく' }, { text: '）' }]} />
			</h2>
			{status.stateLabel ? (
				<p className="easy-state" data-testid="self-plan-state" data-state={status.state ?? ''}>
					いま：<Ruby segments={status.stateLabel} />
				</p>
			) : null}
			{status.refusal ? (
				<p className="alert info" data-testid="self-plan-refusal">
					<Ruby segments={status.refusal} />
				</p>
			) : null}
			{status.canStart ? (
				<fetcher.Form method="post">
					<input type="hidden" name="intent" value="start-self-plan" />
					<p>相談支援専門員が いないときは、本人や 家族が 自分で 計画を つくって 市役所に 出すことが できます。</p>
					<button type="submit" className="button primary" disabled={fetcher.state !== 'idle'}>
						セルフプランを つくりはじめる
					</button>
				</fetcher.Form>
			) : null}
			{status.sentBack ? (
				<div className="alert warning" data-testid="self-plan-sent-back">
					<p>{status.sentBack.on} に 市役所から もどってきました。なおしてから、もう一度 出してください。</p>
					<RubyText segments={status.sentBack.note} />
				</div>
			) : null}
			{status.submittedOn && status.state === 'submitted' ? <p data-testid="self-plan-submitted">{status.submittedOn} に 市役所に 出しました。市役所の 答えを まっています。</p> : null}
			{status.decision ? (
				<div className="easy-decision" data-testid="self-plan-decision">
					<h3>市役所の 答え（支給決定）</h3>
					<p>
						{status.decision.decidedOn} に きまりました。使える 期間：{status.decision.period}
					</p>
					<ul>
						{status.decision.services.map((s, i) => (
							<li key={i}>
								<Ruby segments={s} />
							</li>
						))}
					</ul>
				</div>
			) : null}
			{status.canWrite && planId ? (
				<ClientOnly fallback={<p className="muted">計画を 読みこんでいます…</p>}>{() => <SelfPlanEditor documentId={planId} user={user} />}</ClientOnly>
			) : null}
			{status.canSubmit ? (
				<fetcher.Form method="post" className="easy-submit">
					<input type="hidden" name="intent" value="submit-self-plan" />
					<p>書きおわったら、市役所に 出します。出した 計画は その日の 形で 保存されます。</p>
					<button type="submit" className="button primary" disabled={fetcher.state !== 'idle'} data-testid="submit-self-plan">
						市役所に 出す
					</button>
				</fetcher.Form>
			) : null}
			{fetcher.data && !fetcher.data.ok ? (
				<p className="field-errors" role="alert" data-testid="self-plan-error">
					{fetcher.data.error}
				</p>
			) : null}
		</section>
	)
}

function PlanSection({ view }: { view: View }) {
	const plan = view.plan
	if (!plan) {
		return (
			<section className="easy-card" id="plan" aria-labelledby="plan-title">
				<h2 id="plan-title">{EASY_SECTION_TITLES.plan}</h2>
				<p className="easy-empty">計画は まだ ありません。</p>
			</section>
		)
	}
	const comments = { clientId: view.client.id, documentId: plan.documentId, canComment: plan.canComment }
	return (
		<section className="easy-card" id="plan" aria-labelledby="plan-title" data-testid="easy-plan">
			<h2 id="plan-title">
				<Ruby segments={plan.title} />
			</h2>
			{plan.author ? (
				<p className="easy-author" data-testid="easy-plan-author">
					<Ruby segments={plan.author.label} />
				</p>
			) : null}
			{plan.fields.map((field) => (
				<EasyItemCard key={field.key} item={field} comments={comments} explain={{ canExplain: plan.canExplain }} />
			))}
			<h3 className="easy-subtitle">目標</h3>
			{plan.goals.length === 0 ? <p className="easy-empty">目標は まだ ありません。</p> : null}
			<ol className="easy-goal-list">
				{plan.goals.map((goal) => (
					<li key={goal.rowId} className="easy-goal-card" data-testid="easy-goal">
						<h4>目標 {goal.number}</h4>
						<dl className="easy-goal-facts">
							{goal.items
								.filter((i) => i.text.length > 0)
								.map((i) => (
									<div key={i.key}>
										<dt>
											<Ruby segments={i.heading} />
										</dt>
										<dd>
											<RubyText segments={i.text} />
										</dd>
									</div>
								))}
						</dl>
						<Explanation segments={goal.explanation} />
						{plan.canExplain ? <ExplanationEditor target={goal.target} text={goal.explanationText} label={`目標${goal.number}`} /> : null}
						<div className="easy-buttons no-print">
							<CommentBox context={comments} target={goal.target} label={`目標${goal.number}`} />
						</div>
						<Threads threads={goal.threads} />
					</li>
				))}
			</ol>
		</section>
	)
}

function WeeklySection({ view }: { view: View }) {
	const weekly = view.weekly
	if (!weekly) return null
	return (
		<section className="easy-card" id="weekly" aria-labelledby="weekly-title" data-testid="easy-weekly">
			<h2 id="weekly-title">{EASY_SECTION_TITLES.weekly}</h2>
			{weekly.days.length === 0 ? <p className="easy-empty">予定は まだ 書かれていません。</p> : null}
			{weekly.days.map((day) => (
				<div key={day.day} className="easy-day">
					<h3>
						<Ruby segments={day.label} />
					</h3>
					<ul>
						{day.entries.map((e) => (
							<li key={e.id}>
								<span className="easy-time">{e.time}</span> <Ruby segments={e.label} />
							</li>
						))}
					</ul>
				</div>
			))}
			{weekly.fields.map((f) => (
				<EasyItemCard key={f.key} item={f} comments={null} explain={{ canExplain: false }} />
			))}
		</section>
	)
}

function CrisisSection({ view }: { view: View }) {
	const crisis = view.crisis
	if (!crisis) return null
	return (
		<section className="easy-card" id="crisis" aria-labelledby="crisis-title" data-testid="easy-crisis">
			<h2 id="crisis-title">{EASY_SECTION_TITLES.crisis}</h2>
			{crisis.stages.map((stage) => (
				<div key={stage.key} className={`easy-stage easy-stage--${stage.tone}`}>
					<h3>
						<Ruby segments={stage.label} />
					</h3>
					{stage.items.length === 0 ? <p className="easy-empty">まだ 書かれていません</p> : null}
					{stage.items.map((i) => (
						<EasyItemCard key={i.key} item={i} comments={null} explain={{ canExplain: false }} />
					))}
				</div>
			))}
			{crisis.contacts.length > 0 ? (
				<div className="easy-contacts">
					<h3>連絡する 順番</h3>
					<ol>
						{crisis.contacts.map((c) => (
							<li key={c.id}>
								<Ruby segments={c.name} /> <Ruby segments={c.relation} />{' '}
								{c.phone ? (
									<a href={`tel:${c.phone.replace(/[^0-9+]/g, '')}`} className="easy-phone">
										{c.phone}
									</a>
								) : null}
							</li>
						))}
					</ol>
				</div>
			) : null}
			{crisis.places.map((i) => (
				<EasyItemCard key={i.key} item={i} comments={null} explain={{ canExplain: false }} />
			))}
		</section>
	)
}

function LifePlanSection({ view }: { view: View }) {
	const lifePlan = view.lifePlan
	if (!lifePlan) return null
	return (
		<section className="easy-card" id="life-plan" aria-labelledby="life-plan-title" data-testid="easy-life-plan">
			<h2 id="life-plan-title">{EASY_SECTION_TITLES.lifePlan}</h2>
			{lifePlan.items.length === 0 ? <p className="easy-empty">まだ 書かれていません。</p> : null}
			{lifePlan.items.map((i) => (
				<EasyItemCard key={i.key} item={i} comments={null} explain={{ canExplain: false }} />
			))}
		</section>
	)
}

function MonitoringSection({ view }: { view: View }) {
	const m = view.monitoring
	if (!m) return null
	return (
		<section className="easy-card" id="monitoring" aria-labelledby="monitoring-title" data-testid="easy-monitoring">
			<h2 id="monitoring-title">{EASY_SECTION_TITLES.monitoring}</h2>
			<p>
				{m.month}の ふりかえり（{m.conductedOn}）
			</p>
			<EasyItemCard item={m.overall} comments={null} explain={{ canExplain: false }} />
			{m.goals.map((g, i) => (
				<div key={g.rowId} className="easy-goal-card">
					<h3>
						目標 {i + 1}：<Ruby segments={g.goal} />
					</h3>
					{g.items.map((item) => (
						<EasyItemCard key={item.key} item={item} comments={null} explain={{ canExplain: false }} />
					))}
				</div>
			))}
		</section>
	)
}

function MeetingSection({ view }: { view: View }) {
	const { next, last } = view.meetings
	return (
		<section className="easy-card" id="meeting" aria-labelledby="meeting-title" data-testid="easy-meeting">
			<h2 id="meeting-title">{EASY_SECTION_TITLES.meeting}</h2>
			{next ? (
				<p data-testid="easy-next-meeting">
					つぎの 話し合い：<strong>{next.date}</strong> {next.time} {next.place.length > 0 ? <Ruby segments={next.place} /> : null}（<Ruby segments={next.purpose} />）
				</p>
			) : (
				<p className="easy-empty">つぎの 話し合いは まだ きまっていません。</p>
			)}
			{last ? (
				<div>
					<h3>この前の 話し合いで きまったこと（{last.date}）</h3>
					<RubyText segments={last.decisions} empty="記録は まだ ありません" />
				</div>
			) : null}
		</section>
	)
}

const FLASH: Record<string, string> = {
	welcome: 'ようこそ。あなたの アカウントが できました。ここで 計画を 読んだり、コメントを 書いたり できます。',
	started: 'セルフプランを はじめました。下の 枠に 書いてください。書いたことは 自動で 保存されます。',
	submitted: 'セルフプランを 市役所に 出しました。答えが きたら ここに 出ます。',
}

export default function EasyViewPage() {
	const { view, user } = useLoaderData<typeof loader>()
	const [params] = useSearchParams()
	const flash = Object.keys(FLASH).find((k) => params.has(k))
	const staff = !view.isDefault
	const preferences = useOptimisticPreferences(view.preferences)
	return (
		<div
			className="easy-view"
			data-furigana={preferences.furigana ? 'on' : 'off'}
			data-size={preferences.textSize}
			data-contrast={preferences.highContrast ? 'high' : 'normal'}
			data-testid="easy-view"
		>
			<header className="easy-header">
				<p className="easy-kicker">わかりやすい表示</p>
				<h1>
					<ruby>
						{view.client.name}
						<rp>(</rp>
						<rt>{view.client.kana}</rt>
						<rp>)</rp>
					</ruby>{' '}
					さんの 計画
				</h1>
				<p className="no-print">
					{staff ? (
						<Link to={`/clients/${view.client.id}`}>いつもの 表示に もどる（職員用）</Link>
					) : (
						<Link to={`/clients/${view.client.id}?full=1`}>くわしい 画面（公式の 様式）を 見る</Link>
					)}
				</p>
			</header>
			<Settings preferences={preferences} />
			{flash ? (
				<p className="alert success" role="status">
					{FLASH[flash]}
				</p>
			) : null}
			<nav className="easy-toc no-print" aria-label="このページの もくじ">
				<a href="#plan">計画</a>
				{view.weekly ? <a href="#weekly">1週間の 予定</a> : null}
				{view.crisis ? <a href="#crisis">こまったとき</a> : null}
				{view.lifePlan ? <a href="#life-plan">これからの 暮らし</a> : null}
				{view.monitoring ? <a href="#monitoring">ふりかえり</a> : null}
				<a href="#meeting">話し合い</a>
			</nav>
			{view.consent ? (
				<section className="easy-card easy-consent" aria-labelledby="consent-title" data-testid="easy-consent">
					<h2 id="consent-title">
						<Ruby segments={view.consent.label} />
					</h2>
					<p>計画を 読んで、よければ「同意する」を おしてください。わからない ところは、コメントで 聞けます。</p>
					<Link className="button primary" to={`/clients/${view.client.id}/consent`}>
						計画を 読んで 同意する
					</Link>
				</section>
			) : null}
			<SelfPlanSection view={view} user={user} />
			<PlanSection view={view} />
			<WeeklySection view={view} />
			<CrisisSection view={view} />
			<LifePlanSection view={view} />
			<MonitoringSection view={view} />
			<MeetingSection view={view} />
		</div>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
