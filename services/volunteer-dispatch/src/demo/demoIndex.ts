import { createCommunityDirectory, type CommunityDirectory } from '../domain/communities';
import { createCandidateIndex, volunteerStreamId, type CandidateIndex } from '../domain/dispatch/candidateIndex';
import { demoVolunteers, type DemoVolunteer } from './demoVolunteers';
import { wuhanCommunities } from './wuhanCommunities';

/** The demo world loaded straight into a candidate index (no store): what the benchmark decides over. */
export const demoWorld = (
  volunteerCount = 20_000,
  seed?: number,
): { directory: CommunityDirectory; index: CandidateIndex; volunteers: DemoVolunteer[] } => {
  const communities = wuhanCommunities();
  const directory = createCommunityDirectory(communities);
  const volunteers = demoVolunteers(communities, volunteerCount, seed);
  const index = createCandidateIndex();
  volunteers.forEach((v, i) =>
    index.apply(volunteerStreamId(`demo-${i}`), {
      type: 'dispatch.VolunteerRegistered',
      data: { ...v, caps: { maxConcurrentTasks: v.maxConcurrentTasks, maxMinutesPerDay: v.maxHoursPerDay * 60 } },
    }),
  );
  return { directory, index, volunteers };
};
