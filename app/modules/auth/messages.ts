/** Answers of the throttles, in words a busy office understands (no lock, only "later"). */
export function retryMessage(error: 'throttled' | 'busy' | 'replayed' | 'invalid', retryAfterSeconds = 60): string {
	if (error === 'busy') return 'このネットワークからのログインが集中しています。1分ほどおいてから再度お試しください。'
	if (error === 'replayed') return 'このコードはすでに使われました。認証アプリに次のコードが表示されてから入力してください。'
	if (error === 'invalid') return '確認コードが正しくありません。'
	return `ログインの失敗が続いたため、次の試行まで${formatWait(retryAfterSeconds)}お待ちください。`
}

function formatWait(seconds: number): string {
	if (seconds < 60) return `${seconds}秒`
	return `${Math.ceil(seconds / 60)}分`
}
