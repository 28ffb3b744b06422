import { useMutation } from '@tanstack/react-query';
import { api, toApiError, unwrap } from '../api/client';
import type { paths } from '../api/schema';

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

/** The answer to an upload: the suggested plan, each CSV's profile and suggestions, the editor's choices. */
export type MappingUpload = Json<paths['/api/mapping/uploads']['post']['responses'][201]>;
export type MappingPlan = MappingUpload['plan'];
export type FilePlan = MappingPlan['files'][number];
export type PlannedColumn = FilePlan['columns'][number];
export type FileSuggestion = MappingUpload['files'][number];
export type ColumnSuggestion = FileSuggestion['columns'][number];
export type MappingChoices = MappingUpload['choices'];
export type DataType = FilePlan['dataType'];
export type CheckReport = Json<paths['/api/mapping/uploads/{id}/check']['post']['responses'][200]>;

export interface UploadCsvs {
  files: File[];
  template: File | null;
  name: string;
  onBehalfOf: string;
}

/** POST /api/mapping/uploads: the fields first, then the template and the CSVs, as one multipart form. */
export function useUploadCsvs() {
  return useMutation({
    mutationFn: async ({ files, template, name, onBehalfOf }: UploadCsvs): Promise<MappingUpload> => {
      const form = new FormData();
      form.append('onBehalfOf', onBehalfOf);
      if (name.trim()) form.append('name', name.trim());
      if (template) form.append('template', template, template.name);
      for (const file of files) form.append('files', file, file.name);
      const response = await fetch('/api/mapping/uploads', { method: 'POST', body: form });
      const body: unknown = await response.json().catch(() => undefined);
      if (response.status !== 201) throw toApiError(response.status, body);
      return body as MappingUpload;
    },
  });
}

/** Check before building: every problem the import would find, at once. */
export function useCheckPlan(uploadId: string) {
  return useMutation({
    mutationFn: async (plan: MappingPlan) =>
      unwrap(
        await api.POST('/api/mapping/uploads/{id}/check', {
          params: { path: { id: uploadId } },
          body: { plan },
        }),
      ),
  });
}

export interface BuiltPackage {
  file: File;
  /** How many problems the server's check of the built package found. */
  problems: number;
}

/** Builds the package ZIP; the caller offers it as a download and to Import Data. */
export function useBuildPackage(uploadId: string) {
  return useMutation({
    mutationFn: async (plan: MappingPlan): Promise<BuiltPackage> => {
      const response = await fetch(`/api/mapping/uploads/${encodeURIComponent(uploadId)}/package`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ plan }),
      });
      if (!response.ok) throw toApiError(response.status, await response.json().catch(() => undefined));
      const blob = await response.blob();
      return {
        file: new File([blob], `${plan.name}.zip`, { type: 'application/zip' }),
        problems: Number(response.headers.get('x-dovetail-problems') ?? 0),
      };
    },
  });
}

/** Removes an upload's CSVs from the server (else they go a day later); nothing waits for it. */
export function discardUpload(uploadId: string) {
  void api.DELETE('/api/mapping/uploads/{id}', { params: { path: { id: uploadId } } }).catch(() => undefined);
}

/** Hands a file to the browser as a download. */
export function download(file: Blob, name: string) {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The plan as a mapping template to reuse for the next export of the same system. */
export function templateFile(plan: MappingPlan): File {
  const template = { ...plan, savedAt: new Date().toISOString() };
  return new File([`${JSON.stringify(template, null, 2)}\n`], `${plan.name}.template.json`, {
    type: 'application/json',
  });
}
