/** What a user may do. Administrators have every privilege without being granted it. */
export const privileges = ['ImportProcessView', 'ImportProcessManage'] as const;

export type Privilege = (typeof privileges)[number];

export function isPrivilege(value: string): value is Privilege {
  return (privileges as readonly string[]).includes(value);
}
