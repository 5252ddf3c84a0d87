/**
 * The directory's search filters: parsed from the URL (the search form is a GET form, so a
 * search can be bookmarked, shared and printed) and turned into a Prisma where clause. Pure:
 * no database access, so it is unit-tested on its own and shared with the page.
 */
import type { Prisma } from '#app/generated/prisma/client.ts'
import {
	DAYS,
	KIND_LABELS,
	ORGANIZATION_KINDS,
	TARGET_FIELDS,
	TARGET_LABELS,
	TARGETS,
	TRAINING_FIELDS,
	TRAINING_LABELS,
	TRAININGS,
	type DayCode,
	type OrganizationKind,
	type Target,
	type Training,
} from '#app/modules/organizations/labels.ts'

export type DirectoryFilters = {
	/** free text over name, corporation and address; whitespace separates words that must all match */
	q: string
	kind: OrganizationKind | ''
	target: Target | ''
	/** with a target: only offices that mainly support it (◆), not just accept it (○) */
	mainOnly: boolean
	/** every listed training must have been completed */
	trainings: Training[]
	service: string
	/** open on every listed day */
	days: DayCode[]
	/** 空きあり: vacancy available or few */
	vacancyOpen: boolean
	city: string
}

export const EMPTY_FILTERS: DirectoryFilters = {
	q: '',
	kind: '',
	target: '',
	mainOnly: false,
	trainings: [],
	service: '',
	days: [],
	vacancyOpen: false,
	city: '',
}

const MAX_QUERY_LENGTH = 100
const MAX_TOKENS = 5
const MAX_VALUE_LENGTH = 100

function oneOf<T extends string>(allowed: readonly T[], value: string | null): T | '' {
	return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : ''
}

function clean(value: string | null): string {
	return (value ?? '').trim().slice(0, MAX_VALUE_LENGTH)
}

/**
 * Reads the filters from the query string. Unknown or malformed values are ignored rather
 * than refused: the URL is user-editable and a bad bookmark should still show a list.
 */
export function parseDirectoryFilters(params: URLSearchParams): DirectoryFilters {
	const trainings = TRAININGS.filter((t) => params.getAll('training').includes(t))
	const days = DAYS.map((d) => d.code).filter((code) => params.getAll('day').includes(code))
	const target = oneOf(TARGETS, params.get('target'))
	return {
		q: (params.get('q') ?? '').trim().slice(0, MAX_QUERY_LENGTH),
		kind: oneOf(ORGANIZATION_KINDS, params.get('kind')),
		target,
		mainOnly: target !== '' && params.get('main') === '1',
		trainings,
		service: clean(params.get('service')),
		days,
		vacancyOpen: params.get('vacancy') === 'open',
		city: clean(params.get('city')),
	}
}

/** The query string for a set of filters (inverse of parseDirectoryFilters). */
export function filtersToSearchParams(filters: DirectoryFilters): URLSearchParams {
	const params = new URLSearchParams()
	if (filters.q) params.set('q', filters.q)
	if (filters.kind) params.set('kind', filters.kind)
	if (filters.target) params.set('target', filters.target)
	if (filters.target && filters.mainOnly) params.set('main', '1')
	for (const t of filters.trainings) params.append('training', t)
	if (filters.service) params.set('service', filters.service)
	for (const d of filters.days) params.append('day', d)
	if (filters.vacancyOpen) params.set('vacancy', 'open')
	if (filters.city) params.set('city', filters.city)
	return params
}

/**
 * The tidy query string for a search when the given one is not already tidy (empty fields
 * of the GET form, unknown values), else null. Order is ignored, so a URL in another order
 * is left alone: only what would change the meaning or clutter a shared link is rewritten.
 */
export function canonicalDirectorySearch(params: URLSearchParams): string | null {
	const canonical = filtersToSearchParams(parseDirectoryFilters(params))
	const key = (p: URLSearchParams) => [...p.entries()].map(([k, v]) => `${k}=${v}`).sort().join('&')
	return key(params) === key(canonical) ? null : canonical.toString()
}

export function hasActiveFilters(filters: DirectoryFilters): boolean {
	return filtersToSearchParams(filters).toString() !== ''
}

// Prisma passes `contains` to SQLite's LIKE without escaping, so these would act as wildcards.
const LIKE_WILDCARDS = /[%_]/g

/**
 * Search words: split on ASCII and full-width spaces, de-duplicated, at most five. Each word
 * is also tried in NFKC form so that full-width digits and letters ("１－４７２") find the
 * half-width ones stored in addresses. LIKE wildcards are dropped (also those NFKC produces,
 * e.g. from "％"); no name or address in the directory contains them.
 */
export function searchTokens(q: string): string[][] {
	const words = [...new Set(q.split(/[\s\u3000]+/).filter(Boolean))]
	const tokens: string[][] = []
	for (const word of words) {
		const variants = [...new Set([word, word.normalize('NFKC')].map((v) => v.replace(LIKE_WILDCARDS, '')))].filter(Boolean)
		if (variants.length > 0) tokens.push(variants)
	}
	return tokens.slice(0, MAX_TOKENS)
}

const TEXT_FIELDS = ['name', 'corporation', 'address'] as const

export function buildDirectoryWhere(filters: DirectoryFilters): Prisma.OrganizationWhereInput {
	const and: Prisma.OrganizationWhereInput[] = []
	for (const variants of searchTokens(filters.q)) {
		and.push({ OR: variants.flatMap((v) => TEXT_FIELDS.map((field) => ({ [field]: { contains: v } }))) })
	}
	if (filters.kind) and.push({ kind: filters.kind })
	if (filters.city) and.push({ city: filters.city })
	if (filters.target) {
		const field = TARGET_FIELDS[filters.target]
		// 相談可以上: ◆ and ○ both accept the group; 主に支援 keeps only ◆.
		and.push({ [field]: filters.mainOnly ? 'main' : { in: ['main', 'available'] } })
	}
	for (const t of filters.trainings) and.push({ [TRAINING_FIELDS[t]]: true })
	if (filters.service) and.push({ services: { some: { serviceType: filters.service } } })
	for (const code of filters.days) {
		const day = DAYS.find((d) => d.code === code)
		if (day) and.push({ openDays: { contains: day.char } })
	}
	if (filters.vacancyOpen) and.push({ vacancyStatus: { in: ['available', 'few'] } })
	return and.length > 0 ? { AND: and } : {}
}

/** The active filters in words, for the result summary and the printed list. */
export function describeFilters(filters: DirectoryFilters): string[] {
	const parts: string[] = []
	if (filters.q) parts.push(`キーワード「${filters.q}」`)
	if (filters.city) parts.push(`市区町村: ${filters.city}`)
	if (filters.kind) parts.push(`種別: ${KIND_LABELS[filters.kind]}`)
	if (filters.target) {
		parts.push(`対象: ${TARGET_LABELS[filters.target].long}（${filters.mainOnly ? '主に支援' : '相談可能以上'}）`)
	}
	if (filters.trainings.length > 0) {
		parts.push(`研修: ${filters.trainings.map((t) => TRAINING_LABELS[t].label).join('・')}`)
	}
	if (filters.service) parts.push(`サービス: ${filters.service}`)
	if (filters.days.length > 0) {
		parts.push(`営業日: ${filters.days.map((code) => DAYS.find((d) => d.code === code)?.char ?? '').join('・')}曜日`)
	}
	if (filters.vacancyOpen) parts.push('空きあり（わずかを含む）')
	return parts
}
