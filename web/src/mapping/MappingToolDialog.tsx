import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { CurrentUser } from '../api/client';
import { CheckReportView } from './CheckReportView';
import { FileMappingCard } from './FileMappingCard';
import { ImportPackageDialog } from './ImportPackageDialog';
import { UploadForm } from './UploadForm';
import {
  type BuiltPackage,
  discardUpload,
  download,
  type MappingPlan,
  type MappingUpload,
  templateFile,
  useBuildPackage,
  useCheckPlan,
} from './use-mapping';

interface MappingToolDialogProps {
  user: CurrentUser;
  opened: boolean;
  onClose(): void;
}

/** Create New Mapping: upload a legacy export's CSVs, review the suggested mapping, check, build. */
export function MappingToolDialog({ user, opened, onClose }: MappingToolDialogProps) {
  // Kept here, not in the editor: closing the screen and opening it again keeps the edits.
  const [work, setWork] = useState<{ upload: MappingUpload; plan: MappingPlan } | null>(null);
  const startOver = () => {
    if (work) discardUpload(work.upload.id);
    setWork(null);
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Create New Mapping" fullScreen>
      {work ? (
        // A new upload starts the editor afresh (keyed by its id).
        <MappingEditor
          key={work.upload.id}
          upload={work.upload}
          plan={work.plan}
          setPlan={(plan) => setWork({ upload: work.upload, plan })}
          onStartOver={startOver}
        />
      ) : (
        <UploadForm user={user} onUploaded={(upload) => setWork({ upload, plan: upload.plan })} />
      )}
    </Modal>
  );
}

interface MappingEditorProps {
  upload: MappingUpload;
  plan: MappingPlan;
  setPlan(plan: MappingPlan): void;
  onStartOver(): void;
}

function MappingEditor({ upload, plan, setPlan, onStartOver }: MappingEditorProps) {
  const check = useCheckPlan(upload.id);
  const build = useBuildPackage(upload.id);
  const [built, setBuilt] = useState<BuiltPackage | null>(null);
  const [importing, setImporting] = useState(false);

  const edit = (next: MappingPlan) => {
    setPlan(next);
    // What was checked or built no longer matches what the screen shows.
    check.reset();
    setBuilt(null);
  };

  const buildPackage = () =>
    build.mutate(plan, {
      onSuccess: (result) => {
        setBuilt(result);
        download(result.file, result.file.name);
      },
    });

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <TextInput
          label="Package name"
          w={320}
          value={plan.name}
          maxLength={200}
          onChange={(event) => edit({ ...plan, name: event.currentTarget.value })}
        />
        <Group gap="sm">
          <Button variant="subtle" onClick={onStartOver}>
            Start over
          </Button>
          <Button
            variant="default"
            onClick={() => download(templateFile(plan), `${plan.name}.template.json`)}
          >
            Save as Template
          </Button>
          <Button variant="default" loading={check.isPending} onClick={() => check.mutate(plan)}>
            Check
          </Button>
          <Button loading={build.isPending} disabled={!plan.name.trim()} onClick={buildPackage}>
            Build Package
          </Button>
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        {upload.files.length} CSV files, mapped for the target definition of {upload.definitionFor}. Review
        each suggested target, then Check: it runs the import's own rules over every row.
      </Text>
      {check.error && (
        <Alert color="red" role="alert" title="The check did not run">
          {check.error.message}
        </Alert>
      )}
      {check.data && <CheckReportView report={check.data} />}
      {build.error && (
        <Alert color="red" role="alert" title="The package was not built">
          {build.error.message}
        </Alert>
      )}
      {built && (
        <Alert color={built.problems === 0 ? 'green' : 'yellow'} title="Package built" role="status">
          <Group justify="space-between">
            <Text size="sm">
              {built.file.name} was downloaded
              {built.problems === 0
                ? ': its check found no problem.'
                : `; its check found ${built.problems} problems (Check lists them).`}
            </Text>
            <Button size="xs" onClick={() => setImporting(true)}>
              Import this package
            </Button>
          </Group>
        </Alert>
      )}
      {plan.files.map((file, index) => {
        const suggestion = upload.files.find((candidate) => candidate.profile.file === file.file);
        if (!suggestion) return null;
        return (
          <FileMappingCard
            key={file.file}
            file={file}
            suggestion={suggestion}
            choices={upload.choices}
            onChange={(next) => edit({ ...plan, files: plan.files.map((f, i) => (i === index ? next : f)) })}
          />
        );
      })}
      {importing && built && (
        <ImportPackageDialog
          packageFile={built.file}
          onBehalfOf={upload.definitionFor}
          onClose={() => setImporting(false)}
        />
      )}
    </Stack>
  );
}
