/** Settings → Private chats: that they are end-to-end encrypted, and how this computer keeps the key. */
import { useEffect, useState } from 'react';
import { call, errorOf } from '../api.js';
import { SettingsSection } from './settings-section.js';

export function EncryptionSection() {
  const [protection, setProtection] = useState<string | undefined>();
  useEffect(() => {
    call('encryptionInfo', {}).then(
      (info) => setProtection(info.keyProtection),
      (cause: unknown) => setProtection(`unknown (${errorOf(cause).message})`),
    );
  }, []);
  return (
    <SettingsSection title="Private chats">
      <p className="hint">
        Private chats are end-to-end encrypted: the server that introduces you cannot read them. Compare the
        safety number with a contact (the Safety number button of a private chat) to be sure nobody is in
        between.
      </p>
      {protection !== undefined && <p className="hint">Your encryption key is kept in {protection}.</p>}
    </SettingsSection>
  );
}
