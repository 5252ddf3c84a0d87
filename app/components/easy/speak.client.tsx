import { useEffect, useState } from 'react'

/**
 * 読み上げ: only where the browser has a Japanese voice (speechSynthesis). Hidden otherwise —
 * a button that cannot speak Japanese would read kanji in another language or not at all.
 */
function hasJapaneseVoice(): boolean {
	return typeof window !== 'undefined' && 'speechSynthesis' in window && window.speechSynthesis.getVoices().some((v) => v.lang.toLowerCase().startsWith('ja'))
}

export function useJapaneseVoice(): boolean {
	const [available, setAvailable] = useState(false)
	useEffect(() => {
		if (!('speechSynthesis' in window)) return
		const update = () => setAvailable(hasJapaneseVoice())
		update()
		window.speechSynthesis.addEventListener('voiceschanged', update)
		return () => window.speechSynthesis.removeEventListener('voiceschanged', update)
	}, [])
	return available
}

export function SpeakButton({ text, label }: { text: string; label: string }) {
	const available = useJapaneseVoice()
	const [speaking, setSpeaking] = useState(false)
	if (!available || text.trim() === '') return null
	return (
		<button
			type="button"
			className="button easy-speak"
			aria-pressed={speaking}
			onClick={() => {
				const synth = window.speechSynthesis
				if (speaking) {
					synth.cancel()
					setSpeaking(false)
					return
				}
				const utterance = new SpeechSynthesisUtterance(text)
				utterance.lang = 'ja-JP'
				utterance.voice = synth.getVoices().find((v) => v.lang.toLowerCase().startsWith('ja')) ?? null
				utterance.rate = 0.9
				utterance.onend = () => setSpeaking(false)
				utterance.onerror = () => setSpeaking(false)
				synth.cancel()
				synth.speak(utterance)
				setSpeaking(true)
			}}
		>
			{speaking ? '読み上げを止める' : `🔊 ${label}を読み上げる`}
		</button>
	)
}
