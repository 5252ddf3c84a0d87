import type * as Y from 'yjs'
import { CollabDate, CollabMetaText, CollabRowTable, useOrderedRows } from '../bindings/index.client.ts'
import { focusRowWhenShown } from '../bindings/row-focus.client.ts'
import { createRow, type DocumentSnapshot } from '../structure.ts'
import {
	CONTACTS_COLUMNS,
	CONTACTS_COLUMN_KEYS,
	CONTACTS_TABLE,
	CRISIS_NEEDS_FIELDS,
	CRISIS_PLACE_FIELDS,
	CRISIS_STAGES,
	CRISIS_STAGE_ASPECTS,
	SCENARIOS_COLUMNS,
	SCENARIOS_COLUMN_KEYS,
	SCENARIOS_TABLE,
	SCENARIO_SUGGESTIONS,
	crisisDensity,
	crisisFieldKey,
} from './definitions.ts'
import { useDocumentSnapshot } from './form-session.client.tsx'
import { formatWareki } from '#app/utils/wareki.ts'
import { PersonFactsBlock, PrintHeader, ScreenHeader, SheetText, TextFieldBlock, type DocumentHeaderInfo, type PersonFactKey } from './parts.client.tsx'
import { FieldGrid, metaWareki, SheetBox, SheetGrid, SheetRowsTable, type GridRow } from './sheet-parts.tsx'

/** The identity block an emergency responder needs, on the same A4 sheet. */
const CRISIS_PERSON_KEYS: readonly PersonFactKey[] = ['birthDate', 'address', 'disabilities', 'handbook', 'supportLevel', 'certificateNumbers', 'allergies', 'doctor']
/** 改訂日 (the plan is revised repeatedly, docs/domain/forms.md) */
const CRISIS_REVISED_ON = 'revisedOn'
/** 個別避難計画 items (docs/domain/forms.md): meta scalars, one line each. */
const EVACUATION_ITEMS = [
	{ key: 'evacSupporter', label: '避難支援等実施者（氏名・続柄）' },
	{ key: 'evacSupporterContact', label: '避難支援等実施者の連絡先' },
	{ key: 'evacRoute', label: '避難経路' },
] as const

/** The stages as grid rows (the tone colours the row on screen and on paper). */
const STAGE_ROWS: readonly GridRow[] = CRISIS_STAGES.map((s) => ({ key: s.key, label: s.label, className: `crisis-stage crisis-stage--${s.tone}` }))

function stageColor(key: string): string {
	return CRISIS_STAGES.find((s) => s.key === key)?.color ?? ''
}

/**
 * クライシスプラン: what everyone does at each stage (安定・青 / 注意・黄 / 要注意・赤), the
 * emergencies considered (災害, 介護者の急病・入院 = 8050, …), where the person goes and what
 * they need there, and whom to call in which order. Its printout is the emergency sheet: one
 * A4 page, black and white, that the 拠点 coordinator and the family keep at hand.
 */

export function CrisisPlanForm({ doc, writable, header }: { doc: Y.Doc; writable: boolean; header: DocumentHeaderInfo }) {
	const snapshot = useDocumentSnapshot(doc)
	return (
		<div className="kind-form crisis-form">
			<div className="no-print">
				<ScreenHeader doc={doc} writable={writable} header={header}>
					<dt>
						<label htmlFor="meta-revisedOn">改訂日</label>
					</dt>
					<dd>
						<CollabDate doc={doc} metaKey={CRISIS_REVISED_ON} label="改訂日" writable={writable} id="meta-revisedOn" format={formatWareki} />
					</dd>
				</ScreenHeader>
				<PersonFactsBlock doc={doc} snapshot={snapshot} person={header.person} keys={CRISIS_PERSON_KEYS} writable={writable} caption="本人の情報（救急隊・避難所で見せる欄）" testId="crisis-person" />
				<table className="sheet-header__table crisis-evacuation" data-testid="crisis-evacuation">
					<caption>個別避難計画</caption>
					<tbody>
						{EVACUATION_ITEMS.map((item) => (
							<tr key={item.key}>
								<th scope="row">{item.label}</th>
								<td>
									<CollabMetaText doc={doc} metaKey={item.key} label={item.label} writable={writable} />
								</td>
							</tr>
						))}
					</tbody>
				</table>
				<FieldGrid
					doc={doc}
					writable={writable}
					rows={STAGE_ROWS}
					aspects={CRISIS_STAGE_ASPECTS}
					fieldKey={crisisFieldKey}
					rowHeader={(row) => (
						<>
							<span className="crisis-stage__name">{row.label}</span>
							<span className="crisis-stage__color">（{stageColor(row.key)}）</span>
						</>
					)}
					cellLabel={(row, a) => `${row.label}（${stageColor(row.key)}）：${a.label}`}
					corner="段階"
					caption="段階ごとの対応"
					className="crisis-stages"
					testId="crisis-stages"
				/>
				<h2>想定する緊急事態</h2>
				<CollabRowTable
					doc={doc}
					table={SCENARIOS_TABLE}
					columns={SCENARIOS_COLUMNS}
					allColumns={SCENARIOS_COLUMN_KEYS}
					writable={writable}
					caption="想定する事態と対応"
					positionLabel="No."
					itemLabel="事態"
					testId="table-scenarios"
				/>
				{writable ? <ScenarioSuggestions doc={doc} /> : null}
				<h2>行き先</h2>
				{CRISIS_PLACE_FIELDS.map((def) => (
					<TextFieldBlock key={def.key} doc={doc} def={def} writable={writable} idPrefix="crisis" />
				))}
				<h2>行き先で本人に必要なこと</h2>
				{CRISIS_NEEDS_FIELDS.map((def) => (
					<TextFieldBlock key={def.key} doc={doc} def={def} writable={writable} idPrefix="crisis" />
				))}
				<h2>連絡先（連絡する順）</h2>
				<CollabRowTable
					doc={doc}
					table={CONTACTS_TABLE}
					columns={CONTACTS_COLUMNS}
					allColumns={CONTACTS_COLUMN_KEYS}
					writable={writable}
					caption="連絡先一覧（上から順に連絡）"
					positionLabel="順位"
					itemLabel="連絡先"
					testId="table-contacts"
				/>
			</div>
			<CrisisSheet snapshot={snapshot} header={header} />
		</div>
	)
}

/** One button per typical situation not in the table yet (the seeds' 8050 case first of all). */
function ScenarioSuggestions({ doc }: { doc: Y.Doc }) {
	const rows = useOrderedRows(doc, SCENARIOS_TABLE)
	const present = new Set(rows.map((r) => String(r.row.get('scenario') ?? '')))
	const missing = SCENARIO_SUGGESTIONS.filter((s) => !present.has(s))
	if (missing.length === 0) return null
	return (
		<p className="button-row no-print">
			<span className="muted">候補から追加：</span>
			{missing.map((s) => (
				<button key={s} type="button" className="button small" onClick={() => focusRowWhenShown(createRow(doc, SCENARIOS_TABLE, SCENARIOS_COLUMN_KEYS, { cells: { scenario: s } }))}>
					＋ {s}
				</button>
			))}
		</p>
	)
}

/** The emergency sheet: everything on one A4 page (compact print CSS in forms.css). */
export function CrisisSheet({ snapshot, header }: { snapshot: DocumentSnapshot; header: DocumentHeaderInfo }) {
	const density = crisisDensity(snapshot)
	return (
		<div className={`print-only sheet crisis-sheet${density === 'normal' ? '' : ` crisis-sheet--${density}`}`} data-testid="print-sheet" data-density={density}>
			<PrintHeader
				title="クライシスプラン（緊急時対応シート）"
				header={header}
				snapshot={snapshot}
				extra={
					<>
						<th scope="row">改訂日</th>
						<td>{metaWareki(snapshot, CRISIS_REVISED_ON)}</td>
					</>
				}
			/>
			<div className="crisis-sheet__identity">
				<PersonFactsBlock doc={null} snapshot={snapshot} person={header.person} keys={CRISIS_PERSON_KEYS} writable={false} caption="本人の情報" testId="crisis-person-sheet" />
				<table className="sheet-header__table" data-testid="crisis-evacuation-sheet">
					<caption>個別避難計画</caption>
					<tbody>
						{EVACUATION_ITEMS.map((item) => (
							<tr key={item.key}>
								<th scope="row">{item.label}</th>
								<td>{typeof snapshot.meta[item.key] === 'string' && snapshot.meta[item.key] ? String(snapshot.meta[item.key]) : '—'}</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>
			<SheetGrid
				snapshot={snapshot}
				rows={STAGE_ROWS}
				aspects={CRISIS_STAGE_ASPECTS}
				fieldKey={crisisFieldKey}
				rowHeader={(row) => (
					<>
						{row.label}
						<br />（{stageColor(row.key)}）
					</>
				)}
				corner="段階"
				className="crisis-sheet__stages"
			/>
			<SheetRowsTable
				snapshot={snapshot}
				table={CONTACTS_TABLE}
				columns={CONTACTS_COLUMNS}
				caption="連絡先（上から順に連絡）"
				numbered="順位"
				cellClassName={(key) => (key === 'phone' ? 'sheet-phone' : undefined)}
				className="crisis-sheet__contacts"
				testId="print-contacts"
			/>
			<div className="crisis-sheet__columns">
				<div>
					{CRISIS_PLACE_FIELDS.map((def) => (
						<SheetBox key={def.key} label={def.label} value={snapshot.fields[def.key]} />
					))}
				</div>
				<div>
					<section className="sheet-box">
						<h3>行き先で必要なこと</h3>
						<dl className="sheet-dl">
							{CRISIS_NEEDS_FIELDS.map((def) => (
								<div key={def.key}>
									<dt>{def.label}</dt>
									<dd>
										<SheetText value={snapshot.fields[def.key]} />
									</dd>
								</div>
							))}
						</dl>
					</section>
				</div>
			</div>
			<SheetRowsTable snapshot={snapshot} table={SCENARIOS_TABLE} columns={SCENARIOS_COLUMNS} caption="想定する緊急事態" className="crisis-sheet__scenarios" />
		</div>
	)
}
