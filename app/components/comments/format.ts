const JST_DATE_TIME = new Intl.DateTimeFormat('ja-JP', {
	timeZone: 'Asia/Tokyo',
	year: 'numeric',
	month: 'numeric',
	day: 'numeric',
	hour: '2-digit',
	minute: '2-digit',
})

/** 2026/11/24 09:05 in Japan time, whatever the server's or browser's zone. */
export function formatJstDateTime(iso: string): string {
	const date = new Date(iso)
	return Number.isNaN(date.getTime()) ? '' : JST_DATE_TIME.format(date)
}
