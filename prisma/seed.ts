/**
 * Deterministic demo data. Seeds only an empty database (idempotent setup). Every demo
 * account's password is DEMO_PASSWORD.
 */
import { hashPassword } from '#app/modules/auth/password.server.ts'
import { closeDb, initDb } from '#app/utils/db.server.ts'
import { todayJst } from '#app/utils/dates.ts'
import { DEMO_IDS, DEMO_PASSWORD, demoOrganizations } from './seed-data/demo.ts'
import { directoryOrganizations } from './seed-data/directory.ts'
import { seedHub } from './seed-data/hub.ts'
import { seedEasyDemo } from './seed-data/easy-demo.ts'
import { seedLivingCase } from './seed-data/living-case.ts'
import { satoMeeting } from './seed-data/meetings.ts'
import { seedDemoSecondFactors } from './seed-data/two-factor.ts'
import type { SeedOrganization } from './seed-data/types.ts'

const { orgs, users, clients, documents } = DEMO_IDS

type SeedUser = { id: string; email: string; displayName: string; displayNameKana: string; role: string; orgId?: string; title?: string }

const demoUsers: SeedUser[] = [
	{ id: users.specialist, email: 'sodan@example.jp', displayName: '田中 陽子', displayNameKana: 'たなか ようこ', role: 'specialist', orgId: orgs.consultation, title: '相談支援専門員' },
	{ id: users.officeManager, email: 'kanri@example.jp', displayName: '高橋 健一', displayNameKana: 'たかはし けんいち', role: 'office_manager', orgId: orgs.consultation, title: '管理者・主任相談支援専門員' },
	{ id: users.serviceManager, email: 'sabikan@example.jp', displayName: '伊藤 直樹', displayNameKana: 'いとう なおき', role: 'service_manager', orgId: orgs.lifeCare, title: 'サービス管理責任者' },
	{ id: users.staff, email: 'staff@example.jp', displayName: '渡辺 さくら', displayNameKana: 'わたなべ さくら', role: 'provider_staff', orgId: orgs.lifeCare, title: '生活支援員' },
	{ id: users.family, email: 'kazoku@example.jp', displayName: '佐藤 洋子', displayNameKana: 'さとう ようこ', role: 'family' },
	{ id: users.city, email: 'city@example.jp', displayName: '中村 大輔', displayNameKana: 'なかむら だいすけ', role: 'municipal', orgId: orgs.city, title: '障害福祉課 支給決定担当' },
	{ id: users.hub, email: 'kyoten@example.jp', displayName: '小林 美穂', displayNameKana: 'こばやし みほ', role: 'hub_coordinator', orgId: orgs.hub, title: '拠点コーディネーター' },
	{ id: users.admin, email: 'admin@example.jp', displayName: 'システム管理者', displayNameKana: 'しすてむかんりしゃ', role: 'admin' },
]

function organizationRow(o: SeedOrganization) {
	const t = o.targets ?? { physical: 'available', intellectual: 'available', mental: 'available', child: 'available', intractable: 'available' }
	return {
		id: o.id,
		kind: o.kind,
		name: o.name,
		corporation: o.corporation ?? '',
		city: o.city,
		address: o.address ?? '',
		phone: o.phone ?? '',
		fax: o.fax ?? '',
		targetPhysical: t.physical,
		targetIntellectual: t.intellectual,
		targetMental: t.mental,
		targetChild: t.child,
		targetIntractable: t.intractable,
		trainingMedicalCare: Boolean(o.training?.medicalCare),
		trainingBehavior: Boolean(o.training?.behavior),
		trainingMental: Boolean(o.training?.mental),
		businessHours: o.businessHours ?? '',
		openDays: o.openDays ?? '',
		vacancyStatus: o.vacancyStatus ?? 'unknown',
		vacancyAsOf: o.vacancyAsOf ?? '',
		note: o.note ?? '',
	}
}

/**
 * `livingCase: false` leaves the plan records out (the test fixture the integration tests of the
 * modules start from: 佐藤 誠 before his first plan); `npm run setup` seeds the whole demo.
 */
export async function seed(options: { livingCase?: boolean } = {}): Promise<{ seeded: boolean }> {
	const { prisma } = await initDb()
	if ((await prisma.user.count()) > 0) return { seeded: false }

	for (const o of [...demoOrganizations, ...directoryOrganizations]) {
		await prisma.organization.create({ data: organizationRow(o) })
		for (const [i, s] of (o.services ?? []).entries()) {
			await prisma.organizationService.create({
				data: { id: `${o.id}-svc-${i + 1}`, organizationId: o.id, serviceType: s.serviceType, capacity: s.capacity ?? null },
			})
		}
	}

	const passwordHash = await hashPassword(DEMO_PASSWORD)
	for (const u of demoUsers) {
		await prisma.user.create({
			data: { id: u.id, email: u.email, displayName: u.displayName, displayNameKana: u.displayNameKana, role: u.role, passwordHash },
		})
		if (u.orgId) {
			await prisma.organizationMembership.create({
				data: { id: `${u.id}-m1`, userId: u.id, organizationId: u.orgId, title: u.title ?? '', startsOn: '2020-04-01' },
			})
		}
	}


	// 佐藤 誠 — seed 002's case: 27, 知的障害 (療育手帳 B1), lives with his parents; his mother
	// must be admitted to hospital urgently, so he starts services and is registered with the hub.
	await prisma.client.create({
		data: {
			id: clients.sato,
			familyName: '佐藤',
			givenName: '誠',
			familyNameKana: 'さとう',
			givenNameKana: 'まこと',
			birthDate: '1999-06-14',
			gender: '男',
			category: 'adult',
			disabilityCategories: 'intellectual',
			supportLevel: '3',
			handbook: '療育手帳 B1',
			postalCode: '100-0001',
			address: '希望が丘市緑町3-2-1',
			phone: '0120-000-901',
			municipalityId: orgs.city,
			hubRegistered: true,
		},
	})
	// His 受給者証 (障害福祉サービス) is recorded by the plan cycle's 支給決定 step (living-case.ts);
	// the fixture without the living case holds it as entered in the register.
	if (options.livingCase === false) {
		await prisma.certificate.create({
			data: {
				id: 'cert-sato-1',
				clientId: clients.sato,
				kind: 'welfare',
				number: '1234567890',
				issuedBy: '希望が丘市',
				issuedOn: '2026-10-20',
				effectiveFrom: '2026-11-01',
				decisionStart: '2026-11-01',
				decisionEnd: '2027-06-30',
				supportLevel: '3',
				copayCap: 9300,
				monitoringPeriod: 'custom',
				monitoringMonths: '2026-11,2026-12,2027-01,2027-06',
				note: '新規利用のため利用開始から3か月間は毎月モニタリング、その後6か月ごと',
				createdById: users.specialist,
				services: {
					create: [
						{ id: 'cert-sato-1-s1', serviceType: '生活介護', amount: '当該月の日数から8日を控除した日数', sortOrder: 0 },
						{ id: 'cert-sato-1-s2', serviceType: '短期入所', amount: '7日/月', sortOrder: 1 },
					],
				},
			},
		})
	}

	// 山田 はると — a child (放課後等デイサービス) in 小平市; his plan is a 障害児支援利用計画.
	await prisma.client.create({
		data: {
			id: clients.yamada,
			familyName: '山田',
			givenName: 'はると',
			familyNameKana: 'やまだ',
			givenNameKana: 'はると',
			birthDate: '2018-04-02',
			gender: '男',
			category: 'child',
			guardianName: '山田 美咲',
			disabilityCategories: 'developmental',
			supportLevel: 'none',
			postalCode: '187-0000',
			address: '小平市小川町1-2000',
			phone: '042-000-0000',
			municipalityId: orgs.kodairaCity,
		},
	})
	await prisma.certificate.create({
		data: {
			id: 'cert-yamada-1',
			clientId: clients.yamada,
			kind: 'child_day',
			number: '5123456789',
			issuedBy: '小平市',
			issuedOn: '2026-03-15',
			effectiveFrom: '2026-04-01',
			decisionStart: '2026-04-01',
			decisionEnd: '2027-03-31',
			copayCap: 4600,
			monitoringPeriod: 'every3',
			monitoringMonths: '2026-06,2026-09,2026-12,2027-03',
			createdById: users.specialist,
			services: { create: [{ id: 'cert-yamada-1-s1', serviceType: '放課後等デイサービス', amount: '23日/月', sortOrder: 0 }] },
		},
	})

	// 鈴木 花子 — uses the B型 provider only: the demo 生活介護 provider is NOT on her team.
	await prisma.client.create({
		data: {
			id: clients.suzuki,
			familyName: '鈴木',
			givenName: '花子',
			familyNameKana: 'すずき',
			givenNameKana: 'はなこ',
			birthDate: '1985-01-20',
			gender: '女',
			category: 'adult',
			disabilityCategories: 'mental',
			supportLevel: '2',
			handbook: '精神障害者保健福祉手帳 2級',
			postalCode: '100-0002',
			address: '希望が丘市青葉台5-6-7',
			phone: '0120-000-902',
			municipalityId: orgs.city,
		},
	})
	await prisma.certificate.create({
		data: {
			id: 'cert-suzuki-1',
			clientId: clients.suzuki,
			kind: 'welfare',
			number: '2345678901',
			issuedBy: '希望が丘市',
			issuedOn: '2026-01-15',
			effectiveFrom: '2026-02-01',
			decisionStart: '2026-02-01',
			decisionEnd: '2027-01-31',
			supportLevel: '2',
			copayCap: 0,
			monitoringPeriod: 'every6',
			monitoringMonths: '2026-07,2027-01',
			createdById: users.specialist,
			services: { create: [{ id: 'cert-suzuki-1-s1', serviceType: '就労継続支援B型', amount: '当該月の日数から8日を控除した日数', sortOrder: 0 }] },
		},
	})

	const team = [
		{ id: 'team-sato-1', clientId: clients.sato, userId: users.specialist, organizationId: orgs.consultation, role: 'specialist', startsOn: '2026-09-10', consentBasis: 'contract', consentOn: '2026-09-10', note: '計画作成担当者' },
		{ id: 'team-sato-2', clientId: clients.sato, userId: users.serviceManager, organizationId: orgs.lifeCare, role: 'service_manager', startsOn: '2026-10-25', consentBasis: 'written_consent', consentOn: '2026-10-25' },
		{ id: 'team-sato-3', clientId: clients.sato, userId: users.staff, organizationId: orgs.lifeCare, role: 'provider_staff', startsOn: '2026-10-25', consentBasis: 'written_consent', consentOn: '2026-10-25' },
		{ id: 'team-sato-4', clientId: clients.sato, userId: users.family, organizationId: null, role: 'family', relationship: '母', startsOn: '2026-09-10', consentBasis: 'self', consentOn: '2026-09-10' },
		{ id: 'team-sato-5', clientId: clients.sato, userId: users.city, organizationId: orgs.city, role: 'municipal', startsOn: '2026-09-10', consentBasis: 'statutory', consentOn: '' , note: '支給決定担当' },
		{ id: 'team-sato-6', clientId: clients.sato, userId: users.hub, organizationId: orgs.hub, role: 'hub_coordinator', startsOn: '2026-09-15', consentBasis: 'written_consent', consentOn: '2026-09-15', note: '緊急時対応の事前登録' },
		{ id: 'team-sato-7', clientId: clients.sato, userId: null, externalName: '木村 正雄', organizationId: null, role: 'family', relationship: '民生委員', startsOn: '2026-09-15', consentBasis: 'written_consent', consentOn: '2026-09-15', note: 'アカウントなし（会議参加者）' },
		{ id: 'team-yamada-1', clientId: clients.yamada, userId: users.specialist, organizationId: orgs.consultation, role: 'specialist', startsOn: '2026-03-01', consentBasis: 'contract', consentOn: '2026-03-01', note: '計画作成担当者' },
		{ id: 'team-suzuki-1', clientId: clients.suzuki, userId: users.specialist, organizationId: orgs.consultation, role: 'specialist', startsOn: '2026-01-10', consentBasis: 'contract', consentOn: '2026-01-10', note: '計画作成担当者' },
		{ id: 'team-suzuki-2', clientId: clients.suzuki, userId: users.city, organizationId: orgs.city, role: 'municipal', startsOn: '2026-01-10', consentBasis: 'statutory', consentOn: '' },
	]
	for (const row of team) await prisma.careTeamMember.create({ data: row })

	for (const [id, clientId] of [
		[documents.satoNote, clients.sato],
		[documents.yamadaNote, clients.yamada],
		[documents.suzukiNote, clients.suzuki],
	] as const) {
		await prisma.document.create({
			data: { id, clientId, kind: 'note', title: '支援メモ（チーム共有）', createdById: users.specialist },
		})
	}

	// 佐藤 誠's upcoming サービス担当者会議 and the thread his mother raised for it.
	const sato = satoMeeting(todayJst())
	await prisma.document.create({ data: sato.document })
	await prisma.meeting.create({ data: { ...sato.meeting, participants: { create: sato.participants } } })
	await prisma.comment.create({ data: sato.comment })
	// 地域生活支援拠点: registration, emergency, on-call account, a person to break glass on.
	await seedHub(prisma, passwordHash)
	// Issue #13: 佐藤 誠's own 本人 account and a family-led セルフプラン client (木村 陽向).
	await seedEasyDemo(prisma, passwordHash, todayJst())

	// The living case: 佐藤 誠 mid-cycle, 山田 はると's plan in 案, 鈴木 花子 new (README).
	if (options.livingCase !== false) await seedLivingCase()
	// Staff sign in with a second factor: every demo staff account (the hub's and the other
	// office's too) has it set up with the published demo key (README, decision 0015).
	const staff = await prisma.user.findMany({ where: { role: { notIn: ['family', 'client_self'] } }, select: { id: true }, orderBy: { id: 'asc' } })
	await seedDemoSecondFactors(prisma, staff.map((u) => u.id))
	return { seeded: true }
}

// Run when executed directly (npm run db:seed / setup).
if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('prisma/seed.ts')) {
	seed({ livingCase: process.env.KIZUNA_SEED_LIVING_CASE !== '0' })
		.then(async ({ seeded }) => {
			console.log(seeded ? '🌱 demo data seeded' : 'database already has data: seed skipped')
			await closeDb()
		})
		.catch(async (error) => {
			console.error(error)
			await closeDb()
			process.exit(1)
		})
}
