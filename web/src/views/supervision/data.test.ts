import { describe, expect, it } from 'vitest';
import { addDays, noticeStateFromRoute, noticeStateToApi, noticeStateToRoute } from './notices/data';
import { noticeRights } from './notice/data';
import { emptyFinding, emptyInspection, inspectionToApi } from './inspections/data';
import { formToSettings, isSettingsTab, settingsToForm } from './settings/data';
import { weekday, yearFromQuery } from './calendar/data';
import { canInspect, canManageSupervision, canSupervise } from './access';
import type { NoticeDetail, RoleCode } from '@/types';

function notice(over: Partial<NoticeDetail> = {}): NoticeDetail {
  return {
    id: 1, cycle_id: 1, title: '督办单', body: '请说明', issuer: 'office', issuer_unit_name: '山东省',
    target_unit_id: 355, target_unit_name: '历下区发展和改革局', item_ids: [1], due_date: '2026-10-09',
    state: 'open', response: null, responder: null, responded_at: null, closed_at: null, light: 'green',
    light_reason: '正常推进', created_at: '2026-09-28T02:00:00Z', attachments: [], history: [], ...over,
  };
}

const roles = (...r: RoleCode[]) => new Set<RoleCode>(r);

describe('notice list filters', () => {
  it('go to the address and to the API, ignoring nonsense', () => {
    const s = noticeStateFromRoute({ mine: 'received', state: 'open', page: '2' });
    expect(s).toEqual({ mine: 'received', state: 'open', page: 2 });
    expect(noticeStateToRoute(s)).toEqual({ mine: 'received', state: 'open', page: '2' });
    expect(noticeStateToApi(s)).toEqual({ mine: 'received', state: 'open', page: 2, size: 20 });
    expect(noticeStateFromRoute({ mine: 'all', state: 'x', page: '0' })).toEqual({ mine: '', state: '', page: 1 });
    expect(noticeStateToApi(noticeStateFromRoute({}))).toEqual({ mine: undefined, state: undefined, page: 1, size: 20 });
  });

  it('add days across months for the default deadline', () => {
    expect(addDays('2026-09-28', 7)).toBe('2026-10-05');
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
  });
});

describe('notice rights', () => {
  it('let the target unit answer an open notice', () => {
    expect(noticeRights(notice(), 'filler', roles('filler')).respond).toBe(true);
    expect(noticeRights(notice({ state: 'responded' }), 'filler', roles('filler')).respond).toBe(false);
    expect(noticeRights(notice(), 'office', roles('office')).respond).toBe(false);
  });

  it('let the issuing side close an answered notice and reopen it', () => {
    const answered = notice({ state: 'responded' });
    expect(noticeRights(answered, 'office', roles('office'))).toEqual({ respond: false, close: true, reopen: true });
    expect(noticeRights(answered, 'someone', roles('supervisor')).close).toBe(true);
    expect(noticeRights(answered, 'filler', roles('filler'))).toEqual({ respond: false, close: false, reopen: false });
    expect(noticeRights(notice({ state: 'closed' }), 'office', roles()).reopen).toBe(true);
    expect(noticeRights(notice(), 'office', roles()).reopen).toBe(false);
  });
});

describe('inspection form', () => {
  it('sends trimmed findings and drops blank rows', () => {
    const f = emptyInspection('2026-09-28');
    f.unit_id = 355;
    f.inspectors = ' 王五、赵六 ';
    f.findings = [
      { title: ' 台账不全 ', due_date: '2026-10-20', responsible_person: ' 李四 ', description: '' },
      emptyFinding(),
      { title: '进度滞后', due_date: '2026-10-09', responsible_person: '李四', description: ' 见附件 ' },
    ];
    expect(inspectionToApi(f, 7)).toEqual({
      cycle_id: 7,
      unit_id: 355,
      date: '2026-09-28',
      inspectors: '王五、赵六',
      summary: '',
      findings: [
        { title: '台账不全', due_date: '2026-10-20', responsible_person: '李四' },
        { title: '进度滞后', due_date: '2026-10-09', responsible_person: '李四', description: '见附件' },
      ],
    });
  });
});

describe('cycle settings form', () => {
  it('holds no webhook as empty text and sends it back as null', () => {
    const s = {
      due_soon_workdays: 3, tolerance: 20, escalate_after_workdays: 5, remind_before_workdays: 3,
      remind_on_due: true, remind_overdue_every_days: 3, webhook_url: null, webhook_format: 'dingtalk' as const,
    };
    expect(settingsToForm(s).webhook_url).toBe('');
    expect(formToSettings(settingsToForm(s))).toEqual(s);
    expect(formToSettings({ ...settingsToForm(s), webhook_url: ' https://x/robot ' }).webhook_url).toBe('https://x/robot');
    expect(isSettingsTab('jobs')).toBe(true);
    expect(isSettingsTab('other')).toBe(false);
  });
});

describe('holiday calendar', () => {
  it('reads the year from the address and names weekdays', () => {
    expect(yearFromQuery({ year: '2027' }, 2026)).toBe(2027);
    expect(yearFromQuery({ year: 'x' }, 2026)).toBe(2026);
    expect(yearFromQuery({}, 2026)).toBe(2026);
    expect(weekday('2026-10-10')).toBe(6); // a Saturday (an adjusted workday in 2026)
    expect(weekday('2026-10-01')).toBe(4);
  });
});

describe('supervision access', () => {
  it('separates who supervises, inspects and manages', () => {
    expect(canSupervise(roles('leader'))).toBe(true);
    expect(canSupervise(roles('filler', 'unit_leader'))).toBe(false);
    expect(canInspect(roles('supervisor'))).toBe(true);
    expect(canInspect(roles('leader'))).toBe(false);
    expect(canManageSupervision(roles('office'))).toBe(true);
    expect(canManageSupervision(roles('supervisor'))).toBe(false);
  });
});
