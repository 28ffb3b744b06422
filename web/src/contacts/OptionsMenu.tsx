import { Button, Menu } from '@mantine/core';
import { type KeyboardEvent, useRef, useState } from 'react';
import type { CurrentUser } from '../api/client';
import { useDialogs } from '../imports/dialogs';
import { MissingPrivilege, needs } from '../imports/MissingPrivilege';
import { focusFallback } from '../layout/use-focus-recovery';

/** The contacts panel's Options button: Import Contacts → Import Data / Create New Mapping / View Imports / Generate Definition File. */
export function OptionsMenu({ user }: { user: CurrentUser }) {
  const dialogs = useDialogs();
  const canManage = user.privileges.includes('ImportProcessManage');
  const canView = user.privileges.includes('ImportProcessView');
  const [importOpened, setImportOpened] = useState(false);
  const submenu = useRef<HTMLDivElement>(null);
  // Enter and Space open the submenu as ArrowRight does, and move into it: a keyboard user
  // reaches every item with Tab, Enter, Space and Escape (arrows work too).
  const openByKey = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    setImportOpened(true);
    window.setTimeout(() => {
      submenu.current?.querySelector<HTMLElement>('[data-menu-item]:not([data-disabled])')?.focus();
    }, 20);
  };
  return (
    <Menu position="bottom-end" withinPortal onClose={() => setImportOpened(false)}>
      <Menu.Target>
        <Button variant="default" size="sm" {...focusFallback}>
          Options
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Sub position="left-start" opened={importOpened} onChange={setImportOpened}>
          <Menu.Sub.Target>
            <Menu.Sub.Item aria-haspopup="menu" aria-expanded={importOpened} onKeyDown={openByKey}>
              Import Contacts
            </Menu.Sub.Item>
          </Menu.Sub.Target>
          <Menu.Sub.Dropdown ref={submenu} aria-label="Import Contacts">
            <Menu.Item
              disabled={!canManage}
              onClick={dialogs.openImportData}
              {...needs('ImportProcessManage', canManage)}
            >
              Import Data
              {!canManage && <MissingPrivilege privilege="ImportProcessManage" />}
            </Menu.Item>
            <Menu.Item
              disabled={!canManage}
              onClick={dialogs.openMappingTool}
              {...needs('ImportProcessManage', canManage)}
            >
              Create New Mapping
              {!canManage && <MissingPrivilege privilege="ImportProcessManage" />}
            </Menu.Item>
            <Menu.Item
              disabled={!canView}
              onClick={dialogs.openImportProcesses}
              {...needs('ImportProcessView', canView)}
            >
              View Imports
              {!canView && <MissingPrivilege privilege="ImportProcessView" />}
            </Menu.Item>
            <Menu.Item
              component="a"
              href={`/api/users/${encodeURIComponent(user.userName)}/definition`}
              download
            >
              Generate Definition File
            </Menu.Item>
          </Menu.Sub.Dropdown>
        </Menu.Sub>
      </Menu.Dropdown>
    </Menu>
  );
}
