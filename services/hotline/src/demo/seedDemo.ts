import type { Principal } from '../domain/access';
import type { HotlineApplication } from '../application/hotlineApplication';

/**
 * Demo cases for `npm start`: five calls to 12349 in Qinghai, taken by four prefectures and left at different
 * points of "市州级受理、县区级处置" (open, assigned, being handled and referred to charity relief, closed), so
 * every screen has something to show and the relief referral starts a cross-programme journey. Every step has
 * a fixed idempotency key: seeding again after a restart replays and changes nothing. The people are invented.
 */
type DemoCase = {
  readonly key: string;
  readonly prefecture: string;
  readonly county: string;
  readonly call: {
    readonly caller: {
      readonly name?: string;
      readonly phone?: string;
      readonly relation: string;
      readonly anonymous?: boolean;
    };
    readonly child: { readonly name: string; readonly age: number; readonly locationDetail: string };
    readonly caseType: string;
    readonly urgency: string;
    readonly narrative: string;
  };
  /** How far the case gets. */
  readonly upTo: 'opened' | 'assigned' | 'referred' | 'closed';
  readonly handling?: {
    readonly action: { kind: string; note: string };
    readonly reply: { channel: string; summary: string };
    readonly close?: { outcome: string; summary: string };
  };
  readonly referTo?: { readonly programme: string; readonly request: string; readonly note: string };
};

export const demoCases: readonly DemoCase[] = [
  {
    key: 'datong-fire',
    prefecture: '630100',
    county: '630121',
    call: {
      caller: { name: '马老师', phone: '13909710001', relation: 'teacher' },
      child: { name: '演示儿童甲', age: 9, locationDetail: '桥头镇' },
      caseType: 'living_hardship',
      urgency: 'urgent',
      narrative: 'The family home burnt down; the child has been sleeping at the school for three nights.',
    },
    upTo: 'referred',
    handling: {
      action: {
        kind: 'visit',
        note: 'Home visit with the township civil affairs assistant; family staying with relatives.',
      },
      reply: { channel: 'phone', summary: 'Told the teacher a visit was made and relief was requested.' },
    },
    referTo: {
      programme: 'relief',
      request: 'property_loss',
      note: 'House and belongings lost in a fire; no insurance.',
    },
  },
  {
    key: 'pingan-neglect',
    prefecture: '630200',
    county: '630203',
    call: {
      caller: { relation: 'neighbour', anonymous: true },
      child: { name: '演示儿童乙', age: 6, locationDetail: '小峡镇' },
      caseType: 'rights_violation',
      urgency: 'emergency',
      narrative: 'A young child is often left alone at night and was seen outside without warm clothes.',
    },
    upTo: 'closed',
    handling: {
      action: {
        kind: 'police_involvement',
        note: 'Police and the village child-welfare director checked on the child the same night.',
      },
      reply: { channel: 'phone', summary: 'Callback number withheld; outcome recorded for the village director.' },
      close: {
        outcome: 'resolved',
        summary: 'Grandmother now lives with the child; the village director visits weekly.',
      },
    },
  },
  {
    key: 'golmud-counselling',
    prefecture: '632800',
    county: '632801',
    call: {
      caller: { name: '李女士', phone: '13897980002', relation: 'mother' },
      child: { name: '演示儿童丙', age: 14, locationDetail: '昆仑路街道' },
      caseType: 'psychological_support',
      urgency: 'normal',
      narrative: 'The boy refuses to go to school since his father left for work in another province.',
    },
    upTo: 'assigned',
  },
  {
    key: 'yushu-policy',
    prefecture: '632700',
    county: '632701',
    call: {
      caller: { name: '才让', phone: '13909760003', relation: 'father' },
      child: { name: '演示儿童丁', age: 11, locationDetail: '结古街道' },
      caseType: 'policy_consultation',
      urgency: 'normal',
      narrative: 'Asks whether his daughter can get the orphan and de-facto-unsupported child allowance.',
    },
    upTo: 'closed',
    handling: {
      action: {
        kind: 'counselling',
        note: 'Explained the de-facto-unsupported child policy and the documents needed.',
      },
      reply: { channel: 'phone', summary: 'Called back with the list of documents and the county office hours.' },
      close: {
        outcome: 'consultation_answered',
        summary: 'Policy explained; the family will apply at the county civil affairs bureau.',
      },
    },
  },
  {
    key: 'menyuan-referral',
    prefecture: '632200',
    county: '632221',
    call: {
      caller: { name: '王主任', phone: '13909700004', relation: 'village_official' },
      child: { name: '演示儿童戊', age: 8, locationDetail: '浩门镇' },
      caseType: 'assistance_referral',
      urgency: 'normal',
      narrative: 'A child with a disability needs help getting to a rehabilitation centre.',
    },
    upTo: 'opened',
  },
];

const operatorOf = (prefecture: string): Principal => ({
  subject: `demo-operator-${prefecture}`,
  roles: ['hotline.operator'],
  division: prefecture,
});
const handlerOf = (county: string): Principal => ({
  subject: `demo-handler-${county}`,
  roles: ['hotline.handler'],
  division: county,
});

/** Seeds the demo cases; returns how many there are and the case ids, in the order above. */
export const seedDemo = async (app: HotlineApplication): Promise<{ cases: number; caseIds: string[] }> => {
  const caseIds: string[] = [];
  for (const demo of demoCases) {
    const operator = operatorOf(demo.prefecture);
    const handler = handlerOf(demo.county);
    const step = (name: string) => `demo-${demo.key}-${name}`;
    const { contactId } = await app.contacts.recordContact(
      operator,
      {
        channel: 'phone',
        ...demo.call,
        child: { ...demo.call.child, locationDivision: demo.county },
        receivedAt: app.deps.clock().toISOString(),
      },
      step('contact'),
    );
    const { caseId } = await app.contacts.openCase(operator, [contactId], step('open'));
    caseIds.push(caseId);
    if (demo.upTo === 'opened') continue;
    await app.cases.assignCase(operator, caseId, demo.county, step('assign'));
    if (demo.upTo === 'assigned') continue;
    await app.cases.acceptCase(handler, caseId, step('accept'));
    if (demo.handling) {
      await app.cases.recordAction(
        handler,
        caseId,
        demo.handling.action.kind,
        demo.handling.action.note,
        step('action'),
      );
    }
    if (demo.referTo) {
      const { programme, request, note } = demo.referTo;
      await app.cases.referCase(handler, caseId, { programme, request }, note, step('refer'));
    }
    // The unified reply (统一回复) goes back from the prefecture that took the call.
    if (demo.handling)
      await app.cases.recordReply(
        operator,
        caseId,
        demo.handling.reply.channel,
        demo.handling.reply.summary,
        step('reply'),
      );
    if (demo.handling?.close)
      await app.cases.closeCase(
        handler,
        caseId,
        demo.handling.close.outcome,
        demo.handling.close.summary,
        step('close'),
      );
  }
  return { cases: demoCases.length, caseIds };
};
