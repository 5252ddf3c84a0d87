import { WEEKLY_FIELDS, WEEKLY_META } from '#app/document-forms/forms/definitions.ts'
import { EntryTable, WeeklyGrid, entriesOf } from '#app/document-forms/forms/weekly-view.tsx'
import type { DocumentSnapshot } from '#app/document-forms/structure.ts'
import type { PlanHeaderFacts } from '#app/modules/versions/header-facts.ts'
import { formatWareki } from '#app/utils/wareki.ts'

/**
 * 週間計画表 (様式1-2 / 2-2) as frozen with a plan version: part of the plan, printed with it on its
 * own A4 sheet. Rendered from the version's stored facts, never from the live 週間計画表.
 */
export function WeeklyVersionSheet({ weekly, header }: { weekly: DocumentSnapshot; header: PlanHeaderFacts }) {
	const startMonth = weekly.meta[WEEKLY_META.startMonth]
	return (
		<section className="sheet weekly-sheet version-weekly" aria-labelledby="version-weekly-title" data-testid="version-weekly">
			<h2 id="version-weekly-title" className="sheet-title">
				週間計画表
			</h2>
			<table className="version-print__header">
				<tbody>
					<tr>
						<th scope="row">{header.category === 'child' ? '児童氏名' : '利用者氏名'}</th>
						<td>{header.clientName}</td>
						<th scope="row">計画作成担当者</th>
						<td>
							{header.authorName || '—'}
							{header.agencyName ? `（${header.agencyName}）` : ''}
						</td>
						<th scope="row">計画開始年月</th>
						<td>{typeof startMonth === 'string' && startMonth ? formatWareki(startMonth) : '—'}</td>
					</tr>
				</tbody>
			</table>
			<div className="weekly-sheet__body">
				<div>
					<WeeklyGrid entries={entriesOf(weekly)} compact />
					{/* the grid is a picture; the same entries in words for screen readers and keyboards */}
					<div className="no-print">
						<EntryTable entries={entriesOf(weekly)} />
					</div>
				</div>
				<div className="weekly-sheet__notes">
					{WEEKLY_FIELDS.map((def) => (
						<section key={def.key} className="sheet-box">
							<h3>{def.label}</h3>
							<span className="sheet-text">{weekly.fields[def.key] ?? ''}</span>
						</section>
					))}
				</div>
			</div>
		</section>
	)
}
