import type { Command } from 'commander';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { UsageError } from '../cli-error.js';
import type { Output } from '../output.js';
import { wholeNumber } from '../parse-number.js';
import { renderServiceFiles, SERVICE_FILE_PATHS, SERVICE_NAMES, type ServiceFileName, type ServiceFileOptions } from '../service/service-files.js';

interface InstallOptions {
  readonly root: string;
  readonly enable: boolean;
  readonly ssh?: boolean;
  readonly backupDir?: string;
  readonly keep: string;
}

/** The files written without --ssh: the sshd rule changes who may log in, so it is asked for. */
const DEFAULT_FILES: readonly ServiceFileName[] = ['stationUnit', 'backupUnit', 'backupTimer', 'udevRules', 'profile'];

function run(output: Output, command: string, args: readonly string[]): void {
  output.out(`  ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.error || result.status !== 0) {
    throw new UsageError(`\`${command} ${args.join(' ')}\` failed${result.error ? `: ${result.error.message}` : ` (exit ${result.status})`}; fix that and run install-service again`, 1);
  }
}

const exists = (kind: 'group' | 'passwd', name: string): boolean => spawnSync('getent', [kind, name], { stdio: 'ignore' }).status === 0;

/** The system user and the two groups; idempotent. */
function ensureAccounts(output: Output): void {
  const n = SERVICE_NAMES;
  for (const group of [n.operatorGroup, n.technicianGroup]) if (!exists('group', group)) run(output, 'groupadd', ['--system', group]);
  if (!exists('passwd', n.user)) {
    run(output, 'useradd', ['--system', '--gid', n.operatorGroup, '--home-dir', n.stateDir, '--no-create-home', '--shell', '/usr/sbin/nologin', n.user]);
  }
}

export function registerInstallServiceCommand(program: Command, output: Output): void {
  program
    .command('install-service')
    .description('install the station as a systemd service (user cetak, groups cetak and cetak-tech), its daily backup timer and the udev rules')
    .option('--root <dir>', 'write the files under DIR only (staging or packaging): no users, no systemctl', '/')
    .option('--no-enable', 'write the files but do not create users or enable and start the units')
    .option('--ssh', 'also write the sshd rule that confines group cetak-tech to the technician console')
    .option('--backup-dir <dir>', 'where the daily backup goes (default /var/lib/cetak/backups)')
    .option('--keep <n>', 'backups the timer keeps', '14')
    .action((o: InstallOptions) => {
      const root = resolve(o.root);
      const live = root === '/' && o.enable;
      if (live && process.getuid?.() !== 0) throw new UsageError('install-service writes to /etc and creates the cetak user: run it as root (sudo), or use --root DIR to stage the files');
      if (o.backupDir !== undefined && !isAbsolute(o.backupDir)) throw new UsageError(`--backup-dir must be an absolute path, not "${o.backupDir}"`);
      const options: ServiceFileOptions = {
        nodePath: process.execPath,
        // argv[1] is the bin link npm made; the unit must name the real file.
        cetakPath: realpathSync(process.argv[1] ?? 'cetak'),
        keepBackups: wholeNumber('--keep', o.keep),
        ...(o.backupDir ? { backupDir: o.backupDir } : {}),
      };
      const files = renderServiceFiles(options);
      const chosen = o.ssh ? [...DEFAULT_FILES, 'sshd' as const] : DEFAULT_FILES;
      for (const name of chosen) {
        const target = join(root, SERVICE_FILE_PATHS[name]);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, files[name], { mode: 0o644 });
        output.out(`wrote ${target}`);
      }
      if (!live) {
        output.out('not enabled: as root, run `cetak install-service` without --root/--no-enable to create the users and start the service');
        return;
      }
      ensureAccounts(output);
      run(output, 'systemctl', ['daemon-reload']);
      run(output, 'systemctl', ['enable', '--now', SERVICE_NAMES.stationUnit, SERVICE_NAMES.backupTimer]);
      // udevadm is absent in containers; the rules then apply at the next boot.
      if (spawnSync('udevadm', ['--version'], { stdio: 'ignore' }).status === 0) {
        run(output, 'udevadm', ['control', '--reload']);
        run(output, 'udevadm', ['trigger', '--subsystem-match=usb', '--subsystem-match=tty']);
      }
      if (o.ssh) output.out('sshd: reload it (`systemctl reload ssh`) to confine group cetak-tech to the technician console');
      output.out(`station running as user ${SERVICE_NAMES.user}; add operators to group ${SERVICE_NAMES.operatorGroup} and technicians to ${SERVICE_NAMES.technicianGroup} (usermod -aG GROUP NAME)`);
      execFileSync('systemctl', ['--no-pager', 'status', SERVICE_NAMES.stationUnit], { stdio: 'inherit' });
    });
}
