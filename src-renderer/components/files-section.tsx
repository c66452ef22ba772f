/** Settings → Files: where received files go, and the largest file Parley accepts. */
import { useState, type FormEvent } from 'react';
import { useSettingsStore } from '../stores/settings-store.js';
import { SettingsSection } from './settings-section.js';

const MiB = 1024 * 1024;
const DEFAULT_LIMIT_MIB = 2048;

export function FilesSection() {
  const settings = useSettingsStore((s) => s.settings);
  const [folder, setFolder] = useState(settings?.downloadsFolder ?? '');
  const [limit, setLimit] = useState(
    String(
      settings?.maxFileBytes === undefined ? DEFAULT_LIMIT_MIB : Math.floor(settings.maxFileBytes / MiB),
    ),
  );
  const [saved, setSaved] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const mib = Number(limit);
    if (!Number.isInteger(mib) || mib < 1) {
      setProblem('The largest file is a whole number of MiB, at least 1.');
      return;
    }
    setProblem(undefined);
    const ok = await useSettingsStore.getState().update({
      maxFileBytes: mib * MiB,
      ...(folder.trim() === '' ? {} : { downloadsFolder: folder.trim() }),
    });
    setSaved(ok);
  };
  return (
    <SettingsSection title="Files">
      <form onSubmit={(event) => void save(event)} aria-label="Files">
        <div className="field">
          <label htmlFor="downloads-folder">Downloads folder</label>
          <input
            id="downloads-folder"
            type="text"
            value={folder}
            spellCheck={false}
            placeholder="Downloads/Parley in your home folder"
            onChange={(event) => setFolder(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="max-file-mib">Largest file to accept (MiB)</label>
          <input
            id="max-file-mib"
            type="text"
            inputMode="numeric"
            value={limit}
            onChange={(event) => setLimit(event.target.value.trim())}
          />
        </div>
        <button type="submit" className="secondary small">
          Save file settings
        </button>
        {problem && (
          <p className="hint bad" role="alert">
            {problem}
          </p>
        )}
        {saved && (
          <p className="hint" role="status">
            Saved. The next file you accept follows these settings.
          </p>
        )}
      </form>
    </SettingsSection>
  );
}
