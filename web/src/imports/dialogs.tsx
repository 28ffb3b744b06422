import { createContext, type ReactNode, useContext, useMemo, useState } from 'react';

/** Which of the import dialogs are open; the error log sits above the others. */
interface DialogsState {
  importData: boolean;
  importProcesses: boolean;
  mappingTool: boolean;
  /** The import job whose error log is open. */
  errorLogJobId: number | null;
  /** The import job whose workspace is open. */
  workspaceJobId: number | null;
}

interface Dialogs extends DialogsState {
  openImportData(): void;
  openImportProcesses(): void;
  openMappingTool(): void;
  openErrorLog(jobId: number): void;
  openWorkspace(jobId: number): void;
  close(dialog: keyof DialogsState): void;
}

const DialogsContext = createContext<Dialogs | null>(null);

/** Lets the Options menu, the notification alarms and the lists open the same dialogs. */
export function DialogsProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<DialogsState>({
    importData: false,
    importProcesses: false,
    mappingTool: false,
    errorLogJobId: null,
    workspaceJobId: null,
  });
  const dialogs = useMemo<Dialogs>(
    () => ({
      ...state,
      openImportData: () => setState((s) => ({ ...s, importData: true })),
      openImportProcesses: () => setState((s) => ({ ...s, importProcesses: true })),
      openMappingTool: () => setState((s) => ({ ...s, mappingTool: true })),
      openErrorLog: (jobId) => setState((s) => ({ ...s, errorLogJobId: jobId })),
      // The workspace replaces the list it was opened from.
      openWorkspace: (jobId) => setState((s) => ({ ...s, importProcesses: false, workspaceJobId: jobId })),
      close: (dialog) =>
        setState((s) => ({
          ...s,
          [dialog]: dialog === 'errorLogJobId' || dialog === 'workspaceJobId' ? null : false,
        })),
    }),
    [state],
  );
  return <DialogsContext.Provider value={dialogs}>{children}</DialogsContext.Provider>;
}

export function useDialogs(): Dialogs {
  const dialogs = useContext(DialogsContext);
  if (!dialogs) throw new Error('useDialogs needs a DialogsProvider');
  return dialogs;
}
