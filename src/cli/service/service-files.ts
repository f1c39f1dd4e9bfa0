import { CARD_PRINTER_VENDORS } from '../../../hardware/transports/usb-printer-class.js';

/** Names the install fixes: the service user, the two console groups, the folders systemd makes. */
export const SERVICE_NAMES = {
  user: 'cetak',
  operatorGroup: 'cetak',
  technicianGroup: 'cetak-tech',
  stationUnit: 'cetak-station.service',
  backupUnit: 'cetak-backup.service',
  backupTimer: 'cetak-backup.timer',
  stateDir: '/var/lib/cetak',
  logsDir: '/var/log/cetak',
  socketDir: '/run/cetak',
} as const;

/** Where each file goes, relative to the root it is installed under. */
export const SERVICE_FILE_PATHS = {
  stationUnit: `etc/systemd/system/${SERVICE_NAMES.stationUnit}`,
  backupUnit: `etc/systemd/system/${SERVICE_NAMES.backupUnit}`,
  backupTimer: `etc/systemd/system/${SERVICE_NAMES.backupTimer}`,
  udevRules: 'etc/udev/rules.d/70-cetak.rules',
  profile: 'etc/profile.d/cetak.sh',
  sshd: 'etc/ssh/sshd_config.d/cetak-technician.conf',
} as const;

export type ServiceFileName = keyof typeof SERVICE_FILE_PATHS;

export interface ServiceFileOptions {
  /** Absolute path of the node binary the units run. */
  readonly nodePath: string;
  /** Absolute path of bin/cetak.js. */
  readonly cetakPath: string;
  /** Where `cetak backup` writes; default /var/lib/cetak/backups. */
  readonly backupDir?: string;
  /** Backups kept by the timer's run. Default 14. */
  readonly keepBackups?: number;
  /** How long systemd lets the station finish the cards on its printers before it kills it. Default 300 s. */
  readonly stopTimeoutSec?: number;
}

/** The command line the station unit runs, also used by tests that run it without systemd. */
export function stationCommandLine(o: ServiceFileOptions): string[] {
  return [o.nodePath, o.cetakPath, 'station'];
}

export function backupDirOf(o: ServiceFileOptions): string {
  return o.backupDir ?? `${SERVICE_NAMES.stateDir}/backups`;
}

/** The environment both units and every console share: the data folder and the socket folder. */
const SERVICE_ENV = [`CETAK_HOME=${SERVICE_NAMES.stateDir}`, `CETAK_SOCKET_DIR=${SERVICE_NAMES.socketDir}`];

/** A node or cetak under /home or /root must stay readable to the service: ProtectHome relaxes to read-only. */
function protectHome(o: ServiceFileOptions): string {
  const underHome = [o.nodePath, o.cetakPath].some((p) => p.startsWith('/home/') || p.startsWith('/root/'));
  return underHome ? 'read-only' : 'yes';
}

/** Hardening shared by both units; Node's JIT needs writable+executable memory, so no MemoryDenyWriteExecute. */
function hardening(o: ServiceFileOptions): string[] {
  return [
    'NoNewPrivileges=yes',
    'ProtectSystem=strict',
    `ProtectHome=${protectHome(o)}`,
    'PrivateTmp=yes',
    'ProtectKernelTunables=yes',
    'ProtectKernelModules=yes',
    'ProtectKernelLogs=yes',
    'ProtectControlGroups=yes',
    'ProtectClock=yes',
    'ProtectHostname=yes',
    'RestrictSUIDSGID=yes',
    'RestrictRealtime=yes',
    'RestrictNamespaces=yes',
    'LockPersonality=yes',
    'SystemCallArchitectures=native',
    // Unix sockets for the consoles, IP for TCP/IPP printers and PostgreSQL, netlink for USB hotplug.
    'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK',
    'UMask=0077',
  ];
}

function quoteArgs(args: readonly string[]): string {
  return args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `"${a.replace(/(["\\])/g, '\\$1')}"`)).join(' ');
}

export function stationUnit(o: ServiceFileOptions): string {
  const n = SERVICE_NAMES;
  return [
    '[Unit]',
    'Description=cetak e-KTP card printing station',
    'After=network-online.target pcscd.service',
    'Wants=network-online.target',
    '',
    '[Service]',
    'Type=simple',
    `User=${n.user}`,
    `Group=${n.operatorGroup}`,
    ...SERVICE_ENV.map((e) => `Environment=${e}`),
    `StateDirectory=cetak`,
    'StateDirectoryMode=0700',
    'LogsDirectory=cetak',
    'LogsDirectoryMode=0750',
    'RuntimeDirectory=cetak',
    'RuntimeDirectoryMode=0755',
    // One folder per socket, setgid to its group: operator.sock ends up group cetak, technician.sock
    // group cetak-tech, and neither group can reach the other's socket. `+` runs these as root.
    `ExecStartPre=+/usr/bin/install -d -o ${n.user} -g ${n.operatorGroup} -m 2750 ${n.socketDir}/operator`,
    `ExecStartPre=+/usr/bin/install -d -o ${n.user} -g ${n.technicianGroup} -m 2750 ${n.socketDir}/technician`,
    `ExecStart=${quoteArgs(stationCommandLine(o))}`,
    // SIGTERM: the station stops taking cards and finishes the ones on the printers (station-command.ts).
    'KillSignal=SIGTERM',
    'KillMode=mixed',
    `TimeoutStopSec=${o.stopTimeoutSec ?? 300}`,
    'Restart=on-failure',
    'RestartSec=5s',
    // USB printers and readers (libusb) and serial adapters; udev gives them group cetak.
    'DevicePolicy=closed',
    'DeviceAllow=char-usb_device rw',
    'DeviceAllow=char-ttyUSB rw',
    'DeviceAllow=char-ttyACM rw',
    ...hardening(o),
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

export function backupUnit(o: ServiceFileOptions): string {
  const n = SERVICE_NAMES;
  const dir = backupDirOf(o);
  return [
    '[Unit]',
    'Description=cetak backup of the station database, verified',
    '',
    '[Service]',
    'Type=oneshot',
    `User=${n.user}`,
    `Group=${n.operatorGroup}`,
    ...SERVICE_ENV.map((e) => `Environment=${e}`),
    'StateDirectory=cetak',
    'StateDirectoryMode=0700',
    ...(dir.startsWith(`${n.stateDir}/`) ? [] : [`ReadWritePaths=${dir}`]),
    `ExecStart=${quoteArgs([o.nodePath, o.cetakPath, 'backup', '--to', dir, '--keep', String(o.keepBackups ?? 14)])}`,
    ...hardening(o),
    '',
  ].join('\n');
}

export function backupTimer(): string {
  return [
    '[Unit]',
    'Description=cetak daily backup',
    '',
    '[Timer]',
    'OnCalendar=*-*-* 19:30:00',
    'RandomizedDelaySec=10min',
    'Persistent=true',
    `Unit=${SERVICE_NAMES.backupUnit}`,
    '',
    '[Install]',
    'WantedBy=timers.target',
    '',
  ].join('\n');
}

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

/** udev: the card printers (by vendor id), smart-card readers (CCID class) and serial adapters for group cetak. */
export function udevRules(): string {
  const g = SERVICE_NAMES.operatorGroup;
  return [
    '# cetak: give the station (group cetak) its card printers, card readers and serial adapters.',
    ...CARD_PRINTER_VENDORS.flatMap((v) => [
      `# ${v.name}`,
      `SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_device", ATTR{idVendor}=="${hex4(v.vendorId)}", GROUP="${g}", MODE="0660"`,
    ]),
    '# Smart-card readers (USB CCID, interface class 0x0b); pcscd keeps its own access.',
    `SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_device", ENV{ID_USB_INTERFACES}=="*:0b????:*", GROUP="${g}", MODE="0660"`,
    '# USB serial adapters: a stable name by serial number, /dev/cetak/serial-<serial>.',
    `SUBSYSTEM=="tty", ENV{ID_BUS}=="usb", ENV{ID_SERIAL_SHORT}=="?*", SYMLINK+="cetak/serial-$env{ID_SERIAL_SHORT}", GROUP="${g}", MODE="0660"`,
    '',
  ].join('\n');
}

/** Every login shell finds the service's sockets. */
export function profileScript(): string {
  return [`# cetak: consoles attach to the station service's sockets.`, `export CETAK_SOCKET_DIR=${SERVICE_NAMES.socketDir}`, ''].join('\n');
}

/** sshd: a technician lands in the masked console and nowhere else (no shell, no forwarding). */
export function sshdTechnicianConfig(o: ServiceFileOptions, socketDir: string = SERVICE_NAMES.socketDir): string {
  return [
    `Match Group ${SERVICE_NAMES.technicianGroup}`,
    `    ForceCommand /usr/bin/env CETAK_SOCKET_DIR=${socketDir} ${quoteArgs([o.nodePath, o.cetakPath, 'console', '--technician'])}`,
    '    PermitTTY yes',
    '    AllowTcpForwarding no',
    '    AllowStreamLocalForwarding no',
    '    AllowAgentForwarding no',
    '    X11Forwarding no',
    '    PermitTunnel no',
    '    PermitUserRC no',
    '',
  ].join('\n');
}

export function renderServiceFiles(o: ServiceFileOptions): Record<ServiceFileName, string> {
  return {
    stationUnit: stationUnit(o),
    backupUnit: backupUnit(o),
    backupTimer: backupTimer(),
    udevRules: udevRules(),
    profile: profileScript(),
    sshd: sshdTechnicianConfig(o),
  };
}
