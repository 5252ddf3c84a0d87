/** The ten recovery codes, shown once right after they are made. */
export function RecoveryCodes({ codes }: { codes: readonly string[] }) {
	return (
		<section className="recovery-codes" aria-labelledby="recovery-title">
			<h2 id="recovery-title">リカバリーコード</h2>
			<p>
				スマートフォンをなくしたときなどに、確認コードの代わりに使えます。<strong>この画面でしか表示されません。</strong>
				印刷するか書き写して、スマートフォンとは別の安全な場所に保管してください。各コードは1回だけ使えます。
			</p>
			<ol className="recovery-code-list" data-testid="recovery-codes">
				{codes.map((code) => (
					<li key={code}>
						<code>{code}</code>
					</li>
				))}
			</ol>
		</section>
	)
}
