import { TextField } from './forms.tsx'

/** QR code and manual key for an authenticator app, and the field for its first code. */
export function TotpSetup({ qrDataUri, secretForDisplay, errors }: { qrDataUri: string; secretForDisplay: string; errors?: string[] | null }) {
	return (
		<div className="totp-setup">
			<ol className="steps">
				<li>
					スマートフォンに認証アプリ（Google Authenticator、Microsoft Authenticator、IIJ SmartKey など）を入れます。
				</li>
				<li>
					アプリで次のQRコードを読み取ります。
					<img className="totp-qr" src={qrDataUri} width={200} height={200} alt="認証アプリに登録するためのQRコード" />
					読み取れないときは「セットアップキー」を手入力してください（種類: 時間ベース）：
					<code className="totp-secret" data-testid="totp-secret">
						{secretForDisplay}
					</code>
				</li>
				<li>アプリに表示された6桁のコードを入力します。</li>
			</ol>
			<TextField
				label="確認コード（6桁）"
				name="code"
				inputMode="numeric"
				autoComplete="one-time-code"
				maxLength={12}
				required
				autoFocus
				errors={errors}
			/>
		</div>
	)
}
