import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
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
    onSuccess: (user) => {
      queryClient.clear();
      queryClient.setQueryData(meKey, user);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      await api.DELETE('/api/session');
    },
    onSuccess: () => {
      queryClient.clear();
      queryClient.setQueryData(meKey, null);
    },
  });
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
