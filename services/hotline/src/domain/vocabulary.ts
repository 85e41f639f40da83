/** The hotline's closed vocabularies, as the source notice names them. */

/** The five matters 12349 takes (主要受理): rights violations, hardship, counselling, policy, referral/other. */
export const caseTypes = [
  'rights_violation',
  'living_hardship',
  'psychological_support',
  'policy_consultation',
  'assistance_referral',
] as const;
export type CaseType = (typeof caseTypes)[number];

export const urgencies = ['emergency', 'urgent', 'normal'] as const;
export type Urgency = (typeof urgencies)[number];

export const channels = ['phone', 'web', 'walk_in'] as const;
export type Channel = (typeof channels)[number];

export const replyChannels = ['phone', 'web', 'walk_in', 'letter'] as const;
export type ReplyChannel = (typeof replyChannels)[number];

export const actionKinds = ['visit', 'counselling', 'police_involvement', 'medical_involvement', 'placement'] as const;
export type ActionKind = (typeof actionKinds)[number];

/** Other hotlines 12349 hands off to (对接转介). */
export const otherHotlines = ['110', '120', '12345', '12338', '12355'] as const;
export type OtherHotline = (typeof otherHotlines)[number];

export const referralProgrammes = ['relief', 'dispatch', 'catalog'] as const;
export type ReferralProgramme = (typeof referralProgrammes)[number];

export const closeOutcomes = ['resolved', 'referred', 'consultation_answered', 'no_further_action'] as const;
export type CloseOutcome = (typeof closeOutcomes)[number];

export const tiers = ['county', 'prefecture', 'province'] as const;
export type Tier = (typeof tiers)[number];

export const stages = ['acceptance', 'firstAction', 'reply', 'resolution'] as const;
export type Stage = (typeof stages)[number];

/** Who did something, as recorded on the case. */
export type By = { readonly subject: string; readonly role: string; readonly division: string };

export const isOneOf = <T extends string>(values: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (values as readonly string[]).includes(value);
