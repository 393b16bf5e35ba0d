"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, type KeyboardEvent } from "react";

import { confirmAction } from "@/components/ConfirmHost";
import { DeleteItemButton } from "@/components/feed/DeleteItemButton";
import { ItemHeader } from "@/components/feed/ItemHeader";
import { PollFooter } from "@/components/feed/PollFooter";
import { PollOptionRow } from "@/components/feed/PollOptionRow";
import { isClosed } from "@/lib/feed/cache";
import { ballotChanges, refreshPoll, useClosePoll, useRetractVote, useVote } from "@/lib/feed/hooks";
import { usePollInViewRef } from "@/lib/feed/pollsInView";
import { useNow } from "@/lib/feed/time";
import type { Poll } from "@/lib/types";

/** Reload the poll when its closing time passes: the server announces it too, but this tab's stream may be down. */
const NEXT_KEYS: Record<string, number> = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };

/** Arrow keys (and Home/End) move focus between a poll's options; Space or Enter votes. */
function moveBetweenOptions(e: KeyboardEvent<HTMLDivElement>): void {
  const options = [...e.currentTarget.querySelectorAll<HTMLButtonElement>("button.poll-option:not(:disabled)")];
  const at = options.indexOf(document.activeElement as HTMLButtonElement);
  if (at === -1 || options.length === 0) return;
  let next: number;
  if (e.key === "Home") next = 0;
  else if (e.key === "End") next = options.length - 1;
  else if (e.key in NEXT_KEYS) next = (at + (NEXT_KEYS[e.key] ?? 0) + options.length) % options.length;
  else return;
  e.preventDefault();
  options[next]?.focus();
}

function useRefreshAtClose(poll: Poll, closed: boolean): void {
  const qc = useQueryClient();
  const { id, closes_at: closesAt } = poll;
  useEffect(() => {
    if (closed || !closesAt) return;
    const wait = Date.parse(closesAt) - Date.now() + 500;
    if (wait > 2 ** 31 - 1) return; // beyond setTimeout's range; the 30 s clock catches it
    const timer = setTimeout(() => void refreshPoll(qc, id).catch(() => undefined), Math.max(0, wait));
    return () => clearTimeout(timer);
  }, [qc, id, closesAt, closed]);
}

export function PollCard({ poll, isMine }: { poll: Poll; isMine: boolean }) {
  const now = useNow();
  const closed = isClosed(poll, now);
  const vote = useVote();
  const retract = useRetractVote();
  const close = useClosePoll();
  useRefreshAtClose(poll, closed);
  const inViewRef = usePollInViewRef(poll.id);

  const showResults = poll.options.every((o) => o.votes !== null);
  const totalVotes = poll.options.reduce((sum, o) => sum + (o.votes ?? 0), 0);
  const base = poll.multiple ? poll.voters : totalVotes;
  const percent = (votes: number | null) => (base > 0 && votes ? Math.min(100, Math.round((votes / base) * 100)) : 0);
  const voted = poll.my_vote.length > 0;

  const select = (optionId: string) => {
    if (closed) return;
    const next = poll.multiple
      ? poll.my_vote.includes(optionId)
        ? poll.my_vote.filter((id) => id !== optionId)
        : [...poll.my_vote, optionId]
      : [optionId];
    if (!ballotChanges(poll, next)) return;
    if (next.length === 0) retract.mutate(poll.id);
    else vote.mutate({ pollId: poll.id, optionIds: next });
  };

  const hiddenNote =
    showResults || closed
      ? null
      : poll.results_visibility === "after_close"
        ? "Results appear when the poll closes"
        : "Results appear after you vote";

  // A radio group is one Tab stop (the chosen option, else the first); arrow keys move between options.
  const chosenIndex = poll.options.findIndex((o) => poll.my_vote.includes(o.id));
  const tabStop = chosenIndex === -1 ? 0 : chosenIndex;

  return (
    <article
      ref={inViewRef}
      className="feed-card"
      data-testid={`feed-item-${poll.id}`}
      aria-label={`Poll by ${poll.author.display_name}`}
    >
      <ItemHeader
        author={poll.author}
        createdAt={poll.created_at}
        label={
          <>
            <span className="feed-tag">Poll</span>
            {closed ? <span className="feed-tag feed-tag-closed">Closed</span> : null}
          </>
        }
      >
        {isMine && !closed ? (
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            data-testid={`close-poll-${poll.id}`}
            disabled={close.isPending}
            onClick={async () => {
              const ok = await confirmAction({
                title: "Close this poll?",
                description: "Nobody will be able to vote any more. The results stay visible.",
                confirmLabel: "Close poll",
              });
              if (ok) close.mutate(poll.id);
            }}
          >
            Close poll
          </button>
        ) : null}
        {isMine ? <DeleteItemButton item={poll} /> : null}
      </ItemHeader>

      <div className="poll" data-testid={`poll-${poll.id}`}>
        <h3 className="poll-question">{poll.question}</h3>
        <div
          className="poll-options"
          role={poll.multiple ? "group" : "radiogroup"}
          aria-label={poll.question}
          onKeyDown={moveBetweenOptions}
        >
          {poll.options.map((o, i) => (
            <PollOptionRow
              key={o.id}
              option={o}
              multiple={poll.multiple}
              chosen={poll.my_vote.includes(o.id)}
              showResults={showResults}
              percent={percent(o.votes)}
              disabled={closed}
              tabIndex={poll.multiple || i === tabStop ? 0 : -1}
              onSelect={() => select(o.id)}
            />
          ))}
        </div>
        {hiddenNote ? <p className="poll-note">{hiddenNote}</p> : null}
        <div className="poll-footer-row">
          <PollFooter poll={poll} closed={closed} />
          {voted && !closed ? (
            <button
              type="button"
              className="poll-link"
              data-testid={`retract-vote-${poll.id}`}
              onClick={() => retract.mutate(poll.id)}
            >
              Retract vote
            </button>
          ) : null}
        </div>
      </div>
    </article>
  );
}
