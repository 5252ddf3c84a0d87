/**
 * The bench:pages database: the demo seed, then 1,000 more clients, each a copy of the demo's
 * fullest case (佐藤 誠: 受給者証, care team of seven, plan + assessment + weekly + crisis plan +
 * Myライフプラン + ISP + monitoring report with their co-edited state, two meetings, the plan cycle
 * with consents and deliveries, a frozen version, hub registration, comments).
 *
 * Copies are made in SQL, not through the modules: the demo seed already built the case through
 * the real modules, and 1,000 module-built cases would take minutes. The copy walks the case's
 * rows to a fixpoint (a row belongs to the case when one of its text columns holds an id already
 * in the case), then inserts each row once per copy with every case id suffixed. Users,
 * organisations, sessions, audit rows and notifications are not copied; the copies are spread
 * over 25 specialists (the demo's 田中 陽子 and 24 bench colleagues in the same office), so 田中
 * has a real caseload of about 43 clients. Deterministic: same ids, names and rows on every run.
 */
import Database from 'better-sqlite3'

export const BENCH_CLIENTS = 1000
export const BENCH_SPECIALISTS = 25
const TEMPLATE_CLIENT = 'client-sato-makoto'
const TEMPLATE_SPECIALIST = 'user-sodan'
/** Accounts bound to the template person: not copied (each copy would need its own account). */
const PERSONAL_ACCOUNTS = new Set(['user-honnin', 'user-kazoku'])
const NOT_CASE_DATA = new Set([
	'User', 'Session', 'LoginThrottle', 'Organization', 'OrganizationService', 'OrganizationMembership',
	'AuditLog', 'Notification', 'TwoFactor', 'RecoveryCode', 'Invitation', 'AccountPreference',
])

const FAMILY_NAMES: Array<[string, string]> = [
	['佐藤', 'さとう'], ['鈴木', 'すずき'], ['高橋', 'たかはし'], ['田中', 'たなか'], ['伊藤', 'いとう'], ['渡辺', 'わたなべ'],
	['山本', 'やまもと'], ['中村', 'なかむら'], ['小林', 'こばやし'], ['加藤', 'かとう'], ['吉田', 'よしだ'], ['山田', 'やまだ'],
	['佐々木', 'ささき'], ['山口', 'やまぐち'], ['松本', 'まつもと'], ['井上', 'いのうえ'], ['木村', 'きむら'], ['林', 'はやし'],
	['斎藤', 'さいとう'], ['清水', 'しみず'], ['山崎', 'やまざき'], ['森', 'もり'], ['池田', 'いけだ'], ['橋本', 'はしもと'],
]
const GIVEN_NAMES: Array<[string, string]> = [
	['誠', 'まこと'], ['翔太', 'しょうた'], ['美咲', 'みさき'], ['大輔', 'だいすけ'], ['由美', 'ゆみ'], ['健太', 'けんた'],
	['さくら', 'さくら'], ['拓也', 'たくや'], ['愛', 'あい'], ['直樹', 'なおき'], ['陽菜', 'ひな'], ['亮', 'りょう'],
	['彩', 'あや'], ['和也', 'かずや'], ['花子', 'はなこ'], ['悠斗', 'ゆうと'], ['真由美', 'まゆみ'],
]

export function benchClientId(n: number): string {
	return `${TEMPLATE_CLIENT}-b${String(n).padStart(4, '0')}`
}
export function benchSpecialistId(n: number): string {
	return n % BENCH_SPECIALISTS === 0 ? TEMPLATE_SPECIALIST : `user-bench-sodan-${String(n % BENCH_SPECIALISTS).padStart(2, '0')}`
}

type Row = Record<string, unknown>

function quote(name: string): string {
	return `"${name.replaceAll('"', '""')}"`
}

/** Every row of the template case, table by table, in the order they can be inserted. */
function caseRows(db: Database.Database): { tables: Map<string, Row[]>; ids: Set<string> } {
	const tableNames = db
		.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '\\_%' escape '\\'`)
		.pluck()
		.all() as string[]
	const candidates = tableNames.filter((t) => !NOT_CASE_DATA.has(t))
	const textColumns = new Map<string, string[]>()
	for (const table of candidates) {
		const columns = db.prepare(`pragma table_info(${quote(table)})`).all() as Array<{ name: string; type: string }>
		textColumns.set(table, columns.filter((c) => c.type.toUpperCase() === 'TEXT').map((c) => c.name))
	}
	const ids = new Set([TEMPLATE_CLIENT])
	const tables = new Map<string, Row[]>()
	const seen = new Set<string>()
	// Fixpoint: a row joins the case when a text column holds a case id; its own id then does too.
	for (let grew = true; grew; ) {
		grew = false
		for (const table of candidates) {
			for (const row of db.prepare(`select * from ${quote(table)}`).all() as Row[]) {
				const key = `${table}:${String(row.id)}`
				if (seen.has(key)) continue
				const belongs = (textColumns.get(table) ?? []).some((c) => typeof row[c] === 'string' && ids.has(row[c]))
				if (!belongs) continue
				if (table === 'CareTeamMember' && typeof row.userId === 'string' && PERSONAL_ACCOUNTS.has(row.userId)) continue
				seen.add(key)
				if (typeof row.id === 'string') ids.add(row.id)
				tables.set(table, [...(tables.get(table) ?? []), row])
				grew = true
			}
		}
	}
	return { tables, ids }
}

/** Foreign-key order: a table after the tables it references. */
function insertOrder(db: Database.Database, tables: string[]): string[] {
	const deps = new Map(tables.map((t) => [t, (db.prepare(`pragma foreign_key_list(${quote(t)})`).all() as Array<{ table: string }>).map((f) => f.table)]))
	const ordered: string[] = []
	const visit = (t: string, stack: Set<string>) => {
		if (ordered.includes(t) || stack.has(t)) return
		stack.add(t)
		for (const d of deps.get(t) ?? []) if (tables.includes(d)) visit(d, stack)
		ordered.push(t)
	}
	for (const t of tables) visit(t, new Set())
	return ordered
}

/** Adds the bench specialists and the 1,000 copies to a seeded demo database. */
export function addBenchClients(file: string): { clients: number; rows: number } {
	const db = new Database(file)
	try {
		statements.clear()
		db.pragma('foreign_keys = ON')
		const { tables, ids } = caseRows(db)
		if (!tables.get('Client')?.length) throw new Error(`the template client ${TEMPLATE_CLIENT} is not in the database`)
		let rows = 0
		db.transaction(() => {
			const specialist = db.prepare(`select * from "User" where id = ?`).get(TEMPLATE_SPECIALIST) as Row
			const membership = db.prepare(`select * from OrganizationMembership where userId = ?`).get(TEMPLATE_SPECIALIST) as Row
			for (let n = 1; n < BENCH_SPECIALISTS; n++) {
				const id = benchSpecialistId(n)
				insert(db, 'User', { ...specialist, id, email: `bench-sodan-${n}@example.jp`, displayName: `相談員 ${n}`, displayNameKana: `そうだんいん ${n}` })
				insert(db, 'OrganizationMembership', { ...membership, id: `${id}-m1`, userId: id })
			}
			const order = insertOrder(db, [...tables.keys()])
			for (let n = 1; n <= BENCH_CLIENTS; n++) {
				const suffix = `-b${String(n).padStart(4, '0')}`
				const specialistId = benchSpecialistId(n)
				const remap = (value: unknown) => {
					if (typeof value !== 'string') return value
					if (ids.has(value)) return value + suffix
					if (value === TEMPLATE_SPECIALIST) return specialistId
					return value
				}
				for (const table of order) {
					for (const row of tables.get(table) ?? []) {
						const copy: Row = {}
						for (const [column, value] of Object.entries(row)) copy[column] = remap(value)
						// Integer keys (DocUpdate, DocSnapshot) are the database's own sequence.
						if (typeof copy.id === 'number' || typeof copy.id === 'bigint') delete copy.id
						if (table === 'Client') {
							const [family, familyKana] = FAMILY_NAMES[n % FAMILY_NAMES.length]
							const [given, givenKana] = GIVEN_NAMES[(n * 7) % GIVEN_NAMES.length]
							Object.assign(copy, { familyName: family, givenName: given, familyNameKana: familyKana, givenNameKana: givenKana })
						}
						insert(db, table, copy)
						rows++
					}
				}
			}
		})()
		return { clients: BENCH_CLIENTS, rows }
	} finally {
		db.close()
	}
}

const statements = new Map<string, Database.Statement>()
function insert(db: Database.Database, table: string, row: Row): void {
	const columns = Object.keys(row)
	const key = `${table}(${columns.join(',')})`
	let statement = statements.get(key)
	if (!statement) {
		statement = db.prepare(`insert into ${quote(table)} (${columns.map(quote).join(', ')}) values (${columns.map(() => '?').join(', ')})`)
		statements.set(key, statement)
	}
	statement.run(...columns.map((c) => row[c]))
}
