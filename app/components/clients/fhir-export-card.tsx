/**
 * 「データの書き出し」: the client's record as an HL7 FHIR R4 Bundle for another system (a
 * municipality, a hospital, the next office). A plain download link — the browser saves the
 * file; nothing is sent anywhere by the app.
 */
export function FhirExportCard({ clientId }: { clientId: string }) {
	const base = `/api/clients/${clientId}/fhir`
	return (
		<section className="card" aria-labelledby="fhir-export-title" data-testid="fhir-export">
			<div className="card-header">
				<h2 id="fhir-export-title">データの書き出し（HL7 FHIR）</h2>
			</div>
			<p>
				利用者の記録（基本情報・受給者証・支援チーム・計画・個別支援計画・会議・モニタリング・同意）を、他のシステムが読める国際標準形式（HL7 FHIR
				R4）で書き出します。同意済みの計画の版は、印刷と同じ A4 の PDF を添付します。書き出しは記録に残ります。
			</p>
			<div className="button-row">
				<a className="button small" href={`${base}?download=1`} download data-testid="fhir-download">
					FHIR形式でダウンロード（PDF付き）
				</a>
				<a className="button small" href={`${base}?download=1&pdf=0`} download>
					PDFなしでダウンロード
				</a>
			</div>
		</section>
	)
}
