/** Who may do what. The station checks these; the console only shows the reason it was refused. */

export const ROLES = ['operator', 'supervisor', 'technician'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'jobs.view',
  'jobs.personal-data',
  'jobs.hold',
  'jobs.release',
  'jobs.cancel',
  'jobs.priority',
  'jobs.reprint',
  'jobs.spoil',
  'jobs.resolve',
  'jobs.release-duplicate',
  'import',
  'stock.view',
  'stock.move',
  'stock.adjust',
  'stock.destroy',
  'printers.view',
  'printers.control',
  'printers.print',
  'operators.manage',
  'audit.view',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const OPERATOR: readonly Permission[] = [
  'jobs.view',
  'jobs.personal-data',
  'jobs.hold',
  'jobs.release',
  'jobs.cancel',
  'jobs.priority',
  'jobs.reprint',
  'jobs.spoil',
  'jobs.resolve',
  'import',
  'stock.view',
  'stock.move',
  'printers.view',
  'printers.control',
  'printers.print',
  'audit.view',
];

export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  operator: new Set(OPERATOR),
  supervisor: new Set<Permission>([
    ...OPERATOR,
    'jobs.release-duplicate',
    'stock.adjust',
    'stock.destroy',
    'operators.manage',
  ]),
  // Technicians keep printers running: full printer detail, no personal data, no printing, no stock.
  technician: new Set<Permission>(['jobs.view', 'stock.view', 'printers.view', 'printers.control', 'audit.view']),
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
