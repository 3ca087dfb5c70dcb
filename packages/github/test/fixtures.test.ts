import type { getOctokit } from '@actions/github';
import { describe, expect, it } from 'vitest';
import created from '../../testing/fixtures/github/attestation-created.json' with { type: 'json' };
import pulls from '../../testing/fixtures/github/commit-pulls.json' with { type: 'json' };
import reviews from '../../testing/fixtures/github/pull-reviews.json' with { type: 'json' };
import repository from '../../testing/fixtures/github/repository.json' with { type: 'json' };
import attestations from '../../testing/fixtures/github/attestations-list.json' with { type: 'json' };

// The fake GitHub's payloads must have the shape octokit's generated types (from GitHub's OpenAPI
// description) give these endpoints: the assignments below fail `tsc` when a required field is
// missing or mistyped. `author_association` is a string union, which JSON imports widen to string,
// so it is checked at run time instead.

type Octokit = ReturnType<typeof getOctokit>;
type Data<F extends (...args: never[]) => Promise<{ data: unknown }>> = Awaited<
  ReturnType<F>
>['data'];
type Pulls = Data<Octokit['rest']['repos']['listPullRequestsAssociatedWithCommit']>;
type Reviews = Data<Octokit['rest']['pulls']['listReviews']>;
type Created = Data<Octokit['rest']['repos']['createAttestation']>;
type Repository = Data<Octokit['rest']['repos']['get']>;
type Attestations = Data<Octokit['rest']['repos']['listAttestations']>;

const ASSOCIATIONS = [
  'COLLABORATOR',
  'CONTRIBUTOR',
  'FIRST_TIMER',
  'FIRST_TIME_CONTRIBUTOR',
  'MANNEQUIN',
  'MEMBER',
  'NONE',
  'OWNER',
];

describe('fake GitHub fixtures', () => {
  it('match octokit types for their endpoints', () => {
    const typedPulls: Omit<Pulls[number], 'author_association'>[] = pulls;
    const typedReviews: Omit<Reviews[number], 'author_association'>[] = reviews;
    const typedCreated: Created = created;
    // `visibility` is typed string; the fake sets public/private/internal per request.
    const typedRepository: Repository = repository;
    const typedAttestations: Attestations = attestations;
    expect(typedAttestations.attestations?.[0]?.repository_id).toBe(123456789);
    expect(typedRepository.visibility).toBe('public');
    expect(typedPulls.length + typedReviews.length).toBeGreaterThan(0);
    expect(typedCreated.id).toBeTypeOf('number');
    for (const item of [...pulls, ...reviews])
      expect(ASSOCIATIONS).toContain(item.author_association);
  });
});
