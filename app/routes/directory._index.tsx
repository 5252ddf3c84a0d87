import type { LinksFunction, LoaderFunctionArgs, MetaFunction, SerializeFrom } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { SelectField, TextField } from '#app/components/forms.tsx'
import { requireUser } from '#app/modules/auth/auth.server.ts'
import { requireGlobalPermission } from '#app/modules/authz.server.ts'
import {
	canonicalDirectorySearch,
	describeFilters,
	parseDirectoryFilters,
	type DirectoryFilters,
} from '#app/modules/organizations/directory-filter.ts'
import { directoryOptions, searchDirectory } from '#app/modules/organizations/directory.server.ts'
import {
	DAYS,
	KIND_LABELS,
	ORGANIZATION_KINDS,
	TARGET_FIELDS,
	TARGET_LABELS,
	TARGET_LEVEL_MARKS,
	TARGETS,
	TRAINING_FIELDS,
	TRAINING_LABELS,
	TRAININGS,
	kindLabel,
	targetLevelMark,
	vacancyLabel,
} from '#app/modules/organizations/labels.ts'
import directoryStyles from '#app/styles/directory.css'
import { formatJpDate } from '#app/utils/dates.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: directoryStyles }]

export const meta: MetaFunction = () => [{ title: '事業所を探す | きずなプラン' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	await requireGlobalPermission(request, current, 'directory.view')
	const params = new URL(request.url).searchParams
	// The GET form sends its empty fields too; redirect to the tidy URL people bookmark and share.
	const canonical = canonicalDirectorySearch(params)
	if (canonical !== null) throw redirect(canonical ? `/directory?${canonical}` : '/directory')
	const filters = parseDirectoryFilters(params)
	const [{ entries, total }, options] = await Promise.all([searchDirectory(filters), directoryOptions()])
	return json({ filters, entries, total, options })
}

type LoaderData = SerializeFrom<typeof loader>
type Entry = LoaderData['entries'][number]

export default function DirectoryPage() {
	const { filters, entries, total, options } = useLoaderData<typeof loader>()
	const conditions = describeFilters(filters)
	return (
		<>
			<div className="page-header">
				<h1>事業所を探す</h1>
				<div className="directory-actions">
					<button type="button" className="button" onClick={() => window.print()}>
						この一覧を印刷
					</button>
				</div>
			</div>
			<p className="directory-intro muted">
				相談支援事業所などを、対象・研修・営業日・空き状況で探せます。「利用計画」を作成する事業所は、ご本人・ご家族が選ぶことができます（市外の事業所に依頼することもできます）。
			</p>
			<FilterForm filters={filters} options={options} />
			<div className="directory-summary">
				<p className="count" role="status" aria-live="polite" aria-atomic="true">
					{`${total}件の事業所が見つかりました`}
				</p>
				{conditions.length > 0 ? <p className="conditions">条件: {conditions.join(' / ')}</p> : null}
			</div>
			{entries.length < total ? (
				<p className="alert warning">最初の{entries.length}件を表示しています。条件を絞り込んでください。</p>
			) : null}
			{entries.length === 0 ? (
				<div className="empty-state">
					<p>条件に合う事業所は見つかりませんでした。</p>
					<p>
						条件を減らすか、<Link to="/directory">条件をクリア</Link>してもう一度お探しください。
					</p>
				</div>
			) : (
				<>
					<Legend />
					<div className="table-wrap">
						<table className="data directory-table">
							<caption className="visually-hidden">事業所一覧（{total}件）</caption>
							<thead>
								<tr>
									<th scope="col">事業所名</th>
									<th scope="col">所在地・電話（FAX）</th>
									{TARGETS.map((t) => (
										<th key={t} scope="col" className="mark">
											<abbr title={TARGET_LABELS[t].long}>{TARGET_LABELS[t].short}</abbr>
										</th>
									))}
									<th scope="col">研修</th>
									<th scope="col">営業時間</th>
									<th scope="col">空き状況</th>
								</tr>
							</thead>
							<tbody>
								{entries.map((entry) => (
									<DirectoryRow key={entry.id} entry={entry} />
								))}
							</tbody>
						</table>
					</div>
				</>
			)}
		</>
	)
}

function FilterForm({ filters, options }: { filters: DirectoryFilters; options: LoaderData['options'] }) {
	// Remount on every navigation so the controls show the filters in the URL (back button, clear).
	const location = useLocation()
	return (
		<section className="card directory-filters" aria-labelledby="directory-filters-title">
			<h2 id="directory-filters-title">検索条件</h2>
			<Form method="get" action="/directory" role="search" aria-labelledby="directory-filters-title" key={location.search}>
				<div className="form-grid">
					<TextField
						label="キーワード"
						name="q"
						type="search"
						defaultValue={filters.q}
						hint="事業所名・法人名・所在地（スペース区切りで複数）"
						maxLength={100}
					/>
					<SelectField
						label="市区町村"
						name="city"
						defaultValue={filters.city}
						options={[{ value: '', label: 'すべて' }, ...options.cities.map((c) => ({ value: c, label: c }))]}
					/>
					<SelectField
						label="種別"
						name="kind"
						defaultValue={filters.kind}
						options={[{ value: '', label: 'すべて' }, ...ORGANIZATION_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))]}
					/>
					<SelectField
						label="サービス"
						name="service"
						defaultValue={filters.service}
						options={[{ value: '', label: 'すべて' }, ...options.serviceTypes.map((s) => ({ value: s, label: s }))]}
					/>
				</div>
				<div className="form-grid">
					<div>
						<SelectField
							label="対象"
							name="target"
							defaultValue={filters.target}
							hint="「相談可能（○）」と「主に支援（◆）」の事業所を表示します"
							options={[
								{ value: '', label: '指定なし' },
								...TARGETS.map((t) => ({ value: t, label: `${TARGET_LABELS[t].short}：${TARGET_LABELS[t].long}` })),
							]}
						/>
						<label className="field-inline">
							<input type="checkbox" name="main" value="1" defaultChecked={filters.mainOnly} />
							主に支援している対象（◆）の事業所のみ
						</label>
					</div>
					<fieldset>
						<legend>研修を受けた事業所</legend>
						<div className="checkbox-row">
							{TRAININGS.map((t) => (
								<label key={t}>
									<input type="checkbox" name="training" value={t} defaultChecked={filters.trainings.includes(t)} />
									<span aria-hidden="true">{TRAINING_LABELS[t].mark}</span>
									{TRAINING_LABELS[t].label}
								</label>
							))}
						</div>
					</fieldset>
					<fieldset>
						<legend>営業日（選んだ曜日すべてに営業）</legend>
						<div className="checkbox-row">
							{DAYS.map((d) => (
								<label key={d.code}>
									<input type="checkbox" name="day" value={d.code} defaultChecked={filters.days.includes(d.code)} />
									{d.char}
									<span className="visually-hidden">曜日</span>
								</label>
							))}
						</div>
					</fieldset>
					<fieldset>
						<legend>空き状況</legend>
						<div className="checkbox-row">
							<label>
								<input type="checkbox" name="vacancy" value="open" defaultChecked={filters.vacancyOpen} />
								空きあり（わずかを含む）のみ
							</label>
						</div>
					</fieldset>
				</div>
				<div className="button-row">
					<button type="submit" className="button primary">
						この条件で探す
					</button>
					<Link to="/directory" className="button">
						条件をクリア
					</Link>
				</div>
			</Form>
		</section>
	)
}

function Legend() {
	return (
		<div className="directory-legend" aria-label="記号の説明" role="note">
			<p>
				対象：
				{(['main', 'available', 'unavailable'] as const).map((level) => (
					<span key={level} className="legend-item">
						<span className="mark">{TARGET_LEVEL_MARKS[level].mark}</span> {TARGET_LEVEL_MARKS[level].label}
					</span>
				))}
			</p>
			<p>
				{TARGETS.map((t) => (
					<span key={t} className="legend-item">
						{TARGET_LABELS[t].short}：{TARGET_LABELS[t].long}
					</span>
				))}
			</p>
			<p>
				研修：
				{TRAININGS.map((t) => (
					<span key={t} className="legend-item">
						<span className="mark">{TRAINING_LABELS[t].mark}</span> {TRAINING_LABELS[t].label}
					</span>
				))}
			</p>
		</div>
	)
}

function DirectoryRow({ entry }: { entry: Entry }) {
	const vacancy = vacancyLabel(entry.vacancyStatus)
	const trainings = TRAININGS.filter((t) => entry[TRAINING_FIELDS[t]])
	return (
		<tr data-testid="directory-row">
			<td data-label="事業所名">
				<Link to={`/directory/${entry.id}`} className="org-name">
					{entry.name}
				</Link>
				{entry.corporation ? <span className="org-corporation">{entry.corporation}</span> : null}
				<span className="org-corporation">{kindLabel(entry.kind)}</span>
			</td>
			<td data-label="所在地・電話" className="org-contact">
				{entry.address ? <div>{entry.address}</div> : null}
				{entry.phone ? (
					<div>
						<span className="visually-hidden">電話 </span>
						<a href={`tel:${entry.phone}`}>{entry.phone}</a>
						{entry.fax ? <span>（FAX {entry.fax}）</span> : null}
					</div>
				) : entry.fax ? (
					<div>FAX {entry.fax}</div>
				) : null}
			</td>
			{TARGETS.map((t) => {
				const level = entry[TARGET_FIELDS[t]]
				const mark = targetLevelMark(level)
				return (
					<td key={t} className={`mark ${level}`} data-label={TARGET_LABELS[t].short}>
						<span aria-hidden="true">{mark.mark}</span>
						<span className="visually-hidden">
							{TARGET_LABELS[t].long}: {mark.label}
						</span>
					</td>
				)
			})}
			<td data-label="研修">
				{trainings.length > 0 ? (
					<span className="training-marks" title={trainings.map((t) => TRAINING_LABELS[t].label).join('・')}>
						<span aria-hidden="true">{trainings.map((t) => TRAINING_LABELS[t].mark).join('')}</span>
						<span className="visually-hidden">{trainings.map((t) => TRAINING_LABELS[t].label).join('、')}</span>
					</span>
				) : (
					<span className="muted">
						<span aria-hidden="true">—</span>
						<span className="visually-hidden">なし</span>
					</span>
				)}
			</td>
			<td data-label="営業時間">{entry.businessHours || <span className="muted">—</span>}</td>
			<td data-label="空き状況">
				<span className={`badge ${vacancy.badge}`}>{vacancy.label}</span>
				{entry.vacancyAsOf ? <span className="vacancy-date">{formatJpDate(entry.vacancyAsOf)}時点</span> : null}
			</td>
		</tr>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
