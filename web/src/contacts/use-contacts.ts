import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type Json, unwrap } from '../api/client';
import type { paths } from '../api/schema';

export type ContactPage = Json<paths['/api/contacts']['get']['responses'][200]>;
export type ContactSummary = ContactPage['items'][number];
export type ContactDetails = Json<paths['/api/contacts/{id}']['get']['responses'][200]>;

export const contactsPageSize = 25;

/** GET /api/contacts: one page of the contacts I may see (name, email or phone search). */
export function useContacts(q: string, page: number) {
  return useQuery({
    queryKey: ['contacts', q, page],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(await api.GET('/api/contacts', { params: { query: { q, page, pageSize: contactsPageSize } } })),
  });
}

/** GET /api/contacts/:id: a contact with its collections. */
export function useContact(id: number | null) {
  return useQuery({
    queryKey: ['contact', id],
    enabled: id !== null,
    queryFn: async () => unwrap(await api.GET('/api/contacts/{id}', { params: { path: { id: id ?? 0 } } })),
  });
}
