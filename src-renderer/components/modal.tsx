/**
 * A modal on the native <dialog>: the browser traps focus, makes the rest inert (so tests and
 * screen readers see only the dialog) and turns Esc into `cancel`, which calls `onCancel`.
 */
import { useEffect, useRef, type ReactNode } from 'react';

interface Props {
  role?: 'dialog' | 'alertdialog';
  labelledBy: string;
  describedBy?: string;
  className?: string;
  onCancel: () => void;
  children: ReactNode;
}

export function Modal({ role = 'dialog', labelledBy, describedBy, className, onCancel, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const onCancelRef = useRef(onCancel);
  onCancelRef.current = onCancel;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    function cancel(event: Event) {
      event.preventDefault();
      onCancelRef.current();
    }
    dialog.addEventListener('cancel', cancel);
    return () => {
      dialog.removeEventListener('cancel', cancel);
      dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      role={role === 'alertdialog' ? 'alertdialog' : undefined}
      aria-modal="true"
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      className={`modal ${className ?? ''}`}
    >
      {children}
    </dialog>
  );
}
