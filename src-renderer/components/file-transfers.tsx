/**
 * Files in a private chat: the paperclip ("Send a file") and drop target, the path field browser
 * mode needs (a page is never told where a file lives on disk), offer cards with Accept/Decline,
 * progress bars with speed and time left, Cancel, Retry after a drop, and Show in folder.
 * Names come from the peer: React puts them in as text, never as HTML.
 */
import { useMemo, useState, type DragEvent, type FormEvent } from 'react';
import { useFilesStore, type TransferView } from '../stores/files-store.js';
import { PaperclipIcon } from './icons.js';

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

function timeLeft(t: TransferView): string | undefined {
  if (t.speed === undefined || t.speed <= 0) return undefined;
  const seconds = Math.ceil((t.size - t.bytes) / t.speed);
  return seconds < 60 ? `${seconds} s left` : `${Math.ceil(seconds / 60)} min left`;
}

/** The paperclip button, and in browser mode the field for a path on this computer. */
export function SendFileControls({ peer, live }: { peer: string; live: boolean }) {
  const asking = useFilesStore((s) => s.askingPath[peer] ?? false);
  const error = useFilesStore((s) => s.error[peer]);
  const [path, setPath] = useState('');
  if (!live) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (path.trim() !== '') void useFilesStore.getState().send(peer, path.trim());
  };
  return (
    <div className="file-controls">
      <button
        type="button"
        className="icon-button"
        aria-label="Send a file"
        title="Send a file"
        onClick={() => void useFilesStore.getState().choose(peer)}
      >
        <PaperclipIcon />
      </button>
      {asking && (
        <form className="file-path-form" aria-label="Send a file" onSubmit={submit}>
          <label>
            Path of the file on this computer
            <input
              type="text"
              value={path}
              spellCheck={false}
              onChange={(event) => setPath(event.target.value)}
              placeholder="/home/you/report.pdf"
            />
          </label>
          <button type="submit" className="primary small">
            Send file
          </button>
          <button
            type="button"
            className="secondary small"
            onClick={() => useFilesStore.getState().closePathField(peer)}
          >
            Close
          </button>
        </form>
      )}
      {error && (
        <p className="conv-note bad" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** Drop handlers for the conversation: a dropped file opens the path field with its name said. */
export function useFileDrop(peer: string | undefined, live: boolean) {
  const [dropped, setDropped] = useState<string | undefined>();
  const onDragOver = (event: DragEvent) => {
    if (!peer || !live || !event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
  };
  const onDrop = (event: DragEvent) => {
    if (!peer || !live) return;
    const file = event.dataTransfer.files[0];
    if (!file) return;
    event.preventDefault();
    // A page learns a dropped file's name, not where it is: ask for the path, saying which file.
    setDropped(file.name);
    void useFilesStore.getState().choose(peer);
  };
  return { dropped, handlers: { onDragOver, onDrop } };
}

export function FileTransferList({ peer }: { peer: string }) {
  const byId = useFilesStore((s) => s.byId);
  const order = useFilesStore((s) => s.order);
  const transfers = useMemo(
    () => order.map((id) => byId[id]).filter((t): t is TransferView => t !== undefined && t.peer === peer),
    [byId, order, peer],
  );
  if (transfers.length === 0) return null;
  return (
    <ul className="file-transfers" aria-label={`Files with ${peer}`}>
      {transfers.map((t) => (
        <FileTransferItem key={t.id} transfer={t} />
      ))}
    </ul>
  );
}

function FileTransferItem({ transfer: t }: { transfer: TransferView }) {
  const [shownPath, setShownPath] = useState<string | undefined>();
  const files = useFilesStore.getState();
  const percent = t.size === 0 ? 100 : Math.floor((t.bytes / t.size) * 100);
  const running = t.state === 'sending' || t.state === 'receiving' || t.state === 'verifying';
  const what = t.direction === 'in' ? `${t.peer} offers ${t.name}` : `${t.name} to ${t.peer}`;
  const speed = t.speed === undefined ? undefined : `${formatBytes(Math.round(t.speed))}/s`;
  return (
    <li className="file-transfer" aria-label={`File ${t.name}`}>
      <div className="file-head">
        <span className="file-name truncate">{t.direction === 'in' ? what : `Sending ${t.name}`}</span>
        <span className="file-size">{formatBytes(t.size)}</span>
      </div>
      {t.state === 'offered' && (
        <div className="file-actions">
          {t.resumableBytes !== undefined && t.resumableBytes > 0 && (
            <span>Resumes at {Math.floor((t.resumableBytes / t.size) * 100)} %</span>
          )}
          <button
            type="button"
            className="primary small"
            aria-label={`Accept ${t.name}`}
            onClick={() => void files.accept(t)}
          >
            Accept
          </button>
          <button
            type="button"
            className="secondary small"
            aria-label={`Decline ${t.name}`}
            onClick={() => void files.reject(t)}
          >
            Decline
          </button>
        </div>
      )}
      {t.state === 'waiting' && <span className="file-status">Waiting for {t.peer} to accept…</span>}
      {running && (
        <div className="file-progress">
          <div
            role="progressbar"
            aria-label={`${t.direction === 'in' ? 'Receiving' : 'Sending'} ${t.name}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            aria-valuetext={`${percent} %`}
            className="progress"
          >
            <div className="progress-fill" style={{ width: `${percent}%` }} />
          </div>
          <span className="file-status">
            {t.state === 'verifying'
              ? 'Checking the file…'
              : [`${formatBytes(t.bytes)} of ${formatBytes(t.size)}`, speed, timeLeft(t)]
                  .filter(Boolean)
                  .join(' · ')}
          </span>
          {t.state !== 'verifying' && (
            <button
              type="button"
              className="secondary small"
              aria-label={`Cancel ${t.name}`}
              onClick={() => void files.cancel(t)}
            >
              Cancel
            </button>
          )}
        </div>
      )}
      {t.state === 'done' && (
        <div className="file-actions" role="status">
          <span>{t.direction === 'in' ? 'Received.' : `${t.peer} received it.`}</span>
          {t.direction === 'in' && (
            <button
              type="button"
              className="secondary small"
              aria-label={`Show ${t.name} in folder`}
              onClick={() => void files.showInFolder(t).then(setShownPath)}
            >
              Show in folder
            </button>
          )}
          {shownPath && <span className="file-path">Saved as {shownPath}</span>}
        </div>
      )}
      {(t.state === 'interrupted' ||
        t.state === 'failed' ||
        t.state === 'rejected' ||
        t.state === 'cancelled') && (
        <div className="file-actions" role="status">
          <span>
            {t.state === 'interrupted'
              ? `Cut off at ${percent} %${t.direction === 'in' ? '; the part received is kept to resume.' : '.'}`
              : t.state === 'rejected'
                ? `Declined${t.reason ? `: ${t.reason}` : '.'}`
                : `${t.state === 'failed' ? 'Failed' : 'Cancelled'}${t.reason ? `: ${t.reason}` : '.'}`}
          </span>
          {t.direction === 'out' && t.state !== 'rejected' && (
            <button
              type="button"
              className="secondary small"
              aria-label={`Retry ${t.name}`}
              onClick={() => void files.retry(t)}
            >
              Retry
            </button>
          )}
        </div>
      )}
    </li>
  );
}
