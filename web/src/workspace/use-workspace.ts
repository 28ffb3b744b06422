import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type ImportJob, type Json, unwrap } from '../api/client';
import type { paths } from '../api/schema';
import { importsKey } from '../imports/use-imports';

type Staged = paths['/api/imports/{id}/staged'];
export type StagedQuery = NonNullable<Staged['get']['parameters']['query']>;
export type StagedPage = Json<Staged['get']['responses'][200]>;
export type StagedSummary = StagedPage['items'][number];
export type StagedDetails = Json<paths['/api/imports/{id}/staged/{stagedId}']['get']['responses'][200]>;
export type Comparison = Json<paths['/api/imports/{id}/staged/{stagedId}/compare']['get']['responses'][200]>;
export type Suggestion = Json<
  paths['/api/imports/{id}/staged/{stagedId}/matches']['get']['responses'][200]
>[number];
export type MatchChoice = NonNullable<
  paths['/api/imports/{id}/staged/{stagedId}/match']['put']['requestBody']
>['content']['application/json'];
export type BulkAction = NonNullable<
  paths['/api/imports/{id}/staged/bulk-action']['post']['requestBody']
>['content']['application/json'];
export type StagedAction = BulkAction['action'];
export type ImportReport = Json<paths['/api/imports/{id}/report']['get']['responses'][200]>;
export type ReviewSummary = Json<paths['/api/imports/{id}/staged/summary']['get']['responses'][200]>;
export type StagedOutcome = StagedSummary['outcome'];

const workspaceKey = (jobId: number) => [...importsKey, 'workspace', jobId] as const;
const stagedPath = (id: number, stagedId: number) => ({ params: { path: { id, stagedId } } });

/** The staged contacts of an import, one page of a filter and a sort. */
export function useStagedContacts(jobId: number, query: StagedQuery) {
  return useQuery({
    queryKey: [...workspaceKey(jobId), 'staged', query],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(await api.GET('/api/imports/{id}/staged', { params: { path: { id: jobId }, query } })),
  });
}

export function useReviewSummary(jobId: number) {
  return useQuery({
    queryKey: [...workspaceKey(jobId), 'summary'],
    queryFn: async () =>
      unwrap(await api.GET('/api/imports/{id}/staged/summary', { params: { path: { id: jobId } } })),
  });
}

export function useStagedContact(jobId: number, stagedId: number | null) {
  return useQuery({
    queryKey: [...workspaceKey(jobId), 'contact', stagedId],
    enabled: stagedId !== null,
    queryFn: async () =>
      unwrap(await api.GET('/api/imports/{id}/staged/{stagedId}', stagedPath(jobId, stagedId ?? 0))),
  });
}

export function useSuggestions(jobId: number, stagedId: number) {
  return useQuery({
    queryKey: [...workspaceKey(jobId), 'suggestions', stagedId],
    queryFn: async () =>
      unwrap(await api.GET('/api/imports/{id}/staged/{stagedId}/matches', stagedPath(jobId, stagedId))),
  });
}

export function useComparison(jobId: number, stagedId: number, enabled: boolean) {
  return useQuery({
    queryKey: [...workspaceKey(jobId), 'compare', stagedId],
    enabled,
    queryFn: async () =>
      unwrap(await api.GET('/api/imports/{id}/staged/{stagedId}/compare', stagedPath(jobId, stagedId))),
  });
}

export function useReport(jobId: number, enabled: boolean) {
  return useQuery({
    queryKey: [...workspaceKey(jobId), 'report'],
    enabled,
    queryFn: async () =>
      unwrap(await api.GET('/api/imports/{id}/report', { params: { path: { id: jobId } } })),
  });
}

/** The members of a contact list (the one an import's completion made), as I may see them. */
export function useListContacts(listId: number | null) {
  return useQuery({
    queryKey: ['lists', listId, 'contacts'],
    enabled: listId !== null,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/lists/{id}/contacts', {
          params: { path: { id: listId ?? 0 }, query: { pageSize: 100 } },
        }),
      ),
  });
}

/**
 * Every change in the workspace refreshes the job, its staged contacts and the lists; `gone` names
 * a staged contact that no longer exists (its queries are not fetched again: they would be 404).
 */
function useWorkspaceMutation<Input, Output>(
  run: (input: Input) => Promise<Output>,
  gone?: (input: Input) => number,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSettled: (_data, error, input) => {
      const deleted = gone && !error ? gone(input) : null;
      return Promise.all([
        queryClient.invalidateQueries({
          queryKey: importsKey,
          predicate: (query) => deleted === null || query.queryKey[4] !== deleted,
        }),
        queryClient.invalidateQueries({ queryKey: ['contacts'] }),
        queryClient.invalidateQueries({ queryKey: ['lists'] }),
      ]);
    },
  });
}

export function useEditStaged(jobId: number, stagedId: number) {
  return useWorkspaceMutation(async (changes: Record<string, string | null>) =>
    unwrap(
      await api.PATCH('/api/imports/{id}/staged/{stagedId}', {
        ...stagedPath(jobId, stagedId),
        body: changes,
      }),
    ),
  );
}

export function useDeleteStaged(jobId: number) {
  return useWorkspaceMutation(
    async (stagedId: number) =>
      unwrap(
        await api.DELETE('/api/imports/{id}/staged/{stagedId}', {
          ...stagedPath(jobId, stagedId),
          body: { confirm: true },
        }),
      ),
    (stagedId) => stagedId,
  );
}

export function useSetMatch(jobId: number, stagedId: number) {
  return useWorkspaceMutation(async (choice: MatchChoice) =>
    unwrap(
      await api.PUT('/api/imports/{id}/staged/{stagedId}/match', {
        ...stagedPath(jobId, stagedId),
        body: choice,
      }),
    ),
  );
}

export function useSetAction(jobId: number) {
  return useWorkspaceMutation(
    async ({ stagedId, action }: { stagedId: number; action: StagedAction | null }) =>
      unwrap(
        await api.PUT('/api/imports/{id}/staged/{stagedId}/action', {
          ...stagedPath(jobId, stagedId),
          body: { action, fieldChoices: [] },
        }),
      ),
  );
}

export function useBulkAction(jobId: number) {
  return useWorkspaceMutation(async (body: BulkAction) =>
    unwrap(await api.POST('/api/imports/{id}/staged/bulk-action', { params: { path: { id: jobId } }, body })),
  );
}

/** The duplicate keys Match may identify duplicates by, besides the score. */
export type DuplicateKey = ImportJob['identifyDuplicatesBy'][number];

/**
 * Match, Process or Complete Import: the job moves on and runs in the background. Match takes
 * the duplicate keys chosen (identifyBy).
 */
export function useMoveOn(jobId: number) {
  return useWorkspaceMutation(
    async ({
      step,
      confirm,
      identifyBy,
    }: {
      step: 'match' | 'process' | 'complete';
      confirm?: boolean;
      identifyBy?: DuplicateKey[];
    }) => {
      if (step === 'match') {
        return unwrap(
          await api.POST('/api/imports/{id}/match', {
            params: { path: { id: jobId } },
            body: identifyBy && identifyBy.length > 0 ? { identifyBy } : {},
          }),
        );
      }
      const path = `/api/imports/{id}/${step}` as const;
      return unwrap(
        await api.POST(path, { params: { path: { id: jobId } }, body: confirm ? { confirm } : {} }),
      );
    },
  );
}

export function useUndo(jobId: number) {
  return useWorkspaceMutation(async () =>
    unwrap(await api.POST('/api/imports/{id}/undo', { params: { path: { id: jobId } } })),
  );
}

/** Contacts the on-behalf-of user may see, for Select Another Match (the API checks it again). */
export function useContactSearch(q: string) {
  return useQuery({
    queryKey: ['contacts', 'search', q],
    enabled: q.length > 0,
    queryFn: async () => unwrap(await api.GET('/api/contacts', { params: { query: { q, pageSize: 10 } } })),
  });
}

/** The job, live: each second while it runs (Match, Process, Completed), else every 5 s. */
export function useWorkspaceJob(jobId: number) {
  return useQuery({
    queryKey: [...importsKey, 'job', jobId],
    queryFn: async () => unwrap(await api.GET('/api/imports/{id}', { params: { path: { id: jobId } } })),
    refetchInterval: (q) => (q.state.data?.status === 'Running' ? 1000 : 5000),
  });
}
