import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react'

function messageFor(status: number, data: unknown): { title: string; body: string } {
	const serverMessage =
		data && typeof data === 'object' && 'message' in data && typeof (data as { message: unknown }).message === 'string'
			? (data as { message: string }).message
			: null
	switch (status) {
		case 400:
			return { title: '入力内容に誤りがあります', body: serverMessage ?? 'リクエストの内容を確認してください。' }
		case 401:
			return { title: 'ログインが必要です', body: 'ログインしてからもう一度お試しください。' }
		case 403:
			return { title: '権限がありません', body: serverMessage ?? 'この操作を行う権限がありません。' }
		case 404:
			return { title: 'ページが見つかりません', body: 'お探しのページは存在しないか、閲覧する権限がありません。' }
		default:
			return { title: 'エラーが発生しました', body: '時間をおいて再度お試しください。問題が続く場合は管理者にお問い合わせください。' }
	}
}

/** The one error view every route uses. */
export function GeneralErrorBoundary() {
	const error = useRouteError()
	const status = isRouteErrorResponse(error) ? error.status : 500
	const { title, body } = messageFor(status, isRouteErrorResponse(error) ? error.data : null)
	if (!isRouteErrorResponse(error)) console.error(error)
	return (
		<section className="error-page" aria-labelledby="error-title">
			<h1 id="error-title">{title}</h1>
			<p>{body}</p>
			<p className="muted">エラーコード: {status}</p>
			<p>
				<Link to="/">トップページへ戻る</Link>
			</p>
		</section>
	)
}
