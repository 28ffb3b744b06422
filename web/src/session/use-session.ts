import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, type CurrentUser, unwrap } from '../api/client';

const meKey = ['me'] as const;

/** The signed-in user, or null when nobody is (GET /api/me answers 401). */
export function useCurrentUser() {
  return useQuery({
    queryKey: meKey,
    queryFn: async (): Promise<CurrentUser | null> => {
      try {
        return unwrap(await api.GET('/api/me'));
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
  });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: { userName: string; password: string }) =>
      unwrap(await api.POST('/api/session', { body })),
    onSuccess: (user) => signedInAs(queryClient, user),
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      await api.DELETE('/api/session');
    },
    onSuccess: () => signedInAs(queryClient, null),
  });
}

/** Forgets what the previous user saw; the query of who I am stays observed, with its new answer. */
function signedInAs(queryClient: QueryClient, user: CurrentUser | null): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meKey[0] });
  queryClient.setQueryData(meKey, user);
}

/** "Ann Lee", or the user name when the user has no first and last name. */
export function fullName(user: {
  userName: string;
  firstName: string | null;
  lastName: string | null;
}): string {
  const name = [user.firstName, user.lastName].filter(Boolean).join(' ');
  return name || user.userName;
}
