import { Center, Loader, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiError } from './api/client';
import { AlarmOverflow, alarmsShown, alarmsZIndex } from './imports/AlarmOverflow';
import { DialogsProvider } from './imports/dialogs';
import { ContactsWorkspace } from './layout/ContactsWorkspace';
import { LoginScreen } from './session/LoginScreen';
import { useCurrentUser } from './session/use-session';

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
  return (
    <MantineProvider defaultColorScheme="light" theme={{ respectReducedMotion: true }}>
      <QueryClientProvider client={queryClient}>
        <DialogsProvider>
          <Notifications position="bottom-right" limit={alarmsShown} zIndex={alarmsZIndex} />
          <AlarmOverflow />
          <SignedInOrLogin />
        </DialogsProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}

function SignedInOrLogin() {
  const me = useCurrentUser();
  if (me.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  return me.data ? <ContactsWorkspace user={me.data} /> : <LoginScreen />;
}
