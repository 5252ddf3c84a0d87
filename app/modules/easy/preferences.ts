/** わかりやすい表示の設定: ふりがな, 文字の大きさ (3 sizes), 高いコントラスト. Pure. */
export const TEXT_SIZES = ['medium', 'large', 'xlarge'] as const
export type TextSize = (typeof TEXT_SIZES)[number]
export const TEXT_SIZE_LABELS: Record<TextSize, string> = { medium: '標準', large: '大きい', xlarge: 'とても大きい' }

export type EasyPreferences = { furigana: boolean; textSize: TextSize; highContrast: boolean }
export const DEFAULT_PREFERENCES: EasyPreferences = { furigana: true, textSize: 'medium', highContrast: false }

export function isTextSize(value: unknown): value is TextSize {
	return (TEXT_SIZES as readonly unknown[]).includes(value)
}

/**
 * One change from the settings form (each toggle posts one setting). Unknown settings or values
 * are refused rather than ignored, so a broken form shows an error instead of "saved".
 */
export function applyPreferenceChange(current: EasyPreferences, setting: unknown, value: unknown): { ok: true; preferences: EasyPreferences } | { ok: false; error: string } {
	switch (setting) {
		case 'furigana':
		case 'highContrast':
			if (value !== 'on' && value !== 'off') return { ok: false, error: '設定の値が正しくありません' }
			return { ok: true, preferences: { ...current, [setting]: value === 'on' } }
		case 'textSize':
			if (!isTextSize(value)) return { ok: false, error: '文字の大きさを選んでください' }
			return { ok: true, preferences: { ...current, textSize: value } }
		default:
			return { ok: false, error: '不明な設定です' }
	}
}
