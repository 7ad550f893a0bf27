import type { AnyStateMachine } from 'xstate';
import { DEFAULT_TIMEOUTS } from '../../machines/constants.js';
import { localInvitationMachine, remoteInvitationMachine } from '../../machines/index.js';
import { describeChart, type ChartModel } from './chart-model.js';

/** A chart the docs describe, and the file names its generated artefacts use. */
export interface DocumentedChart {
  /** File-name stem: `docs/diagrams/<slug>.svg`. */
  readonly slug: string;
  /** Heading in docs/machines.md. */
  readonly title: string;
  /** The export that holds the chart. */
  readonly exportName: string;
  readonly machine: AnyStateMachine;
  /** The chart read back as data, with delays evaluated at {@link DEFAULT_TIMEOUTS}. */
  readonly model: ChartModel;
}

// The delays read `context.timeouts`; the docs show the defaults an app gets.
const defaultTimeoutsContext = { timeouts: DEFAULT_TIMEOUTS };

/** The two charts of the package, caller first. */
export function documentedCharts(): readonly DocumentedChart[] {
  return [
    {
      slug: 'local-invitation',
      title: 'Caller: localInvitationMachine',
      exportName: 'localInvitationMachine',
      machine: localInvitationMachine,
      model: describeChart(localInvitationMachine, defaultTimeoutsContext),
    },
    {
      slug: 'remote-invitation',
      title: 'Callee: remoteInvitationMachine',
      exportName: 'remoteInvitationMachine',
      machine: remoteInvitationMachine,
      model: describeChart(remoteInvitationMachine, defaultTimeoutsContext),
    },
  ];
}
