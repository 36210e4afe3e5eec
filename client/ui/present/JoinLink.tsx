import { linkParts } from './useWallJoin';

/** The join link, wrapping only between its parts (host, `/j`, code), never inside one. */
export function JoinLink({ url, testId }: { url: string; testId?: string }) {
  return (
    <p className="present-url" data-testid={testId} data-url={url}>
      {linkParts(url).map((part, i) => (
        <span key={i} className="link-part">
          {part}
        </span>
      ))}
    </p>
  );
}
