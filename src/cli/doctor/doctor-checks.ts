import { RECOMMENDED_PIN_DIGITS } from '../../station/operators.js';
import BetterSqlite3 from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { readdir, stat, statfs } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { openDatabase, SQLITE_FILE_NAME } from '../../../db/index.js';
import type { StationConfig } from '../../station/config/station-config.js';
import { SERVICE_FILE_PATHS, SERVICE_NAMES } from '../service/service-files.js';
import { socketPaths } from '../socket-paths.js';

export const FINDING_LEVELS = ['ok', 'warning', 'critical'] as const;
export type FindingLevel = (typeof FINDING_LEVELS)[number];

/** One thing the doctor looked at: what it found and, unless ok, how to fix it. */
export interface Finding {
  readonly check: string;
  readonly level: FindingLevel;
  readonly message: string;
  readonly fix?: string;
}

export interface DoctorInput {
  readonly home: string;
  readonly databaseUrl: string;
  readonly config: StationConfig;
  readonly env: NodeJS.ProcessEnv;
  /** Root of /etc and /run paths checked (tests point it elsewhere). Default '/'. */
  readonly root?: string;
}

const MIB = 1024 * 1024;
/** Below these the station may stop taking cards (images, WAL, backups need room). */
const DISK_WARNING_MIB = 1024;
const DISK_CRITICAL_MIB = 200;

const ok = (check: string, message: string): Finding => ({ check, level: 'ok', message });
const warn = (check: string, message: string, fix: string): Finding => ({ check, level: 'warning', message, fix });
const bad = (check: string, message: string, fix: string): Finding => ({ check, level: 'critical', message, fix });
const octal = (mode: number) => (mode & 0o777).toString(8).padStart(4, '0');

async function dataFolder(home: string): Promise<Finding> {
  const info = await stat(home).catch(() => null);
  if (!info?.isDirectory()) return bad('data-folder', `${home} does not exist`, 'run `cetak status` once to create it, or set CETAK_HOME');
  if ((info.mode & 0o077) !== 0) return warn('data-folder', `${home} is mode ${octal(info.mode)}: other users can look inside`, `chmod 700 ${home}`);
  return ok('data-folder', `${home} is mode 0700`);
}

async function databaseFiles(file: string): Promise<Finding> {
  const loose: string[] = [];
  let found = false;
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    const info = await stat(f).catch(() => null);
    if (!info) continue;
    found = true;
    if ((info.mode & 0o077) !== 0) loose.push(`${f} (${octal(info.mode)})`);
  }
  if (!found) return bad('database-files', `no database at ${file}`, 'run `cetak status` to create it, or restore one with `cetak restore`');
  if (loose.length > 0) return bad('database-files', `readable by other users: ${loose.join(', ')}`, `chmod 600 ${file}*`);
  return ok('database-files', 'database and its -wal/-shm are mode 0600');
}

function sqlitePragmas(file: string): Finding {
  if (!existsSync(file)) return bad('sqlite', `no database at ${file}`, 'run `cetak status` to create it');
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    const mode = String(db.pragma('journal_mode', { simple: true }));
    const check = String(db.pragma('quick_check', { simple: true }));
    if (check !== 'ok') return bad('sqlite', `quick_check found damage: ${check}`, 'restore the newest backup with `cetak restore` into a new home');
    if (mode !== 'wal') return warn('sqlite', `journal mode is ${mode}, not wal`, 'start the station once: it switches the database to WAL');
    return ok('sqlite', 'WAL journal, quick_check ok');
  } catch (error) {
    return bad('sqlite', `cannot read ${file}: ${(error as Error).message}`, 'check the file and its owner');
  } finally {
    db?.close();
  }
}

async function postgres(url: string): Promise<Finding> {
  try {
    const db = await openDatabase({ url });
    await db.close();
    return ok('postgres', `reachable at ${db.location}`);
  } catch (error) {
    return bad('postgres', (error as Error).message, 'check the server, the URL in CETAK_DATABASE_URL and the network');
  }
}

async function freeDisk(home: string): Promise<Finding> {
  const fs = await statfs(home).catch(() => null);
  if (!fs) return warn('disk', `cannot read free space of ${home}`, 'check the disk');
  const free = Math.floor((fs.bavail * fs.bsize) / MIB);
  if (free < DISK_CRITICAL_MIB) return bad('disk', `${free} MB free on ${home}`, 'free disk space: the station stops taking cards when it cannot record outcomes');
  if (free < DISK_WARNING_MIB) return warn('disk', `${free} MB free on ${home}`, 'free disk space or move old backups off this disk');
  return ok('disk', `${free} MB free on ${home}`);
}

function clock(config: StationConfig): Finding {
  const systemOffset = -new Date().getTimezoneOffset();
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const wanted = config.station.utcOffsetMinutes;
  const hours = (m: number) => `UTC${m >= 0 ? '+' : '-'}${Math.floor(Math.abs(m) / 60)}${Math.abs(m) % 60 ? `:${String(Math.abs(m) % 60).padStart(2, '0')}` : ''}`;
  if (systemOffset !== wanted) {
    return warn('clock', `the system time zone is ${zone} (${hours(systemOffset)}), station.json says ${hours(wanted)}`, 'set the system time zone (timedatectl set-timezone Asia/Jakarta, Asia/Makassar or Asia/Jayapura) or station.utcOffsetMinutes');
  }
  return ok('clock', `time zone ${zone} (${hours(systemOffset)}), ${new Date().toISOString()}`);
}

function canConnect(path: string, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(path);
    const timer = setTimeout(() => done(false), timeoutMs);
    const done = (answer: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function groupName(gid: number): string {
  try {
    return execFileSync('getent', ['group', String(gid)], { encoding: 'utf8' }).split(':')[0] ?? String(gid);
  } catch {
    return String(gid);
  }
}

async function sockets(input: DoctorInput): Promise<Finding[]> {
  const paths = socketPaths(input.home, input.config, input.env);
  const findings: Finding[] = [];
  const answers = await canConnect(paths.operator);
  findings.push(
    answers
      ? ok('station', `a station answers on ${paths.operator}`)
      : bad('station', `no station answers on ${paths.operator}`, `start it: systemctl start ${SERVICE_NAMES.stationUnit} (or \`cetak station\`)`),
  );
  if (!answers) return findings;
  for (const [role, path, group] of [['operator', paths.operator, SERVICE_NAMES.operatorGroup], ['technician', paths.technician, SERVICE_NAMES.technicianGroup]] as const) {
    const info = await stat(path).catch(() => null);
    if (!info) continue;
    const name = groupName(info.gid);
    findings.push(
      name === group
        ? ok(`${role}-socket`, `${path} is group ${group}, mode ${octal(info.mode)}`)
        : warn(`${role}-socket`, `${path} is group ${name}, not ${group}`, `run the station as the service (\`cetak install-service\`), which gives each socket its group`),
    );
  }
  return findings;
}

async function devices(root: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  const rules = join(root, SERVICE_FILE_PATHS.udevRules);
  findings.push(
    existsSync(rules)
      ? ok('udev', `${rules} gives the printers and readers to group ${SERVICE_NAMES.operatorGroup}`)
      : warn('udev', `no ${rules}: USB printers and readers need root`, 'run `cetak install-service` as root'),
  );
  const ttys = (await readdir(join(root, 'dev')).catch(() => [] as string[])).filter((n) => /^tty(USB|ACM)\d+$/.test(n));
  for (const tty of ttys) {
    const info = await stat(join(root, 'dev', tty)).catch(() => null);
    if (info && groupName(info.gid) !== SERVICE_NAMES.operatorGroup) {
      findings.push(warn('serial', `/dev/${tty} is group ${groupName(info.gid)}: the service user cannot open it`, 'install the udev rules (`cetak install-service`) and replug the adapter'));
    }
  }
  const pcscd = join(root, 'run', 'pcscd', 'pcscd.comm');
  findings.push(
    existsSync(pcscd)
      ? ok('pcscd', 'pcscd is running: card readers are reachable')
      : warn('pcscd', 'pcscd is not running: no card reader can be used', 'apt install pcscd && systemctl enable --now pcscd.socket'),
  );
  return findings;
}

/**
 * PINs are hashed, so their length is not known here: say what the station accepts and advises,
 * and what stops guessing, so the office can ask for longer PINs where they are short.
 */
function signIns(): Finding {
  return ok('sign-in', `PINs are 4 to 12 digits, scrypt-hashed; wrong PINs lock the ID and the console, also across restarts. Use ${RECOMMENDED_PIN_DIGITS} digits or more: 4 digits fall to patient guessing within days, ${RECOMMENDED_PIN_DIGITS} within years`);
}

/** Every check, in the order a person fixes them: folder, database, disk, clock, station, devices. */
export async function runDoctor(input: DoctorInput): Promise<Finding[]> {
  const root = input.root ?? '/';
  const postgresUrl = /^postgres(?:ql)?:\/\//i.test(input.databaseUrl);
  const file = postgresUrl ? '' : input.databaseUrl;
  const findings: Finding[] = [await dataFolder(input.home)];
  if (postgresUrl) findings.push(await postgres(input.databaseUrl));
  else findings.push(await databaseFiles(file), sqlitePragmas(file));
  findings.push(await freeDisk(input.home), clock(input.config), signIns(), ...(await sockets(input)), ...(await devices(root)));
  return findings;
}

export const defaultDatabaseUrl = (home: string, env: NodeJS.ProcessEnv): string => env['CETAK_DATABASE_URL'] ?? join(home, SQLITE_FILE_NAME);
