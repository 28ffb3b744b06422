import { Text } from '@mantine/core';

/** Why a menu item is disabled, on the item itself: part of what it reads and what it says. */
export function MissingPrivilege({ privilege }: { privilege: string }) {
  return (
    <Text component="span" size="xs" display="block">
      Needs the {privilege} privilege
    </Text>
  );
}

/** The tooltip of an item the user's privileges disable (nothing when they have it). */
export function needs(privilege: string, granted: boolean): { title?: string } {
  return granted ? {} : { title: `You need the ${privilege} privilege; ask an administrator to grant it.` };
}
