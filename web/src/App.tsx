import { Center, Loader, MantineProvider } from '@mantine/core';
import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { ApiError } from './api/client';
import { DialogsProvider } from './imports/dialogs';
import { cssVariablesResolver, theme } from './layout/theme';
import { useFocusRecovery } from './layout/use-focus-recovery';
import { LoginScreen } from './session/LoginScreen';
import { useCurrentUser } from './session/use-session';

// Its own chunk, with every dialog it opens: the Login screen does not download them.
const ContactsWorkspace = lazy(() =>
  import('./layout/ContactsWorkspace').then((module) => ({ default: module.ContactsWorkspace })),
);

const queryClient: QueryClient = new QueryClient({
  // A session that ended (expired, or signed out in another tab) brings back the Login screen.
  queryCache: new QueryCache({
    onError: (error, query) => {
      if (error instanceof ApiError && error.status === 401 && query.queryKey[0] !== 'me') {
        queryClient.setQueryData(['me'], null);
      }
    },
  }),
  defaultOptions: {
    queries: {
      // A 401 or 404 will not change on a retry; a network hiccup may.
      retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
      refetchOnWindowFocus: false,
    },
  },
});

export function App() {
  useFocusRecovery();
  return (
    <MantineProvider defaultColorScheme="light" theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <QueryClientProvider client={queryClient}>
        <DialogsProvider>
          <SignedInOrLogin />
        </DialogsProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}

function SignedInOrLogin() {
  const me = useCurrentUser();
  if (me.isPending) return <Loading />;
  return me.data ? (
    <Suspense fallback={<Loading />}>
      <ContactsWorkspace user={me.data} />
    </Suspense>
  ) : (
    <LoginScreen />
  );
}

function Loading() {
  return (
    <Center h="100vh">
      <Loader aria-label="Loading" />
    </Center>
  );
}
