import { describe, expect, test } from 'vitest'
import { DEFAULT_SETTINGS, resolveSettings, settingsFromEnv, SETTINGS_ENV } from './config.ts'

describe('collaboration settings', () => {
	test('overrides apply in order over the defaults', () => {
		const settings = resolveSettings({ maxPayloadBytes: 1000 }, { maxPayloadBytes: 2000, pingIntervalMs: 5 }, undefined)
		expect(settings).toEqual({ ...DEFAULT_SETTINGS, maxPayloadBytes: 2000, pingIntervalMs: 5 })
	})

	test('typos and nonsense are refused instead of silently keeping a default', () => {
		expect(() => resolveSettings({ maxPayload: 1 } as never)).toThrow(/Unknown/)
		expect(() => resolveSettings({ maxPayloadBytes: -1 })).toThrow(/positive/)
		expect(() => resolveSettings({ maxPayloadBytes: Number.NaN })).toThrow(/positive/)
		expect(() => resolveSettings({ maxPayloadBytes: '5' as never })).toThrow(/positive/)
	})

	test('reads the environment variable as JSON', () => {
		expect(settingsFromEnv({} as NodeJS.ProcessEnv)).toBeUndefined()
		expect(settingsFromEnv(env('{"maxConnectionsPerIp":5000}'))).toEqual({ maxConnectionsPerIp: 5000 })
		expect(() => settingsFromEnv(env('{'))).toThrow(/JSON/)
		expect(() => settingsFromEnv(env('[1]'))).toThrow(/object/)
	})
})

function env(value: string): NodeJS.ProcessEnv {
	return { [SETTINGS_ENV]: value } as unknown as NodeJS.ProcessEnv
}
