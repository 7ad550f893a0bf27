// @ts-check
/**
 * TypeDoc plugin (loaded from typedoc.json): wherever a declaration's type is
 * one of the package's charts, the reference shows `typeof localInvitationMachine`
 * (a link to the chart's own page) instead of the chart's full StateMachine
 * generics, which run to hundreds of lines. TypeDoc resolves `typeof chart`
 * written in the source to the type itself, so this restores what the source says.
 * The charts' own pages keep the full type: that is where it is documented.
 */
import { Converter, DeclarationReflection, QueryType, ReferenceType } from 'typedoc';

/** The charts, by the name of the context interface that is the first StateMachine type argument. */
const CHART_BY_CONTEXT = new Map([
  ['LocalInvitationContext', 'localInvitationMachine'],
  ['RemoteInvitationContext', 'remoteInvitationMachine'],
]);

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    const project = context.project;
    /** @type {Map<string, DeclarationReflection>} */
    const charts = new Map();
    for (const reflection of Object.values(project.reflections)) {
      if (reflection instanceof DeclarationReflection && [...CHART_BY_CONTEXT.values()].includes(reflection.name)) {
        charts.set(reflection.name, reflection);
      }
    }
    for (const reflection of Object.values(project.reflections)) {
      if (!(reflection instanceof DeclarationReflection) || charts.get(reflection.name) === reflection) continue;
      const type = reflection.type;
      if (!(type instanceof ReferenceType) || type.name !== 'StateMachine') continue;
      const context = type.typeArguments?.[0];
      const chartName = context instanceof ReferenceType ? CHART_BY_CONTEXT.get(context.name) : undefined;
      const chart = chartName === undefined ? undefined : charts.get(chartName);
      if (chart === undefined) continue;
      const reference = ReferenceType.createResolvedReference(chart.name, chart, project);
      reference.preferValues = true;
      reflection.type = new QueryType(reference);
    }
  });
}
