import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CODE_SYSTEMS, DEFAULT_CERTIFICATE_KIND, EXTENSIONS, JP_PATIENT_PROFILE, LOCAL_CODE_SYSTEMS, serviceTypeConcept, serviceTypeIn } from './codes.ts'
import { mapCoverage } from './coverage.ts'
import { jstDateTime, mapMeeting } from './encounters.ts'
import { buildCollection } from './bundle.ts'
import { exportFileName, parseExportQuery } from './http.ts'
import { fhirId, fullUrlOf } from './ids.ts'
import { narrative } from './narrative.ts'
import { mapCareTeam, mapPatient, meetsJpPatient, nameFromText } from './people.ts'
import { achievementCode, carePlanStatus, goalTarget, latestAchievement, mapGoals, mapOverallCarePlan, weeklyActivities } from './plans.ts'
import type { ExportSource, SourceCertificate, SourceClient, SourceMeeting, SourcePlan } from './source.ts'

const CLIENT: SourceClient = {
	id: 'client-1',
	familyName: '佐藤',
	givenName: '誠',
	familyNameKana: 'さとう',
	givenNameKana: 'まこと',
	birthDate: '1990-04-01',
	gender: '男',
	category: 'adult',
	guardianName: '',
	supportLevel: '3',
	postalCode: '123-4567',
	address: '希望が丘市1-2-3',
	phone: '',
	closed: false,
}

function source(overrides: Partial<ExportSource> = {}): ExportSource {
	return {
		exportedAt: '2026-12-07T00:00:00.000Z',
		today: '2026-12-07',
		client: CLIENT,
		municipality: null,
		organizations: [{ id: 'org-p', kind: 'provider', name: '生活介護事業所ひだまり', address: '', phone: '', serviceTypes: ['生活介護'] }],
		members: [],
		certificates: [],
		plan: null,
		weekly: null,
		assessment: null,
		isps: [],
		annexes: [],
		meetings: [],
		monitorings: [],
		versions: [],
		...overrides,
	}
}

const CERTIFICATE: SourceCertificate = {
	id: 'cert-1',
	number: '1234567890',
	issuedBy: '希望が丘市',
	issuedOn: '2026-10-01',
	effectiveFrom: '2026-10-01',
	decisionStart: '2026-10-01',
	decisionEnd: '2027-09-30',
	supportLevel: '3',
	copayCap: 9300,
	monitoringPeriod: 'every3',
	monitoringMonths: ['2026-12', '2027-03'],
	services: [{ serviceType: '生活介護', amount: '当該月の日数から8日を控除した日数' }],
}

describe('ids', () => {
	it('are UUIDs derived from what the resource stands for: stable, distinct per type and key', () => {
		expect(fhirId('Patient', 'client-1')).toBe(fhirId('Patient', 'client-1'))
		expect(fhirId('Patient', 'client-1')).not.toBe(fhirId('Goal', 'client-1'))
		expect(fhirId('Goal', 'a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
		expect(fullUrlOf('x')).toBe('urn:uuid:x')
	})
})

describe('codes', () => {
	it('every local CodeSystem lives under the project base URL with unique codes', () => {
		for (const system of LOCAL_CODE_SYSTEMS) {
			expect(system.url.startsWith('https://kizuna-plan.jp/fhir/CodeSystem/')).toBe(true)
			expect(new Set(system.concept.map((c) => c.code)).size).toBe(system.concept.length)
		}
	})
	it('service types: known names coded, unknown ones text only; the longest name inside free text wins', () => {
		expect(serviceTypeConcept('生活介護').coding?.[0]).toEqual({ system: CODE_SYSTEMS.serviceType, code: 'daily-life-care', display: '生活介護' })
		expect(serviceTypeConcept('見守り')).toEqual({ text: '見守り' })
		expect(serviceTypeIn('就労継続支援B型 週4日')?.coding?.[0].code).toBe('employment-b')
		expect(serviceTypeIn('家族の見守り')).toBeNull()
	})
})

describe('Patient', () => {
	it('kanji and kana names marked as JP Core asks, and the JP_Patient profile only when its constraints are met', () => {
		const patient = mapPatient(CLIENT)
		expect(patient.meta?.profile).toEqual([JP_PATIENT_PROFILE])
		expect(patient.name?.map((n) => [n.extension?.[0].valueCode, n.family, n.given?.[0]])).toEqual([
			['IDE', '佐藤', '誠'],
			['SYL', 'さとう', 'まこと'],
		])
		expect(patient).toMatchObject({ gender: 'male', birthDate: '1990-04-01', address: [{ postalCode: '123-4567', country: 'JP' }] })
		expect(meetsJpPatient({ ...CLIENT, givenNameKana: '' })).toBe(false)
		expect(meetsJpPatient({ ...CLIENT, postalCode: '1234567' })).toBe(false)
		expect(mapPatient({ ...CLIENT, postalCode: '1234567' }).meta).toBeUndefined()
		expect(mapPatient({ ...CLIENT, gender: '' }).gender).toBe('unknown')
	})
	it('a name held as one string is split at the first space', () => {
		expect(nameFromText('佐藤 洋子')[0]).toMatchObject({ family: '佐藤', given: ['洋子'] })
		expect(nameFromText('木村')[0]).toMatchObject({ text: '木村' })
		expect(nameFromText('  ')).toEqual([])
	})
})

describe('Coverage', () => {
	it('one per certificate row: number, period, cap, services, monitoring months and 区分 as extensions', () => {
		const coverage = mapCoverage(CERTIFICATE, source())
		expect(coverage).toMatchObject({
			identifier: [{ value: '1234567890' }],
			period: { start: '2026-10-01', end: '2027-09-30' },
			costToBeneficiary: [{ valueMoney: { value: 9300, currency: 'JPY' } }],
			payor: [{ display: '希望が丘市' }],
		})
		expect(coverage.type?.coding?.[0].code).toBe(DEFAULT_CERTIFICATE_KIND)
		const urls = coverage.extension?.map((e) => e.url)
		expect(urls).toEqual([EXTENSIONS.certificateService, EXTENSIONS.monitoringPeriod, EXTENSIONS.monitoringMonth, EXTENSIONS.monitoringMonth, EXTENSIONS.supportLevel, EXTENSIONS.issuedOn])
		expect(coverage.extension?.[0].extension?.[1]).toEqual({ url: 'amount', valueString: '当該月の日数から8日を控除した日数' })
	})
	it('the kind is a local code, defaulting to 障害福祉サービス when absent; each kind has its own number system', () => {
		const child = mapCoverage({ ...CERTIFICATE, kind: 'child_day' }, source())
		expect(child.type?.coding?.[0]).toMatchObject({ code: 'child_day', display: '通所受給者証' })
		expect(child.identifier?.[0].system).toMatch(/\/child_day$/)
		expect(mapCoverage({ ...CERTIFICATE, kind: '' }, source()).type?.coding?.[0].code).toBe('welfare')
		expect(mapCoverage({ ...CERTIFICATE, kind: 'community' }, source()).type?.coding?.[0].display).toBe('地域相談支援受給者証')
	})
	it('the payor is the municipality record when it issued the certificate', () => {
		const municipality = { id: 'org-city', kind: 'municipality', name: '希望が丘市', address: '', phone: '', serviceTypes: [] }
		expect(mapCoverage(CERTIFICATE, source({ municipality })).payor[0].reference).toBe(fullUrlOf(fhirId('Organization', 'org-city')))
	})
})

const PLAN: SourcePlan = {
	documentId: 'plan-1',
	version: null,
	cycle: { number: 1, variant: 'specialist', state: 'active', ended: false },
	stage: 'final',
	snapshot: {
		fields: { policy: '方針' },
		meta: { stage: 'final', planDate: '2026-12-01' },
		rows: [{ id: 'rgoal00001', table: 'goals', order: 1, cells: { need: '課題', goal: '目標', targetDate: '2027-03-31', notes: '留意' }, links: [] }],
	},
}

describe('plans', () => {
	it('CarePlan.status follows the cycle', () => {
		expect(carePlanStatus(PLAN, false)).toBe('active')
		expect(carePlanStatus({ ...PLAN, cycle: { ...PLAN.cycle!, state: 'draft' } }, false)).toBe('draft')
		expect(carePlanStatus({ ...PLAN, cycle: { ...PLAN.cycle!, state: 'revision', ended: true } }, false)).toBe('completed')
		expect(carePlanStatus(PLAN, true)).toBe('completed')
		expect(carePlanStatus({ ...PLAN, cycle: null }, false)).toBe('draft')
	})
	it('created / period come from the plan dates, and a malformed date is left out rather than exported', () => {
		expect(mapOverallCarePlan(PLAN, source(), [])).toMatchObject({ created: '2026-12-01', period: { start: '2026-12-01' }, intent: 'plan', status: 'active' })
		const garbled = mapOverallCarePlan({ ...PLAN, snapshot: { ...PLAN.snapshot, meta: { stage: 'final', planDate: '12月1日' } } }, source(), [])
		expect(garbled.created).toBeUndefined()
		expect(garbled.period).toBeUndefined()
	})
	it('達成時期 becomes a due date or a duration; anything else stays a note', () => {
		expect(goalTarget('2027年3月31日')).toEqual([{ dueDate: '2027-03-31' }])
		expect(goalTarget('２０２７年３月')).toEqual([{ dueDate: '2027-03' }])
		expect(goalTarget('6か月')?.[0].dueDuration).toMatchObject({ value: 6, code: 'mo' })
		expect(goalTarget('1年後')?.[0].dueDuration).toMatchObject({ value: 1, code: 'a' })
		expect(goalTarget('次回の更新まで')).toBeUndefined()
	})
	it('支援目標の達成度 words map to goal-achievement codes', () => {
		expect(achievementCode('目標を達成した')).toBe('achieved')
		expect(achievementCode('未達成')).toBe('not-achieved')
		expect(achievementCode('通所日数が増え、改善している')).toBe('improving')
		expect(achievementCode('変化なし')).toBe('no-change')
		expect(achievementCode('体調が悪化')).toBe('worsening')
		expect(achievementCode('安定して維持できている')).toBe('sustaining')
		expect(achievementCode('取り組み中')).toBe('in-progress')
	})
	it('achievementStatus comes from the latest completed monitoring whose row links to the goal', () => {
		const report = (id: string, conductedOn: string, status: string, answer: string) => ({
			id,
			documentId: `d-${id}`,
			month: conductedOn.slice(0, 7),
			conductedOn,
			status,
			changeNeeded: false,
			completedAt: null,
			snapshot: { fields: {}, meta: {}, rows: [{ id: 'rm1', table: 'goals', order: 1, cells: { achievement: answer }, links: ['rgoal00001'] }] },
		})
		const monitorings = [report('a', '2026-09-10', 'completed', '変化なし'), report('b', '2026-12-05', 'completed', '達成'), report('c', '2026-12-06', 'draft', '悪化')]
		expect(latestAchievement('rgoal00001', monitorings)).toEqual({ text: '達成', date: '2026-12-05' })
		const [goal] = mapGoals(PLAN, source({ monitorings }))
		expect(goal).toMatchObject({ lifecycleStatus: 'active', achievementStatus: { coding: [{ code: 'achieved' }] }, statusDate: '2026-12-05', target: [{ dueDate: '2027-03-31' }], note: [{ text: 'その他留意事項：留意' }] })
		expect(goal.extension?.[0]).toEqual({ url: EXTENSIONS.priorityRank, valuePositiveInt: 1 })
	})
	it('weekly service entries become activities with dayOfWeek / timeOfDay / duration, grouped by label and hours', () => {
		const row = (id: string, day: string, start: string, end: string, label: string, kind = 'service') => ({ id, table: 'schedule', order: 1, cells: { day, start, end, label, kind }, links: [] })
		const weekly = { fields: {}, meta: {}, rows: [row('r1', 'wed', '09:00', '15:00', '生活介護事業所ひだまり'), row('r2', 'mon', '09:00', '15:00', '生活介護事業所ひだまり'), row('r3', 'sat', '10:00', '11:00', '買い物', 'home'), row('r4', 'tue', '15:00', '09:00', '逆転')] }
		const activities = weeklyActivities(weekly, source().organizations, 'in-progress')
		expect(activities).toHaveLength(1)
		expect(activities[0].detail).toMatchObject({ scheduledTiming: { repeat: { dayOfWeek: ['mon', 'wed'], timeOfDay: ['09:00:00'], duration: 360, durationUnit: 'min' } }, performer: [{ display: '生活介護事業所ひだまり' }] })
	})
})

describe('CareTeam and meetings', () => {
	const members = [
		{ id: 'm1', userId: 'u1', name: '田中 陽子', role: 'specialist', relationship: '', organizationId: 'org-p', startsOn: '2026-01-01', endsOn: null, consentBasis: 'contract', consentOn: '' },
		{ id: 'm2', userId: 'u2', name: '佐藤 洋子', role: 'family', relationship: '母', organizationId: null, startsOn: '2026-01-01', endsOn: '2026-06-30', consentBasis: 'self', consentOn: '' },
	]
	it('participants keep their roles and periods; family as RelatedPerson, staff as PractitionerRole', () => {
		const team = mapCareTeam(source({ members }))
		expect(team.participant?.map((p) => [p.member?.type, p.role?.[0].coding?.[0].code, p.period?.end])).toEqual([
			['Patient', undefined, undefined],
			['PractitionerRole', 'specialist', undefined],
			['RelatedPerson', 'family', '2026-06-30'],
		])
	})
	it('a meeting: status, class, 本人参加 and attendees present (people without accounts named)', () => {
		const meeting: SourceMeeting = {
			id: 'mt1',
			purpose: 'new',
			date: '2026-12-07',
			startTime: '10:00',
			endTime: '11:00',
			format: 'online',
			place: 'Zoom',
			status: 'closed',
			consentBy: '',
			consentMethod: '',
			consentOn: '',
			consentNote: '',
			selfAttendance: 'absent',
			selfAbsenceReason: '体調不良',
			decisions: '',
			participants: [
				{ id: 'p1', userId: 'u1', name: '田中 陽子', organizationName: '', roleLabel: '', attendance: 'present', absenceReason: '' },
				{ id: 'p2', userId: null, name: '木村 正雄', organizationName: '', roleLabel: '民生委員', attendance: 'present', absenceReason: '' },
				{ id: 'p3', userId: null, name: '欠席者', organizationName: '', roleLabel: '', attendance: 'absent', absenceReason: '都合' },
			],
			minutes: null,
		}
		const encounter = mapMeeting(meeting, source({ members }))
		expect(encounter).toMatchObject({ status: 'finished', class: { code: 'VR' }, period: { start: '2026-12-07T10:00:00+09:00', end: '2026-12-07T11:00:00+09:00' } })
		expect(encounter.participant?.map((p) => p.individual?.type ?? p.individual?.display)).toEqual(['PractitionerRole', '木村 正雄'])
		expect(encounter.extension?.[0].extension).toEqual([
			{ url: 'attended', valueBoolean: false },
			{ url: 'absenceReason', valueString: '体調不良' },
		])
		expect(jstDateTime('2026-12-07', '')).toBe('2026-12-07')
	})
})

describe('http and narrative', () => {
	it('the query is checked strictly', () => {
		expect(parseExportQuery(new URLSearchParams(''))).toEqual({ ok: true, version: null, pdf: true, download: false })
		expect(parseExportQuery(new URLSearchParams('version=2&pdf=0&download=1'))).toEqual({ ok: true, version: 2, pdf: false, download: true })
		for (const bad of ['version=0', 'version=-1', 'version=1.5', 'version=abc', 'pdf=yes', 'download=2']) expect(parseExportQuery(new URLSearchParams(bad)).ok).toBe(false)
		expect(exportFileName('client-1', 3)).toBe('kizuna-fhir-client-1-v3.json')
	})
	it('narrative escapes markup and keeps line breaks as paragraphs', () => {
		expect(narrative('a<b>\nc & d').div).toBe('<div xmlns="http://www.w3.org/1999/xhtml"><p>a&lt;b&gt;</p><p>c &amp; d</p></div>')
	})
})

describe('docs/fhir-export.md', () => {
	it('lists every local code system, code and extension the export uses', () => {
		const doc = fs.readFileSync('docs/fhir-export.md', 'utf8')
		for (const system of LOCAL_CODE_SYSTEMS) {
			expect(doc).toContain(system.url)
			for (const concept of system.concept) expect(doc).toContain(`| \`${concept.code}\` | ${concept.display} |`)
		}
		for (const url of Object.values(EXTENSIONS)) expect(doc).toContain(url.replace('https://kizuna-plan.jp/fhir', '…'))
	})
})

describe('buildCollection', () => {
	function references(value: unknown, found: string[] = []): string[] {
		if (Array.isArray(value)) value.forEach((v) => references(v, found))
		else if (value && typeof value === 'object') {
			for (const [key, child] of Object.entries(value)) {
				if (key === 'reference' && typeof child === 'string') found.push(child)
				else references(child, found)
			}
		}
		return found
	}

	it('empty rows of the forms become no resource, and nothing points at them', () => {
		const plan: SourcePlan = {
			...PLAN,
			snapshot: {
				...PLAN.snapshot,
				rows: [...PLAN.snapshot.rows, { id: 'rgoalempty', table: 'goals', order: 2, cells: { need: '', goal: '', services: '生活介護' }, links: [] }],
			},
		}
		const isp = {
			documentId: 'isp-1',
			organizationId: 'org-p',
			title: '個別支援計画（ひだまり）',
			snapshot: {
				fields: {},
				meta: {},
				rows: [
					{ id: 'risp000001', table: 'support', order: 1, cells: { target: '朝の会に参加', content: '予定の確認' }, links: ['rgoal00001', 'rgoalempty'] },
					{ id: 'risp000002', table: 'support', order: 2, cells: { target: '', content: '' }, links: ['rgoal00001'] },
				],
			},
		}
		const bundle = buildCollection(source({ plan, isps: [isp] }))
		const fullUrls = new Set(bundle.entry?.map((e) => e.fullUrl))
		expect(references(bundle.entry?.map((e) => e.resource)).filter((r) => !fullUrls.has(r))).toEqual([])
		expect(bundle.entry?.filter((e) => e.resource?.resourceType === 'Goal')).toHaveLength(2)
		expect(new Set(bundle.entry?.map((e) => e.resource?.id)).size).toBe(bundle.entry?.length)
	})
})
