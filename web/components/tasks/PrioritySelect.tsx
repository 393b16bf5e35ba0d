"use client";

import { MarkedSelect, type MarkedSelectProps } from "@/components/tasks/MarkedSelect";
import { PRIORITY_GLYPHS, PRIORITY_LABELS } from "@/lib/tasks/format";
import { PRIORITIES } from "@/lib/tasks/params";

/** The task priority, with a bar glyph. */
export function PrioritySelect(props: MarkedSelectProps) {
  return (
    <MarkedSelect
      {...props}
      label="Priority"
      options={PRIORITIES}
      optionLabels={PRIORITY_LABELS}
      selectClassName="tt-select-glyph"
      marker={
        <span className={`tt-priority-glyph tt-priority-${props.value}`} aria-hidden="true">
          {PRIORITY_GLYPHS[props.value] ?? "—"}
        </span>
      }
    />
  );
}
