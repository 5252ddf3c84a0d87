import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { testTmpDir } from '#tests/helpers/db.ts'

/**
 * The migration that replaced the yes/no 拠点登録 flag (Client.hubRegistered) with records keeps
 * every existing registration: run the committed migrations up to the one before it, write data
 * the old way, then apply it.
 */

const MIGRATIONS = path.resolve('prisma/migrations')
const HUB_MIGRATION = '20261207111802_hub_registrations'

describe('migration: hub registrations from the old flag', () => {
	const file = path.join(testTmpDir(), `hub-migration-${process.pid}.db`)
	afterAll(() => fs.rmSync(file, { force: true }))

	it('turns every flagged client into an active registration with the hub, coordinator and specialist it can find', () => {
		const db = new Database(file)
		const all = fs.readdirSync(MIGRATIONS).filter((d) => /^\d{14}_/.test(d)).sort()
		const before = all.slice(0, all.indexOf(HUB_MIGRATION))
		expect(before.length).toBeGreaterThan(0)
		for (const dir of before) db.exec(fs.readFileSync(path.join(MIGRATIONS, dir, 'migration.sql'), 'utf8'))

		const org = db.prepare('INSERT INTO "Organization" ("id", "kind", "name", "city", "updatedAt") VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)')
		org.run('org-city', 'municipality', 'A市', 'A市')
		org.run('org-hub', 'hub', 'A市拠点', 'A市')
		org.run('org-office', 'consultation', '相談室', 'A市')
		const user = db.prepare('INSERT INTO "User" ("id", "email", "displayName", "passwordHash", "role", "updatedAt") VALUES (?, ?, ?, ?, ?, CURRENT_TIMESTAMP)')
		user.run('u-coord', 'c@example.jp', 'コーディネーター', 'x', 'hub_coordinator')
		user.run('u-spec', 's@example.jp', '専門員', 'x', 'specialist')
		const client = db.prepare(
			'INSERT INTO "Client" ("id", "familyName", "givenName", "familyNameKana", "givenNameKana", "birthDate", "category", "municipalityId", "hubRegistered", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
		)
		client.run('c-team', '甲', '一', 'こう', 'いち', '1980-01-01', 'adult', 'org-city', 1, '2026-05-01T03:00:00.000+00:00')
		client.run('c-city', '乙', '二', 'おつ', 'に', '1980-01-01', 'adult', 'org-city', 1, '2026-06-10T20:00:00.000+00:00')
		client.run('c-none', '丙', '三', 'へい', 'さん', '1980-01-01', 'adult', 'org-city', 0, '2026-06-10T00:00:00.000+00:00')
		const team = db.prepare(
			'INSERT INTO "CareTeamMember" ("id", "clientId", "userId", "organizationId", "role", "startsOn", "consentBasis", "consentOn", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP)',
		)
		team.run('t1', 'c-team', 'u-coord', 'org-hub', 'hub_coordinator', '2026-04-01', 'written_consent', '2026-04-02')
		team.run('t2', 'c-team', 'u-spec', 'org-office', 'specialist', '2026-03-01', 'contract', '2026-03-01')

		db.exec(fs.readFileSync(path.join(MIGRATIONS, HUB_MIGRATION, 'migration.sql'), 'utf8'))
		const rows = db.prepare('SELECT * FROM "HubRegistration" ORDER BY "clientId"').all() as Array<Record<string, unknown>>
		expect(rows.map((r) => r.clientId)).toEqual(['c-city', 'c-team'])
		const fromTeam = rows.find((r) => r.clientId === 'c-team')!
		expect(fromTeam).toMatchObject({ hubOrganizationId: 'org-hub', coordinatorId: 'u-coord', registeredOn: '2026-04-02', consentMethod: 'written', consentOn: '2026-04-02', specialistId: 'u-spec', status: 'active', migrated: 1 })
		// No coordinator on the team: the hub of the person's city, dated by the record's last change (JST).
		const fromCity = rows.find((r) => r.clientId === 'c-city')!
		expect(fromCity).toMatchObject({ hubOrganizationId: 'org-hub', coordinatorId: null, registeredOn: '2026-06-11', specialistId: null, status: 'active', migrated: 1 })
		db.close()
	})
})
