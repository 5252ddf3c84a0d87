import { forwardRef, useEffect, useState } from "react";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import { textColorOn } from "#app/editor/presence.ts";
import {
  caretPieces,
  remoteCaretsIn,
  selectionBackground,
  type RemoteCaret,
} from "./remote-carets.ts";

/** Other people's carets in one field, re-read on every awareness change and text change. */
export function useRemoteCarets(
  awareness: Awareness | null,
  text: Y.Text | null,
  field: string
): RemoteCaret[] {
  const [carets, setCarets] = useState<RemoteCaret[]>([]);
  useEffect(() => {
    if (!awareness || !text) {
      setCarets([]);
      return;
    }
    const read = () => {
      const next = remoteCaretsIn(
        awareness.getStates(),
        awareness.clientID,
        field,
        text
      );
      // Most awareness changes are about other fields: keep the same array then (no re-render).
      setCarets((previous) =>
        JSON.stringify(previous) === JSON.stringify(next) ? previous : next
      );
    };
    read();
    awareness.on("change", read);
    text.observe(read);
    return () => {
      awareness.off("change", read);
      text.unobserve(read);
    };
  }, [awareness, text, field]);
  return carets;
}

/**
 * A mirror of the field's text laid over it (same box, font and wrapping, text transparent,
 * clicks pass through): other people's selections as translucent bands in their colour and
 * each caret as a bar with the person's name, so the place is never told by colour alone.
 */
export const RemoteCaretsOverlay = forwardRef<
  HTMLSpanElement,
  { value: string; carets: readonly RemoteCaret[]; singleLine: boolean }
>(function RemoteCaretsOverlay({ value, carets, singleLine }, ref) {
  if (carets.length === 0) return null;
  return (
    <span
      className={`remote-carets no-print${
        singleLine ? " remote-carets--single" : ""
      }`}
      aria-hidden="true"
      data-testid="remote-carets"
    >
      {/* follows the field's scrolling: the field's onScroll moves this inner mirror */}
      <span ref={ref} className="remote-carets__text">
        {caretPieces(value, carets).map((piece, i) => {
          if (piece.kind === "caret") {
            const { caret } = piece;
            return (
              <span
                key={`c${caret.clientId}`}
                className="remote-caret"
                style={{ borderColor: caret.color }}
                data-testid="remote-caret"
                data-client={caret.clientId}
                data-offset={caret.head}
              >
                <span
                  className="remote-caret__name"
                  style={{
                    backgroundColor: caret.color,
                    color: textColorOn(caret.color),
                  }}
                >
                  {caret.name}
                </span>
              </span>
            );
          }
          const owner = piece.selectedBy[0];
          return owner ? (
            <span
              key={i}
              className="remote-selection"
              style={{
                backgroundColor: selectionBackground(owner.color),
                boxShadow: `inset 0 -2px 0 ${owner.color}`,
              }}
              data-testid="remote-selection"
              data-client={owner.clientId}
            >
              {piece.text}
            </span>
          ) : (
            <span key={i}>{piece.text}</span>
          );
        })}
        {/* a trailing line break needs a character after it to take up its line */}
        {"\u200b"}
      </span>
    </span>
  );
});
