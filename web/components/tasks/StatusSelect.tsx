"use client";

import { MarkedSelect, type MarkedSelectProps } from "@/components/tasks/MarkedSelect";
import { STATUS_LABELS } from "@/lib/tasks/format";
import { STATUSES } from "@/lib/tasks/params";

/** The task status, with a coloured dot. */
export function StatusSelect(props: MarkedSelectProps) {
  return (
    <MarkedSelect
      {...props}
      label="Status"
      options={STATUSES}
      optionLabels={STATUS_LABELS}
      selectClassName="tt-select-dotted"
      marker={<span className={`tt-status-dot tt-status-${props.value}`} aria-hidden="true" />}
    />
  );
}
