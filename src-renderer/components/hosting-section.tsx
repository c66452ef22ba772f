/**
 * "Host a server": the switch, its options, and a live status line with the address to share
 * (and Copy), or the failure and what to do about it.
 */
import { useEffect, useId, useState } from 'react';
import type { HostingSettings, HostStatus } from '../../src-shared/api/index.js';
import { formatDuration, shareAddress } from '../format.js';
import { useHostStore } from '../stores/host-store.js';
import { useSettingsStore } from '../stores/settings-store.js';
import { HostFingerprint } from './server-trust.js';
import { SettingsSection } from './settings-section.js';

function statusWords(status: HostStatus): string {
  switch (status.state) {
    case 'stopped':
      return 'Not hosting. Turn it on to let others connect to this computer.';
    case 'starting':
      return 'Starting the server…';
    case 'stopping':
      return 'Stopping the server…';
    case 'running': {
      return `Running on ${shareAddress(status)} · ${status.online} online`;
    }
    case 'failed':
      return `The server could not start. ${status.message}`;
  }
}

/** A whole-number field that saves on blur or Enter when valid, and says why when not. */
function NumberField(props: {
  label: string;
  value: number;
  min: number;
  max: number;
  hint: string;
  onSave: (n: number) => void;
}) {
  const { label, value, min, max, hint, onSave } = props;
  const id = useId();
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const n = Number(text);
  const bad = text.trim() === '' || !Number.isInteger(n) || n < min || n > max;
  const save = () => {
    if (!bad && n !== value) onSave(n);
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        value={text}
        aria-invalid={bad}
        aria-describedby={`${id}-hint`}
        onChange={(e) => setText(e.target.value.trim())}
        onBlur={save}
        onKeyDown={(e) => {
          if (e.key === 'Enter') save();
        }}
      />
      <p id={`${id}-hint`} className={bad ? 'hint bad' : 'hint'}>
        {bad ? `A whole number from ${min} to ${max}.` : hint}
      </p>
    </div>
  );
}

export function HostingSection() {
  const hosting = useSettingsStore((s) => s.settings?.hosting);
  const update = useSettingsStore((s) => s.update);
  const status = useHostStore((s) => s.status);
  const setHosting = useHostStore((s) => s.setHosting);
  const [copied, setCopied] = useState(false);
  if (!hosting) return null;

  const on = status.state === 'running' || status.state === 'starting';
  const save = (patch: Partial<HostingSettings>) => void update({ hosting: patch });
  const running = status.state === 'running';
  const address = running ? shareAddress(status) : undefined;

  return (
    <SettingsSection title="Hosting">
      <div className="row">
        <div className="grow">
          <p id="host-switch-label" className="strong">
            Host a server
          </p>
          <p className="hint">Let others chat through this computer while Parley is open.</p>
        </div>
        <button
          type="button"
          role="switch"
          aria-checked={on}
          aria-labelledby="host-switch-label"
          className="switch"
          disabled={status.state === 'starting' || status.state === 'stopping'}
          onClick={() => void setHosting(!on)}
        >
          <span className="knob" />
        </button>
      </div>
      <div className={`host-status ${status.state}`}>
        <p role="status" className="grow">
          {statusWords(status)}
        </p>
        {address && (
          <button
            type="button"
            className="secondary small"
            aria-label="Copy address"
            onClick={() => {
              void navigator.clipboard.writeText(address).then(() => setCopied(true));
            }}
          >
            {copied ? 'Copied' : 'Copy'}
          </button>
        )}
      </div>
      <HostFingerprint />
      {status.state === 'failed' && status.failure === 'port-in-use' && (
        <p className="hint">Pick another port below (or 0 for any free one), then turn hosting on again.</p>
      )}
      <div className="grid-2">
        <NumberField
          label="Port"
          value={hosting.port}
          min={0}
          max={65535}
          hint="0 picks any free port"
          onSave={(port) => save({ port })}
        />
        <NumberField
          label="Block duration (seconds)"
          value={hosting.blockDurationSeconds}
          min={1}
          max={86_400}
          hint={`After 3 wrong passwords a name is locked for ${formatDuration(hosting.blockDurationSeconds)}`}
          onSave={(blockDurationSeconds) => save({ blockDurationSeconds })}
        />
        <NumberField
          label="Inactivity timeout (seconds)"
          value={hosting.inactivityTimeoutSeconds}
          min={0}
          max={86_400}
          hint={
            hosting.inactivityTimeoutSeconds === 0
              ? 'Never log people out'
              : `Log out after ${formatDuration(hosting.inactivityTimeoutSeconds)} without activity`
          }
          onSave={(inactivityTimeoutSeconds) => save({ inactivityTimeoutSeconds })}
        />
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={hosting.allowLan}
          onChange={(e) => save({ allowLan: e.target.checked })}
        />
        Allow connections from the local network
      </label>
      {running && <p className="hint">Changes take effect the next time the server starts.</p>}
    </SettingsSection>
  );
}
