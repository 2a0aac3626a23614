/* What the caller may do with a notice, from the roles they hold over its target unit. */
import type { NoticeDetail, RoleCode } from '@/types';

export interface NoticeRights {
  /* 书面回复 (with evidence): filler or unit_leader over the target unit, while open. */
  respond: boolean;
  /* 办结: the issuer, or a supervisor / the office over the target, once responded. */
  close: boolean;
  /* 重新督办: the same people, once responded or closed. */
  reopen: boolean;
}

export function noticeRights(n: NoticeDetail, me: string, rolesOverTarget: ReadonlySet<RoleCode>): NoticeRights {
  const target = rolesOverTarget.has('filler') || rolesOverTarget.has('unit_leader');
  const issuing = n.issuer === me || rolesOverTarget.has('supervisor') || rolesOverTarget.has('office');
  return {
    respond: target && n.state === 'open',
    close: issuing && n.state === 'responded',
    reopen: issuing && n.state !== 'open',
  };
}
