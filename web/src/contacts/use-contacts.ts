import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { toApiError } from '../api/client';

// The contacts API lands in its own change; until its routes are in the OpenAPI document (and so in
// schema.d.ts), these types follow its agreed contract. Replace them with the generated ones then.

export interface ContactSummary {
  id: number;
  kind: 'person' | 'company';
  displayName: string;
  email: string | null;
  phone: string | null;
  ownerUserName: string;
}

export interface ContactPage {
  items: ContactSummary[];
  total: number;
}

type Row = Record<string, unknown>;

export interface ContactDetails extends ContactSummary {
  addresses: Row[];
  communications: Row[];
  categories: Array<Row | string>;
  notes: Row[];
  fieldValues: Row[];
  [field: string]: unknown;
}

export const contactsPageSize = 25;

/** GET /api/contacts: one page of the contacts I may see. A server without the route lists none. */
export function useContacts(q: string, page: number) {
  return useQuery({
    queryKey: ['contacts', q, page],
    placeholderData: keepPreviousData,
    queryFn: async (): Promise<ContactPage> => {
      const params = new URLSearchParams({ q, page: String(page), pageSize: String(contactsPageSize) });
      const response = await fetch(`/api/contacts?${params}`);
      if (response.status === 404) return { items: [], total: 0 };
      if (!response.ok) throw toApiError(response.status, await response.json().catch(() => undefined));
      return (await response.json()) as ContactPage;
    },
  });
}

/** GET /api/contacts/:id: a contact with its collections. */
export function useContact(id: number | null) {
  return useQuery({
    queryKey: ['contact', id],
    enabled: id !== null,
    queryFn: async (): Promise<ContactDetails> => {
      const response = await fetch(`/api/contacts/${id}`);
      if (!response.ok) throw toApiError(response.status, await response.json().catch(() => undefined));
      return (await response.json()) as ContactDetails;
    },
  });
}
