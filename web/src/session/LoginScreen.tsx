import { Alert, Button, Center, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useLogin } from './use-session';

export function LoginScreen() {
  const login = useLogin();
  const [userName, setUserName] = useState('');
  const [password, setPassword] = useState('');
  const [tried, setTried] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (userName.trim() && password) login.mutate({ userName: userName.trim(), password });
  };

  return (
    <Center component="main" h="100vh" bg="gray.0">
      <Paper component="form" onSubmit={submit} withBorder shadow="sm" p="xl" w={380} noValidate>
        <Stack>
          <Title order={1} size="h2">
            Dovetail
          </Title>
          <TextInput
            label="User name"
            autoComplete="username"
            value={userName}
            onChange={(event) => setUserName(event.currentTarget.value)}
            error={tried && !userName.trim() ? 'Enter your user name' : undefined}
            data-autofocus
            autoFocus
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            error={tried && !password ? 'Enter your password' : undefined}
          />
          {login.error && (
            <Alert color="red" role="alert" title="Not signed in">
              {login.error.message}
            </Alert>
          )}
          <Button type="submit" loading={login.isPending}>
            Sign in
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
