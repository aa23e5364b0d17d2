/**
 * English strings: the reference catalogue. Every user-visible string of every element is here, so a
 * missing translation is a type error in `fr.ts` or `de.ts`, not a surprise on screen.
 */
export const en = {
  threadHeading: 'Conversation',
  threadLabel: (object: string) => `Conversation about ${object}`,
  loading: 'Loading the conversation…',
  empty: 'No messages yet. Start the conversation about this record.',
  noObject: 'No record selected: this conversation has no object-type or object-id.',
  noClient: 'Not connected: call configure({ adapter }) or wrap this element in <rse-provider>.',
  loadError: (reason: string) => `The conversation could not be loaded: ${reason}`,
  retry: 'Try again',
  loadOlder: 'Show older messages',
  loadingOlder: 'Loading older messages…',
  reply: 'Reply',
  replyTo: (name: string) => `Reply to ${name}`,
  replyingTo: (name: string) => `Replying to ${name}`,
  cancelReply: 'Cancel reply',
  repliesLabel: (name: string) => `Replies to ${name}`,
  composerLabel: 'Write a message',
  composerPlaceholder: 'Write a message… Use @ to mention, # for a topic',
  composerHint: 'Ctrl+Enter to send',
  send: 'Send',
  sending: 'Sending…',
  sendError: (reason: string) => `Your message was not sent: ${reason} Your text is kept; try again.`,
  tooLong: (max: string) => `This message is too long: ${max} characters at most.`,
  charactersLeft: (count: string) => `${count} characters left`,
  newMessage: (name: string) => `New message from ${name}`,
  live: 'Live',
  offline: 'Not live: new messages appear when the connection returns.',
  edited: 'edited',
  messageCount: (count: number, formatted: string) => (count === 1 ? '1 message' : `${formatted} messages`),
  errorNotFound: 'This record does not exist or you may not open it.',
  errorNetwork: 'The server cannot be reached.',
  errorUnauthenticated: 'Your session has expired; sign in again.',
  errorForbidden: 'You are not allowed to do this.',
  errorInvalid: 'The server refused the request.',
  errorInternal: 'The server failed.',
  externalLink: 'opens in a new window',
  objectReference: (type: string, id: string) => `${type} ${id}`,
};

/** The shape every catalogue has. */
export type Messages = typeof en;
