import { css } from 'lit';

/** The initials disc beside a message or a feed item. */
export const avatarStyles = css`
  .avatar {
    grid-row: span 4;
    inline-size: 2rem;
    block-size: 2rem;
    border-radius: 50%;
    display: grid;
    place-items: center;
    background: var(--_rse-accent);
    color: var(--_rse-on-accent);
    font-size: 0.8em;
    font-weight: 600;
  }
`;
