/** Where the unread messages of a conversation begin, when it was opened with some. */
export function NewMessagesDivider() {
  return (
    <div className="new-messages" role="separator" aria-label="New messages">
      <span>New messages</span>
    </div>
  );
}
