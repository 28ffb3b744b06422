import { Button, Menu } from '@mantine/core';
import type { CurrentUser } from '../api/client';
import { useDialogs } from '../imports/dialogs';
import { MissingPrivilege, needs } from '../imports/MissingPrivilege';

/** The contacts panel's Options button: Import Contacts → Import Data / Create New Mapping / View Imports / Generate Definition File. */
export function OptionsMenu({ user }: { user: CurrentUser }) {
  const dialogs = useDialogs();
  const canManage = user.privileges.includes('ImportProcessManage');
  const canView = user.privileges.includes('ImportProcessView');
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" size="sm">
          Options
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Sub position="left-start">
          <Menu.Sub.Target>
            <Menu.Sub.Item>Import Contacts</Menu.Sub.Item>
          </Menu.Sub.Target>
          <Menu.Sub.Dropdown>
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
