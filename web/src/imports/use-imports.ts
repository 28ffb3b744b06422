import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type ImportJob, type ImportListQuery, toApiError, unwrap } from '../api/client';

export const importsKey = ['imports'] as const;

export interface ImportPage {
  jobs: ImportJob[];
  /** Every job the filters find, on all pages (X-Total-Count). */
  total: number;
}

/**
 * One page of the Import Processes list, kept live while shown: each second while a job on it is
 * Running (its progress moves), else every 5 s (jobs started by the CLI or another user appear).
 */
export function useImports(query: ImportListQuery, enabled: boolean) {
  return useQuery({
    queryKey: [...importsKey, 'list', query],
    enabled,
    placeholderData: keepPreviousData,
    queryFn: async (): Promise<ImportPage> => {
      const result = await api.GET('/api/imports', { params: { query } });
      const jobs = unwrap(result);
      return { jobs, total: Number(result.response.headers.get('x-total-count') ?? jobs.length) };
    },
    refetchInterval: (q) => (q.state.data?.jobs.some((job) => job.status === 'Running') ? 1000 : 5000),
  });
}

export function useImportJob(id: number | null) {
  return useQuery({
    queryKey: [...importsKey, 'job', id],
    enabled: id !== null,
    queryFn: async () => unwrap(await api.GET('/api/imports/{id}', { params: { path: { id: id ?? 0 } } })),
  });
}

/** The error log: the first errors (500 by default) and how many there were in all. */
export function useErrorLog(id: number | null) {
  return useQuery({
    queryKey: [...importsKey, 'errors', id],
    enabled: id !== null,
    queryFn: async () =>
      unwrap(await api.GET('/api/imports/{id}/errors', { params: { path: { id: id ?? 0 } } })),
  });
}

export interface StartImport {
  packageFile: File;
  description: string;
  onBehalfOf: string;
}

/** POST /api/imports: the fields first, then the package, as one multipart form. */
export function useStartImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ packageFile, description, onBehalfOf }: StartImport): Promise<ImportJob> => {
      const form = new FormData();
      form.append('description', description);
      form.append('onBehalfOf', onBehalfOf);
      form.append('package', packageFile, packageFile.name);
      const response = await fetch('/api/imports', { method: 'POST', body: form });
      const body: unknown = await response.json().catch(() => undefined);
      if (response.status !== 202) throw toApiError(response.status, body);
      return body as ImportJob;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: importsKey }),
  });
}

/** Who I may import for: everyone for an administrator, else only me. */
export function useUsers(enabled: boolean) {
  return useQuery({
    queryKey: ['users'],
    enabled,
    queryFn: async () => unwrap(await api.GET('/api/users')),
  });
}
